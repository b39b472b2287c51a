"""Copy, Reverse and Swap with twice the timesteps (experiments/nram/slack.py), MLP controller,
seeds 0-2; compare with the same seeds at the protocol's T (nram_perfect_group / reproduce.sh).
~2-4 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_slack.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_slack \
    --out=experiments/figures/nram_slack.png
"""

from launch import hyper

NAME = "nram_slack"
TASKS = ("nram_copy", "nram_reverse", "nram_swap")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("config", [f"experiments/nram/slack.py:{task}" for task in TASKS]),
        hyper.sweep("seed", (0, 1, 2)),
    )
