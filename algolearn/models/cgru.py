"""The convolutional GRU of the Neural GPU, with a hand-written backward pass.

s' = u*s + (1-u)*tanh(W*(r*s) + B), u and r hard sigmoids of one convolution with 2m outputs;
* is an odd-sized SAME convolution over (length, width). The backward pass stores only the
input state and the two convolutions' pre-activations (4m floats per cell; XLA's autodiff kept
~16m) and recomputes the elementwise gates; it computes the convolutions' gradients as a
convolution (input) and matmuls (kernel), because XLA:CPU runs its own convolution gradients
inside `lax.scan` loops ~7x slower than a forward convolution. Both changes were measured on
CPU (WORKSPACE_NOTES.md, "Neural GPU speed"); the gradients equal autodiff's (tested).
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

Array = jax.Array


def hard_sigmoid(x: Array, cutoff: float) -> Array:
    """sigma_c(x) = clip(cutoff * sigmoid(x) - (cutoff - 1) / 2, 0, 1); cutoff 1.2 in the paper."""
    return jnp.clip(cutoff * jax.nn.sigmoid(x) - 0.5 * (cutoff - 1.0), 0.0, 1.0)


def _hard_sigmoid_slope(x: Array, cutoff: float) -> Array:
    """d hard_sigmoid / dx: cutoff * sigmoid' inside the clip range, 0 where it saturates."""
    sig = jax.nn.sigmoid(x)
    linear = cutoff * sig - 0.5 * (cutoff - 1.0)
    return jnp.where((linear > 0.0) & (linear < 1.0), cutoff * sig * (1.0 - sig), 0.0)


def conv(x: Array, kernel: Array) -> Array:
    """SAME convolution over (length, width): x [b, n, w, c_in], kernel HWIO [kh, kw, c_in, o]."""
    return jax.lax.conv_general_dilated(
        x,
        kernel,
        window_strides=(1, 1),
        padding="SAME",
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
    )


def conv_input_grad(grad: Array, kernel: Array) -> Array:
    """d(conv)/d(x): SAME convolution with the spatially flipped, in/out-swapped kernel."""
    return conv(grad, jnp.flip(kernel, (0, 1)).swapaxes(2, 3))


def conv_kernel_grad(x: Array, grad: Array, kh: int, kw: int) -> Array:
    """d(conv)/d(kernel) [kh, kw, c_in, c_out] as matmuls.

    Narrow outputs (c_out < 96): rows are (batch, position) pairs zero-padded along the length
    so that length shift i is a contiguous slice; one matmul per i gives every (input column,
    output column) pair and the kw width offsets are its diagonals (~1.3x the FLOPs, no
    copies). Wide outputs: neighbours gathered (im2col) into one matmul, exact FLOPs. The
    crossover was measured on CPU (WORKSPACE_NOTES.md): rows 7% faster at m=24, 9% slower at
    m=128.
    """
    b, n, w, c_in = x.shape
    c_out = grad.shape[-1]
    ph, pw = kh // 2, kw // 2
    if c_out >= 96:
        xp = jnp.pad(x, ((0, 0), (ph, ph), (pw, pw), (0, 0)))
        cols = jnp.concatenate(
            [xp[:, i : i + n, j : j + w, :] for i in range(kh) for j in range(kw)], axis=-1
        )  # [b, n, w, kh*kw*c_in]
        return jnp.einsum("bnwc,bnwo->co", cols, grad).reshape(kh, kw, c_in, c_out)
    xp = jnp.pad(x, ((0, 0), (ph, ph), (0, 0), (0, 0))).reshape(b * (n + 2 * ph), w * c_in)
    gp = jnp.pad(grad, ((0, 0), (ph, ph), (0, 0), (0, 0))).reshape(b * (n + 2 * ph), w * c_out)
    rows = b * (n + 2 * ph) - 2 * ph
    g = gp[ph : ph + rows]  # output rows; rows at padded positions are zero
    taps = []
    for i in range(kh):
        pairs = jnp.dot(xp[i : i + rows].T, g).reshape(w, c_in, w, c_out)  # [w_in, c, w_out, o]
        for j in range(kw):
            d = j - pw  # input column = output column + d
            out_cols = np.arange(max(0, -d), min(w, w - d))
            taps.append(pairs[out_cols + d, :, out_cols, :].sum(0))  # [c_in, c_out]
    return jnp.stack(taps).reshape(kh, kw, c_in, c_out)


def _forward(state, position_mask, gates_kernel, gates_bias, cand_kernel, cand_bias, cutoff):
    m = state.shape[-1]
    gates_pre = conv(state, gates_kernel) + gates_bias  # [b, n, w, 2m]
    gates = hard_sigmoid(gates_pre, cutoff)
    update, reset = gates[..., :m], gates[..., m:]
    cand_pre = conv(reset * state, cand_kernel) + cand_bias  # [b, n, w, m]
    new_state = update * state + (1.0 - update) * jnp.tanh(cand_pre)
    residuals = (state, position_mask, gates_pre, cand_pre, gates_kernel, cand_kernel)
    return new_state * position_mask, residuals


@functools.partial(jax.custom_vjp, nondiff_argnums=(6,))
def cgru(
    state: Array,  # [b, n, w, m]
    position_mask: Array,  # [b, n, 1, 1]: 1 at valid positions, 0 at padding
    gates_kernel: Array,  # [kh, kw, m, 2m]: update gate, then reset gate
    gates_bias: Array,  # [2m]
    cand_kernel: Array,  # [kh, kw, m, m]
    cand_bias: Array,  # [m]
    cutoff: float,
) -> Array:
    """One CGRU: s' = u*s + (1-u)*tanh(W*(r*s) + B), padded positions held at 0."""
    return _forward(state, position_mask, gates_kernel, gates_bias, cand_kernel, cand_bias, cutoff)[
        0
    ]


def _backward(cutoff: float, residuals: tuple, grad: Array) -> tuple:
    state, position_mask, gates_pre, cand_pre, gates_kernel, cand_kernel = residuals
    m = state.shape[-1]
    kh, kw = gates_kernel.shape[:2]
    gates = hard_sigmoid(gates_pre, cutoff)
    update, reset = gates[..., :m], gates[..., m:]
    cand = jnp.tanh(cand_pre)
    grad = grad * position_mask  # cotangent of the unmasked new state
    d_cand_pre = grad * (1.0 - update) * (1.0 - cand * cand)
    d_reset_state = conv_input_grad(d_cand_pre, cand_kernel)  # d(r*s)
    d_gates_pre = jnp.concatenate(
        [grad * (state - cand), d_reset_state * state], axis=-1
    ) * _hard_sigmoid_slope(gates_pre, cutoff)
    d_state = grad * update + d_reset_state * reset + conv_input_grad(d_gates_pre, gates_kernel)
    return (
        d_state,
        jnp.zeros_like(position_mask),  # the mask comes from the lengths: not trained
        conv_kernel_grad(state, d_gates_pre, kh, kw),
        jnp.sum(d_gates_pre, axis=(0, 1, 2)),
        conv_kernel_grad(reset * state, d_cand_pre, kh, kw),
        jnp.sum(d_cand_pre, axis=(0, 1, 2)),
    )


cgru.defvjp(_forward, _backward)
