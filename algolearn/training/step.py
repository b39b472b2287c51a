"""train_step / eval_step: jitted, batch sharded over the mesh, state replicated.

Loss and metrics count only real positions (position < length); bucket padding and empty rows
(length 0) contribute nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import flax.linen as nn
import flax.struct
import jax
import jax.numpy as jnp
import optax
from jax.sharding import Mesh

from algolearn.tasks import PAD
from algolearn.training import sharding
from algolearn.training.regularizers import Regularizer


@flax.struct.dataclass
class TrainState:
    step: jax.Array  # int32 scalar: number of updates applied
    params: Any
    opt_state: Any
    rng: jax.Array  # uint32 [2] raw key; dropout key of step t is fold_in(rng, t)


def error_counts(logits: jax.Array, targets: jax.Array, lengths: jax.Array) -> dict[str, jax.Array]:
    """Sums for the error metrics. logits [b, n, v]; targets [b, n]; lengths [b].

    digit errors: wrong positions among target positions that hold a symbol (target != PAD);
    sequence errors: rows with any wrong position among their real positions (the trailing PADs
    of the answer inside the length must be predicted too).
    """
    n = targets.shape[1]
    valid = jnp.arange(n)[None, :] < lengths[:, None]  # [b, n]
    wrong = (jnp.argmax(logits, -1) != targets) & valid  # [b, n]
    symbol = valid & (targets != PAD)
    row = lengths > 0
    return {
        "digits_wrong": jnp.sum(wrong & symbol).astype(jnp.float32),
        "digits": jnp.sum(symbol).astype(jnp.float32),
        "seqs_wrong": jnp.sum(jnp.any(wrong, axis=1) & row).astype(jnp.float32),
        "seqs": jnp.sum(row).astype(jnp.float32),
    }


def loss_and_metrics(
    logits: jax.Array, targets: jax.Array, lengths: jax.Array
) -> tuple[jax.Array, dict[str, jax.Array]]:
    """Mean cross-entropy over real positions, plus error rates."""
    n = targets.shape[1]
    valid = (jnp.arange(n)[None, :] < lengths[:, None]).astype(jnp.float32)  # [b, n]
    ce = optax.softmax_cross_entropy_with_integer_labels(logits, targets)  # [b, n]
    loss = jnp.sum(ce * valid) / jnp.maximum(jnp.sum(valid), 1.0)
    c = error_counts(logits, targets, lengths)
    metrics = {
        "loss": loss,
        "seq_error": c["seqs_wrong"] / jnp.maximum(c["seqs"], 1.0),
        "digit_error": c["digits_wrong"] / jnp.maximum(c["digits"], 1.0),
    }
    return loss, metrics


def make_train_step(
    model: nn.Module,
    optimizer: optax.GradientTransformationExtraArgs,
    regularizers: Sequence[Regularizer],
    mesh: Mesh,
) -> Callable:
    """Returns jitted train_step(state, batch, hparams) -> (state, metrics).

    hparams: dict of traced scalars: 'learning_rate' and every regulariser's coefficients.
    """

    def train_step(state: TrainState, batch: dict[str, jax.Array], hparams: dict[str, jax.Array]):
        dropout_key = jax.random.fold_in(jax.random.wrap_key_data(state.rng), state.step)

        def loss_fn(params):
            logits = model.apply(
                {"params": params},
                batch["inputs"],
                batch["lengths"],
                train=True,
                rngs={"dropout": dropout_key},
            )
            loss, metrics = loss_and_metrics(logits, batch["targets"], batch["lengths"])
            penalty = sum((r.loss(params, hparams) for r in regularizers), jnp.zeros([]))
            return loss + penalty, (metrics, penalty)

        (_, (metrics, penalty)), grads = jax.value_and_grad(loss_fn, has_aux=True)(state.params)
        updates, opt_state = optimizer.update(
            grads,
            state.opt_state,
            state.params,
            learning_rate=hparams["learning_rate"],
            seq_error=metrics["seq_error"],
        )
        params = optax.apply_updates(state.params, updates)
        metrics = {**metrics, "regularizer": penalty, "grad_norm": optax.tree.norm(grads)}
        new_state = state.replace(step=state.step + 1, params=params, opt_state=opt_state)
        return new_state, metrics

    repl, data = sharding.replicated(mesh), sharding.batch_sharding(mesh)
    return jax.jit(
        train_step,
        in_shardings=(repl, data, repl),
        out_shardings=(repl, repl),
        donate_argnums=(0,),
    )


def make_eval_step(model: nn.Module, mesh: Mesh) -> Callable:
    """Returns jitted eval_step(params, batch) -> (summed error counts, summed loss)."""

    def eval_step(params: Any, batch: dict[str, jax.Array]) -> dict[str, jax.Array]:
        logits = model.apply({"params": params}, batch["inputs"], batch["lengths"], train=False)
        loss, _ = loss_and_metrics(logits, batch["targets"], batch["lengths"])
        return {**error_counts(logits, batch["targets"], batch["lengths"]), "loss": loss}

    repl, data = sharding.replicated(mesh), sharding.batch_sharding(mesh)
    return jax.jit(eval_step, in_shardings=(repl, data), out_shardings=repl)
