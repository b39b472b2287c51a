"""A baseline under Kaiser & Sutskever's (2015) protocol, for their Table 1 comparison: the
same curriculum to 20-bit operands and tests at 20, 200 (and 2000) bits as ks2015_badd.py.

Usage: --config=experiments/neural_gpu/ks2015_baseline.py:TASK,ARCHITECTURE, e.g.
  python -m algolearn.train --config=experiments/neural_gpu/ks2015_baseline.py:badd,lstm_attention
  --workdir=runs/ks2015/badd_lstm_attention
(architectures: algolearn/configs/benchmark.py; protocol: ks2015_baseline_config).
"""

from algolearn.configs.benchmark import ks2015_baseline_config


def get_config(arg: str = "badd,lstm_attention"):
    task, _, architecture = arg.partition(",")
    return ks2015_baseline_config(task, architecture or "lstm_attention")
