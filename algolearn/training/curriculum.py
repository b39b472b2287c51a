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
# Whose errors a LengthCurriculum decides on: its probe's, or its training batches'.
SIGNALS = ("probe", "train")


Difficulty = dict[str, Any]  # task parameters: ints, or int arrays [batch] (per example)


class Curriculum(abc.ABC):
    """Chooses the difficulty of each training batch and when to make the task harder.

    A difficulty is a dict of task parameters that `task.sample(rng, batch_size, **difficulty)`
    takes, e.g. {"length": 17} or {"length": 4, "nesting": 2}.
    """

    @abc.abstractmethod
    def initial_state(self) -> State: ...

    @abc.abstractmethod
    def sample(self, rng: np.random.Generator, state: State, batch_size: int) -> Difficulty:
        """The difficulty of the next training batch (scalars, or arrays with one per row)."""

    @abc.abstractmethod
    def probe_difficulty(self, state: State) -> Difficulty:
        """The (scalar) difficulty at which the loop measures the error `update` consumes."""

    @abc.abstractmethod
    def update(self, state: State, probe: dict[str, float]) -> tuple[State, bool]:
        """New state after a probe (its seq_error, digit_error, loss); flag: difficulty went up."""

    def passed(self, probe: dict[str, float]) -> bool:
        """Whether the probe met the criterion that advances this curriculum, also when it is
        already at its target (regularisers react to it: `Regularizer.on_curriculum_pass`).
        Default: no such criterion beyond `update`'s own flag."""
        del probe
        return False

    def decides_on_training_batches(self) -> bool:
        """True when `update` and `passed` get the mean errors of the counted training batches
        since the last check (the Neural GPU reference) instead of the probe's
        (training/curriculum_signal.py). Default: the probe's."""
        return False

    def counts_training_batch(self, state: State, difficulty: Difficulty) -> bool:
        """Whether the training batch drawn at `difficulty` counts towards that mean."""
        del state, difficulty
        return False

    @abc.abstractmethod
    def difficulties(self) -> list[Difficulty]:
        """Every scalar difficulty `sample` may produce (validated against the task up front)."""

    @abc.abstractmethod
    def at_target(self, state: State) -> bool:
        """Whether the curriculum has reached its final difficulty."""

    def describe(self, state: State) -> dict[str, float]:
        """Numbers for logs: the current difficulty as curriculum_<parameter>."""
        return {f"curriculum_{k}": float(v) for k, v in self.probe_difficulty(state).items()}


@dataclasses.dataclass(frozen=True)
class LengthCurriculum(Curriculum):
    """Kaiser & Sutskever's length curriculum (the reference trainer's sampling rule).

    The current maximum length starts at `start_length`; after each probe whose sequence error at
    the current maximum is below `threshold`, it grows by `increment` (capped at `max_length`).
    Batch length: l ~ U[min_length, current max]; with probability `bias_long_prob` (0.6)
    l = max(l, another such draw) (prefer longer); with probability `longer_prob` (0.25)
    l = max(l, U[min_length, max_length]) (a share of lengths beyond the current maximum).
    `signal` says whose sequence error decides: "probe" (fresh batches at the current maximum,
    no dropout) or "train" (the reference trainer: the mean over the training batches since the
    last check whose length is at most the current maximum, dropout on).
    """

    min_length: int
    start_length: int
    max_length: int
    threshold: float = 0.15
    increment: int = 1
    bias_long_prob: float = 0.6
    longer_prob: float = 0.25
    signal: str = "probe"

    def __post_init__(self) -> None:
        if self.signal not in SIGNALS:
            raise ValueError(
                f"curriculum.signal must be one of {', '.join(SIGNALS)}, got {self.signal!r}"
            )
        if not self.min_length <= self.start_length <= self.max_length:
            raise ValueError(
                "curriculum needs min_length <= start_length <= max_length, got "
                f"{self.min_length}, {self.start_length}, {self.max_length}"
            )
        if self.increment < 1:
            raise ValueError(f"curriculum.increment must be >= 1, got {self.increment}")

    def initial_state(self) -> State:
        return {"current_max": self.start_length}

    def sample(self, rng: np.random.Generator, state: State, batch_size: int) -> Difficulty:
        return {"length": self.sample_length(rng, state)}

    def sample_length(self, rng: np.random.Generator, state: State) -> int:
        """One batch length under the reference rule (the class docstring)."""
        cur = int(state["current_max"])
        length = int(rng.integers(self.min_length, cur + 1))
        if rng.random() < self.bias_long_prob:
            length = max(length, int(rng.integers(self.min_length, cur + 1)))
        if rng.random() < self.longer_prob:
            length = max(length, int(rng.integers(self.min_length, self.max_length + 1)))
        return length

    def probe_difficulty(self, state: State) -> Difficulty:
        return {"length": int(state["current_max"])}

    def passed(self, probe: dict[str, float]) -> bool:
        return probe["seq_error"] < self.threshold

    def decides_on_training_batches(self) -> bool:
        return self.signal == "train"

    def counts_training_batch(self, state: State, difficulty: Difficulty) -> bool:
        return self.signal == "train" and int(difficulty["length"]) <= int(state["current_max"])

    def update(self, state: State, probe: dict[str, float]) -> tuple[State, bool]:
        cur = int(state["current_max"])
        if self.passed(probe) and cur < self.max_length:
            return {"current_max": min(cur + self.increment, self.max_length)}, True
        return dict(state), False

    def difficulties(self) -> list[Difficulty]:
        return [{"length": n} for n in range(self.min_length, self.max_length + 1)]

    def at_target(self, state: State) -> bool:
        return int(state["current_max"]) >= self.max_length


@dataclasses.dataclass(frozen=True)
class FixedLength(Curriculum):
    """No curriculum: every batch at one sequence `length`. A probe below `threshold` sequence
    error still counts as passed (the relaxation pull grows on it, as at a length curriculum's
    top)."""

    length: int
    threshold: float = 0.15

    def initial_state(self) -> State:
        return {}

    def sample(self, rng: np.random.Generator, state: State, batch_size: int) -> Difficulty:
        return {"length": self.length}

    def probe_difficulty(self, state: State) -> Difficulty:
        return {"length": self.length}

    def passed(self, probe: dict[str, float]) -> bool:
        return probe["seq_error"] < self.threshold

    def update(self, state: State, probe: dict[str, float]) -> tuple[State, bool]:
        return dict(state), False

    def difficulties(self) -> list[Difficulty]:
        return [{"length": self.length}]

    def at_target(self, state: State) -> bool:
        return True
