"""Increment trained to size 12 (experiments/nram/increment_size12.py), MLP controller, seeds
0-2 with the protocol's entropy bonus (0.01) and without it, then seeds 3-9 with the bonus, then
the LSTM controller (bonus 0.01, seeds 0-2). ~1-6 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_increment_size12.py --launcher=local
python experiments/figures/nram_generalization.py --runs=runs/sweeps/nram_increment_size12 \
    --out=experiments/figures/nram_increment_size12.png
"""

from launch import hyper

NAME = "nram_increment_size12"


def get_sweep() -> list[dict]:
    config = hyper.sweep("config", ["experiments/nram/increment_size12.py"])
    return hyper.chain(
        hyper.product(
            config,
            hyper.sweep("regularizers.entropy_bonus.init", (0.0, 0.01)),
            hyper.sweep("seed", (0, 1, 2)),
        ),
        # More seeds of the protocol's bonus, the setting where a seed converged.
        hyper.product(
            config,
            hyper.fixed("regularizers.entropy_bonus.init", 0.01),
            hyper.sweep("seed", range(3, 10)),
        ),
        # The LSTM controller in the same setting.
        hyper.product(
            config,
            hyper.fixed("regularizers.entropy_bonus.init", 0.01),
            hyper.fixed("model.controller", "lstm"),
            hyper.sweep("seed", (0, 1, 2)),
        ),
    )
