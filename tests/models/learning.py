"""A tiny training loop for the models' learning tests (each fresh batch is scored, then used)."""

from __future__ import annotations

from collections.abc import Callable

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import optax


def learn(
    model: nn.Module,
    params,
    optimizer: optax.GradientTransformation,
    make_batch: Callable[[np.random.Generator], tuple],
    rng: np.random.Generator,
    steps: int,
    last: int = 20,
) -> tuple[float, float]:
    """Trains on `steps` fresh batches (inputs, lengths, targets, mask); returns the masked
    token accuracy averaged over the `last` batches (each measured before its update) and the
    final loss."""

    def loss_and_accuracy(params, inputs, lengths, targets, mask):
        logits = model.apply({"params": params}, inputs, lengths, train=True)
        losses = optax.softmax_cross_entropy_with_integer_labels(logits, targets)
        correct = jnp.argmax(logits, axis=-1) == targets
        return jnp.sum(losses * mask) / jnp.sum(mask), jnp.sum(correct * mask) / jnp.sum(mask)

    @jax.jit
    def step(params, opt_state, batch):
        grad_fn = jax.value_and_grad(loss_and_accuracy, has_aux=True)
        (loss, accuracy), grads = grad_fn(params, *batch)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, loss, accuracy

    opt_state = optimizer.init(params)
    accuracies = []
    for _ in range(steps):
        params, opt_state, loss, accuracy = step(params, opt_state, make_batch(rng))
        accuracies.append(float(accuracy))
    return float(np.mean(accuracies[-last:])), float(loss)
