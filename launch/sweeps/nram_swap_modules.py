"""Swap with READ and WRITE repeated in the module list (`model.machine_modules`).

Under experiments/nram/paper_tricks.py every Swap seed so far (0 of 12 MLP, 0 of 4 LSTM, and
every variant tried) stops at size 2 in a shortcut that writes A[p] over A[q] without saving
A[q] first. With the paper's modules (each once) Swap needs five different circuits in five
steps, chosen only by which registers hold 0; with two READs (the second takes the first's
output as its address) and two WRITEs, two circuits do it
(tests/models/test_nram_machine.py). Does the shorter program make Swap learnable? Same
protocol as paper_tricks (size 6, M = 16, T = 10, 3,000 steps), seeds 0-15 (0-7 first, then
8-15 to measure the fraction). Not the paper's module list: a test of why Swap fails, not a
reproduction.

python -m launch.sweep --sweep=launch/sweeps/nram_swap_modules.py --launcher=local
"""

from algolearn.models.nram_machine import MODULES
from launch import hyper

NAME = "nram_swap_modules"
TWO_READS_TWO_WRITES = ("read", "read", *MODULES[1:-1], "write", "write")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", tuple(range(16))),
        hyper.fixed("config", "experiments/nram/paper_tricks.py:nram_swap"),
        hyper.fixed("model.machine_modules", TWO_READS_TWO_WRITES),
    )
