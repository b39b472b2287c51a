"""Length curriculum: advance rule, sampling distribution, validation; FixedLength; make()."""

from __future__ import annotations

import ml_collections
import numpy as np
import pytest

from algolearn.training import curricula as curriculum_lib
from algolearn.training.curriculum import FixedLength, LengthCurriculum


def test_advance_rule() -> None:
    c = LengthCurriculum(min_length=3, start_length=5, max_length=10, threshold=0.15, increment=2)
    state = c.initial_state()
    assert c.probe_difficulty(state)["length"] == 5
    state, advanced = c.update(state, {"seq_error": 0.15})  # at the threshold: stay
    assert (c.probe_difficulty(state)["length"], advanced) == (5, False)
    state, advanced = c.update(state, {"seq_error": 0.9})
    assert (c.probe_difficulty(state)["length"], advanced) == (5, False)
    state, advanced = c.update(state, {"seq_error": 0.1499})
    assert (c.probe_difficulty(state)["length"], advanced) == (7, True)
    state, advanced = c.update(state, {"seq_error": 0.0})
    assert (c.probe_difficulty(state)["length"], advanced) == (9, True)
    state, advanced = c.update(state, {"seq_error": 0.0})  # capped at max_length
    assert (c.probe_difficulty(state)["length"], advanced) == (10, True)
    state, advanced = c.update(state, {"seq_error": 0.0})  # at max: no further advance
    assert (c.probe_difficulty(state)["length"], advanced) == (10, False)
    assert c.describe(state) == {"curriculum_length": 10.0}
    assert c.at_target(state)
    # Passing is the threshold alone, at the top too (the relaxation pull reacts to it).
    assert [c.passed({"seq_error": e}) for e in (0.0, 0.1499, 0.15, 0.9)] == [1, 1, 0, 0]


def test_update_does_not_mutate_state() -> None:
    c = LengthCurriculum(min_length=3, start_length=5, max_length=10)
    state = c.initial_state()
    new, _ = c.update(state, {"seq_error": 0.0})
    assert state == {"current_max": 5} and new == {"current_max": 6}
    same, _ = c.update(new, {"seq_error": 1.0})
    assert same == new and same is not new


def test_difficulties_list_every_possible_length() -> None:
    lengths = [d["length"] for d in LengthCurriculum(3, 5, 7).difficulties()]
    assert lengths == [3, 4, 5, 6, 7]
    assert FixedLength(6).difficulties() == [{"length": 6}]


def sample(c, state, num=20_000, seed=0):
    rng = np.random.default_rng(seed)
    return np.array([c.sample(rng, state, 1)["length"] for _ in range(num)])


def documented_pmf(c: LengthCurriculum, cur: int) -> np.ndarray:
    """P(length = x) for x in 0..max_length under the docstring's rule: l ~ U[min, cur]; with
    prob bias_long_prob l = max(l, U[min, cur]); with prob longer_prob l = max(l, U[min, max])."""
    x = np.arange(c.max_length + 1)

    def cdf(top):
        return np.clip((x - c.min_length + 1) / (top - c.min_length + 1), 0, 1)

    f_cur, f_max = cdf(cur), cdf(c.max_length)
    total = (
        f_cur
        * (1 - c.bias_long_prob + c.bias_long_prob * f_cur)
        * (1 - c.longer_prob + c.longer_prob * f_max)
    )
    return np.diff(total, prepend=0.0)


@pytest.mark.parametrize("bias, longer", [(0.6, 0.25), (0.0, 0.5), (1.0, 0.0)])
def test_sampled_lengths_follow_documented_rule(bias, longer) -> None:
    c = LengthCurriculum(
        min_length=3, start_length=8, max_length=20, bias_long_prob=bias, longer_prob=longer
    )
    lengths = sample(c, {"current_max": 8})
    assert lengths.min() >= 3 and lengths.max() <= 20
    pmf = documented_pmf(c, 8)
    freq = np.bincount(lengths, minlength=21) / len(lengths)
    np.testing.assert_allclose(freq, pmf, atol=0.012)
    # Mostly at most the current max; the longer share is longer_prob * P(U[3, 20] > 8).
    assert np.mean(lengths > 8) == pytest.approx(longer * 12 / 18, abs=0.012)
    if bias > 0:  # biased towards the current max
        assert freq[8] > 2 * freq[3]


def test_never_longer_than_max_length_at_the_top() -> None:
    c = LengthCurriculum(3, 7, 7, longer_prob=0.5)
    lengths = sample(c, {"current_max": 7}, num=5_000)
    assert lengths.min() >= 3 and lengths.max() <= 7


def test_uniform_without_bias_or_longer_share() -> None:
    c = LengthCurriculum(3, 7, 12, bias_long_prob=0.0, longer_prob=0.0)
    lengths = sample(c, {"current_max": 7}, num=10_000)
    counts = np.bincount(lengths, minlength=13)
    assert counts[8:].sum() == 0 and counts[:3].sum() == 0
    assert counts[3:8] / counts.sum() == pytest.approx(np.full(5, 0.2), abs=0.02)


def test_sampling_is_a_function_of_the_rng() -> None:
    c = LengthCurriculum(3, 6, 12)
    np.testing.assert_array_equal(
        sample(c, {"current_max": 6}, 200, 5), sample(c, {"current_max": 6}, 200, 5)
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(min_length=5, start_length=4, max_length=9),
        dict(min_length=3, start_length=10, max_length=9),
        dict(min_length=3, start_length=5, max_length=9, increment=0),
    ],
)
def test_bad_params_raise(kwargs) -> None:
    with pytest.raises(ValueError, match="curriculum"):
        LengthCurriculum(**kwargs)


def test_fixed_length() -> None:
    c = FixedLength(5)
    state = c.initial_state()
    assert set(sample(c, state, 100)) == {5}
    assert c.probe_difficulty(state)["length"] == 5
    assert c.update(state, {"seq_error": 0.0}) == ({}, False)
    # No advance, but a probe below the threshold passes: the relaxation pull grows on it.
    assert [c.passed({"seq_error": e}) for e in (0.0, 0.15, 0.5)] == [1, 0, 0]
    assert FixedLength(5, threshold=0.6).passed({"seq_error": 0.5})


def test_make() -> None:
    c = curriculum_lib.make(
        ml_collections.ConfigDict(
            {
                "name": "length",
                "min_length": 3,
                "start_length": 4,
                "max_length": 6,
                "check_every": 10,
                "probe_batches": 2,
            }
        )
    )
    assert c == LengthCurriculum(3, 4, 6)
    assert curriculum_lib.make({"name": "fixed", "length": 4, "check_every": 1}) == FixedLength(4)
    with pytest.raises(KeyError, match="valid: baseline, combined, fixed, length, mix, naive"):
        curriculum_lib.make({"name": "growing", "check_every": 1})
    with pytest.raises(ValueError, match="fixed"):
        curriculum_lib.make({"name": "fixed", "length": 4, "start_length": 2})
