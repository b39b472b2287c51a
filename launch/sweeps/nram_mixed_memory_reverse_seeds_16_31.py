"""Reverse seeds 16-31 on memories of mixed sizes (the mixed arm only), continuing
launch/sweeps/nram_mixed_memory_reverse_seeds.py (seeds 8-15): how often a seed finds a
size-general fuzzy circuit, which the sharpening branch of experiments/nram/sharpen.py then
makes exact discretized too (Reverse seeds 4 and 20: WORKSPACE_NOTES.md, "Reverse meets
Table 1's bar").

python -m launch.sweep --launcher=local \
    --sweep=launch/sweeps/nram_mixed_memory_reverse_seeds_16_31.py
"""

from launch.sweeps.nram_mixed_memory import members

NAME = "nram_mixed_memory_reverse_seeds_16_31"


def get_sweep() -> list[dict]:
    return members("nram_reverse", seeds=tuple(range(16, 32)), min_memory_sizes=(8,))
