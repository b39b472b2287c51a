"""Swap with the paper's module list, run 4x longer, with 4 or 6 registers, on mixed memories.

Every Swap seed with the paper's modules so far (paper_tricks, 3,000 steps: 0 of 12 at one
memory size, 0 of 8 on mixed memories, 0 of 8 starting at sizes 4-6) settled by step ~1,000 in
a shortcut that uses p alone (WORKSPACE_NOTES.md, "Why Swap stays at size 2"). Untried: a
longer run (Reverse needed 8,000 steps before sharpening), and more registers than the four
the hand-written 5-step circuit needs exactly. 12,000 steps each, seeds 0-3.

python -m launch.sweep --sweep=launch/sweeps/nram_swap_long.py --launcher=local
"""

from launch import hyper
from launch.sweeps.nram_mixed_memory import members

NAME = "nram_swap_long"


def get_sweep() -> list[dict]:
    return hyper.product(
        members("nram_swap", seeds=tuple(range(4)), min_memory_sizes=(8,)),
        hyper.sweep("model.num_registers", (4, 6)),
        hyper.fixed("train.num_steps", 12000),
    )
