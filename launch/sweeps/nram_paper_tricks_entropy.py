"""experiments/nram/paper_tricks.py with a weaker entropy bonus (0.001) and none (0), seeds
0-3 of Copy, Reverse and Swap. At 0.01 the bonus, summed over every softmax of every timestep
(~900 nats at uniform choices with T = 10-16), outweighs the memory loss of Swap's two scored
cells for most of the run (training loss negative until step ~2,500): is that what keeps Swap
at size 2? Seed-major. ~1-2 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_paper_tricks_entropy.py --launcher=local
"""

from launch import hyper

NAME = "nram_paper_tricks_entropy"
TASKS = ("nram_copy", "nram_reverse", "nram_swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1, 2, 3)),
        hyper.sweep("regularizers.entropy_bonus.init", (0.001, 0.0)),
        hyper.sweep("config", [f"experiments/nram/paper_tricks.py:{t}" for t in TASKS]),
    )
