"""lstm_attention: the encoder against numpy, length-free parameters, causality, padding, dropout,
and learning to reverse short strings.

Compiling dominates these tests on a CPU (`init` with its random draws most of all), so one small
model with random numpy parameters is shared, and the real `init` runs only in the learning test.
"""

from __future__ import annotations

import time

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from algolearn.models.lstm_attention import BiLSTMEncoder, LSTMAttention, source_lengths
from tests.models.learning import learn

V = 12
SEP = 1
MODEL = LSTMAttention(V, V, SEP, embed_dim=8, hidden=16, num_layers=2, dropout=0.5)
apply = jax.jit(MODEL.apply, static_argnames="train")


def read_then_write(b=3, n=12, source=5, seed=0):
    """Random symbols (>= 2) with the separator at position `source` of every row."""
    x = np.random.default_rng(seed).integers(2, V, (b, n))
    x[:, source] = SEP
    return jnp.asarray(x, jnp.int32), jnp.full((b,), n, jnp.int32)


def random_params(module, *args, scale=0.5):
    """Uniform random parameters of `module`'s shapes (no compiled `init`)."""
    shapes = jax.eval_shape(module.init, jax.random.PRNGKey(0), *args)["params"]
    rng = np.random.default_rng(0)
    return jax.tree.map(lambda s: rng.uniform(-scale, scale, s.shape).astype(np.float32), shapes)


@pytest.fixture(scope="module")
def params():
    return random_params(MODEL, *read_then_write(n=8, source=3))  # shapes from a short length


def test_source_lengths() -> None:
    x = jnp.asarray([[2, 3, SEP, 4, SEP], [2, 3, 4, 5, 6], [SEP, 2, 3, 0, 0], [2, 3, 0, SEP, 0]])
    lengths = jnp.asarray([5, 5, 3, 2])
    np.testing.assert_array_equal(source_lengths(x, lengths, SEP), [2, 5, 0, 2])


def numpy_lstm(x, w_x, w_h, bias):
    """Plain LSTM over x [time, in] from a zero state: [time, hidden]."""
    sigmoid = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
    h = c = np.zeros(w_h.shape[0])
    out = []
    for x_t in x:
        i, f, g, o = np.split(x_t @ w_x + h @ w_h + bias, 4)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(h)
    return np.stack(out)


def test_bidirectional_encoder_matches_numpy_on_each_rows_source() -> None:
    encoder = BiLSTMEncoder(4, 0.5)
    x = np.random.default_rng(1).normal(size=(2, 6, 3)).astype(np.float32)
    lengths = jnp.asarray([3, 6])
    variables = {"params": random_params(encoder, x, lengths)}
    out = np.asarray(jax.jit(encoder.apply)(variables, x, lengths))  # [2, 6, 8]
    p = jax.tree.map(np.asarray, variables["params"])
    for row, length in enumerate([3, 6]):
        src = x[row, :length]
        fwd = numpy_lstm(src, p["w_x"][0], p["w_h"][0], p["bias"][0])
        bwd = numpy_lstm(src[::-1], p["w_x"][1], p["w_h"][1], p["bias"][1])[::-1]
        np.testing.assert_allclose(out[row, :length, :4], fwd, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(out[row, :length, 4:], bwd, rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(out[row, length:], 0.0)


def test_shapes_and_parameters_do_not_depend_on_length(params) -> None:
    assert set(params) == {
        "embed",
        "encoder",
        "encoder_proj",
        "decoder_0",
        "decoder_1",
        "attention",
        "combine",
        "readout",
    }
    assert params["encoder"]["w_h"].shape == (2, 16, 64)
    assert params["decoder_1"]["w_x"].shape == (16, 64)
    assert params["encoder_proj"]["kernel"].shape == (32, 16)
    long_x, long_lengths = read_then_write(n=40, source=17)
    logits = apply({"params": params}, long_x, long_lengths)
    assert logits.shape == (3, 40, V) and logits.dtype == jnp.float32
    assert np.all(np.isfinite(logits))


def test_causal_on_the_target_side_and_reads_the_source(params) -> None:
    x, lengths = read_then_write(n=12, source=5)
    base = apply({"params": params}, x, lengths)
    for p in (5, 6, 9):
        future = x.at[:, p + 1 :].set((x[:, p + 1 :] + 3) % (V - 2) + 2)  # symbols stay >= 2
        changed = apply({"params": params}, future, lengths)
        np.testing.assert_array_equal(base[:, : p + 1], changed[:, : p + 1])
        assert not np.allclose(base[:, p + 1 :], changed[:, p + 1 :])
    # A later separator in the target does not move the source boundary.
    changed = apply({"params": params}, x.at[:, 8].set(SEP), lengths)
    np.testing.assert_array_equal(base[:, :8], changed[:, :8])
    # Every source token, the first one included, reaches every target position.
    for s in (0, 4):
        source_changed = x.at[:, s].set((x[:, s] + 1) % (V - 2) + 2)
        changed = apply({"params": params}, source_changed, lengths)
        diff = np.abs(np.asarray(base - changed)).max(axis=(0, 2))  # [n]
        assert np.all(diff[5:] > 0)


def test_padding_does_not_reach_valid_positions(params) -> None:
    x, _ = read_then_write(n=12, source=4)
    lengths = jnp.asarray([12, 9, 7], jnp.int32)
    base = apply({"params": params}, x, lengths)
    positions = jnp.arange(12)[None, :]
    padded = jnp.where(positions >= lengths[:, None], 0, x)
    garbage = jnp.where(positions >= lengths[:, None], SEP, x)
    for other in (padded, garbage):
        np.testing.assert_array_equal(base, apply({"params": params}, other, lengths))
    np.testing.assert_array_equal(base[1, 9:], 0.0)
    # No separator among the valid positions (the whole row is the source), or an empty source.
    no_sep = x.at[2, 4].set(3)
    assert np.all(np.isfinite(apply({"params": params}, no_sep, lengths)))
    empty_source = x.at[:, 0].set(SEP)
    assert np.all(np.isfinite(apply({"params": params}, empty_source, lengths)))


def test_dropout_only_in_training(params) -> None:
    x, lengths = read_then_write()
    base = apply({"params": params}, x, lengths)
    np.testing.assert_array_equal(base, apply({"params": params}, x, lengths))
    rngs = {"dropout": jax.random.PRNGKey(3)}
    np.testing.assert_array_equal(base, apply({"params": params}, x, lengths, rngs=rngs))
    one = apply({"params": params}, x, lengths, train=True, rngs={"dropout": jax.random.PRNGKey(1)})
    two = apply({"params": params}, x, lengths, train=True, rngs={"dropout": jax.random.PRNGKey(2)})
    assert not np.allclose(one, base) and not np.allclose(one, two)


def reversal_batch(rng: np.random.Generator, batch: int, symbols: int = 4):
    """x_1..x_k SEP y_1..y_{k-1}, y = reversed x, k in {3, 4}; scored: positions k .. 2k - 1."""
    n = 8
    inputs = np.zeros((batch, n), np.int32)
    targets = np.zeros((batch, n), np.int32)
    mask = np.zeros((batch, n), np.float32)
    lengths = np.zeros((batch,), np.int32)
    for row in range(batch):
        k = int(rng.integers(3, 5))
        x = rng.integers(2, 2 + symbols, k)
        y = x[::-1]
        inputs[row, : 2 * k] = np.concatenate([x, [SEP], y[:-1]])
        targets[row, k : 2 * k] = y
        mask[row, k : 2 * k] = 1.0
        lengths[row] = 2 * k
    return tuple(jnp.asarray(a) for a in (inputs, lengths, targets, mask))


def test_init_and_learns_to_reverse_short_strings() -> None:
    start = time.time()
    model = LSTMAttention(6, 6, SEP, embed_dim=16, hidden=32, init_scale=0.3)
    rng = np.random.default_rng(0)
    batch = reversal_batch(rng, 32)
    params = jax.jit(model.init)({"params": jax.random.PRNGKey(0)}, *batch[:2])["params"]
    assert params["encoder"]["w_x"].shape == (2, 16, 128)
    for leaf in jax.tree.leaves(params):
        assert float(jnp.max(jnp.abs(leaf))) <= 0.3  # U[-init_scale, init_scale]
    assert float(jnp.max(params["readout"]["kernel"])) > 0.25  # uniform, not tiny
    final, loss = learn(model, params, optax.adam(1e-2), lambda r: reversal_batch(r, 32), rng, 200)
    assert final > 0.95, (final, loss)
    assert time.time() - start < 60
