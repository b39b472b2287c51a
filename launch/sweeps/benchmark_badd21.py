"""The benchmark's binary addition row at train length 21 (10-bit operands) instead of 10.

At length 10 (4-bit operands) every architecture that fits badd fails at 2x, the Neural GPU
included (WORKSPACE_NOTES.md, "The benchmark at 10,000 steps"); Kaiser & Sutskever's models
generalize after training to 20-bit operands. This row asks whether 10-bit operands suffice
under the benchmark's protocol (lengths uniform in [3, 21], no curriculum, 10,000 steps),
scored at 21, 42 and 210; the table gives it its own rows (train length 21).

python -m launch.sweep --sweep=launch/sweeps/benchmark_badd21.py --launcher=local --max_parallel=2
python -m algolearn.benchmark --runs=runs/sweeps/benchmark_badd21 --out=DIR
"""

from algolearn.configs.benchmark import SEQUENCE_ARCHITECTURES
from launch import hyper

NAME = "benchmark_badd21"
CONFIG = "experiments/benchmark/standard.py"
TRAIN_LENGTH = 21
SEEDS = (0, 1, 2)


def get_sweep() -> list[dict]:
    """One member per (architecture, seed); seeds vary fastest, the Neural GPU first."""
    configs = [f"{CONFIG}:badd,{arch},{TRAIN_LENGTH}" for arch in SEQUENCE_ARCHITECTURES]
    return hyper.product(hyper.sweep("config", configs), hyper.sweep("seed", SEEDS))
