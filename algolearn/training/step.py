"""train_step / eval_step: jitted, batch sharded over the mesh, state replicated.

Loss and metrics count only scored positions (`mask`: every real position for the Neural GPU
tasks, the target characters for sequence tasks); bucket padding and empty rows contribute
nothing. For autoregressive tasks `eval_step` also decodes greedily (free-running).
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


def error_counts(
    logits: jax.Array, targets: jax.Array, mask: jax.Array, pad_is_answer: bool = False
) -> dict[str, jax.Array]:
    """Sums for the error metrics. logits [b, n, v]; targets [b, n]; mask [b, n] bool.

    digit errors: wrong positions among scored positions that hold a symbol (target != PAD);
    sequence errors: rows with a wrong symbol position, as the Neural GPU reference scores them
    (its data_utils.accuracy skips target PADs), or with any wrong scored position when
    `pad_is_answer` (the NRAM's NULL cells); padded sequence errors: rows with any wrong scored
    position, PADs included (stricter; the only sequence error before 2026-11-28).
    """
    wrong = (jnp.argmax(logits, -1) != targets) & mask  # [b, n]
    symbol = mask & (targets != PAD)
    row = jnp.any(mask, axis=1)
    padded_wrong = jnp.any(wrong, axis=1) & row  # [b]
    seq_wrong = padded_wrong if pad_is_answer else jnp.any(wrong & symbol, axis=1) & row
    return {
        "digits_wrong": jnp.sum(wrong & symbol).astype(jnp.float32),
        "digits": jnp.sum(symbol).astype(jnp.float32),
        "seqs_wrong": jnp.sum(seq_wrong).astype(jnp.float32),
        "padded_seqs_wrong": jnp.sum(padded_wrong).astype(jnp.float32),
        "seqs": jnp.sum(row).astype(jnp.float32),
    }


def loss_and_metrics(
    logits: jax.Array, targets: jax.Array, mask: jax.Array, pad_is_answer: bool = False
) -> tuple[jax.Array, dict[str, jax.Array]]:
    """Mean cross-entropy over scored positions (PADs included), plus error rates."""
    weights = mask.astype(jnp.float32)  # [b, n]
    ce = optax.softmax_cross_entropy_with_integer_labels(logits, targets)  # [b, n]
    loss = jnp.sum(ce * weights) / jnp.maximum(jnp.sum(weights), 1.0)
    c = error_counts(logits, targets, mask, pad_is_answer)
    seqs = jnp.maximum(c["seqs"], 1.0)
    metrics = {
        "loss": loss,
        "seq_error": c["seqs_wrong"] / seqs,
        "padded_seq_error": c["padded_seqs_wrong"] / seqs,
        "digit_error": c["digits_wrong"] / jnp.maximum(c["digits"], 1.0),
    }
    return loss, metrics


def greedy_inputs(apply_fn: Callable, inputs: jax.Array, mask: jax.Array) -> jax.Array:
    """Free-running inputs: each scored position's input is the model's own previous prediction.

    For teacher-forced tasks the input at position j + 1 is the target at j when both are
    scored. Replacing those inputs by argmax predictions, one pass per target symbol, gives the
    greedy decoding of any causal model (pass k fixes the k-th target symbol). inputs [b, n].
    """
    feed = mask & jnp.pad(mask, ((0, 0), (1, 0)))[:, :-1]  # [b, n]: position follows a scored one
    passes = jnp.max(jnp.sum(mask, axis=1))

    def one_pass(_, x):
        pred = jnp.argmax(apply_fn(x), -1).astype(inputs.dtype)  # [b, n]
        shifted = jnp.pad(pred, ((0, 0), (1, 0)))[:, :-1]
        return jnp.where(feed, shifted, inputs)

    return jax.lax.fori_loop(0, passes - 1, one_pass, inputs)


def make_train_step(
    model: nn.Module,
    optimizer: optax.GradientTransformationExtraArgs,
    regularizers: Sequence[Regularizer],
    mesh: Mesh,
    pad_is_answer: bool = False,
) -> Callable:
    """Returns jitted train_step(state, batch, hparams) -> (state, metrics).

    hparams: dict of traced scalars: 'learning_rate' and every regulariser's coefficients.
    pad_is_answer: the task's rule for sequence errors (see error_counts).
    """

    def train_step(state: TrainState, batch: dict[str, jax.Array], hparams: dict[str, jax.Array]):
        dropout_key = jax.random.fold_in(jax.random.wrap_key_data(state.rng), state.step)

        def loss_fn(params):
            variables, rngs = {"params": params}, {"dropout": dropout_key}
            if hasattr(model, "training_loss"):  # a model with its own loss (e.g. the NRAM)
                own_loss, logits = model.apply(
                    variables,
                    batch["inputs"],
                    batch["lengths"],
                    batch["targets"],
                    batch["mask"],
                    train=True,
                    entropy_weight=hparams.get("entropy_weight", 0.0),
                    rngs=rngs,
                    method="training_loss",
                )
                _, metrics = loss_and_metrics(
                    logits, batch["targets"], batch["mask"], pad_is_answer
                )
                loss = metrics["loss"] = own_loss
            else:
                logits = model.apply(
                    variables, batch["inputs"], batch["lengths"], train=True, rngs=rngs
                )
                loss, metrics = loss_and_metrics(
                    logits, batch["targets"], batch["mask"], pad_is_answer
                )
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


def make_eval_step(
    model: nn.Module, mesh: Mesh, autoregressive: bool = False, pad_is_answer: bool = False
) -> Callable:
    """Returns jitted eval_step(params, batch) -> summed error counts and the mean loss.

    With `autoregressive`, also the counts of greedy (free-running) decoding, prefixed greedy_.
    pad_is_answer: the task's rule for sequence errors (see error_counts).
    """

    def eval_step(params: Any, batch: dict[str, jax.Array]) -> dict[str, jax.Array]:
        def apply_fn(inputs):
            return model.apply({"params": params}, inputs, batch["lengths"], train=False)

        logits = apply_fn(batch["inputs"])
        loss, _ = loss_and_metrics(logits, batch["targets"], batch["mask"])
        counts = error_counts(logits, batch["targets"], batch["mask"], pad_is_answer)
        out = {**counts, "loss": loss}
        if autoregressive:
            free = apply_fn(greedy_inputs(apply_fn, batch["inputs"], batch["mask"]))
            counts = error_counts(free, batch["targets"], batch["mask"], pad_is_answer)
            out.update({f"greedy_{k}": v for k, v in counts.items()})
        return out

    repl, data = sharding.replicated(mesh), sharding.batch_sharding(mesh)
    return jax.jit(eval_step, in_shardings=(repl, data), out_shardings=repl)
