"""Models, pure Flax Linen modules, chosen by name: `build(config.model, task)`."""

from algolearn.models.lstm_attention import LSTMAttention
from algolearn.models.lstm_execute import LSTMExecute
from algolearn.models.neural_gpu import NeuralGPU
from algolearn.models.nram import NRAM
from algolearn.models.registry import build, layout, names, task_view
from algolearn.models.transformer import Transformer

__all__ = [
    "NRAM",
    "LSTMAttention",
    "LSTMExecute",
    "NeuralGPU",
    "Transformer",
    "build",
    "layout",
    "names",
    "task_view",
]
