"""The converging fraction of seeds for Copy, Reverse and Swap (Table 1's perfect group, MLP
controller, the CPU-sized protocol of experiments/nram/<task>.py): seeds 12-44, after seeds
0-11 (experiments/nram/reproduce.sh, nram_copy_seeds) converged in none. Kurach et al. report
~11% of seeds converging; at that rate 0 of 45 seeds would happen with probability ~0.5%.
Seed-major: a partial sweep covers every task equally. ~1-2 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_convergence_rate.py --launcher=local \
    --max_parallel=2
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_convergence_rate \
    --out=experiments/figures/nram_convergence_rate.png
"""

from launch import hyper

NAME = "nram_convergence_rate"
TASKS = ("copy", "reverse", "swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", tuple(range(12, 45))),
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
    )
