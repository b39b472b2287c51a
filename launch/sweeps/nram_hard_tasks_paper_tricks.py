"""Kurach et al.'s Table 1 tasks beyond the perfect group (Permutation, ListK, ListSearch, Merge,
WalkBST) under experiments/nram/paper_tricks.py: the controller depth, activation clipping and
two timesteps per unit of size with which Copy and Swap first met the bar; the first runs of
these tasks (launch/sweeps/nram_hard_tasks.py) used the shallower first protocol and stayed at
size 2. Train to size 6, test to complexity 50, fuzzy and discretized.

python -m launch.sweep --sweep=launch/sweeps/nram_hard_tasks_paper_tricks.py --launcher=local \
    --only=seed=0
"""

from launch import hyper

NAME = "nram_hard_tasks_paper_tricks"
TASKS = ("permutation", "list_k", "list_search", "merge", "walk_bst")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1)),
        hyper.sweep("config", [f"experiments/nram/paper_tricks.py:nram_{task}" for task in TASKS]),
    )
