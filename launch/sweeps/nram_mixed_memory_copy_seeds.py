"""More Copy seeds on memories of mixed sizes (the mixed arm of
launch/sweeps/nram_mixed_memory_copy.py only: seeds 4-11), to count how often a seed becomes
exact in the fuzzy machine; such a seed then gets the sharpening branch (an entropy penalty,
WORKSPACE_NOTES.md, "Discretized execution") that made Copy seed 2 exact discretized too.

python -m launch.sweep --sweep=launch/sweeps/nram_mixed_memory_copy_seeds.py --launcher=local
"""

from launch.sweeps.nram_mixed_memory import members

NAME = "nram_mixed_memory_copy_seeds"


def get_sweep() -> list[dict]:
    return members("nram_copy", seeds=tuple(range(4, 12)), min_memory_sizes=(8,))
