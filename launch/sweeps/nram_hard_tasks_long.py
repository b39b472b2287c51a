"""Three of Kurach et al.'s harder tasks (Permutation, ListK, ListSearch) with the recipe that
made Copy and Reverse generalize: paper_tricks on memories of mixed sizes (M = 20, k in
[max(8, cells needed), 20]), run 12,000 steps instead of 3,000.

Every earlier run of the five harder tasks (nram_hard_tasks, nram_hard_tasks_paper_tricks: 3,000
steps) stayed at curriculum size 2 without fitting it. Merge and WalkBST need 28-29 cells at
size 6 and 204-205 at complexity 50, more than this recipe's memories, so they are left out.
Seed-major: seed 0 of each task first.

python -m launch.sweep --sweep=launch/sweeps/nram_hard_tasks_long.py --launcher=local
"""

from launch import hyper
from launch.sweeps.nram_mixed_memory import members

NAME = "nram_hard_tasks_long"
TASKS = ("permutation", "list_k", "list_search")


def get_sweep() -> list[dict]:
    return [
        member
        for seed in (0, 1)
        for task in TASKS
        for member in hyper.product(
            members(f"nram_{task}", seeds=(seed,), min_memory_sizes=(8,)),
            hyper.fixed("train.num_steps", 12000),
        )
    ]
