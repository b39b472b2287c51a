"""NeuralGPU execution strategies change nothing but speed and memory: scan vs unrolled steps
under every remat policy, and independent batch chains (batch_split)."""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from algolearn.models.neural_gpu import resolve_batch_split
from tests.models.neural_gpu_fixtures import (
    VOCAB,
    R,
    apply,
    make_model,
    random_params,
    random_tokens,
)


@pytest.fixture(scope="module")
def params():
    return random_params()


def _logits_and_grads(model, params, inputs, lengths, weights):
    """Eager: one call per variant, and eager compiles the repeated unrolled steps only once."""

    def loss(p):
        logits = model.apply({"params": p}, inputs, lengths)
        return jnp.sum(logits * weights), logits

    (_, logits), grads = jax.value_and_grad(loss, has_aux=True)(params)
    return logits, grads


def test_scan_matches_unrolled_values_and_gradients(params) -> None:
    """n = 11, r = 2: 5 groups (nested: 2 blocks of 2 plus one left over) and 1 extra step.

    The reference is the unrolled loop (its remat only changes what the backward pass stores).
    One CGRU per step keeps the gradients cheap to compile.
    """
    p = {**params, "relaxed": {k: v[:, :1] for k, v in params["relaxed"].items()}}
    rng = np.random.default_rng(6)
    inputs = jnp.asarray(random_tokens(rng, 3, 11))
    lengths = jnp.asarray([11, 6, 2], jnp.int32)
    weights = jnp.asarray(rng.standard_normal((3, 11, VOCAB)), jnp.float32)

    def model(remat, max_unroll_steps):
        return make_model(cgrus_per_step=1, remat=remat, max_unroll_steps=max_unroll_steps)

    ref_logits, ref_grads = _logits_and_grads(model("step", 64), p, inputs, lengths, weights)
    # The gradient reaches both relaxed copies.
    assert np.all(np.abs(ref_grads["relaxed"]["cand_kernel"]).reshape(R, -1).sum(-1) > 0)
    for remat in ("auto", "none", "step", "nested", "group"):
        logits, grads = _logits_and_grads(model(remat, 0), p, inputs, lengths, weights)
        np.testing.assert_allclose(logits, ref_logits, rtol=1e-5, atol=1e-5, err_msg=remat)
        jax.tree.map(
            lambda a, b, remat=remat: np.testing.assert_allclose(
                a, b, rtol=1e-4, atol=1e-5, err_msg=remat
            ),
            grads,
            ref_grads,
        )


def test_batch_split_keeps_values_gradients_and_dropout(params) -> None:
    """Independent batch chains (a speed choice) change nothing: logits, gradients, dropout."""
    rng = np.random.default_rng(9)
    inputs = jnp.asarray(random_tokens(rng, 4, 6))
    lengths = jnp.asarray([6, 3, 5, 1], jnp.int32)
    weights = jnp.asarray(rng.standard_normal((4, 6, VOCAB)), jnp.float32)
    p = {**params, "relaxed": {k: v[:, :1] for k, v in params["relaxed"].items()}}

    @functools.partial(jax.jit, static_argnums=0)
    def run(model, p):
        def loss(p):
            logits = model.apply(
                {"params": p}, inputs, lengths, train=True, rngs={"dropout": jax.random.key(3)}
            )
            return jnp.sum(logits * weights), logits

        return jax.value_and_grad(loss, has_aux=True)(p)[0][1], jax.grad(lambda q: loss(q)[0])(p)

    def model(split):
        return make_model(cgrus_per_step=1, dropout=0.2, batch_split=split)

    ref_logits, ref_grads = run(model(1), p)
    logits, grads = run(model(2), p)
    np.testing.assert_allclose(logits, ref_logits, rtol=1e-5, atol=1e-6)
    for got, want in zip(jax.tree.leaves(grads), jax.tree.leaves(ref_grads), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_resolve_batch_split() -> None:
    assert resolve_batch_split(0, 32) == (2 if jax.device_count() == 1 else 1)
    assert resolve_batch_split(4, 32) == 4
    assert resolve_batch_split(3, 32) == 1  # must divide the batch
    with pytest.raises(ValueError, match="batch_split"):
        resolve_batch_split(-1, 32)


def test_unknown_remat_raises(params) -> None:
    with pytest.raises(ValueError, match="remat"):
        apply(make_model(remat="sometimes"), params, np.ones((1, 3), np.int32), [3])
