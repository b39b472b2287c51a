"""Kaiser & Sutskever (2015), binary addition: train on <= 20-bit operands,
test at 20, 200 and 2000 bits (see algolearn.configs.ks2015_config: protocol, costs)."""

from algolearn.configs import ks2015_config


def get_config():
    return ks2015_config("badd")
