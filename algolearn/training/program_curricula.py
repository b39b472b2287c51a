"""Zaremba & Sutskever's (2014) curriculum strategies over (length, nesting).

`baseline`: every sample at the target (a, b). `naive`: start at (min_length, 1); raise the
length by one when the probe's teacher-forced character accuracy passes `threshold` or has not
improved for `patience` probes; after length a, reset the length and raise the nesting.
`mix`: per sample, length ~ U[min_length, a] and nesting ~ U[1, b]. `combined`: per sample,
`mix` with probability `mix_prob` (1/5 in the reference code), else naive's current difficulty.
Tasks without nesting (addition, copy) use target_nesting = 0: difficulties carry only a length.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from algolearn.training.curriculum import Curriculum, Difficulty, State

STRATEGIES = ("baseline", "naive", "mix", "combined")


@dataclasses.dataclass(frozen=True)
class ProgramCurriculum(Curriculum):
    """One of STRATEGIES towards the target (target_length, target_nesting)."""

    strategy: str
    target_length: int
    target_nesting: int = 0  # 0: the task has no nesting parameter
    min_length: int = 1
    threshold: float = 0.95  # naive: advance when char accuracy >= threshold ...
    patience: int = 3  # ... or when it has not improved for `patience` probes
    mix_prob: float = 0.2  # combined: share of samples drawn as in mix

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {self.strategy!r}; valid: {', '.join(STRATEGIES)}")
        if not 1 <= self.min_length <= self.target_length:
            raise ValueError(
                "curriculum needs 1 <= min_length <= target_length, got "
                f"{self.min_length}, {self.target_length}"
            )
        if self.target_nesting < 0:
            raise ValueError(f"target_nesting must be >= 0, got {self.target_nesting}")
        if not 0.0 <= self.mix_prob <= 1.0 or self.patience < 1:
            raise ValueError(f"need 0 <= mix_prob <= 1 and patience >= 1 in {self}")

    @property
    def _nested(self) -> bool:
        return self.target_nesting > 0

    def _difficulty(self, length, nesting) -> Difficulty:
        return {"length": length, "nesting": nesting} if self._nested else {"length": length}

    def initial_state(self) -> State:
        if self.strategy in ("naive", "combined"):
            return {"length": self.min_length, "nesting": 1, "best": -1.0, "since_best": 0}
        return {}

    def _current(self, state: State) -> tuple[int, int]:
        if self.strategy in ("naive", "combined"):
            return int(state["length"]), int(state["nesting"])
        return self.target_length, max(self.target_nesting, 1)

    def sample(self, rng: np.random.Generator, state: State, batch_size: int) -> Difficulty:
        if self.strategy in ("baseline", "naive"):
            return self._difficulty(*self._current(state))
        length = rng.integers(self.min_length, self.target_length + 1, size=batch_size)
        nesting = rng.integers(1, max(self.target_nesting, 1) + 1, size=batch_size)
        if self.strategy == "combined":
            naive = rng.random(batch_size) >= self.mix_prob
            cur_length, cur_nesting = self._current(state)
            length = np.where(naive, cur_length, length)
            nesting = np.where(naive, cur_nesting, nesting)
        return self._difficulty(length.astype(np.int64), nesting.astype(np.int64))

    def probe_difficulty(self, state: State) -> Difficulty:
        return self._difficulty(*self._current(state))

    def at_target(self, state: State) -> bool:
        return self._current(state) == (self.target_length, max(self.target_nesting, 1))

    def passed(self, probe: dict[str, float]) -> bool:
        """Teacher-forced character accuracy reached `threshold` (naive's advance criterion; the
        other strategies and naive at its target pass on it too, for the regularisers)."""
        return 1.0 - float(probe["digit_error"]) >= self.threshold

    def update(self, state: State, probe: dict[str, float]) -> tuple[State, bool]:
        if self.strategy in ("baseline", "mix") or self.at_target(state):
            return dict(state), False
        accuracy = 1.0 - float(probe["digit_error"])
        best, since = float(state["best"]), int(state["since_best"])
        if accuracy > best:
            best, since = accuracy, 0
        else:
            since += 1
        if not self.passed(probe) and since < self.patience:
            return {**state, "best": best, "since_best": since}, False
        length, nesting = self._current(state)
        if length < self.target_length:
            length += 1
        else:
            length, nesting = self.min_length, nesting + 1
        return {"length": length, "nesting": nesting, "best": -1.0, "since_best": 0}, True

    def difficulties(self) -> list[Difficulty]:
        if self.strategy == "baseline":
            return [self._difficulty(*self._current({}))]
        return [
            self._difficulty(length, nesting)
            for nesting in range(1, max(self.target_nesting, 1) + 1)
            for length in range(self.min_length, self.target_length + 1)
        ]
