"""One member of the shared benchmark (launch/sweeps/benchmark.py runs them all).

Usage: --config=experiments/benchmark/standard.py:TASK,ARCHITECTURE[,TRAIN_LENGTH], e.g.
  python -m algolearn.train --config=experiments/benchmark/standard.py:badd,transformer_randomized
  --workdir=runs/bench/badd_transformer_randomized
(architectures and default train lengths: algolearn/configs/benchmark.py; a TRAIN_LENGTH other
than the task's default, e.g. badd,neural_gpu,21, trains and scores at that length instead).
"""

from algolearn.configs.benchmark import benchmark_config


def get_config(arg: str = "badd,transformer_randomized"):
    task, architecture, length, *extra = [*arg.split(","), "", ""]
    if any(extra):
        raise ValueError(f"expected TASK,ARCHITECTURE[,TRAIN_LENGTH], got {arg!r}")
    if length and not length.isdigit():
        raise ValueError(f"TRAIN_LENGTH must be a whole number, got {length!r} in {arg!r}")
    train_length = int(length) if length else None
    return benchmark_config(
        task, architecture or "transformer_randomized", train_length=train_length
    )
