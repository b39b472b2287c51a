"""Kaiser & Sutskever's binary addition protocol as the reference trainer runs it (the ks2015
configs' defaults since 2026-11-28): sequence errors that skip the answer's padding, a
curriculum that decides on the training batches since its last check (`curriculum.signal=train`),
a learning-rate plateau rule that forgets the earlier losses at each advance, and a rate decay
at each averaging of the relaxed copies with error below 0.05. Random training data, 14,600
steps, tested at 20 and 200 bits, seeds 0-5, one at a time.

python -m launch.sweep --sweep=launch/sweeps/ks2015_reference_curriculum.py --launcher=local
"""

from launch import hyper

NAME = "ks2015_reference_curriculum"


def members(seeds, changes: dict | None = None) -> list[dict]:
    """This protocol for `seeds`, with `changes` (config key -> value) on top: the base of the
    sweeps that each change one thing of it (ks2015_fixed_data, _grad_noise, _input_layer)."""
    return hyper.product(
        hyper.sweep("seed", seeds),
        hyper.fixed("config", "experiments/neural_gpu/ks2015_badd.py"),
        *(hyper.fixed(key, value) for key, value in (changes or {}).items()),
        hyper.fixed("train.num_steps", 14600),
        hyper.fixed("eval.lengths", (41, 401)),
    )


def get_sweep() -> list[dict]:
    return members(range(6))
