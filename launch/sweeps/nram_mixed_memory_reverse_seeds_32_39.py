"""Reverse seeds 32-39 on memories of mixed sizes (the mixed arm only), continuing
launch/sweeps/nram_mixed_memory_reverse_seeds_16_31.py: each seed exact in the fuzzy machine
at the training sizes is branched to 8,000 steps and sharpened (WORKSPACE_NOTES.md, "Reverse
meets Table 1's bar").

python -m launch.sweep --launcher=local \
    --sweep=launch/sweeps/nram_mixed_memory_reverse_seeds_32_39.py
"""

from launch.sweeps.nram_mixed_memory import members

NAME = "nram_mixed_memory_reverse_seeds_32_39"


def get_sweep() -> list[dict]:
    return members("nram_reverse", seeds=tuple(range(32, 40)), min_memory_sizes=(8,))
