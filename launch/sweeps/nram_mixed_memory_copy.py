"""Copy on memories of mixed sizes: launch/sweeps/nram_mixed_memory.py's protocol (M = 20,
`task.min_memory_size` 8 against 0, seed-major) for Copy, whose seed 2 under paper_tricks was
exact at size 6 and 10-50 but wrong at sizes 2-5 through the wrap-around of its 16 cells.

python -m launch.sweep --sweep=launch/sweeps/nram_mixed_memory_copy.py --launcher=local
"""

from launch.sweeps.nram_mixed_memory import members

NAME = "nram_mixed_memory_copy"


def get_sweep() -> list[dict]:
    return members("nram_copy", seeds=tuple(range(4)))
