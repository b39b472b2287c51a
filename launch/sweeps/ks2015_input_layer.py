"""The early 2015 reference code's input layer under Kaiser & Sutskever's badd protocol.

An early copy of the 2015 `neural_gpu.py` feeds column 0 with tanh(embedding) through a 1x1
convolution (`model.input_layer=tanh_conv1x1`), where REFERENCE.md (and our default) writes the
embedding itself. Random-data seeds under the reference trainer's rules
(ks2015_reference_curriculum) add 20-bit numbers and are at chance at 200 bits; does the input
layer change that? Same seeds, steps and tests as that sweep, seed 0 first.

python -m launch.sweep --sweep=launch/sweeps/ks2015_input_layer.py --launcher=local
"""

from launch.sweeps.ks2015_reference_curriculum import members

NAME = "ks2015_input_layer"


def get_sweep() -> list[dict]:
    return members(range(2), {"model.input_layer": "tanh_conv1x1"})
