"""The LSTM of "Learning to Execute" (Zaremba & Sutskever 2014).

A stack of LSTM layers reads the program and then the target, and predicts every next
character (teacher forcing; the loop masks out everything but the target). All weights are
uniform in [-init_scale, init_scale] (0.08 in the paper). Dropout touches only non-recurrent
connections (Zaremba, Sutskever & Vinyals 2014): the embedding, between layers and before the
read-out. `forget_bias` (0 in the paper) is added to the forget gate's initial bias, the
usual trick (Gers et al. 2000; Jozefowicz et al. 2015) to keep memory from the start. Each
layer computes its input projections for all time steps as one matmul and scans
only the recurrent part, which is what makes it fast on a CPU.
"""

from __future__ import annotations

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp

Array = jax.Array


def symmetric_uniform(scale: float) -> nn.initializers.Initializer:
    """U[-scale, scale] (flax's `uniform` is U[0, scale))."""

    def init(key: Array, shape, dtype=jnp.float32) -> Array:
        return jax.random.uniform(key, shape, dtype, -scale, scale)

    return init


class LSTMLayer(nn.Module):
    """One LSTM layer over a whole sequence: [batch, time, in] -> [batch, time, hidden]."""

    hidden: int
    init_scale: float
    forget_bias: float = 0.0

    @nn.compact
    def __call__(self, x: Array) -> Array:
        init = symmetric_uniform(self.init_scale)
        w_x = self.param("w_x", init, (x.shape[-1], 4 * self.hidden))
        w_h = self.param("w_h", init, (self.hidden, 4 * self.hidden))
        bias = self.param("bias", self._bias_init(init), (4 * self.hidden,))  # gates i, f, g, o
        gates_x = jnp.einsum("bti,ig->tbg", x, w_x) + bias  # [time, batch, 4 hidden]

        def step(carry, gx):
            h, c = carry
            i, f, g, o = jnp.split(gx + h @ w_h, 4, axis=-1)
            c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), h

        zeros = jnp.zeros((x.shape[0], self.hidden), x.dtype)
        _, hs = jax.lax.scan(step, (zeros, zeros), gates_x)  # [time, batch, hidden]
        return jnp.swapaxes(hs, 0, 1)

    def _bias_init(self, init: nn.initializers.Initializer) -> nn.initializers.Initializer:
        """`init`, plus forget_bias on the forget gate's quarter of the bias."""

        def bias_init(key: Array, shape, dtype=jnp.float32) -> Array:
            shift = jnp.zeros(shape, dtype).at[self.hidden : 2 * self.hidden].set(self.forget_bias)
            return init(key, shape, dtype) + shift

        return bias_init


class LSTMExecute(nn.Module):
    """Character LSTM: inputs [batch, n] ids -> logits [batch, n, output_vocab_size]."""

    input_vocab_size: int
    output_vocab_size: int
    embed_dim: int = 400
    hidden: int = 400
    num_layers: int = 2
    init_scale: float = 0.08
    dropout: float = 0.0
    forget_bias: float = 0.0

    @nn.compact
    def __call__(self, inputs: Array, lengths: Array, train: bool = False) -> Array:
        chex.assert_rank(inputs, 2)
        chex.assert_shape(lengths, (inputs.shape[0],))
        init = symmetric_uniform(self.init_scale)
        x = nn.Embed(self.input_vocab_size, self.embed_dim, embedding_init=init)(inputs)
        for layer in range(self.num_layers):
            x = nn.Dropout(self.dropout, deterministic=not train)(x)
            x = LSTMLayer(self.hidden, self.init_scale, self.forget_bias, name=f"lstm_{layer}")(x)
        x = nn.Dropout(self.dropout, deterministic=not train)(x)  # [batch, n, hidden]
        logits = nn.Dense(self.output_vocab_size, kernel_init=init, bias_init=init)(x)
        chex.assert_shape(logits, (*inputs.shape, self.output_vocab_size))
        return logits
