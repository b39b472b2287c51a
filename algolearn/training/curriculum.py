"""Curricula: objects the loop consults for each batch's difficulty and checkpoints as JSON.

A curriculum is stateless itself; its state is a small JSON-able dict that the loop keeps, saves
in every checkpoint and passes back, so a resumed run continues the same curriculum.
"""

from __future__ import annotations

import abc
import dataclasses
from typing import Any

import numpy as np

State = dict[str, Any]


class Curriculum(abc.ABC):
    """Chooses the sequence length of each training batch and when to make the task harder."""

    @abc.abstractmethod
    def initial_state(self) -> State: ...

    @abc.abstractmethod
    def sample_length(self, rng: np.random.Generator, state: State) -> int:
        """The length of the next training batch."""

    @abc.abstractmethod
    def probe_length(self, state: State) -> int:
        """The length at which the loop measures the error that `update` consumes."""

    @abc.abstractmethod
    def update(self, state: State, probe_seq_error: float) -> tuple[State, bool]:
        """New state after a probe; the flag says whether the difficulty went up."""

    @abc.abstractmethod
    def lengths(self) -> list[int]:
        """Every length `sample_length` may return (to validate against the task up front)."""

    def describe(self, state: State) -> float:
        """A number for logs: the current difficulty."""
        return float(self.probe_length(state))


@dataclasses.dataclass(frozen=True)
class LengthCurriculum(Curriculum):
    """Kaiser & Sutskever's length curriculum (the reference trainer's sampling rule).

    The current maximum length starts at `start_length`; after each probe whose sequence error at
    the current maximum is below `threshold`, it grows by `increment` (capped at `max_length`).
    Batch length: l ~ U[min_length, current max]; with probability `bias_long_prob` (0.6)
    l = max(l, another such draw) (prefer longer); with probability `longer_prob` (0.25)
    l = max(l, U[min_length, max_length]) (a share of lengths beyond the current maximum).
    """

    min_length: int
    start_length: int
    max_length: int
    threshold: float = 0.15
    increment: int = 1
    bias_long_prob: float = 0.6
    longer_prob: float = 0.25

    def __post_init__(self) -> None:
        if not self.min_length <= self.start_length <= self.max_length:
            raise ValueError(
                "curriculum needs min_length <= start_length <= max_length, got "
                f"{self.min_length}, {self.start_length}, {self.max_length}"
            )
        if self.increment < 1:
            raise ValueError(f"curriculum.increment must be >= 1, got {self.increment}")

    def initial_state(self) -> State:
        return {"current_max": self.start_length}

    def sample_length(self, rng: np.random.Generator, state: State) -> int:
        cur = int(state["current_max"])
        length = int(rng.integers(self.min_length, cur + 1))
        if rng.random() < self.bias_long_prob:
            length = max(length, int(rng.integers(self.min_length, cur + 1)))
        if rng.random() < self.longer_prob:
            length = max(length, int(rng.integers(self.min_length, self.max_length + 1)))
        return length

    def probe_length(self, state: State) -> int:
        return int(state["current_max"])

    def update(self, state: State, probe_seq_error: float) -> tuple[State, bool]:
        cur = int(state["current_max"])
        if probe_seq_error < self.threshold and cur < self.max_length:
            return {"current_max": min(cur + self.increment, self.max_length)}, True
        return dict(state), False

    def lengths(self) -> list[int]:
        return list(range(self.min_length, self.max_length + 1))


@dataclasses.dataclass(frozen=True)
class FixedLength(Curriculum):
    """No curriculum: every batch at `length` (the 'baseline' strategy)."""

    length: int

    def initial_state(self) -> State:
        return {}

    def sample_length(self, rng: np.random.Generator, state: State) -> int:
        return self.length

    def probe_length(self, state: State) -> int:
        return self.length

    def update(self, state: State, probe_seq_error: float) -> tuple[State, bool]:
        return dict(state), False

    def lengths(self) -> list[int]:
        return [self.length]


_CURRICULA = {"length": LengthCurriculum, "fixed": FixedLength}


def make(config: Any) -> Curriculum:
    """Builds the curriculum named by `config.name` from the other keys of `config`."""
    kwargs = dict(config)
    name = kwargs.pop("name")
    kwargs.pop("check_every", None)
    kwargs.pop("probe_batches", None)
    if name not in _CURRICULA:
        raise KeyError(f"unknown curriculum {name!r}; valid: {', '.join(sorted(_CURRICULA))}")
    try:
        return _CURRICULA[name](**kwargs)
    except TypeError as e:
        raise ValueError(f"bad config.curriculum for {name!r}: {e}") from None
