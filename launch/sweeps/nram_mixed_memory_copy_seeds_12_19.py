"""Copy seeds 12-19 on memories of mixed sizes (the mixed arm only), continuing
launch/sweeps/nram_mixed_memory_copy_seeds.py (seeds 4-11) to firm up how often a seed finds a
size-general fuzzy circuit; each that does gets the sharpening branch of
experiments/nram/sharpen.py (WORKSPACE_NOTES.md, "Discretized execution").

python -m launch.sweep --sweep=launch/sweeps/nram_mixed_memory_copy_seeds_12_19.py --launcher=local
"""

from launch.sweeps.nram_mixed_memory import members

NAME = "nram_mixed_memory_copy_seeds_12_19"


def get_sweep() -> list[dict]:
    return members("nram_copy", seeds=tuple(range(12, 20)), min_memory_sizes=(8,))
