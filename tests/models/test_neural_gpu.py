"""NeuralGPU: shapes, masking, a numpy reference, bucket invariance, parameter sets, dropout.

One tiny model (filters 4, width 4, r = 2) and lengths <= 12. Parameters are random numpy
arrays of the model's shapes with the r relaxed copies all different: compiling `init` costs
~10 s on CPU, so the initial values (equal copies) are checked on the training loop's own
initial state, in tests/training/test_loop.py.
"""

from __future__ import annotations

import jax
import numpy as np
import pytest

from algolearn.models.neural_gpu import scaled_keep_mask
from tests.models.neural_gpu_fixtures import (
    VOCAB,
    R,
    apply,
    make_model,
    param_shapes,
    random_params,
    random_tokens,
    with_sets,
)


@pytest.fixture(scope="module")
def params():
    return random_params()


# ---------------------------------------------------------------------------------------------
# A plain numpy reference for one unpadded example.


def _np_conv(x, kernel):
    """SAME cross-correlation of x [n, w, c] with kernel [kh, kw, c, o] (as lax.conv does)."""
    kh, kw = kernel.shape[:2]
    n, w, _ = x.shape
    padded = np.pad(x, ((kh // 2, kh // 2), (kw // 2, kw // 2), (0, 0)))
    out = np.zeros((n, w, kernel.shape[-1]))
    for dy in range(kh):
        for dx in range(kw):
            out += padded[dy : dy + n, dx : dx + w] @ kernel[dy, dx]
    return out


def reference_logits(params, tokens, width=4, cgrus=2, cutoff=1.2, steps=None):
    """Neural GPU on one example of length L: L steps (or `steps`), step t uses copy t mod r."""
    p = jax.tree.map(lambda a: np.asarray(a, np.float64), params)
    rel = p["relaxed"]
    r = rel["gates_kernel"].shape[0]
    m = p["embed"]["embedding"].shape[1]
    length = len(tokens)
    state = np.zeros((length, width, m))
    state[:, 0] = p["embed"]["embedding"][tokens]
    if "input_conv" in p:  # input_layer="tanh_conv1x1"
        state[:, 0] = np.tanh(state[:, 0]) @ p["input_conv"]["kernel"] + p["input_conv"]["bias"]

    def hsig(x):
        return np.clip(cutoff / (1 + np.exp(-x)) - (cutoff - 1) / 2, 0, 1)

    for t in range(length if steps is None else steps):
        for layer in range(cgrus):
            j = t % r
            gates = hsig(
                _np_conv(state, rel["gates_kernel"][j, layer]) + rel["gates_bias"][j, layer]
            )
            update, reset = gates[..., :m], gates[..., m:]
            cand = np.tanh(
                _np_conv(reset * state, rel["cand_kernel"][j, layer]) + rel["cand_bias"][j, layer]
            )
            state = update * state + (1 - update) * cand
    return state[:, 0] @ p["readout"]["kernel"] + p["readout"]["bias"]


# ---------------------------------------------------------------------------------------------


def test_param_shapes() -> None:
    shapes = param_shapes(make_model())
    assert shapes["relaxed"] == {
        "gates_kernel": (R, 2, 3, 3, 4, 8),
        "gates_bias": (R, 2, 8),
        "cand_kernel": (R, 2, 3, 3, 4, 4),
        "cand_bias": (R, 2, 4),
    }
    assert shapes["embed"] == {"embedding": (VOCAB, 4)}
    assert shapes["readout"] == {"kernel": (4, VOCAB), "bias": (VOCAB,)}
    assert param_shapes(make_model(num_param_sets=6))["relaxed"]["cand_kernel"][0] == 6


def test_shape_and_zeros_past_lengths(params) -> None:
    rng = np.random.default_rng(1)
    lengths = np.array([8, 5, 1, 0], np.int32)
    logits = apply(make_model(), params, random_tokens(rng, 4, 8), lengths)
    assert logits.shape == (4, 8, VOCAB)
    assert logits.dtype == np.float32
    for row, length in enumerate(lengths):
        assert np.all(logits[row, length:] == 0.0)
        assert np.all(np.abs(logits[row, :length]).sum(-1) > 0)


@pytest.mark.parametrize("r", [2, 3])
def test_matches_numpy_reference(params, r) -> None:
    """Unpadded and padded rows equal a from-scratch implementation using copy t mod r."""
    p = with_sets(params, r)
    rng = np.random.default_rng(2)
    inputs = random_tokens(rng, 3, 8)
    lengths = np.array([8, 5, 2], np.int32)
    logits = apply(make_model(num_param_sets=r), p, inputs, lengths)
    for row, length in enumerate(lengths):
        expected = reference_logits(p, inputs[row, :length])
        np.testing.assert_allclose(logits[row, :length], expected, rtol=1e-4, atol=1e-4)


def test_extra_steps_run_each_row_longer(params) -> None:
    """extra_steps=k: every row runs L + k steps, in training and evaluation alike."""
    rng = np.random.default_rng(11)
    inputs = random_tokens(rng, 3, 8)
    lengths = np.array([8, 5, 2], np.int32)
    model = make_model(extra_steps=3)
    logits = apply(model, params, inputs, lengths)
    np.testing.assert_array_equal(logits, apply(model, params, inputs, lengths, True))
    for row, length in enumerate(lengths):
        expected = reference_logits(params, inputs[row, :length], steps=length + 3)
        np.testing.assert_allclose(logits[row, :length], expected, rtol=1e-4, atol=1e-4)
        assert np.all(logits[row, length:] == 0.0)
        plain = reference_logits(params, inputs[row, :length])
        assert not np.allclose(logits[row, :length], plain, atol=1e-3)


def test_random_extra_steps_in_training_only(params) -> None:
    """random_extra_steps=k: in training each row runs L + U{0..k} steps (the draw follows the
    dropout key); evaluation runs exactly L steps."""
    k = 3
    model = make_model(random_extra_steps=k)
    rng = np.random.default_rng(12)
    inputs = random_tokens(rng, 6, 6)
    lengths = np.array([6, 5, 4, 6, 3, 2], np.int32)
    np.testing.assert_array_equal(
        apply(model, params, inputs, lengths), apply(make_model(), params, inputs, lengths)
    )
    drawn = set()
    for seed in range(3):
        key = jax.random.PRNGKey(seed)
        logits = apply(model, params, inputs, lengths, True, key)
        np.testing.assert_array_equal(logits, apply(model, params, inputs, lengths, True, key))
        for row, length in enumerate(lengths):
            matches = [
                extra
                for extra in range(k + 1)
                if np.allclose(
                    logits[row, :length],
                    reference_logits(params, inputs[row, :length], steps=length + extra),
                    rtol=1e-4,
                    atol=1e-4,
                )
            ]
            assert len(matches) == 1, (seed, row, matches)
            drawn.add(matches[0])
    assert len(drawn) >= 3  # 18 draws from U{0..3}


def test_tanh_conv1x1_input_layer_matches_numpy_reference(params) -> None:
    """input_layer="tanh_conv1x1": column 0 gets tanh(embedding) through a 1x1 convolution."""
    model = make_model(input_layer="tanh_conv1x1")
    shapes = param_shapes(model)
    assert shapes["input_conv"] == {"kernel": (4, 4), "bias": (4,)}
    rng = np.random.default_rng(7)
    conv = {
        "kernel": rng.standard_normal((4, 4)).astype(np.float32),
        "bias": rng.standard_normal(4).astype(np.float32),
    }
    full = {**params, "input_conv": conv}
    tokens = random_tokens(rng, 2, 7)
    lengths = [7, 5]
    got = apply(model, full, tokens, lengths)
    for row, length in enumerate(lengths):
        want = reference_logits(full, tokens[row, :length])
        np.testing.assert_allclose(got[row, :length], want, rtol=2e-4, atol=2e-4)
    # The plain model ignores no parameters: the 1x1 layer changes the logits.
    assert np.abs(got - apply(make_model(), params, tokens, lengths)).max() > 1e-2


def test_unknown_input_layer_raises(params) -> None:
    with pytest.raises(ValueError, match="input_layer"):
        apply(make_model(input_layer="conv"), params, np.ones((1, 3)), [3])


def test_negative_extra_steps_raise(params) -> None:
    with pytest.raises(ValueError, match="extra_steps"):
        apply(make_model(extra_steps=-1), params, np.ones((1, 3)), [3])


def test_bucket_invariance_and_padding_garbage(params) -> None:
    model = make_model()
    rng = np.random.default_rng(3)
    lengths = np.array([5, 7, 3, 1], np.int32)
    seqs = random_tokens(rng, 4, 7)
    # Each sequence alone, padded to exactly its own length (n = L): no padding at all.
    alone = [apply(model, params, seqs[i : i + 1, :n], [n])[0] for i, n in enumerate(lengths)]
    for n in (8, 12):
        padded = np.zeros((4, n), np.int32)
        garbage = random_tokens(rng, 4, n)
        for i, length in enumerate(lengths):
            padded[i, :length] = seqs[i, :length]
            garbage[i, :length] = seqs[i, :length]
        for inputs in (padded, garbage):
            logits = apply(model, params, inputs, lengths)
            for i, length in enumerate(lengths):
                np.testing.assert_allclose(logits[i, :length], alone[i], atol=1e-5, rtol=1e-5)
                assert np.all(logits[i, length:] == 0.0)


def test_rows_are_independent(params) -> None:
    model = make_model()
    rng = np.random.default_rng(4)
    inputs = random_tokens(rng, 4, 8)
    lengths = np.array([6, 8, 3, 7], np.int32)
    base = apply(model, params, inputs, lengths)
    other_inputs = random_tokens(rng, 4, 8)
    other_inputs[0] = inputs[0]
    other_lengths = np.array([6, 1, 8, 2], np.int32)
    changed = apply(model, params, other_inputs, other_lengths)
    np.testing.assert_allclose(changed[0], base[0], atol=1e-6)
    assert not np.allclose(changed[1], base[1])


def test_step_t_uses_set_t_mod_r(params) -> None:
    """With r = 6 and an example of length 3 (padded to 8), only sets 0..2 matter."""
    r = 6
    p = with_sets(params, r)
    model = make_model(num_param_sets=r)
    rng = np.random.default_rng(5)
    inputs = random_tokens(rng, 2, 8)
    lengths = np.array([3, 8], np.int32)
    base = apply(model, p, inputs, lengths)
    for j in range(r):
        bumped = jax.tree.map(np.copy, p)
        bumped["relaxed"]["cand_kernel"][j] += 0.5
        out = apply(model, bumped, inputs, lengths)
        short_changed = not np.allclose(out[0], base[0], atol=1e-6)
        assert short_changed == (j < 3), j
        assert not np.allclose(out[1], base[1], atol=1e-6), j  # length 8 uses every set


def test_dropout(params) -> None:
    model = make_model(dropout=0.3)
    rng = np.random.default_rng(7)
    inputs = random_tokens(rng, 4, 8)
    lengths = np.array([8, 8, 4, 2], np.int32)
    clean = apply(model, params, inputs, lengths)
    np.testing.assert_array_equal(clean, apply(make_model(), params, inputs, lengths))

    def train(seed):
        return apply(model, params, inputs, lengths, True, jax.random.PRNGKey(seed))

    a, a_again, b = train(0), train(0), train(1)
    np.testing.assert_array_equal(a, a_again)
    assert not np.allclose(a, clean)
    assert not np.allclose(a, b)
    for row, length in enumerate(lengths):
        assert np.all(a[row, length:] == 0.0)
    # dropout = 0 trains deterministically, with no rng needed.
    np.testing.assert_array_equal(apply(make_model(), params, inputs, lengths, True), clean)


@pytest.mark.parametrize("keep", [0.5, 0.9707, 0.999])
def test_scaled_keep_mask_rate_and_scale(keep) -> None:
    """Dropout masks keep each entry with probability `keep` (to 2^-16) and have mean 1."""
    shape = (7, 31, 4, 29)  # odd size: the last 16-bit half is unused
    mask = np.asarray(scaled_keep_mask(jax.random.key(0), keep, shape))
    assert mask.shape == shape and mask.dtype == np.float32
    kept = mask > 0
    size = kept.size
    assert abs(kept.mean() - keep) < 4.5 * np.sqrt(keep * (1 - keep) / size) + 2**-16
    np.testing.assert_allclose(np.unique(mask[kept]), [1.0 / (round(keep * 65536) / 65536)])
    np.testing.assert_array_equal(mask, scaled_keep_mask(jax.random.key(0), keep, shape))
    other = np.asarray(scaled_keep_mask(jax.random.key(1), keep, shape))
    assert not np.array_equal(mask, other)
    # Neighbouring entries (two halves of one random word) are not correlated.
    a, b = kept.reshape(-1)[0:-1:2], kept.reshape(-1)[1::2]
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.02
