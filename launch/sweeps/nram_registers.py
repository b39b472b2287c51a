"""Copy and Swap with 6 registers instead of 4 (the CPU-sized protocol of
experiments/nram/<task>.py otherwise), MLP controller, seeds 0-2.

Why: the MLP controller sees only which registers hold 0, so its "program counter" is the
registers' zero pattern. Swap in T=5 steps with 4 registers needs all four for p, q, A[p], A[q]
and one exact schedule of zero patterns; spare registers give the controller room to count.
~2-4 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_registers.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_registers \
    --out=experiments/figures/nram_registers.png
"""

from launch import hyper

NAME = "nram_registers"
TASKS = ("copy", "swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1, 2)),
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
        hyper.sweep("model.num_registers", (6,)),
    )
