"""The standard benchmark: every architecture on one task per family (and Price et al.'s hard
addition data), 3 seeds each; configs in algolearn/configs/benchmark.py.

python -m launch.sweep --sweep=launch/sweeps/benchmark.py --launcher=local
python -m algolearn.benchmark --runs=runs/sweeps/benchmark --out=experiments/results
"""

from algolearn.configs.benchmark import SEQUENCE_ARCHITECTURES, TRAIN_LENGTH
from launch import hyper

NAME = "benchmark"
CONFIG = "experiments/benchmark/standard.py"
SEEDS = (0, 1, 2)
# Sequence tasks of the three families; the NRAM also runs on the memory task.
TASKS = ("badd", "lte_addition", "nram_access")


def members(task: str) -> list[str]:
    """The architectures benchmarked on `task` (the NRAM reads only memory tasks)."""
    extra = ("nram",) if task.startswith("nram_") else ()
    return [*SEQUENCE_ARCHITECTURES, *extra]


def get_sweep() -> list[dict]:
    """One member per (task, architecture, seed); seeds vary fastest."""
    assert set(TASKS) <= set(TRAIN_LENGTH)
    configs = [f"{CONFIG}:{task},{arch}" for task in TASKS for arch in members(task)]
    hard = [f"{CONFIG}:badd_carry,neural_gpu"]  # Price et al.: training on long carry chains
    return hyper.product(hyper.sweep("config", configs + hard), hyper.sweep("seed", SEEDS))
