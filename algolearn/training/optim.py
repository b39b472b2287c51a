"""Optimizers from config: optax chains plus host-side learning-rate control.

The learning rate enters `update` as an extra argument, so a host-side controller (decay on
plateau) can change it without recompiling, and it is checkpointed with the rest of the run.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import optax


class GradientNoiseState(NamedTuple):
    count: jax.Array
    key: jax.Array


def gradient_noise(
    scale: float, decay: float = 0.55, seed: int = 0, error_scaled: bool = True
) -> optax.GradientTransformationExtraArgs:
    """Adds N(0, sigma^2) to every gradient coordinate, sigma = scale * sqrt(t^-decay * err).

    `err` is the batch's sequence error (extra argument `seq_error`) when `error_scaled`, else 1,
    and t counts updates from 1. Unlike the 2015/2016 reference code, the noise is part of the
    update chain, so it reaches the applied update (tested).
    """

    def init_fn(params: Any) -> GradientNoiseState:
        del params
        return GradientNoiseState(jnp.zeros([], jnp.int32), jax.random.PRNGKey(seed))

    def update_fn(updates, state, params=None, *, seq_error=None, **extra):
        del params, extra
        count = state.count + 1
        variance = count.astype(jnp.float32) ** (-decay)
        if error_scaled:
            if seq_error is None:
                raise ValueError("gradient_noise(error_scaled=True) needs seq_error=")
            variance = variance * jnp.asarray(seq_error, jnp.float32)
        sigma = scale * jnp.sqrt(variance)
        leaves, treedef = jax.tree.flatten(updates)
        keys = jax.random.split(jax.random.fold_in(state.key, count), len(leaves))
        noisy = [
            # Drawn flat, then reshaped: XLA:CPU compiles high-rank draws very slowly.
            g + sigma * jax.random.normal(k, (g.size,), g.dtype).reshape(g.shape)
            for g, k in zip(leaves, keys, strict=True)
        ]
        return jax.tree.unflatten(treedef, noisy), GradientNoiseState(count, state.key)

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


def scale_by_learning_rate_arg() -> optax.GradientTransformationExtraArgs:
    """Multiplies updates by -learning_rate, where learning_rate is an extra update argument."""

    def init_fn(params: Any) -> optax.EmptyState:
        del params
        return optax.EmptyState()

    def update_fn(updates, state, params=None, *, learning_rate=None, **extra):
        del params, extra
        if learning_rate is None:
            raise ValueError("the optimizer's update needs learning_rate=")
        lr = jnp.asarray(learning_rate, jnp.float32)
        return jax.tree.map(lambda g: -lr * g, updates), state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


OPTIMIZERS = ("adam", "sgd")


def make_optimizer(train_config: Any, seed: int) -> optax.GradientTransformationExtraArgs:
    """clip per coordinate (optional) -> clip (global norm) -> gradient noise (optional) ->
    Adam or plain SGD -> -learning_rate.

    train_config.optimizer (default "adam"): "sgd" is Zaremba & Sutskever's plain SGD."""
    name = train_config.get("optimizer", "adam")
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown train.optimizer {name!r}; valid: {', '.join(OPTIMIZERS)}")
    parts = []
    if train_config.get("grad_clip_value", 0.0) > 0:  # per coordinate (the NRAM's trick)
        parts.append(optax.clip(train_config.grad_clip_value))
    if train_config.grad_clip_norm > 0:
        parts.append(optax.clip_by_global_norm(train_config.grad_clip_norm))
    noise = train_config.grad_noise
    if noise.scale > 0:
        parts.append(gradient_noise(noise.scale, noise.decay, seed, noise.error_scaled))
    if name == "adam":
        parts.append(optax.scale_by_adam(eps=train_config.adam_eps))
    parts.append(scale_by_learning_rate_arg())
    return optax.chain(*parts)


@dataclasses.dataclass(frozen=True)
class PlateauDecay:
    """Reference rule: at each probe, if the probe loss exceeds the max of the previous
    `patience` probe losses, multiply the learning rate by `factor` (0.98), never below `min_lr`.
    With `forget_on_advance` a curriculum advance forgets the earlier losses (the reference
    trainer's "forget last perplexities": no decay until `patience` losses at the new length).
    State is a JSON-able dict, checkpointed with the run."""

    learning_rate: float
    factor: float = 0.98
    patience: int = 3
    min_lr: float = 1e-6
    forget_on_advance: bool = False

    def initial_state(self) -> dict[str, Any]:
        return {"learning_rate": self.learning_rate, "history": []}

    def decay(self, state: dict[str, Any]) -> dict[str, Any]:
        """One decay step now, whatever the losses (e.g. the reference's at averaging)."""
        lr = max(float(state["learning_rate"]) * self.factor, self.min_lr)
        return {**state, "learning_rate": lr}

    def update(
        self, state: dict[str, Any], probe_loss: float, advanced: bool = False
    ) -> dict[str, Any]:
        """`advanced`: the curriculum advanced at this probe."""
        forget = advanced and self.forget_on_advance
        history = [] if forget else list(state["history"])
        lr = float(state["learning_rate"])
        if len(history) >= self.patience and probe_loss > max(history[-self.patience :]):
            lr = max(lr * self.factor, self.min_lr)
        history = (history + [float(probe_loss)])[-self.patience :]
        return {"learning_rate": lr, "history": history}
