"""Reverse and Copy under experiments/nram/paper_tricks.py at the paper's training size 15
(M = 32, T = 34) instead of 6, seeds 0-11, seed-major. At size 6 on 16 cells, Reverse seed
2 fit size 6 exactly with a circuit that writes A[j] to M - 4 - j (the memory wraps around at
M = 2n + 4) and failed at every other size; Copy seed 4 generalized discretized but not fuzzy.
~7 CPU minutes per member beside another job.

python -m launch.sweep --sweep=launch/sweeps/nram_paper_size15.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_paper_size15 \
    --out=experiments/figures/nram_paper_size15.png
"""

from launch import hyper

NAME = "nram_paper_size15"
TASKS = ("nram_reverse", "nram_copy")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", tuple(range(12))),
        hyper.sweep("config", [f"experiments/nram/paper_tricks.py:{t},15" for t in TASKS]),
    )
