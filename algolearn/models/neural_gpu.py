"""The Neural GPU (Kaiser & Sutskever 2015) with Price et al. (2016)'s memory-efficient steps.

The state is a [batch, n, width, filters] "mental image". Tokens are embedded into column 0, then
n steps each apply `cgrus_per_step` convolutional GRUs (CGRUs), and column 0 of the final state is
read out position by position. Parameter-sharing relaxation keeps `num_param_sets` copies of the
CGRU parameters (step t uses copy t mod r); `algolearn.training.regularizers.RelaxationPull` pulls
the copies together and averages them at the end of training. `extra_steps` and
`random_extra_steps` run an example for more steps than its length: a probe of, and a training
signal for, dynamics that hold their answer.

Padding never leaks into valid positions: the state at padded positions is held at zero after
every CGRU (so the SAME convolution sees zeros there, exactly as for an unpadded input), and an
example of length L stops changing after L steps (L + extra_steps). A sequence gives the same
logits whatever bucket it is padded into (tested).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp

from algolearn.models.cgru import cgru

Array = jax.Array
INPUT_LAYERS = ("embed", "tanh_conv1x1")


def scaled_keep_mask(key: Array, keep: Array | float, shape: tuple[int, ...]) -> Array:
    """Dropout mask / keep probability: float32 `shape`, each entry 0 or 1/keep', i.i.d.

    keep' is `keep` rounded to a multiple of 2^-16 (so the mask's mean is exactly 1). Each
    random 32-bit word serves two entries as 16-bit halves: generating the random bits was
    ~15% of a Neural GPU train step at n=41 with one word per entry (WORKSPACE_NOTES.md).
    """
    size = math.prod(shape)
    words = jax.random.bits(key, ((size + 1) // 2,), jnp.uint32)
    halves = jax.lax.bitcast_convert_type(words, jnp.uint16).reshape(-1)[:size].reshape(shape)
    threshold = jnp.clip(jnp.round(jnp.asarray(keep, jnp.float32) * 65536.0), 1.0, 65536.0)
    kept = halves.astype(jnp.float32) < threshold  # P = threshold / 2^16
    return kept.astype(jnp.float32) * (65536.0 / threshold)


def _uniform(limit: float) -> Callable:
    def init(key: Array, shape: tuple[int, ...], dtype=jnp.float32) -> Array:
        return jax.random.uniform(key, shape, dtype, -limit, limit)

    return init


class RelaxedCGRUParams(nn.Module):
    """Holds r x l CGRU parameter sets, stacked so the relaxation pull sees one leading axis."""

    num_sets: int
    cgrus_per_step: int
    filters: int
    kernel_size: tuple[int, int]
    init_scale: float

    @nn.compact
    def __call__(self) -> dict[str, Array]:
        r, layers, m = self.num_sets, self.cgrus_per_step, self.filters
        kh, kw = self.kernel_size
        fan_in = kh * kw * m

        def conv_init(out: int) -> Callable:
            def init(key: Array, shape: tuple[int, ...], dtype=jnp.float32) -> Array:
                del shape
                # uniform_unit_scaling(factor=init_scale) of the reference code. All r copies
                # start equal: relaxation starts from one shared model.
                limit = self.init_scale * math.sqrt(3.0 / fan_in)
                # Drawn flat, then reshaped: XLA:CPU compiles rank-6 random draws ~15x slower.
                flat = jax.random.uniform(key, (layers * kh * kw * m * out,), dtype, -limit, limit)
                one = flat.reshape(1, layers, kh, kw, m, out)
                return jnp.repeat(one, r, axis=0)

            return init

        return {
            # Both gates (update u, reset r) come from one convolution with 2m outputs.
            "gates_kernel": self.param("gates_kernel", conv_init(2 * m), ()),
            "gates_bias": self.param("gates_bias", nn.initializers.ones, (r, layers, 2 * m)),
            "cand_kernel": self.param("cand_kernel", conv_init(m), ()),
            "cand_bias": self.param("cand_bias", nn.initializers.zeros, (r, layers, m)),
        }


class NeuralGPU(nn.Module):
    """Neural GPU: embed -> n steps of `cgrus_per_step` CGRUs -> per-position read-out.

    Attributes:
      input_vocab_size / output_vocab_size: token vocabularies of the task.
      filters: m, channels of the state. width: w, columns of the mental image.
      kernel_size: convolution kernel over (length, width).
      cgrus_per_step: l, CGRUs applied per step (2 in the paper).
      num_param_sets: r, relaxation copies (6 in the paper; 1 disables relaxation).
      cutoff: hard-sigmoid cutoff (1.2).
      dropout: dropout on the state entering each step (as the reference code does); the rate
        is dropout * dropout_ref_length / length, capped at max_dropout (shorter sequences get
        more dropout, as in the reference code).
      init_scale: kernels are uniform(+-init_scale * sqrt(3 / fan_in)) (reference: 1.8).
      embed_init: embeddings are uniform(+-embed_init) (reference: 1.7).
      remat: "auto" (default) is "none" while the stored activations fit in
        remat_budget_bytes, else "nested" (see `resolve_remat`); "none" stores every
        activation; "step" recomputes each step's activations in the backward pass (stores
        one state per step); "nested" adds an outer level of checkpoints so stored states
        grow as O(n^1.5) instead of O(n^2) for long training sequences.
      max_unroll_steps: step loops up to this many steps are unrolled in Python; longer ones
        run as a `lax.scan` over steps (default: always scan, which compiles ~3x faster and,
        with `conv_same`'s backward pass, also runs faster on CPU).
      batch_split: the batch runs through each step as this many independent chains (rows i
        mod k), which XLA:CPU runs concurrently; 0 (default) picks 2 on a single CPU device
        and 1 elsewhere (see `resolve_batch_split`). Same math whatever the value.
      extra_steps: every example runs length + extra_steps steps (training and evaluation; the
        paper's model: 0). An eval variant with extra_steps > 0 measures whether a trained
        model's answer survives steps it never trained on.
      random_extra_steps: training only: each example runs a further U{0..k} steps (drawn per
        example from the dropout stream), so the loss asks the answer to stay put after the
        length-th step. Not in the paper; costs up to k more steps per training batch.
      input_layer: what enters column 0: "embed" (the embedding itself; REFERENCE.md) or
        "tanh_conv1x1" (tanh of the embedding, then a 1x1 convolution with bias: an early copy
        of the 2015 reference code).
    """

    input_vocab_size: int
    output_vocab_size: int
    filters: int = 24
    width: int = 4
    kernel_size: tuple[int, int] = (3, 3)
    cgrus_per_step: int = 2
    num_param_sets: int = 6
    cutoff: float = 1.2
    dropout: float = 0.15
    dropout_ref_length: float = 8.0
    max_dropout: float = 0.5
    init_scale: float = 1.8
    embed_init: float = 1.7
    remat: str = "auto"
    remat_budget_bytes: int = 2**31
    max_unroll_steps: int = 0
    batch_split: int = 0
    extra_steps: int = 0
    random_extra_steps: int = 0
    input_layer: str = "embed"

    @nn.compact
    def __call__(self, inputs: Array, lengths: Array, *, train: bool = False) -> Array:
        """inputs: int32 [b, n] token ids; lengths: int32 [b] valid length of each row.

        Returns float32 logits [b, n, output_vocab_size]; rows are zero past `lengths`.
        """
        chex.assert_rank(inputs, 2)
        batch, n = inputs.shape
        chex.assert_shape(lengths, (batch,))
        # "group" (checkpoints per group of r steps) is what runs made before the single-step
        # scan have in their config.json; recomputation never changes the math, so it loads.
        remat = "step" if self.remat == "group" else self.remat
        if remat not in ("auto", "none", "step", "nested"):
            raise ValueError(f"remat must be 'auto', 'none', 'step' or 'nested', got {remat!r}")
        if any(k % 2 == 0 for k in self.kernel_size):
            raise ValueError(f"kernel_size must be odd, got {tuple(self.kernel_size)}")
        if self.extra_steps < 0 or self.random_extra_steps < 0:
            raise ValueError(
                "extra_steps and random_extra_steps must be >= 0, got "
                f"{self.extra_steps} and {self.random_extra_steps}"
            )
        if self.input_layer not in INPUT_LAYERS:
            raise ValueError(f"input_layer must be one of {INPUT_LAYERS}, got {self.input_layer!r}")
        m, w, r = self.filters, self.width, self.num_param_sets
        random_extra = self.random_extra_steps if train else 0
        num_steps = n + self.extra_steps + random_extra  # static: the longest example's steps
        if remat == "auto":
            remat = resolve_remat(
                batch, n, w, m, self.cgrus_per_step, self.remat_budget_bytes, num_steps
            )
        split = resolve_batch_split(self.batch_split, batch)

        positions = jnp.arange(n)[None, :]  # [1, n]
        valid = positions < lengths[:, None]  # [b, n]
        position_mask = valid[:, :, None, None].astype(jnp.float32)  # [b, n, 1, 1]

        embedded = nn.Embed(
            self.input_vocab_size, m, embedding_init=_uniform(self.embed_init), name="embed"
        )(inputs)  # [b, n, m]
        if self.input_layer == "tanh_conv1x1":
            embedded = nn.Dense(m, kernel_init=self._fan_in_init(), name="input_conv")(
                jnp.tanh(embedded)
            )  # [b, n, m]
        state = jnp.zeros((batch, n, w, m), jnp.float32)
        state = state.at[:, :, 0, :].set(embedded) * position_mask  # [b, n, w, m]

        sets = RelaxedCGRUParams(
            r, self.cgrus_per_step, m, tuple(self.kernel_size), self.init_scale, name="relaxed"
        )()
        use_dropout = train and self.dropout > 0.0
        if use_dropout:
            longest = jnp.maximum(jnp.max(lengths), 1).astype(jnp.float32)
            rate = jnp.minimum(self.dropout * self.dropout_ref_length / longest, self.max_dropout)
            keep = 1.0 - rate
            dropout_key = self.make_rng("dropout")
        steps = lengths + self.extra_steps  # [b] steps each example runs before it freezes
        if random_extra:
            steps = steps + jax.random.randint(
                self.make_rng("dropout"), (batch,), 0, random_extra + 1
            )

        def one_step(s: Array, step: Array, set_index: Array | int) -> Array:
            """Step `step` (traced int): l CGRUs with parameter set `set_index`; an example is
            frozen once it has run its `steps` (its length, plus any extra steps)."""
            new = s
            if use_dropout:
                new = new * scaled_keep_mask(jax.random.fold_in(dropout_key, step), keep, s.shape)
            # Interleaved batch chains (row i goes to chain i mod k): independent computations
            # that XLA:CPU runs concurrently; rows stay on their device under batch sharding.
            chains = new.reshape(batch // split, split, n, w, m)
            chain_masks = position_mask.reshape(batch // split, split, n, 1, 1)
            outs = []
            for part in range(split):
                x = chains[:, part]  # [b / split, n, w, m]
                for layer in range(self.cgrus_per_step):
                    x = cgru(
                        x,
                        chain_masks[:, part],
                        sets["gates_kernel"][set_index, layer],
                        sets["gates_bias"][set_index, layer],
                        sets["cand_kernel"][set_index, layer],
                        sets["cand_bias"][set_index, layer],
                        self.cutoff,
                    )
                outs.append(x)
            new = jnp.stack(outs, axis=1).reshape(batch, n, w, m)
            active = (step < steps)[:, None, None, None]  # [b, 1, 1, 1]
            return jnp.where(active, new, s)

        if num_steps <= self.max_unroll_steps:
            # Unrolled: exactly num_steps steps, step t uses parameter set t mod r.
            step_fn = one_step
            if remat != "none":
                step_fn = jax.checkpoint(one_step, prevent_cse=False, static_argnums=(2,))
            for t in range(num_steps):
                state = step_fn(state, jnp.asarray(t), t % r)
        else:

            def scan_step(s: Array, step: Array) -> Array:
                # One step per scan iteration, its parameter set picked by a dynamic index: the
                # loop boundary makes XLA materialise the state's cotangent every step. (Scanning
                # groups of r unrolled steps let XLA:CPU fuse each group's backward elementwise
                # chain into every consumer, recomputing it O(r^2) times: ~25% slower.)
                return one_step(s, step, step % r)

            if remat != "none":
                scan_step = jax.checkpoint(scan_step, prevent_cse=False)
            state = _scan_steps(scan_step, state, num_steps, nested=remat == "nested")

        chex.assert_shape(state, (batch, n, w, m))
        logits = nn.Dense(self.output_vocab_size, kernel_init=self._fan_in_init(), name="readout")(
            state[:, :, 0, :]
        )
        return logits * valid[:, :, None]  # [b, n, output_vocab_size]

    def _fan_in_init(self) -> Callable:
        """uniform(+-init_scale * sqrt(3 / fan_in)), as the convolutions."""
        return nn.initializers.variance_scaling(self.init_scale**2, "fan_in", "uniform")


def stored_activation_bytes(
    batch: int, n: int, width: int, filters: int, cgrus_per_step: int, steps: int | None = None
) -> int:
    """Bytes the backward pass keeps without remat: ~5m floats per cell, CGRU and step.

    O(n^2) in the length (n steps, or `steps`, of an [n, w, m] state). The factor 5 is XLA's
    measured temporary memory of the gradient (tests/models/test_memory.py checks it): the CGRU's
    backward pass stores its input and the 3m pre-activations (cgru.py); XLA's autodiff
    stored ~16m.
    """
    steps = n if steps is None else steps
    return 4 * batch * n * width * steps * cgrus_per_step * 5 * filters


def resolve_remat(
    batch: int,
    n: int,
    width: int,
    filters: int,
    cgrus_per_step: int,
    budget_bytes: int,
    steps: int | None = None,
) -> str:
    """The remat mode "auto" picks: "none" if storing every step's activations fits the budget.

    Recomputation costs ~15% of a train step at m=128 (WORKSPACE_NOTES.md), so it is used only
    where memory needs it, and then as "nested" (O(n^1.5) memory).
    """
    stored = stored_activation_bytes(batch, n, width, filters, cgrus_per_step, steps)
    return "none" if stored <= budget_bytes else "nested"


def resolve_batch_split(batch_split: int, batch: int) -> int:
    """Independent batch chains per CGRU; 0 (auto): 2 on a single CPU device, else 1.

    XLA:CPU leaves one of two cores idle half the time at small filter counts (most ops are too
    small to split); two independent chains let it run both at once (WORKSPACE_NOTES.md,
    "Neural GPU speed"). On several CPU devices each device already has its own thread, and
    accelerators gain nothing from it. The math is unchanged (batch rows are independent).
    """
    if batch_split < 0:
        raise ValueError(f"batch_split must be >= 0 (0: auto), got {batch_split}")
    if batch_split == 0:
        on_one_cpu = jax.default_backend() == "cpu" and jax.device_count() == 1
        batch_split = 2 if on_one_cpu else 1
    return batch_split if batch % batch_split == 0 else 1


def _scan_steps(
    step_fn: Callable[[Array, Array], Array], state: Array, n: int, nested: bool
) -> Array:
    """Runs steps 0..n-1 with `lax.scan`.

    nested=True scans blocks of ~sqrt(n) steps under an outer checkpoint, so the backward pass
    stores O(sqrt(n)) states instead of O(n).
    """

    def body(s: Array, t: Array) -> tuple[Array, None]:
        return step_fn(s, t), None

    def plain(s: Array, steps: Array) -> Array:
        return jax.lax.scan(body, s, steps)[0]

    if not nested:
        return plain(state, jnp.arange(n))
    block = max(1, math.isqrt(n))
    num_blocks = n // block
    steps = jnp.arange(num_blocks * block).reshape(num_blocks, block)

    @jax.checkpoint
    def outer(s: Array, block_steps: Array) -> tuple[Array, None]:
        return plain(s, block_steps), None

    state, _ = jax.lax.scan(outer, state, steps)
    if num_blocks * block < n:
        state = plain(state, jnp.arange(num_blocks * block, n))
    return state
