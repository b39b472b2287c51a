"""Copy, Reverse and Swap at learning rate 1e-3 (the protocol's is 3e-3), 10,000 steps, MLP
controller, seeds 0-4; the CPU-sized protocol of experiments/nram/<task>.py otherwise.

Why: at lr 1e-3 Copy seed 0 was the first Copy curriculum to reach the final size 6 (nram_long);
no run at 3e-3 did over 12 seeds. Is that the learning rate or the seed? ~3-7 CPU minutes per
member. Seed-major: a partial sweep covers all three tasks.

python -m launch.sweep --sweep=launch/sweeps/nram_low_lr.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_low_lr \
    --out=experiments/figures/nram_low_lr.png
"""

from launch import hyper

NAME = "nram_low_lr"
TASKS = ("copy", "reverse", "swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1, 2, 3, 4)),
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
        hyper.fixed("train.learning_rate", 1e-3),
        hyper.fixed("train.num_steps", 10000),
    )
