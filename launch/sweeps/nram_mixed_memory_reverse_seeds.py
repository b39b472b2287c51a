"""More Reverse seeds on memories of mixed sizes (the mixed arm of
launch/sweeps/nram_mixed_memory.py only: seeds 8-15), to count how often a seed becomes exact
in the fuzzy machine; such a seed then gets the sharpening branch
(experiments/nram/sharpen.py:nram_reverse).

python -m launch.sweep --sweep=launch/sweeps/nram_mixed_memory_reverse_seeds.py --launcher=local
"""

from launch.sweeps.nram_mixed_memory import members

NAME = "nram_mixed_memory_reverse_seeds"


def get_sweep() -> list[dict]:
    return members("nram_reverse", seeds=tuple(range(8, 16)), min_memory_sizes=(8,))
