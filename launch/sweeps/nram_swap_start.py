"""Swap (experiments/nram/paper_tricks.py:nram_swap) with the curriculum starting above size 2.
At size 2 every earlier Swap seed (0 of 12 paper_tricks, 0 of 4 LSTM, 0 of 4 weaker entropy)
settles in one of two shortcuts that use p alone (WORKSPACE_NOTES.md): write A[p] over A[q]
(one of two cells right) or address p + 1 (right whenever p < q). From a larger size, where
p and q are random among more cells, neither shortcut pays. Seeds 0-3, start 4 and 6.
~2 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_swap_start.py --launcher=local
"""

from launch import hyper

NAME = "nram_swap_start"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1, 2, 3)),
        hyper.sweep("curriculum.start_length", (4, 6)),
        hyper.fixed("config", "experiments/nram/paper_tricks.py:nram_swap"),
    )
