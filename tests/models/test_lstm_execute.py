"""lstm_execute: shapes, the paper's init, causality, dropout only in training, registry."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from algolearn import models, tasks
from algolearn.models import LSTMExecute

V = 50


def small(**kwargs) -> LSTMExecute:
    return LSTMExecute(V, V, **{"embed_dim": 8, "hidden": 16, **kwargs})


def inputs(b=3, n=7, seed=0):
    x = jnp.asarray(np.random.default_rng(seed).integers(1, V, (b, n)), jnp.int32)
    return x, jnp.full((b,), n, jnp.int32)


def test_shapes_and_parameter_count() -> None:
    model = small(num_layers=3)
    x, lengths = inputs()
    params = model.init(jax.random.PRNGKey(0), x, lengths)["params"]
    assert model.apply({"params": params}, x, lengths).shape == (3, 7, V)
    count = sum(p.size for p in jax.tree.leaves(params))
    lstm = (8 * 64 + 16 * 64 + 64) + 2 * (16 * 64 + 16 * 64 + 64)
    assert count == V * 8 + lstm + 16 * V + V


def test_paper_initialisation() -> None:
    model = LSTMExecute(V, V)  # defaults: 2 x 400, 400-dim embedding, U[-0.08, 0.08]
    x, lengths = inputs()
    params = model.init(jax.random.PRNGKey(0), x, lengths)["params"]
    assert params["lstm_0"]["w_h"].shape == (400, 1600) and params["lstm_1"]["w_x"].shape == (
        400,
        1600,
    )
    for leaf in jax.tree.leaves(params):
        assert float(jnp.max(jnp.abs(leaf))) <= 0.08
    w = np.asarray(params["lstm_0"]["w_h"])
    assert w.std() == pytest.approx(0.08 / np.sqrt(3), rel=0.01)  # uniform, not normal


def test_forget_bias_shifts_only_the_forget_gate() -> None:
    x, lengths = inputs()
    base = small().init(jax.random.PRNGKey(0), x, lengths)["params"]
    shifted = small(forget_bias=1.0).init(jax.random.PRNGKey(0), x, lengths)["params"]
    for layer in ("lstm_0", "lstm_1"):
        diff = np.asarray(shifted[layer]["bias"] - base[layer]["bias"]).reshape(4, 16)
        np.testing.assert_allclose(diff, np.array([0, 1, 0, 0])[:, None] * np.ones((4, 16)))
        np.testing.assert_array_equal(shifted[layer]["w_h"], base[layer]["w_h"])


def test_causal_and_dropout_only_in_training() -> None:
    model = small(dropout=0.5)
    x, lengths = inputs()
    params = model.init(jax.random.PRNGKey(0), x, lengths)["params"]
    base = model.apply({"params": params}, x, lengths)
    changed = model.apply({"params": params}, x.at[:, 4].set(3), lengths)
    np.testing.assert_array_equal(base[:, :4], changed[:, :4])  # the past never sees the future
    assert not np.allclose(base[:, 4:], changed[:, 4:])
    np.testing.assert_array_equal(base, model.apply({"params": params}, x, lengths))
    rngs = {"dropout": jax.random.PRNGKey(1)}
    dropped = model.apply({"params": params}, x, lengths, train=True, rngs=rngs)
    assert not np.allclose(dropped, base)


def test_built_from_config_for_a_task() -> None:
    task = tasks.get("lte_addition")
    config = ml_collections.ConfigDict({"name": "lstm_execute", "hidden": 32, "embed_dim": 16})
    model = models.build(config, task)
    assert isinstance(model, LSTMExecute) and model.output_vocab_size == task.output_vocab_size
    with pytest.raises(ValueError, match="lstm_execute.*filters"):
        models.build(ml_collections.ConfigDict({"name": "lstm_execute", "filters": 3}), task)
