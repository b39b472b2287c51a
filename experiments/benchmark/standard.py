"""One member of the shared benchmark (launch/sweeps/benchmark.py runs them all).

Usage: --config=experiments/benchmark/standard.py:TASK,ARCHITECTURE, e.g.
  python -m algolearn.train --config=experiments/benchmark/standard.py:badd,transformer_randomized
  --workdir=runs/bench/badd_transformer_randomized
(architectures and train lengths: algolearn/configs/benchmark.py).
"""

from algolearn.configs.benchmark import benchmark_config


def get_config(arg: str = "badd,transformer_randomized"):
    task, _, architecture = arg.partition(",")
    return benchmark_config(task, architecture or "transformer_randomized")
