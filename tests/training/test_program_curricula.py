"""Zaremba & Sutskever's four strategies: sampling distributions and advance rules, no training."""

from __future__ import annotations

import numpy as np
import pytest

from algolearn.training import curricula
from algolearn.training.program_curricula import ProgramCurriculum

GOOD = {"digit_error": 0.01, "seq_error": 0.1, "loss": 0.1}  # accuracy 0.99 >= 0.95
BAD = {"digit_error": 0.5, "seq_error": 1.0, "loss": 2.0}


def draw(c, state, batches=200, batch_size=100, seed=0):
    """All sampled (length, nesting) pairs of `batches` batches, as an array [n, 2]."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(batches):
        d = c.sample(rng, state, batch_size)
        length = np.broadcast_to(d["length"], (batch_size,))
        nesting = np.broadcast_to(d.get("nesting", 0), (batch_size,))
        out.append(np.stack([length, nesting], 1))
    return np.concatenate(out)


def test_baseline_is_always_the_target() -> None:
    c = ProgramCurriculum("baseline", target_length=4, target_nesting=2)
    state = c.initial_state()
    assert set(map(tuple, draw(c, state, 5))) == {(4, 2)}
    assert c.probe_difficulty(state) == {"length": 4, "nesting": 2}
    assert c.update(state, GOOD) == (state, False) and c.at_target(state)
    assert c.difficulties() == [{"length": 4, "nesting": 2}]


def test_naive_walks_lengths_then_nesting() -> None:
    c = ProgramCurriculum("naive", target_length=3, target_nesting=2)
    state = c.initial_state()
    visited = [tuple(c.probe_difficulty(state).values())]
    for _ in range(10):
        assert set(map(tuple, draw(c, state, 2))) == {visited[-1]}  # all at the current one
        state, advanced = c.update(state, GOOD)
        if advanced:
            visited.append(tuple(c.probe_difficulty(state).values()))
    assert visited == [(1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (3, 2)]
    assert c.at_target(state) and c.update(state, GOOD) == (state, False)


def test_naive_advances_on_a_plateau() -> None:
    c = ProgramCurriculum("naive", target_length=3, patience=3)
    state = c.initial_state()
    for error, expect in [(0.5, False), (0.4, False), (0.45, False), (0.41, False), (0.42, True)]:
        state, advanced = c.update(state, {**BAD, "digit_error": error})
        assert advanced == expect, (error, state)
    assert c.probe_difficulty(state) == {"length": 2}  # no nesting parameter for target_nesting 0
    # An improvement resets the patience.
    state, _ = c.update(state, {**BAD, "digit_error": 0.5})
    state, _ = c.update(state, {**BAD, "digit_error": 0.6})
    state, _ = c.update(state, {**BAD, "digit_error": 0.3})
    state, advanced = c.update(state, {**BAD, "digit_error": 0.6})
    assert not advanced and state["since_best"] == 1


def test_threshold_is_on_teacher_forced_character_accuracy() -> None:
    c = ProgramCurriculum("naive", target_length=3, threshold=0.9)
    state, advanced = c.update(c.initial_state(), {**BAD, "digit_error": 0.1})  # 0.9: passes
    assert advanced
    state, advanced = c.update(state, {**BAD, "digit_error": 0.11})
    assert not advanced


@pytest.mark.parametrize("strategy", ["baseline", "naive", "mix", "combined"])
def test_passed_is_the_threshold_for_every_strategy(strategy: str) -> None:
    """The regularisers' signal (e.g. the Neural GPU's relaxation pull grows on it): a probe at
    the threshold passes, also where the strategy never advances (baseline, mix)."""
    c = ProgramCurriculum(strategy, target_length=3, threshold=0.9)
    assert [c.passed({**BAD, "digit_error": e}) for e in (0.0, 0.1, 0.11, 0.5)] == [1, 1, 0, 0]


def test_mix_is_uniform_per_sample() -> None:
    c = ProgramCurriculum("mix", target_length=4, target_nesting=3)
    samples = draw(c, c.initial_state(), 300)
    pairs, counts = np.unique(samples, axis=0, return_counts=True)
    assert {tuple(p) for p in pairs} == {(a, b) for a in range(1, 5) for b in range(1, 4)}
    expected = len(samples) / 12
    assert np.all(np.abs(counts - expected) < 5 * np.sqrt(expected))  # ~5 sigma
    assert c.probe_difficulty({}) == {"length": 4, "nesting": 3} and c.at_target({})
    assert c.update({}, GOOD) == ({}, False)
    # Within one batch the difficulties differ (per sample, not per batch).
    one = c.sample(np.random.default_rng(0), {}, 100)
    assert len(set(one["length"].tolist())) == 4


def test_combined_mixes_naive_and_mix() -> None:
    c = ProgramCurriculum("combined", target_length=5, target_nesting=2, mix_prob=0.2)
    state = {"length": 3, "nesting": 1, "best": -1.0, "since_best": 0}
    samples = draw(c, state, 200)
    at_naive = np.mean(np.all(samples == (3, 1), axis=1))
    # P(sample == naive's current) = 0.8 + 0.2 * P(mix draws (3, 1)) = 0.8 + 0.2 / 10.
    assert at_naive == pytest.approx(0.82, abs=0.01)
    others = samples[~np.all(samples == (3, 1), axis=1)]
    assert len(np.unique(others, axis=0)) == 9  # the mix part covers every other pair
    assert c.probe_difficulty(state) == {"length": 3, "nesting": 1}
    assert not c.at_target(state)
    _, advanced = c.update(state, GOOD)
    assert advanced


def test_difficulties_cover_everything_sampled() -> None:
    for name in ("naive", "mix", "combined"):
        c = ProgramCurriculum(name, target_length=3, target_nesting=2)
        listed = {(d["length"], d["nesting"]) for d in c.difficulties()}
        assert listed == {(a, b) for a in range(1, 4) for b in range(1, 3)}


def test_make_and_bad_parameters() -> None:
    c = curricula.make(
        {
            "name": "mix",
            "target_length": 4,
            "target_nesting": 1,
            "check_every": 5,
            "probe_batches": 1,
        }
    )
    assert c == ProgramCurriculum("mix", target_length=4, target_nesting=1)
    with pytest.raises(ValueError, match="min_length <= target_length"):
        ProgramCurriculum("naive", target_length=0)
    with pytest.raises(ValueError, match="bad config.curriculum for 'naive'"):
        curricula.make({"name": "naive", "target_length": 3, "start_length": 2})
