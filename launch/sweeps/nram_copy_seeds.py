"""More seeds for Copy, Reverse and Swap (Table 1's perfect group, MLP controller, the CPU-sized
protocol of experiments/nram/<task>.py): seeds 5-14, after seeds 0-4 converged in none.
Kurach et al. report that ~11% of seeds converge, so 5 seeds per task often show none.
Seed-major order: a partial sweep covers every task equally. ~1-3 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_copy_seeds.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_copy_seeds \
    --out=experiments/figures/nram_copy_seeds.png
"""

from launch import hyper

NAME = "nram_copy_seeds"
TASKS = ("copy", "reverse", "swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", tuple(range(5, 15))),
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
    )
