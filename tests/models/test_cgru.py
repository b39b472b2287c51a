"""The CGRU: hard sigmoid, values and every gradient of the hand-written backward pass against
JAX's autodiff of the same formula written with plain lax convolutions."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from algolearn.models.cgru import cgru, hard_sigmoid


def test_hard_sigmoid_matches_formula() -> None:
    x = np.linspace(-8, 8, 401).astype(np.float32)
    expected = np.clip(1.2 / (1 + np.exp(-x.astype(np.float64))) - 0.1, 0, 1)
    np.testing.assert_allclose(np.asarray(hard_sigmoid(jnp.asarray(x), 1.2)), expected, atol=1e-6)
    assert float(hard_sigmoid(jnp.asarray(-10.0), 1.2)) == 0.0
    assert float(hard_sigmoid(jnp.asarray(10.0), 1.2)) == 1.0


def autodiff_cgru(state, mask, gates_kernel, gates_bias, cand_kernel, cand_bias, cutoff):
    """The CGRU formula with lax convolutions and JAX's own gradients."""

    def conv(x, k):
        return jax.lax.conv_general_dilated(
            x, k, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC")
        )

    m = state.shape[-1]
    sig = cutoff * jax.nn.sigmoid(conv(state, gates_kernel) + gates_bias) - 0.5 * (cutoff - 1)
    gates = jnp.clip(sig, 0.0, 1.0)
    update, reset = gates[..., :m], gates[..., m:]
    cand = jnp.tanh(conv(reset * state, cand_kernel) + cand_bias)
    return (update * state + (1 - update) * cand) * mask


# m = 48 gives 2m = 96 gate channels: the im2col path of the kernel gradient.
@pytest.mark.parametrize(
    "kernel_size,m", [((3, 3), 3), ((1, 3), 3), ((3, 5), 3), ((5, 1), 3), ((3, 3), 48)]
)
def test_cgru_values_and_gradients_equal_autodiff(kernel_size, m) -> None:
    rng = np.random.default_rng(8)
    b, n, w = 3, 6, 4

    def normal(*shape, scale=1.0):
        return jnp.asarray(scale * rng.standard_normal(shape), jnp.float32)

    mask = (np.arange(n)[None] < np.array([6, 4, 2])[:, None]).astype(np.float32)
    mask = jnp.asarray(mask[:, :, None, None])  # rows of lengths 6, 4 and 2
    args = (
        normal(b, n, w, m) * mask,
        mask,
        normal(*kernel_size, m, 2 * m, scale=1.5),  # large: many gates saturate
        normal(2 * m) + 1.0,
        normal(*kernel_size, m, m),
        normal(m),
    )
    cotangent = normal(b, n, w, m)

    @jax.jit
    def values_and_grads(args, cotangent):
        out, vjp = jax.vjp(lambda *a: cgru(*a, 1.2), *args)
        expected_out, expected_vjp = jax.vjp(lambda *a: autodiff_cgru(*a, 1.2), *args)
        return out, expected_out, vjp(cotangent), expected_vjp(cotangent)

    out, expected_out, got, want = values_and_grads(args, cotangent)
    np.testing.assert_allclose(out, expected_out, rtol=1e-5, atol=1e-5)
    for i in (0, 2, 3, 4, 5):  # the mask (argument 1) comes from the lengths: not trained
        np.testing.assert_allclose(got[i], want[i], rtol=1e-4, atol=2e-4, err_msg=f"arg {i}")
    # Both branches of the hard sigmoid's slope are exercised: saturated and linear gates.
    pre = jax.lax.conv_general_dilated(
        args[0], args[2], (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC")
    )
    gates = np.asarray(hard_sigmoid(pre + args[3], 1.2))
    assert 0.05 < np.mean((gates == 0) | (gates == 1)) < 0.95
