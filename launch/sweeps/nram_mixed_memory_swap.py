"""Swap with the paper's module list on memories of mixed sizes (the recipe that brought Copy
and Reverse to Table 1's bar: launch/sweeps/nram_mixed_memory*.py, then
experiments/nram/sharpen.py), seeds 0-7, the mixed arm only. Under paper_tricks at one memory
size every Swap seed with the paper's modules settled in a shortcut that uses p alone
(WORKSPACE_NOTES.md, "Why Swap stays at size 2").

python -m launch.sweep --sweep=launch/sweeps/nram_mixed_memory_swap.py --launcher=local
"""

from launch.sweeps.nram_mixed_memory import members

NAME = "nram_mixed_memory_swap"


def get_sweep() -> list[dict]:
    return members("nram_swap", seeds=tuple(range(8)), min_memory_sizes=(8,))
