"""RelaxationPull: the penalty, its growth, the averaging projection; make_all()."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from algolearn.training import regularizers as reg
from algolearn.training.regularizers import RelaxationPull


def make_params(seed=0, r=3):
    rng = np.random.default_rng(seed)
    return {
        "embed": {"embedding": rng.standard_normal((5, 4)).astype(np.float32)},
        "relaxed": {
            "cand_kernel": rng.standard_normal((r, 2, 3, 3, 4, 4)).astype(np.float32),
            "cand_bias": rng.standard_normal((r, 2, 4)).astype(np.float32),
        },
    }


def test_loss_matches_numpy() -> None:
    params = make_params()
    expected = 0.0
    for leaf in params["relaxed"].values():
        leaf = leaf.astype(np.float64)
        mean = leaf.mean(axis=0)
        expected += sum(np.sum((leaf[i] - mean) ** 2) for i in range(leaf.shape[0]))
    loss = RelaxationPull().loss(params, {"pull": jnp.float32(0.7)})
    assert float(loss) == pytest.approx(0.7 * expected, rel=1e-5)


def test_loss_zero_when_copies_equal_and_ignores_other_params() -> None:
    params = reg.average_relaxed(make_params())
    params["embed"]["embedding"] = params["embed"]["embedding"] + 100.0
    assert float(RelaxationPull().loss(params, {"pull": jnp.float32(5.0)})) == pytest.approx(
        0.0, abs=1e-6
    )


def test_pull_grows_on_advance_until_average_at() -> None:
    r = RelaxationPull(init=0.01, growth=2.0, average_at=1.0)
    state = r.initial_state()
    assert r.coefficients(state) == {"pull": 0.01}
    state = r.on_curriculum_pass(r.on_curriculum_pass(state))
    assert r.coefficients(state)["pull"] == pytest.approx(0.04)


def assert_averaged(new, old) -> None:
    for key, leaf in new["relaxed"].items():
        expected = np.broadcast_to(old["relaxed"][key].mean(0), leaf.shape)
        np.testing.assert_allclose(np.asarray(leaf), expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(new["embed"]["embedding"], old["embed"]["embedding"])


def test_averages_at_the_probe_after_each_advance_once_pull_is_large() -> None:
    r = RelaxationPull(init=0.25, growth=2.0, average_at=1.0)
    params = make_params()
    state = r.initial_state()
    for expected_pull in (0.5, 1.0):  # advances below average_at grow the pull...
        same, state = r.project(params, state)
        assert same is params
        state = r.on_curriculum_pass(state)
        assert r.coefficients(state)["pull"] == pytest.approx(expected_pull)
        same, state = r.project(params, state)
        assert same is params  # ...and never average
    # At average_at: the next advance keeps the pull and averages at the next probe, once.
    state = r.on_curriculum_pass(state)
    assert r.coefficients(state)["pull"] == pytest.approx(1.0)
    averaged, state = r.project(params, state)
    assert_averaged(averaged, params)
    other = make_params(seed=1)
    same, state = r.project(other, state)  # no advance since: parameters left alone
    assert same is other
    state = r.on_curriculum_pass(state)  # every further advance averages again
    averaged, state = r.project(other, state)
    assert_averaged(averaged, other)
    assert r.coefficients(state)["pull"] == pytest.approx(1.0)


def test_learning_rate_decays_only_at_an_averaging_pass_with_a_small_error() -> None:
    r = RelaxationPull(init=0.5, growth=2.0, average_at=1.0, lr_decay_below=0.05)
    growing = r.on_curriculum_pass(r.initial_state())  # pull 0.5 -> 1.0: no averaging yet
    assert not r.lowers_learning_rate(growing, 0.0)
    averaging = r.on_curriculum_pass(growing)
    assert r.lowers_learning_rate(averaging, 0.04)
    assert not r.lowers_learning_rate(averaging, 0.05)
    off = RelaxationPull(init=0.5, growth=2.0, average_at=1.0)  # lr_decay_below 0: never
    assert not off.lowers_learning_rate(off.on_curriculum_pass(growing), 0.0)


def test_finalize_averages_always() -> None:
    params = make_params()
    final = RelaxationPull(average_at=1e9).finalize(params)
    for key, leaf in final["relaxed"].items():
        leaf = np.asarray(leaf)
        assert leaf.shape == params["relaxed"][key].shape
        np.testing.assert_allclose(leaf[1], leaf[0])
        np.testing.assert_allclose(leaf[0], params["relaxed"][key].mean(0), rtol=1e-6, atol=1e-6)


def test_make_all() -> None:
    built = reg.make_all({"relaxation_pull": {"init": 0.1, "growth": 1.5, "average_at": 2.0}})
    assert built == [RelaxationPull(init=0.1, growth=1.5, average_at=2.0)]
    assert reg.make_all({}) == []
    with pytest.raises(KeyError, match="relaxation_pull"):
        reg.make_all({"weight_decay": {}})


def test_entropy_bonus_decays_at_every_probe() -> None:
    (bonus,) = reg.make_all({"entropy_bonus": {"init": 0.2, "decay": 0.5}})
    state = bonus.initial_state()
    assert bonus.coefficients(state) == {"entropy_weight": 0.2}
    for expected in (0.1, 0.05):
        params, state = bonus.project({"w": 1.0}, state)
        assert params == {"w": 1.0} and bonus.coefficients(state)["entropy_weight"] == expected
    assert float(bonus.loss({"w": 1.0}, {"entropy_weight": 0.2})) == 0.0
