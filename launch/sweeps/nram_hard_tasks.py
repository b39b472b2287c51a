"""Kurach et al.'s Table 1 tasks beyond the perfect group: Permutation, ListK, ListSearch, Merge,
WalkBST, MLP controller, 3 seeds, each the CPU-sized protocol of experiments/nram/<task>.py
(train to size 6, test to size 50, fuzzy and discretized).

python -m launch.sweep --sweep=launch/sweeps/nram_hard_tasks.py --launcher=local --only=seed=0
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_hard_tasks \
    --out=experiments/figures/nram_hard_tasks.png
"""

from launch import hyper

NAME = "nram_hard_tasks"
TASKS = ("permutation", "list_k", "list_search", "merge", "walk_bst")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
        hyper.sweep("seed", (0, 1, 2)),
    )
