"""The task interface: a task turns (rng, batch_size, length) into a batch of token ids.

Every task is a pure function of its numpy Generator: the same generator state gives the same
batch, which is what makes training data a function of (seed, step, curriculum state).
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Sequence

import numpy as np

PAD = 0  # Token 0 is padding in every task, on both the input and the target side.


class LengthError(ValueError):
    """Raised when a task is asked for a length it cannot produce."""


@dataclasses.dataclass(frozen=True)
class Batch:
    """A batch of examples of one length.

    Attributes:
      inputs: int32 [batch, length] input token ids.
      targets: int32 [batch, length] target token ids, right-padded with PAD.
    """

    inputs: np.ndarray
    targets: np.ndarray

    def __post_init__(self) -> None:
        if self.inputs.shape != self.targets.shape or self.inputs.ndim != 2:
            raise ValueError(
                f"inputs {self.inputs.shape} and targets {self.targets.shape} must both be "
                "[batch, length]"
            )

    @property
    def batch_size(self) -> int:
        return int(self.inputs.shape[0])

    @property
    def length(self) -> int:
        return int(self.inputs.shape[1])


class Task(abc.ABC):
    """A sequence-to-sequence task with per-position targets (the Neural GPU setting).

    Subclasses set `name`, `input_vocab_size`, `output_vocab_size` and `min_length`, and implement
    `_sample` and `decode`.
    """

    name: str
    input_vocab_size: int  # input ids lie in [0, input_vocab_size)
    output_vocab_size: int  # target ids lie in [0, output_vocab_size)
    min_length: int = 1

    def check_length(self, length: int) -> None:
        """Raises LengthError naming the task if it cannot produce sequences of `length`."""
        if not isinstance(length, int | np.integer) or length < self.min_length:
            raise LengthError(
                f"task {self.name!r} cannot produce length {length!r}: "
                f"lengths must be integers >= {self.min_length}"
            )

    def sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        """Draws `batch_size` fresh examples of sequence length `length` from `rng`."""
        self.check_length(length)
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        batch = self._sample(rng, int(batch_size), int(length))
        return Batch(
            inputs=np.asarray(batch.inputs, dtype=np.int32),
            targets=np.asarray(batch.targets, dtype=np.int32),
        )

    @abc.abstractmethod
    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        """Task-specific sampling; `length` is already validated."""

    @abc.abstractmethod
    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        """Renders one row of input or target ids for people (e.g. '1011+0110')."""

    def adversarial_sets(self) -> tuple[str, ...]:
        """Names of the hard evaluation sets this task offers (see adversarial.py)."""
        return ()

    def sample_adversarial(
        self, set_name: str, rng: np.random.Generator, batch_size: int, length: int
    ) -> Batch:
        """Draws a batch from the named hard evaluation set."""
        raise KeyError(
            f"task {self.name!r} has no adversarial set {set_name!r}; "
            f"it has: {', '.join(self.adversarial_sets()) or 'none'}"
        )
