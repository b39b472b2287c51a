"""The early 2015 reference code's input layer under Kaiser & Sutskever's badd protocol.

An early copy of the 2015 `neural_gpu.py` feeds column 0 with tanh(embedding) through a 1x1
convolution (`model.input_layer=tanh_conv1x1`), where REFERENCE.md (and our default) writes the
embedding itself. Random-data seeds under the reference trainer's rules
(ks2015_reference_curriculum) add 20-bit numbers and are at chance at 200 bits; does the input
layer change that? Same seeds, steps and tests as that sweep, seed 0 first.

python -m launch.sweep --sweep=launch/sweeps/ks2015_input_layer.py --launcher=local
"""

from launch import hyper

NAME = "ks2015_input_layer"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", range(2)),
        hyper.fixed("config", "experiments/neural_gpu/ks2015_badd.py"),
        hyper.fixed("model.input_layer", "tanh_conv1x1"),
        hyper.fixed("train.num_steps", 14600),
        hyper.fixed("eval.lengths", (41, 401)),
    )
