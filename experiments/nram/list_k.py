"""NRAM on list k (Kurach et al. 2015, Table 1's harder tasks): curriculum up to size 6 on
the smallest memory that holds size 6 (at least 16 cells), then error at size 6 (fuzzy,
discretized) and at complexity 50 on a memory that holds size 50."""

from algolearn.configs.nram_paper import nram_paper_config


def get_config():
    return nram_paper_config("nram_list_k")
