"""Does the entropy bonus keep the NRAM's circuit fuzzy? The perfect group's four unsolved tasks
(Increment, Copy, Reverse, Swap), MLP controller, seeds 0-2, with the bonus off (0) and at a
tenth of the protocol's (0.001; the protocol's 0.01 is the nram_perfect_group sweep). Otherwise
the CPU-sized protocol of experiments/nram/<task>.py. ~1-3 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_entropy.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_entropy \
    --out=experiments/figures/nram_entropy.png
"""

from launch import hyper

NAME = "nram_entropy"
TASKS = ("increment", "copy", "reverse", "swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
        hyper.sweep("regularizers.entropy_bonus.init", (0.0, 0.001)),
        hyper.sweep("seed", (0, 1, 2)),
    )
