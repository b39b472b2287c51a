"""The NRAM curriculum (Kurach et al. 2015, Sec. 4.4), per example.

With current difficulty D: 10% of examples at a difficulty uniform in [min, max]; 25% uniform
in [min, D + e]; 65% at D + e; e ~ Geometric(1/2) on {0, 1, 2, ...} drawn per example, every
value capped at max. D rises by one when the probe error at D is below `threshold`, at most
once every `min_gap` probes.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from algolearn.training.curriculum import Curriculum, Difficulty, State


@dataclasses.dataclass(frozen=True)
class NRAMCurriculum(Curriculum):
    min_length: int
    start_length: int
    max_length: int
    threshold: float = 0.1  # on the probe's cell (digit) error
    min_gap: int = 1  # probes between two advances
    uniform_prob: float = 0.10
    below_prob: float = 0.25

    def __post_init__(self) -> None:
        if not self.min_length <= self.start_length <= self.max_length:
            raise ValueError(
                "curriculum needs min_length <= start_length <= max_length, got "
                f"{self.min_length}, {self.start_length}, {self.max_length}"
            )
        if self.min_gap < 1 or not 0 <= self.uniform_prob + self.below_prob <= 1:
            raise ValueError(f"need min_gap >= 1 and uniform_prob + below_prob <= 1 in {self}")

    def initial_state(self) -> State:
        return {"current": self.start_length, "since_advance": 0}

    def sample(self, rng: np.random.Generator, state: State, batch_size: int) -> Difficulty:
        d = int(state["current"])
        e = rng.geometric(0.5, size=batch_size) - 1  # 0, 1, 2, ... with P(e) = 2^-(e+1)
        top = np.minimum(d + e, self.max_length)
        u = rng.random(batch_size)
        anywhere = rng.integers(self.min_length, self.max_length + 1, size=batch_size)
        below = self.min_length + np.floor(rng.random(batch_size) * (top - self.min_length + 1))
        length = np.where(
            u < self.uniform_prob,
            anywhere,
            np.where(u < self.uniform_prob + self.below_prob, below, top),
        )
        return {"length": length.astype(np.int64)}

    def probe_difficulty(self, state: State) -> Difficulty:
        return {"length": int(state["current"])}

    def passed(self, probe: dict[str, float]) -> bool:
        return probe["digit_error"] < self.threshold

    def update(self, state: State, probe: dict[str, float]) -> tuple[State, bool]:
        d, since = int(state["current"]), int(state["since_advance"]) + 1
        if self.passed(probe) and since >= self.min_gap and d < self.max_length:
            return {"current": d + 1, "since_advance": 0}, True
        return {"current": d, "since_advance": since}, False

    def difficulties(self) -> list[Difficulty]:
        return [{"length": n} for n in range(self.min_length, self.max_length + 1)]

    def at_target(self, state: State) -> bool:
        return int(state["current"]) >= self.max_length
