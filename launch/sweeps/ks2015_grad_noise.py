"""Does gradient noise help the Neural GPU? Kaiser & Sutskever's badd protocol under the
reference trainer's rules (ks2015_reference_curriculum: seeds 0 and 1 reach length 40-41 and
are at chance at 200 bits), with the paper's gradient noise switched on: N(0, sigma^2) added
to every clipped gradient coordinate before Adam, sigma = 0.01 * sqrt(t^-0.55 * seq_error)
(`train.grad_noise`; the released trainers' noise never reached the update). At 0.01 the
noise's norm over the 188,125 parameters of the 24-filter model is about the gradient's (~0.5)
around step 2,000 at error 0.4, and fades with step and error. Same steps and tests as the
noise-free sweep, seed 0 first.

python -m launch.sweep --sweep=launch/sweeps/ks2015_grad_noise.py --launcher=local
"""

from launch.sweeps.ks2015_reference_curriculum import members

NAME = "ks2015_grad_noise"


def get_sweep() -> list[dict]:
    return members(range(2), {"train.grad_noise.scale": 0.01})
