"""Copy and Reverse with a random destination (experiments/nram/random_destination.py), MLP
controller, seeds 0-4; compare with the same seeds at p = n + 2 (runs/nram, nram_copy_seeds).
~2-4 CPU minutes per member. Seed-major: a partial sweep covers both tasks.

python -m launch.sweep --sweep=launch/sweeps/nram_random_destination.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_random_destination \
    --out=experiments/figures/nram_random_destination.png
"""

from launch import hyper

NAME = "nram_random_destination"
TASKS = ("nram_copy", "nram_reverse")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1, 2, 3, 4)),
        hyper.sweep("config", [f"experiments/nram/random_destination.py:{t}" for t in TASKS]),
    )
