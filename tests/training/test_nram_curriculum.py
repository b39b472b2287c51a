"""NRAM curriculum: the 10/25/65 mixture with a geometric offset, and the gated advance rule."""

from __future__ import annotations

import numpy as np
import pytest

from algolearn.training import curricula
from algolearn.training.nram_curriculum import NRAMCurriculum


def test_mixture_distribution() -> None:
    c = NRAMCurriculum(min_length=1, start_length=5, max_length=30)
    lengths = c.sample(np.random.default_rng(0), {"current": 5, "since_advance": 0}, 200_000)
    lengths = lengths["length"]
    # P(length = D + e) = 0.65 P(e) + 0.25 P(U[1, D + e'] = D + e) + 0.10 / 30 for e >= 0.
    p_e = 0.5 ** (np.arange(6) + 1)
    for e in range(4):
        below = sum(p_e[k] / (5 + k) for k in range(e, 6))
        expected = 0.65 * p_e[e] + 0.25 * below + 0.10 / 30
        assert np.mean(lengths == 5 + e) == pytest.approx(expected, abs=0.005)
    assert np.mean(lengths > 20) == pytest.approx(0.10 * 10 / 30, abs=0.003)  # only uniform
    assert lengths.min() >= 1 and lengths.max() <= 30
    # Capped at max_length.
    top = NRAMCurriculum(1, 30, 30).sample(np.random.default_rng(1), {"current": 30}, 1000)
    assert top["length"].max() == 30


def test_advance_rule_with_min_gap() -> None:
    c = NRAMCurriculum(min_length=1, start_length=2, max_length=4, threshold=0.1, min_gap=2)
    state = c.initial_state()
    good, bad = {"digit_error": 0.05}, {"digit_error": 0.5}
    state, advanced = c.update(state, good)  # one probe since start: gap not reached
    assert not advanced
    state, advanced = c.update(state, good)
    assert advanced and c.probe_difficulty(state) == {"length": 3}
    state, advanced = c.update(state, bad)
    state, advanced = c.update(state, bad)
    assert not advanced
    state, advanced = c.update(state, good)
    assert advanced and c.at_target(state)
    state, advanced = c.update(state, good)
    state, advanced = c.update(state, good)
    assert not advanced and c.probe_difficulty(state) == {"length": 4}
    # At the top, a good probe still passes (for the regularisers), a bad one does not.
    assert c.passed(good) and not c.passed(bad) and not c.passed({"digit_error": 0.1})


def test_make() -> None:
    c = curricula.make(
        {"name": "nram", "min_length": 1, "start_length": 2, "max_length": 5, "check_every": 5}
    )
    assert c == NRAMCurriculum(1, 2, 5)
    with pytest.raises(ValueError, match="min_length <= start_length"):
        NRAMCurriculum(3, 2, 5)
