"""The NRAM memory view of a task: initial memory in, target memory out, scored cells masked.

A sample is M integers in [0, M) (0 is NULL): `inputs` is the initial memory, `targets` the
memory after a correct run, `mask` the cells that are scored. The difficulty `length` is the
size of the task's array, list or tree; a layout that does not fit in `memory_size` cells is a
LengthError that names both numbers. With `min_memory_size` > 0 each example has its own
memory of k cells (k drawn from [max(min_memory_size, cells its layout needs), memory_size]),
laid out and valued as in a k-cell task and zero-padded to memory_size; `lengths` holds k, the
modulus the NRAM computes with, so a batch mixes memory sizes.
"""

from __future__ import annotations

import abc
import copy
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

    def __init__(
        self, memory_size: int = 16, vocab_size: int | None = None, min_memory_size: int = 0
    ) -> None:
        """`vocab_size` (default memory_size): the token vocabulary a sequence model reads the
        memory with; fixing it lets one model be evaluated on larger memories (the NRAM itself
        works modulo each example's memory size). `min_memory_size` > 0: examples of several
        memory sizes (module docstring); 0: every example has memory_size cells."""
        if memory_size < 4:
            raise ValueError(f"memory_size must be >= 4, got {memory_size}")
        if min_memory_size and not 4 <= min_memory_size <= memory_size:
            raise ValueError(
                f"min_memory_size must be 0 (off) or in [4, memory_size={memory_size}], "
                f"got {min_memory_size}"
            )
        self.memory_size = int(memory_size)
        self.min_memory_size = int(min_memory_size)
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

    def resized(self, memory_size: int) -> MemoryTask:
        """The same task on a memory of `memory_size` cells (one example's machine)."""
        task = copy.copy(self)
        task.memory_size, task.min_memory_size = int(memory_size), 0
        return task

    def _sample(self, rng: np.random.Generator, batch_size: int, length) -> Batch:
        sizes = np.broadcast_to(np.asarray(length, np.int64), (batch_size,))
        m = self.memory_size
        cells = np.full((batch_size,), m, np.int32)
        rows = []
        for i, n in enumerate(sizes):
            task = self
            if self.min_memory_size:
                low = max(self.min_memory_size, self.cells_needed(int(n)))
                cells[i] = rng.integers(low, m + 1)
                task = self.resized(int(cells[i]))
            memory, target, scored = task.example(rng, int(n))
            pad = [0] * (m - len(memory))
            rows.append((memory + pad, target + pad, scored))
        mask = np.zeros((batch_size, m), bool)
        for i, (_, _, scored) in enumerate(rows):
            mask[i, scored] = True
        return Batch(
            inputs=np.array([r[0] for r in rows], np.int32),
            targets=np.array([r[1] for r in rows], np.int32),
            lengths=cells,
            mask=mask,
        )

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        return " ".join(str(int(v)) for v in ids)
