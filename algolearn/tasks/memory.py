"""The NRAM memory view of a task: initial memory in, target memory out, scored cells masked.

A sample is M integers in [0, M) (0 is NULL): `inputs` is the initial memory, `targets` the
memory after a correct run, `mask` the cells that are scored. The difficulty `length` is the
size of the task's array, list or tree; a layout that does not fit in `memory_size` cells is a
LengthError that names both numbers.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence

import numpy as np

from algolearn.tasks.base import Batch, LengthError, Task

Example = tuple[list[int], list[int], list[int]]  # (memory, target memory, scored cell indices)


class MemoryTask(Task):
    """Base of the NRAM tasks (Kurach et al. 2015, Appendix)."""

    min_length = 1
    per_example_difficulty = True  # the NRAM curriculum draws each example's size
    memory_view = True
    pad_is_answer = True  # 0 is NULL, a value a scored cell may have to hold

    def __init__(self, memory_size: int = 16, vocab_size: int | None = None) -> None:
        """`vocab_size` (default memory_size): the token vocabulary a sequence model reads the
        memory with; fixing it lets one model be evaluated on larger memories (the NRAM itself
        always works modulo memory_size)."""
        if memory_size < 4:
            raise ValueError(f"memory_size must be >= 4, got {memory_size}")
        self.memory_size = int(memory_size)
        vocab = self.memory_size if vocab_size is None else int(vocab_size)
        if vocab < self.memory_size:
            raise ValueError(f"vocab_size {vocab} must be >= memory_size {self.memory_size}")
        self.input_vocab_size = self.output_vocab_size = vocab

    @abc.abstractmethod
    def cells_needed(self, length: int) -> int:
        """Memory cells the layout of size `length` occupies."""

    @abc.abstractmethod
    def example(self, rng: np.random.Generator, length: int) -> Example:
        """One (memory, target, scored cells) of size `length`; memory has memory_size cells."""

    def check_length(self, length: int) -> None:
        super().check_length(length)
        if self.cells_needed(int(length)) > self.memory_size:
            raise LengthError(
                f"task {self.name!r} of size {length} needs {self.cells_needed(int(length))} "
                f"memory cells, but memory_size is {self.memory_size}"
            )

    def max_sequence_length(self, length: int, **params: int) -> int:
        return self.memory_size

    def values(self, rng: np.random.Generator, size: int) -> list[int]:
        """`size` random non-NULL values."""
        return rng.integers(1, self.memory_size, size=size).tolist()

    def empty(self) -> list[int]:
        return [0] * self.memory_size

    def _sample(self, rng: np.random.Generator, batch_size: int, length) -> Batch:
        sizes = np.broadcast_to(np.asarray(length, np.int64), (batch_size,))
        rows = [self.example(rng, int(n)) for n in sizes]
        mask = np.zeros((batch_size, self.memory_size), bool)
        for i, (_, _, scored) in enumerate(rows):
            mask[i, scored] = True
        return Batch(
            inputs=np.array([r[0] for r in rows], np.int32),
            targets=np.array([r[1] for r in rows], np.int32),
            mask=mask,
        )

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        return " ".join(str(int(v)) for v in ids)
