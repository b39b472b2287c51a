"""NRAM on increment trained to size 12 instead of 6 (curriculum to 12, T = 14 steps, 16-cell
memory), tested to complexity 50 like experiments/nram/increment.py. The size-6 runs stop their
fuzzy execution after ~6 cells; longer training arrays penalize a stop that counts steps."""

from algolearn.configs.nram_paper import nram_paper_config


def get_config():
    return nram_paper_config("nram_increment", train_size=12)
