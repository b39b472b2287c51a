"""Neural GPU on binary addition (experiments/neural_gpu/badd.py): 4 seeds x 24/48 filters.

python -m launch.sweep --sweep=launch/sweeps/neural_gpu_seeds.py --launcher=local --max_parallel=2
"""

from launch import hyper

NAME = "neural_gpu_seeds"
BASE_CONFIG = "experiments/neural_gpu/badd.py"


def get_sweep() -> list[dict]:
    """Filters vary fastest: the first two members compare 24 and 48 filters at seed 0."""
    return hyper.product(hyper.sweep("seed", range(4)), hyper.sweep("model.filters", (24, 48)))
