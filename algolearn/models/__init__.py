"""Models, pure Flax Linen modules, chosen by name: `build(config.model, task)`."""

from algolearn.models.neural_gpu import NeuralGPU
from algolearn.models.registry import build, names

__all__ = ["NeuralGPU", "build", "names"]
