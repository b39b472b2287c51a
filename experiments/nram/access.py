"""NRAM on access (Kurach et al. 2015, Table 1's perfect group): curriculum up to size 6 on a
16-cell memory, then error at size 6 (fuzzy, discretized) and at complexity 50."""

from algolearn.configs.nram_paper import nram_paper_config


def get_config():
    return nram_paper_config("nram_access")
