"""Copy and Reverse with READ and WRITE repeated in the module list, as nram_swap_modules does
for Swap (where seed 4 met Table 1's bar and no seed with the paper's modules had).

Same protocol as experiments/nram/paper_tricks.py (size 6, M = 16, 3,000 steps), seeds 0-7,
with `model.machine_modules` = two READs, the paper's other modules, two WRITEs. Not the
paper's module list: with it, Copy met the bar in 1 of 12 seeds (after a branch to size 15)
and Reverse in 0 of 12.

python -m launch.sweep --sweep=launch/sweeps/nram_two_reads_writes.py --launcher=local
"""

from launch import hyper
from launch.sweeps.nram_swap_modules import TWO_READS_TWO_WRITES

NAME = "nram_two_reads_writes"
TASKS = ("nram_reverse", "nram_copy")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", tuple(range(8))),
        hyper.sweep("config", [f"experiments/nram/paper_tricks.py:{t}" for t in TASKS]),
        hyper.fixed("model.machine_modules", TWO_READS_TWO_WRITES),
    )
