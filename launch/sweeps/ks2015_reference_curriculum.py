"""Kaiser & Sutskever's binary addition protocol as the reference trainer runs it: sequence
errors that skip the answer's padding, and a curriculum that decides on the training batches
since its last check (`curriculum.signal=train`, the ks2015 configs' default since 2026-11-28).
Random training data, 14,600 steps, tested at 20 and 200 bits, seeds 0-5, one at a time.

python -m launch.sweep --sweep=launch/sweeps/ks2015_reference_curriculum.py --launcher=local
"""

from launch import hyper

NAME = "ks2015_reference_curriculum"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", range(6)),
        hyper.fixed("config", "experiments/neural_gpu/ks2015_badd.py"),
        hyper.fixed("train.num_steps", 14600),
        hyper.fixed("eval.lengths", (41, 401)),
    )
