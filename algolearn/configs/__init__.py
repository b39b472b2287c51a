"""Shared config defaults; experiment files under experiments/ start from these."""

from algolearn.configs.benchmark import benchmark_config
from algolearn.configs.lstm_execute import lte_config
from algolearn.configs.neural_gpu import ks2015_config, neural_gpu_config
from algolearn.configs.nram import nram_config

__all__ = ["benchmark_config", "ks2015_config", "lte_config", "neural_gpu_config", "nram_config"]
