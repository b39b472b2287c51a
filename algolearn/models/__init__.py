"""Models, pure Flax Linen modules, chosen by name: `build(config.model, task)`."""

from algolearn.models.lstm_execute import LSTMExecute
from algolearn.models.neural_gpu import NeuralGPU
from algolearn.models.nram import NRAM
from algolearn.models.registry import build, names

__all__ = ["NRAM", "LSTMExecute", "NeuralGPU", "build", "names"]
