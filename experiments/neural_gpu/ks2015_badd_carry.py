"""Price et al. (2016)'s training on hard examples under the Kaiser & Sutskever protocol: binary
addition with one long carry chain planted in every training example (badd_carry), <= 20-bit
operands; scored per carry-chain length (variant `carry`) and on random operands at 20 and 200
bits (variant `random`), to compare with ks2015_badd.py (random training data)."""

from algolearn.configs import ks2015_config


def get_config():
    return ks2015_config("badd_carry")
