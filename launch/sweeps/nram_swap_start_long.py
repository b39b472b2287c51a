"""Swap with the paper's module list, starting at the top training size, run 4x longer.

At training size 2 every Swap example swaps cells 2 and 3, so a circuit with constant
addresses fits it, and the runs of `nram_swap_long` (12,000 steps, 4 or 6 registers) settled
there: save A[p], write cell 3 into p, write the saved value into cell 3 (right when q = 3).
Starting at size 6 (`nram_swap_start`, 3,000 steps) two of four seeds found a size-general
half: A[p] written over A[q] (it reads q). Here: that start on mixed memories, 6 registers
(room for q and both saved values), 12,000 steps, seeds 0-3.

python -m launch.sweep --sweep=launch/sweeps/nram_swap_start_long.py --launcher=local
"""

from launch import hyper
from launch.sweeps.nram_mixed_memory import members

NAME = "nram_swap_start_long"


def get_sweep() -> list[dict]:
    return hyper.product(
        members("nram_swap", seeds=tuple(range(4)), min_memory_sizes=(8,)),
        hyper.fixed("curriculum.start_length", 6),
        hyper.fixed("model.num_registers", 6),
        hyper.fixed("train.num_steps", 12000),
    )
