"""LSTM+A: the encoder-decoder LSTM with attention of Vinyals et al. (2015), as the Neural GPU
paper (Kaiser & Sutskever 2015) uses it as a baseline, run on one flat "read then write" sequence.

A row holds the source tokens, a separator token, then the teacher-forced target (the target at a
scored position p is the input at p + 1). The source is the prefix before the first separator
(the whole row if there is none). A bidirectional LSTM encodes the source; its backward direction
starts at each row's own source end, so neither padding nor the target reaches the encoder. A
causal LSTM stack (the decoder) reads every position of the row, and at each position attends
over the encoder states with Luong "general" attention (score = d^T W_a e, masked to the source;
Vinyals et al. use additive attention, the bilinear form is cheaper at long lengths). The read-out
is Dense(tanh(Dense([d; context]))). The logits at position p depend on the source and on
inputs[:, :p + 1] only (tested).

All weights are uniform in [-init_scale, init_scale] (as in `lstm_execute`). Dropout touches only
non-recurrent connections: the embeddings, between decoder layers, and before the read-out.
"""

from __future__ import annotations

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp

from algolearn.models.lstm_execute import LSTMLayer, symmetric_uniform

Array = jax.Array


def source_lengths(inputs: Array, lengths: Array, separator_id: int) -> Array:
    """Index of each row's first separator among its valid positions, else the row length."""
    n = inputs.shape[1]
    valid = jnp.arange(n)[None, :] < lengths[:, None]  # [batch, n]
    is_sep = (inputs == separator_id) & valid  # [batch, n]
    first = jnp.argmax(is_sep, axis=1).astype(jnp.int32)  # [batch]
    return jnp.where(jnp.any(is_sep, axis=1), first, lengths.astype(jnp.int32))


class BiLSTMEncoder(nn.Module):
    """Bidirectional LSTM over positions < lengths: [b, n, in] -> [b, n, 2 hidden] (fwd; bwd).

    Both directions run in one scan (direction is a leading axis of the weights and the state).
    The state stays zero at positions >= lengths, so the backward direction, which scans from
    the last position down, starts at each row's own end. Outputs there are zero.
    """

    hidden: int
    init_scale: float

    @nn.compact
    def __call__(self, x: Array, lengths: Array) -> Array:
        init = symmetric_uniform(self.init_scale)
        h = self.hidden
        w_x = self.param("w_x", init, (2, x.shape[-1], 4 * h))  # [direction, in, 4 hidden]
        w_h = self.param("w_h", init, (2, h, 4 * h))
        bias = self.param("bias", init, (2, 4 * h))
        gates_x = jnp.einsum("bti,dig->dtbg", x, w_x) + bias[:, None, None, :]  # [2, n, b, 4h]
        active = jnp.arange(x.shape[1])[:, None] < lengths[None, :]  # [n, b]
        # Direction 1 reads time backwards: step t of the scan is position n - 1 - t.
        gates_x = jnp.stack([gates_x[0], gates_x[1, ::-1]], axis=1)  # [n, 2, b, 4h]
        active = jnp.stack([active, active[::-1]], axis=1)[..., None]  # [n, 2, b, 1]

        def step(carry, inputs):
            gx, on = inputs  # [2, b, 4h], [2, b, 1]
            h_prev, c_prev = carry  # [2, b, h] each
            gates = gx + jnp.einsum("dbh,dhg->dbg", h_prev, w_h)
            i, f, g, o = jnp.split(gates, 4, axis=-1)
            c = jax.nn.sigmoid(f) * c_prev + jax.nn.sigmoid(i) * jnp.tanh(g)
            h_new = jax.nn.sigmoid(o) * jnp.tanh(c)
            out = jnp.where(on, h_new, 0.0)
            return (jnp.where(on, h_new, h_prev), jnp.where(on, c, c_prev)), out

        zeros = jnp.zeros((2, x.shape[0], h), x.dtype)
        _, hs = jax.lax.scan(step, (zeros, zeros), (gates_x, active))  # [n, 2, b, h]
        both = jnp.concatenate([hs[:, 0], hs[::-1, 1]], axis=-1)  # [n, b, 2h]
        return jnp.swapaxes(both, 0, 1)  # [b, n, 2 hidden]


class LSTMAttention(nn.Module):
    """LSTM+A: inputs [batch, n] ids -> logits [batch, n, output_vocab_size], causal after SEP.

    Attributes:
      input_vocab_size / output_vocab_size: token vocabularies of the task (token 0 is PAD).
      separator_id: the token that ends the source; the first one in a row splits it.
      embed_dim: embedding size (encoder and decoder share one embedding table).
      hidden: LSTM size (each encoder direction, each decoder layer) and attention size.
      num_layers: decoder LSTM layers (the encoder is one bidirectional layer).
      dropout: rate on non-recurrent connections, only when train=True (rng stream "dropout").
      init_scale: every weight is U[-init_scale, init_scale].
    """

    input_vocab_size: int
    output_vocab_size: int
    separator_id: int
    embed_dim: int = 64
    hidden: int = 128
    num_layers: int = 1
    dropout: float = 0.0
    init_scale: float = 0.1

    @nn.compact
    def __call__(self, inputs: Array, lengths: Array, train: bool = False) -> Array:
        """inputs: int32 [b, n] token ids; lengths: int32 [b] valid length of each row.

        Returns float32 logits [b, n, output_vocab_size]; rows are zero past `lengths`.
        """
        chex.assert_rank(inputs, 2)
        batch, n = inputs.shape
        chex.assert_shape(lengths, (batch,))
        init = symmetric_uniform(self.init_scale)
        h = self.hidden

        def drop(x: Array) -> Array:
            return nn.Dropout(self.dropout, deterministic=not train)(x)

        src_len = source_lengths(inputs, lengths, self.separator_id)  # [b]
        src_valid = jnp.arange(n)[None, :] < src_len[:, None]  # [b, n]
        embed = nn.Embed(self.input_vocab_size, self.embed_dim, embedding_init=init, name="embed")
        embedded = embed(inputs)  # [b, n, embed_dim]

        # Encoder: bidirectional LSTM over the source only, projected to `hidden`.
        enc_in = drop(embedded)
        both = BiLSTMEncoder(h, self.init_scale, name="encoder")(enc_in, src_len)  # [b, n, 2h]
        enc = nn.Dense(h, kernel_init=init, bias_init=init, name="encoder_proj")(both)  # [b, n, h]

        # Decoder: causal LSTM stack over every position of the row.
        dec = embedded
        for layer in range(self.num_layers):
            dec = LSTMLayer(h, self.init_scale, name=f"decoder_{layer}")(drop(dec))  # [b, n, h]
        dec = drop(dec)

        # Luong "general" attention: score[b, t, s] = dec[b, t] . W_a enc[b, s], source only.
        keys = nn.Dense(h, use_bias=False, kernel_init=init, name="attention")(enc)  # [b, n, h]
        scores = jnp.einsum("bth,bsh->bts", dec, keys)  # [b, n(query), n(source)]
        scores = jnp.where(src_valid[:, None, :], scores, jnp.finfo(scores.dtype).min)
        weights = jax.nn.softmax(scores, axis=-1)  # [b, n, n]
        has_source = (src_len > 0)[:, None, None]  # [b, 1, 1]: an empty source gives no context
        context = jnp.einsum("bts,bsh->bth", weights, enc) * has_source  # [b, n, h]

        combined = nn.Dense(h, kernel_init=init, bias_init=init, name="combine")(
            jnp.concatenate([dec, context], axis=-1)
        )  # [b, n, h]
        combined = drop(jnp.tanh(combined))
        logits = nn.Dense(self.output_vocab_size, kernel_init=init, bias_init=init, name="readout")(
            combined
        )  # [b, n, output_vocab_size]
        chex.assert_shape(logits, (batch, n, self.output_vocab_size))
        valid = jnp.arange(n)[None, :] < lengths[:, None]  # [b, n]
        return logits * valid[:, :, None]
