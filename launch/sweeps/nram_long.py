"""Copy and Swap trained 5x longer (15,000 steps instead of 3,000) at two learning rates,
seeds 0-1, MLP controller, the CPU-sized protocol of experiments/nram/<task>.py otherwise.

Why: 12 seeds of 3,000 steps each stalled at curriculum sizes 2-5 (Copy) and 2 (Swap), with
or without the entropy bonus, twice the timesteps or six registers. Is the budget the
problem? ~10-25 CPU minutes per member. Task-major: Copy's four members come first.

python -m launch.sweep --sweep=launch/sweeps/nram_long.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_long \
    --out=experiments/figures/nram_long.png
"""

from launch import hyper

NAME = "nram_long"
TASKS = ("copy", "swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
        hyper.sweep("train.learning_rate", (3e-3, 1e-3)),
        hyper.sweep("seed", (0, 1)),
        hyper.fixed("train.num_steps", 15000),
    )
