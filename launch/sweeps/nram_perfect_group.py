"""Kurach et al.'s Table 1 "perfect group" with both controllers: 5 tasks x MLP/LSTM x 3 seeds,
each the CPU-sized protocol of experiments/nram/<task>.py (train to size 6 on 16 cells, test to
size 50 on 108 cells, fuzzy and discretized). ~2-3 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_perfect_group.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_perfect_group \
    --out=experiments/figures/nram_generalization.png
Select a part with --only (e.g. the LSTM members), see `python -m launch.sweep --help`.
"""

from launch import hyper

NAME = "nram_perfect_group"
TASKS = ("access", "increment", "copy", "reverse", "swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("config", [f"experiments/nram/{task}.py" for task in TASKS]),
        hyper.sweep("model.controller", ("lstm", "mlp")),
        hyper.sweep("seed", (0, 1, 2)),
    )
