"""Task generators, streamed: `get(name).sample(rng, batch_size, length)`."""

from algolearn.tasks.base import PAD, Batch, LengthError, Task
from algolearn.tasks.registry import get, names

__all__ = ["PAD", "Batch", "LengthError", "Task", "get", "names"]
