"""Copy, Reverse and Swap under experiments/nram/paper_tricks.py (the paper's controller depth,
activation gradient clipping, layouts and timestep slack), seeds 0-11: does the converging
fraction rise above the first protocol's 0 of 45? Seed-major. ~1-2 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_paper_tricks.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_paper_tricks \
    --out=experiments/figures/nram_paper_tricks.png
"""

from launch import hyper

NAME = "nram_paper_tricks"
TASKS = ("nram_copy", "nram_reverse", "nram_swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", tuple(range(12))),
        hyper.sweep("config", [f"experiments/nram/paper_tricks.py:{t}" for t in TASKS]),
    )
