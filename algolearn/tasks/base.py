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
    """A batch of examples, padded to one length.

    Attributes:
      inputs: int32 [batch, length] input token ids.
      targets: int32 [batch, length] target token ids, right-padded with PAD.
      lengths: int32 [batch] real length of each row (default: every row is `length` long).
      mask: bool [batch, length] positions that are scored (default: every position < length of
        its row, the Neural GPU setting where trailing PAD answers count; sequence tasks score
        only their target characters).
    """

    inputs: np.ndarray
    targets: np.ndarray
    lengths: np.ndarray | None = None
    mask: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.inputs.shape != self.targets.shape or self.inputs.ndim != 2:
            raise ValueError(
                f"inputs {self.inputs.shape} and targets {self.targets.shape} must both be "
                "[batch, length]"
            )
        b, n = self.inputs.shape
        lengths = np.full((b,), n, np.int32) if self.lengths is None else self.lengths
        object.__setattr__(self, "lengths", np.asarray(lengths, np.int32))
        if self.lengths.shape != (b,):
            raise ValueError(f"lengths {self.lengths.shape} must be [batch] = ({b},)")
        mask = np.arange(n)[None, :] < self.lengths[:, None] if self.mask is None else self.mask
        object.__setattr__(self, "mask", np.asarray(mask, bool))
        if self.mask.shape != (b, n):
            raise ValueError(f"mask {self.mask.shape} must be [batch, length] = ({b}, {n})")

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
    # True for tasks scored by next-token prediction with teacher forcing (the target at a
    # scored position is the input at the next position): evaluation also decodes greedily.
    autoregressive: bool = False
    # True when `sample` accepts per-example difficulty arrays (one value per row).
    per_example_difficulty: bool = False
    # For autoregressive tasks: the token that ends the source; the model writes after it.
    go_token: int | None = None
    # True for the NRAM tasks, whose rows are a memory (cell values) rather than a sequence.
    memory_view: bool = False
    # Whether a PAD target at a scored position is part of the answer for sequence errors.
    # False (the Neural GPU reference, data_utils.accuracy): the loss covers the answer's
    # trailing PADs, but a sequence counts as wrong only for a wrong symbol position. True for
    # the NRAM tasks, where 0 is the NULL value a cell must hold.
    pad_is_answer: bool = False

    def check_difficulty(self, length: int, **params: int) -> None:
        """Raises LengthError (or ValueError) for difficulties the task cannot produce.

        `length` (and any extra parameter, e.g. `nesting`) may be an int or an int array of
        per-example values."""
        if params:
            raise ValueError(f"task {self.name!r} takes no difficulty parameters {sorted(params)}")
        for value in np.unique(np.asarray(length)).tolist():
            self.check_length(value)

    def max_sequence_length(self, length: int, **params: int) -> int:
        """An upper bound on the padded sequence length of a batch at this difficulty."""
        del params
        return int(np.max(length))

    def check_length(self, length: int) -> None:
        """Raises LengthError naming the task if it cannot produce sequences of `length`."""
        if not isinstance(length, int | np.integer) or length < self.min_length:
            raise LengthError(
                f"task {self.name!r} cannot produce length {length!r}: "
                f"lengths must be integers >= {self.min_length}"
            )

    def sample(
        self, rng: np.random.Generator, batch_size: int, length: int, **params: int
    ) -> Batch:
        """Draws `batch_size` fresh examples at difficulty (`length`, **params) from `rng`.

        For the Neural GPU tasks `length` is the sequence length; other tasks define their own
        difficulty (e.g. digits and nesting of a program) and may take per-example arrays."""
        self.check_difficulty(length, **params)
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if self.per_example_difficulty:
            batch = self._sample(rng, int(batch_size), length, **params)
        elif np.ndim(length):
            raise ValueError(f"task {self.name!r} needs one length per batch, got {length!r}")
        else:
            params = {k: int(v) for k, v in params.items()}
            batch = self._sample(rng, int(batch_size), int(length), **params)
        return Batch(
            inputs=np.asarray(batch.inputs, dtype=np.int32),
            targets=np.asarray(batch.targets, dtype=np.int32),
            lengths=batch.lengths,
            mask=batch.mask,
        )

    @abc.abstractmethod
    def _sample(self, rng: np.random.Generator, batch_size: int, length, **params) -> Batch:
        """Task-specific sampling; the difficulty is already validated."""

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
