"""transformer: every positional encoding's shapes, length-free parameters and padding; the
randomized positions and relative indices directly; permutation equivariance without positions;
learning to reverse.

Compiling dominates on a CPU, so the small models share random numpy parameters and one input
shape, and the real `init` runs only in the learning test.
"""

from __future__ import annotations

import time

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from algolearn.models.transformer import (
    ENCODINGS,
    Transformer,
    randomized_positions,
    relative_position_index,
    sinusoidal_encoding,
)
from tests.models.learning import learn

V = 11
N = 40
SMALL = dict(num_layers=2, model_dim=16, num_heads=2, mlp_dim=32)
MODELS = {
    e: Transformer(V, V, **SMALL, positional_encoding=e, max_relative_distance=3, max_position=64)
    for e in ENCODINGS
}
APPLY = {e: jax.jit(m.apply, static_argnames="train") for e, m in MODELS.items()}


def tokens(b=3, n=N, seed=0):
    x = np.random.default_rng(seed).integers(1, V, (b, n))
    return jnp.asarray(x, jnp.int32), jnp.full((b,), n, jnp.int32)


def param_shapes(model, n):
    variables = jax.eval_shape(model.init, jax.random.PRNGKey(0), *tokens(n=n))
    return jax.tree.map(lambda s: s.shape, variables["params"])


@pytest.fixture(scope="module")
def params():
    """Random parameters per encoding, of the shapes `init` gives at n = 8."""
    rng = np.random.default_rng(0)
    return {
        e: jax.tree.map(
            lambda shape: rng.uniform(-0.5, 0.5, shape).astype(np.float32),
            param_shapes(m, 8),
            is_leaf=lambda s: isinstance(s, tuple),
        )
        for e, m in MODELS.items()
    }


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_shapes_and_parameters_do_not_depend_on_length(encoding, params) -> None:
    model = MODELS[encoding]
    assert param_shapes(model, 8) == param_shapes(model, N)
    x, lengths = tokens()
    logits = APPLY[encoding]({"params": params[encoding]}, x, lengths)
    assert logits.shape == (3, N, V) and logits.dtype == jnp.float32
    assert np.all(np.isfinite(logits))
    blocks = params[encoding]["block_0"]["attn"]
    assert ("relative_bias" in blocks) == (encoding == "relative")
    if encoding == "relative":
        assert blocks["relative_bias"].shape == (7, 2)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_padding_does_not_reach_valid_positions(encoding, params) -> None:
    x, _ = tokens()
    lengths = jnp.asarray([N, 25, 9], jnp.int32)
    apply = APPLY[encoding]
    base = apply({"params": params[encoding]}, x, lengths)
    beyond = jnp.arange(N)[None, :] >= lengths[:, None]
    for fill in (0, 5):
        changed = apply({"params": params[encoding]}, jnp.where(beyond, fill, x), lengths)
        np.testing.assert_array_equal(base, changed)
    np.testing.assert_array_equal(base[2, 9:], 0.0)


def test_unknown_encoding_raises_with_the_options() -> None:
    model = Transformer(V, V, **SMALL, positional_encoding="rotary")
    with pytest.raises(ValueError, match="rotary.*sinusoidal, relative, randomized, none"):
        jax.eval_shape(model.init, jax.random.PRNGKey(0), *tokens(n=8))


def test_none_is_permutation_equivariant(params) -> None:
    x, lengths = tokens()
    perm = np.random.default_rng(1).permutation(N)
    apply = APPLY["none"]
    base = apply({"params": params["none"]}, x, lengths)
    permuted = apply({"params": params["none"]}, x[:, perm], lengths)
    np.testing.assert_allclose(permuted, base[:, perm], rtol=1e-5, atol=1e-5)
    # With positions the same permutation changes the answer.
    sinusoidal = APPLY["sinusoidal"]({"params": params["sinusoidal"]}, x[:, perm], lengths)
    base = APPLY["sinusoidal"]({"params": params["sinusoidal"]}, x, lengths)
    assert not np.allclose(sinusoidal, base[:, perm], atol=1e-3)


def test_sinusoidal_encoding() -> None:
    pe = np.asarray(sinusoidal_encoding(jnp.arange(50), 8))  # [50, 8]
    assert pe.shape == (50, 8)
    np.testing.assert_allclose(pe[:, 0], np.sin(np.arange(50)), atol=1e-5)
    np.testing.assert_allclose(pe[:, 1], np.cos(np.arange(50)), atol=1e-5)
    np.testing.assert_allclose(pe[:, 6], np.sin(np.arange(50) / 10000 ** (6 / 8)), atol=1e-5)
    assert sinusoidal_encoding(jnp.zeros((2, 3)), 7).shape == (2, 3, 7)


def test_randomized_positions_sorted_distinct_and_in_range() -> None:
    draw = jax.jit(randomized_positions, static_argnums=(2, 3, 4))

    def full(b: int, n: int) -> jax.Array:
        return jnp.full((b,), n, jnp.int32)

    positions = np.asarray(draw(jax.random.PRNGKey(0), full(16, 20), 20, 64))
    assert positions.shape == (16, 20) and positions.dtype == np.int32
    assert np.all(np.diff(positions, axis=1) > 0)  # sorted, hence distinct
    assert positions.min() >= 0 and positions.max() < 64
    assert len({tuple(row) for row in positions}) == 16  # rows draw independently
    other = np.asarray(draw(jax.random.PRNGKey(1), full(16, 20), 20, 64))
    assert not np.array_equal(positions, other)
    np.testing.assert_array_equal(positions, draw(jax.random.PRNGKey(0), full(16, 20), 20, 64))
    everything = np.asarray(draw(jax.random.PRNGKey(2), full(2, 64), 64, 64))
    np.testing.assert_array_equal(everything, np.tile(np.arange(64), (2, 1)))
    # Uniform: over many draws every position is about equally often chosen.
    many = np.asarray(draw(jax.random.PRNGKey(3), full(2000, 8), 8, 64))
    counts = np.bincount(many.ravel(), None, 64)
    assert counts.min() > 0.7 * counts.mean() and counts.max() < 1.3 * counts.mean()
    with pytest.raises(ValueError, match="65.*64"):
        randomized_positions(jax.random.PRNGKey(0), full(1, 65), 65, 64)


def test_randomized_positions_ignore_padding_width() -> None:
    """A row's positions depend on its length only: padding never changes evaluation."""
    lengths = jnp.array([3, 7], jnp.int32)
    key = jax.random.PRNGKey(4)
    narrow = np.asarray(randomized_positions(key, lengths, 7, 64, shared=True))
    wide = np.asarray(randomized_positions(key, lengths, 20, 64, shared=True))
    np.testing.assert_array_equal(narrow[0, :3], wide[0, :3])
    np.testing.assert_array_equal(narrow[1], wide[1, :7])
    assert (wide[0, 3:] >= 64).all() and np.all(np.diff(narrow[1]) > 0)
    shared_rows = np.asarray(randomized_positions(key, jnp.array([5, 5]), 5, 64, shared=True))
    np.testing.assert_array_equal(shared_rows[0], shared_rows[1])


def test_randomized_model_deterministic_at_eval_random_in_training(params) -> None:
    x, lengths = tokens()
    apply, variables = APPLY["randomized"], {"params": params["randomized"]}
    base = apply(variables, x, lengths)
    rngs = {"dropout": jax.random.PRNGKey(5)}
    np.testing.assert_array_equal(base, apply(variables, x, lengths, rngs=rngs))
    one = apply(variables, x, lengths, train=True, rngs={"dropout": jax.random.PRNGKey(1)})
    two = apply(variables, x, lengths, train=True, rngs={"dropout": jax.random.PRNGKey(2)})
    assert not np.allclose(one, two) and not np.allclose(one, base)
    with pytest.raises(ValueError, match="65.*64"):
        jax.eval_shape(MODELS["randomized"].apply, variables, *tokens(n=65))
    # Evaluation does not depend on the padding width (the bucket a row lands in).
    short = jnp.array([N - 9, N - 3, N - 20], jnp.int32)
    padded = apply(variables, x, short)
    trimmed = apply(variables, x[:, : N - 3], short)
    np.testing.assert_allclose(padded[:, : N - 3], trimmed, atol=1e-5)


def test_relative_index_depends_only_on_clipped_distance() -> None:
    n, k = 9, 3
    index = np.asarray(relative_position_index(n, k))
    assert index.shape == (n, n) and index.min() == 0 and index.max() == 2 * k
    for i in range(n):
        for j in range(n):
            assert index[i, j] == min(max(j - i, -k), k) + k
    np.testing.assert_array_equal(index[2:, 2:], relative_position_index(n - 2, k))  # shift


def rev_batch(rng: np.random.Generator, batch: int, n: int = 5, symbols: int = 8):
    """rev: 5 random symbols in, the same reversed out, every position scored."""
    x = rng.integers(1, 1 + symbols, (batch, n))
    lengths, mask = np.full((batch,), n, np.int32), np.ones((batch, n), np.float32)
    return tuple(jnp.asarray(a) for a in (x.astype(np.int32), lengths, x[:, ::-1], mask))


def test_init_and_learns_to_reverse() -> None:
    start = time.time()
    model = Transformer(9, 9, num_layers=1, model_dim=32, num_heads=4, mlp_dim=64)
    rng = np.random.default_rng(0)
    batch = rev_batch(rng, 32)
    params = jax.jit(model.init)({"params": jax.random.PRNGKey(0)}, *batch[:2])["params"]
    final, loss = learn(model, params, optax.adam(3e-3), lambda r: rev_batch(r, 32), rng, 200)
    assert final > 0.95, (final, loss)
    assert time.time() - start < 60
