"""Shared config defaults; experiment files under experiments/ start from these."""

from algolearn.configs.neural_gpu import neural_gpu_config

__all__ = ["neural_gpu_config"]
