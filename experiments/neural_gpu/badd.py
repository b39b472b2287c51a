"""Default experiment (`make train`): Neural GPU on binary addition, trained on <= 20 bits,
evaluated at 20, 50, 100 and 200 bits and on the adversarial sets."""

from algolearn.configs import neural_gpu_config


def get_config():
    return neural_gpu_config("badd")
