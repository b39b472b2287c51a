"""Kaiser & Sutskever trained on a fixed set of 10k random examples per length, not a stream.

Our ks2015 runs stream fresh examples (`data.train_set_size=0`). This sweep repeats the
random-data protocol under the reference trainer's rules (ks2015_reference_curriculum, whose
seeds 0 and 1 add 20-bit numbers and are at chance at 200 bits) with the paper's finite
training set (`data.train_set_size=10000`), same seeds, steps and tests, seed 0 first.

python -m launch.sweep --sweep=launch/sweeps/ks2015_fixed_data.py --launcher=local
"""

from launch.sweeps.ks2015_reference_curriculum import members

NAME = "ks2015_fixed_data"


def get_sweep() -> list[dict]:
    return members(range(2), {"data.train_set_size": 10000})
