"""Character-level program tasks (Learning to Execute): vocabulary and teacher-forced layout.

A sample is a (program, output) text pair. The model reads the program, then a GO token, then
the target (output + '.') shifted by one, and predicts each target character:

    inputs : p r i n t ( 1 + 2 ) GO 3
    targets: . . . . . . . . . . 3  .        ('.' = PAD; mask = the target positions)

Options (Zaremba & Sutskever 2014): `reverse_input` reverses the program's characters,
`double_input` presents the program twice; the target never changes.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence

import numpy as np

from algolearn.tasks.base import PAD, Batch, LengthError, Task

GO = 1  # separates the program from the target
CHARS = "0123456789abcdefghijklmnopqrstuvwxyz+-*=()<>:. \n"
VOCAB_SIZE = 2 + len(CHARS)
_ID = {c: i + 2 for i, c in enumerate(CHARS)}
_CHAR = np.array(["", "|", *CHARS])  # decode: PAD -> '', GO -> '|'


def encode(text: str) -> list[int]:
    """Character ids of `text`; a character outside the vocabulary is an error."""
    try:
        return [_ID[c] for c in text]
    except KeyError as e:
        raise ValueError(f"character {e.args[0]!r} is not in the program vocabulary") from None


def decode_ids(ids: Sequence[int] | np.ndarray) -> str:
    return "".join(_CHAR[np.asarray(ids, dtype=np.int64)])


def _per_example(value, batch_size: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=np.int64), (batch_size,))


class CharacterTask(Task):
    """Base of the Learning-to-Execute tasks: text pairs laid out for teacher forcing."""

    input_vocab_size = VOCAB_SIZE
    output_vocab_size = VOCAB_SIZE
    autoregressive = True
    per_example_difficulty = True
    go_token = GO
    max_length: int = 10**6  # largest supported `length` (digits)

    def __init__(self, reverse_input: bool = False, double_input: bool = False) -> None:
        self.reverse_input = bool(reverse_input)
        self.double_input = bool(double_input)

    @abc.abstractmethod
    def sample_text(self, rng: np.random.Generator, length: int, **params: int) -> tuple[str, str]:
        """One (program, printed output) pair at this difficulty."""

    @abc.abstractmethod
    def max_text_lengths(self, length: int, **params: int) -> tuple[int, int]:
        """Upper bounds on (len(program), len(output)) at this difficulty."""

    def check_length(self, length: int) -> None:
        if not isinstance(length, int | np.integer) or not 1 <= length <= self.max_length:
            raise LengthError(
                f"task {self.name!r} cannot produce length {length!r}: the length (digits) "
                f"must be an integer in [1, {self.max_length}]"
            )

    def check_difficulty(self, length: int, **params: int) -> None:
        for value in np.unique(np.asarray(length)).tolist():
            self.check_length(value)
        self._check_params(**params)

    def _check_params(self, **params: int) -> None:
        if params:
            raise ValueError(f"task {self.name!r} takes no difficulty parameters {sorted(params)}")

    def program_view(self, program: str) -> str:
        """The program as the model reads it (reversed and/or doubled)."""
        if self.reverse_input:
            program = program[::-1]
        return program + program if self.double_input else program

    def max_sequence_length(self, length: int, **params: int) -> int:
        top = {"length": int(np.max(length))}
        top.update({k: int(np.max(v)) for k, v in params.items()})
        program, output = self.max_text_lengths(**top)
        return program * (2 if self.double_input else 1) + output + 2  # GO and '.'

    def _sample(self, rng: np.random.Generator, batch_size: int, length, **params) -> Batch:
        lengths = _per_example(length, batch_size)
        others = {k: _per_example(v, batch_size) for k, v in params.items()}
        rows = []
        for i in range(batch_size):
            program, output = self.sample_text(
                rng, int(lengths[i]), **{k: int(v[i]) for k, v in others.items()}
            )
            rows.append((encode(self.program_view(program)), encode(output + ".")))
        return layout(rows)

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        return decode_ids(ids)


def layout(rows: Sequence[tuple[list[int], list[int]]]) -> Batch:
    """Teacher-forced batch from (program ids, target ids) rows, right-padded with PAD."""
    n = max(len(p) + len(t) for p, t in rows)
    inputs = np.full((len(rows), n), PAD, np.int32)
    targets = np.full((len(rows), n), PAD, np.int32)
    mask = np.zeros((len(rows), n), bool)
    lengths = np.zeros((len(rows),), np.int32)
    for i, (p, t) in enumerate(rows):
        end = len(p) + len(t)
        inputs[i, :end] = p + [GO] + t[:-1]
        targets[i, len(p) : end] = t
        mask[i, len(p) : end] = True
        lengths[i] = end
    return Batch(inputs=inputs, targets=targets, lengths=lengths, mask=mask)


def split_row(inputs: np.ndarray, targets: np.ndarray, mask: np.ndarray) -> tuple[str, str]:
    """(program as read, target text) of one laid-out row: for people and for tests."""
    start = int(np.argmax(mask)) if mask.any() else len(mask)
    return decode_ids(inputs[:start]), decode_ids(targets[mask])
