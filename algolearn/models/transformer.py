"""An encoder-only (bidirectional) Transformer with a per-position read-out, the baseline for
length-generalization comparisons.

Pre-LayerNorm blocks (Xiong et al. 2020): x + Attn(LN(x)), then x + MLP(LN(x)); a final LayerNorm
and a Dense read-out per position. Self-attention ignores padding keys (positions >= lengths), so
tokens past a row's length never reach its valid positions (tested). Positional information is
chosen by `positional_encoding`:

- "sinusoidal": Vaswani et al. (2017) absolute sinusoids added to the embeddings, for any n.
- "relative": a learned scalar per head and clipped relative distance clip(j - i, -K, K) added to
  the attention logits (Shaw et al. 2018, T5), one [2K + 1, heads] table per layer; no absolute
  positions, so nothing depends on where in the sequence a query is.
- "randomized": Ruoss et al. (2023): the sinusoids of a row's `length` distinct positions drawn
  uniformly from [0, max_position) and sorted; drawn per row from the "dropout" rng stream in
  training, and from the fixed key PRNGKey(0), the same for every row, at evaluation
  (deterministic, and independent of the padded width and of the row's place in the batch).
- "none": no positional information; the model is permutation-equivariant (an ablation).
"""

from __future__ import annotations

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp

Array = jax.Array

ENCODINGS = ("sinusoidal", "relative", "randomized", "none")


def sinusoidal_encoding(positions: Array, dim: int) -> Array:
    """Vaswani sinusoids of (any-shaped) positions: [...] -> [..., dim], sin and cos interleaved."""
    half = dim // 2
    inv_freq = 1.0 / (10000.0 ** (jnp.arange(half, dtype=jnp.float32) * 2.0 / dim))  # [half]
    angles = positions[..., None].astype(jnp.float32) * inv_freq  # [..., half]
    pe = jnp.stack([jnp.sin(angles), jnp.cos(angles)], axis=-1).reshape(*angles.shape[:-1], -1)
    if dim % 2:
        pe = jnp.concatenate([pe, jnp.zeros((*pe.shape[:-1], 1), pe.dtype)], axis=-1)
    return pe  # [..., dim]


def randomized_positions(
    key: Array, lengths: Array, n: int, max_position: int, shared: bool = False
) -> Array:
    """Per row, `length` distinct positions uniform from [0, max_position), sorted, then
    max_position + j at padding positions j: int32 [batch, n].

    A row's positions depend only on its key and its length, never on the padded width n, so
    evaluation does not change with the bucket. `shared`: every row uses `key` itself (the
    deterministic evaluation draw, independent of a row's place in the batch)."""
    if n > max_position:
        raise ValueError(
            f"randomized positional encoding: sequence length {n} exceeds "
            f"max_position {max_position}"
        )
    batch = lengths.shape[0]
    keys = jnp.broadcast_to(key, (batch, *key.shape)) if shared else jax.random.split(key, batch)

    def one_row(row_key: Array, length: Array) -> Array:
        # The first `length` of a uniformly random permutation of [0, max_position), sorted.
        order = jnp.argsort(jax.random.uniform(row_key, (max_position,)))[:n]
        j = jnp.arange(n)
        return jnp.sort(jnp.where(j < length, order, max_position + j)).astype(jnp.int32)

    return jax.vmap(one_row)(keys, lengths)


def relative_position_index(n: int, max_distance: int) -> Array:
    """[n, n] index clip(j - i, -K, K) + K of key j seen from query i, in [0, 2K]."""
    positions = jnp.arange(n)
    distance = positions[None, :] - positions[:, None]  # [n(query), n(key)]
    return jnp.clip(distance, -max_distance, max_distance) + max_distance


class SelfAttention(nn.Module):
    """Multi-head self-attention over valid keys, with an optional learned relative bias."""

    num_heads: int
    dropout: float
    relative: bool
    max_relative_distance: int

    @nn.compact
    def __call__(self, x: Array, key_valid: Array, train: bool) -> Array:
        batch, n, dim = x.shape
        head_dim = dim // self.num_heads
        qkv = nn.DenseGeneral((3, self.num_heads, head_dim), name="qkv")(x)  # [b, n, 3, h, d]
        q, k, v = qkv[:, :, 0], qkv[:, :, 1], qkv[:, :, 2]  # [b, n, h, d] each
        logits = jnp.einsum("bqhd,bkhd->bhqk", q, k) / jnp.sqrt(head_dim)  # [b, h, n, n]
        if self.relative:
            size = 2 * self.max_relative_distance + 1
            init = nn.initializers.normal(0.02)
            table = self.param("relative_bias", init, (size, self.num_heads))  # [2K + 1, h]
            bias = table[relative_position_index(n, self.max_relative_distance)]  # [n, n, h]
            logits = logits + jnp.transpose(bias, (2, 0, 1))[None]
        logits = jnp.where(key_valid[:, None, None, :], logits, jnp.finfo(logits.dtype).min)
        weights = jax.nn.softmax(logits, axis=-1)  # [b, h, n, n]
        weights = nn.Dropout(self.dropout, deterministic=not train)(weights)
        out = jnp.einsum("bhqk,bkhd->bqhd", weights, v)  # [b, n, h, d]
        return nn.DenseGeneral(dim, axis=(-2, -1), name="out")(out)  # [b, n, dim]


class TransformerBlock(nn.Module):
    """Pre-LN block: x + Dropout(Attn(LN(x))), then x + Dropout(MLP(LN(x)))."""

    num_heads: int
    mlp_dim: int
    dropout: float
    relative: bool
    max_relative_distance: int

    @nn.compact
    def __call__(self, x: Array, key_valid: Array, train: bool) -> Array:
        dim = x.shape[-1]
        y = SelfAttention(
            self.num_heads, self.dropout, self.relative, self.max_relative_distance, name="attn"
        )(nn.LayerNorm(name="ln_attn")(x), key_valid, train)
        x = x + nn.Dropout(self.dropout, deterministic=not train)(y)  # [b, n, dim]
        y = nn.Dense(self.mlp_dim, name="mlp_in")(nn.LayerNorm(name="ln_mlp")(x))
        y = nn.Dense(dim, name="mlp_out")(nn.gelu(y))
        return x + nn.Dropout(self.dropout, deterministic=not train)(y)  # [b, n, dim]


class Transformer(nn.Module):
    """Bidirectional Transformer: inputs [batch, n] ids -> logits [batch, n, output_vocab_size].

    Attributes:
      input_vocab_size / output_vocab_size: token vocabularies of the task (token 0 is PAD).
      num_layers: Transformer blocks. model_dim: residual width. num_heads: attention heads
        (must divide model_dim). mlp_dim: hidden width of each block's MLP.
      dropout: rate on attention weights and on each residual branch, only when train=True.
      positional_encoding: "sinusoidal", "relative", "randomized" or "none" (module docstring).
      max_relative_distance: K, the clip of "relative" distances (table [2K + 1, num_heads]).
      max_position: positions of "randomized" are drawn from [0, max_position); n must not
        exceed it.
    """

    input_vocab_size: int
    output_vocab_size: int
    num_layers: int = 2
    model_dim: int = 64
    num_heads: int = 4
    mlp_dim: int = 128
    dropout: float = 0.0
    positional_encoding: str = "sinusoidal"
    max_relative_distance: int = 16
    max_position: int = 2048

    @nn.compact
    def __call__(self, inputs: Array, lengths: Array, train: bool = False) -> Array:
        """inputs: int32 [b, n] token ids; lengths: int32 [b] valid length of each row.

        Returns float32 logits [b, n, output_vocab_size]; rows are zero past `lengths`.
        """
        if self.positional_encoding not in ENCODINGS:
            raise ValueError(
                f"unknown positional_encoding {self.positional_encoding!r}; valid options: "
                f"{', '.join(ENCODINGS)}"
            )
        if self.model_dim % self.num_heads:
            raise ValueError(f"num_heads {self.num_heads} must divide model_dim {self.model_dim}")
        chex.assert_rank(inputs, 2)
        batch, n = inputs.shape
        chex.assert_shape(lengths, (batch,))
        valid = jnp.arange(n)[None, :] < lengths[:, None]  # [b, n]

        x = nn.Embed(self.input_vocab_size, self.model_dim, name="embed")(inputs)  # [b, n, dim]
        if self.positional_encoding == "sinusoidal":
            x = x + sinusoidal_encoding(jnp.arange(n), self.model_dim)[None]
        elif self.positional_encoding == "randomized":
            key = self.make_rng("dropout") if train else jax.random.PRNGKey(0)
            positions = randomized_positions(  # [b, n]
                key, lengths, n, self.max_position, shared=not train
            )
            x = x + sinusoidal_encoding(positions, self.model_dim)
        x = nn.Dropout(self.dropout, deterministic=not train)(x)

        for layer in range(self.num_layers):
            x = TransformerBlock(
                self.num_heads,
                self.mlp_dim,
                self.dropout,
                self.positional_encoding == "relative",
                self.max_relative_distance,
                name=f"block_{layer}",
            )(x, valid, train)  # [b, n, dim]
        x = nn.LayerNorm(name="ln_final")(x)
        logits = nn.Dense(self.output_vocab_size, name="readout")(x)  # [b, n, output_vocab]
        chex.assert_shape(logits, (batch, n, self.output_vocab_size))
        return logits * valid[:, :, None]
