"""Shared config defaults; experiment files under experiments/ start from these."""

from algolearn.configs.neural_gpu import ks2015_config, neural_gpu_config

__all__ = ["ks2015_config", "neural_gpu_config"]
