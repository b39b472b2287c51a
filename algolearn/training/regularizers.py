"""Model-specific regularisers, added to the loss by name from config, never special-cased.

A regulariser has a JSON-able host state (checkpointed), coefficients that enter the jitted
train step as traced scalars (so changing them never recompiles), hooks for curriculum advances,
and an optional projection of the parameters (e.g. averaging relaxed copies).
"""

from __future__ import annotations

import abc
import dataclasses
from typing import Any

import jax
import jax.numpy as jnp

State = dict[str, Any]
Params = Any


class Regularizer(abc.ABC):
    name: str

    @abc.abstractmethod
    def initial_state(self) -> State: ...

    @abc.abstractmethod
    def coefficients(self, state: State) -> dict[str, float]:
        """Scalars passed into the jitted step (keys must be unique across regularisers)."""

    @abc.abstractmethod
    def loss(self, params: Params, coefficients: dict[str, jax.Array]) -> jax.Array:
        """The penalty added to the training loss."""

    def on_curriculum_pass(self, state: State) -> State:
        """Called after each probe that advances the curriculum or, at its target, would have
        (`Curriculum.passed`)."""
        return state

    def lowers_learning_rate(self, state: State, seq_error: float) -> bool:
        """After `on_curriculum_pass` returned `state`: whether the learning rate decays once
        (by the plateau factor) at this pass."""
        del state, seq_error
        return False

    def project(self, params: Params, state: State) -> tuple[Params, State]:
        """Called at every probe: may replace the parameters (host-side, between steps)."""
        return params, state

    def finalize(self, params: Params) -> Params:
        """The parameters to evaluate and export at the end of training."""
        return params


def _relaxed_leaves(params: Params) -> list[tuple[Any, jax.Array]]:
    """(path, leaf) for every parameter under a module named 'relaxed' ([r, ...] stacked)."""
    leaves = jax.tree_util.tree_flatten_with_path(params)[0]
    return [
        (path, leaf)
        for path, leaf in leaves
        if any(getattr(k, "key", None) == "relaxed" for k in path)
    ]


def average_relaxed(params: Params) -> Params:
    """Replaces every relaxed copy by the mean over copies (axis 0)."""

    def avg(path, leaf):
        if any(getattr(k, "key", None) == "relaxed" for k in path):
            return jnp.broadcast_to(jnp.mean(leaf, axis=0, keepdims=True), leaf.shape)
        return leaf

    return jax.tree_util.tree_map_with_path(avg, params)


@dataclasses.dataclass(frozen=True)
class RelaxationPull(Regularizer):
    """Parameter-sharing relaxation (Kaiser & Sutskever 2015), with the reference schedule.

    Adds pull * sum_i ||theta_i - mean(theta)||^2 over the r relaxed copies. At every probe
    that passes the curriculum's threshold (an advance, or a pass at the top length: the
    reference trainer does both) the pull is multiplied by `growth` while it is below
    `average_at`; once it is not, each further pass sets the copies to their mean instead (at
    that probe). The final parameters are always the averaged ones. A pass that averages with
    a sequence error below `lr_decay_below` also decays the learning rate once (the reference
    trainer: below a third of the curriculum threshold; 0 = never).
    """

    init: float = 0.0005
    growth: float = 1.2
    average_at: float = 0.1
    lr_decay_below: float = 0.0
    name: str = "relaxation_pull"

    def initial_state(self) -> State:
        return {"pull": self.init, "average_pending": False, "averages": 0}

    def coefficients(self, state: State) -> dict[str, float]:
        return {"pull": float(state["pull"])}

    def loss(self, params: Params, coefficients: dict[str, jax.Array]) -> jax.Array:
        total = jnp.zeros([], jnp.float32)
        for _, leaf in _relaxed_leaves(params):
            total = total + jnp.sum((leaf - jnp.mean(leaf, axis=0, keepdims=True)) ** 2)
        return coefficients["pull"] * total

    def on_curriculum_pass(self, state: State) -> State:
        if state["pull"] < self.average_at:
            return {**state, "pull": float(state["pull"]) * self.growth}
        return {**state, "average_pending": True}

    def lowers_learning_rate(self, state: State, seq_error: float) -> bool:
        return bool(state["average_pending"]) and seq_error < self.lr_decay_below

    def project(self, params: Params, state: State) -> tuple[Params, State]:
        if not state["average_pending"]:
            return params, state
        return average_relaxed(params), {
            **state,
            "average_pending": False,
            "averages": int(state["averages"]) + 1,
        }

    def finalize(self, params: Params) -> Params:
        return average_relaxed(params)


@dataclasses.dataclass(frozen=True)
class EntropyBonus(Regularizer):
    """The NRAM's entropy bonus: the model subtracts `entropy_weight` x the entropy of its
    circuit softmaxes from its loss; the weight starts at `init` and is multiplied by `decay`
    at every probe (Kurach et al.'s decaying coefficient). A negative `init` makes it a penalty
    that pushes the circuit's choices toward one-hot ones (decay 1: a constant weight), so that
    the discretized machine runs the circuit the fuzzy one learned."""

    init: float = 0.1
    decay: float = 0.9
    name: str = "entropy_bonus"

    def initial_state(self) -> State:
        return {"weight": float(self.init)}

    def coefficients(self, state: State) -> dict[str, float]:
        return {"entropy_weight": float(state["weight"])}

    def loss(self, params: Params, coefficients: dict[str, jax.Array]) -> jax.Array:
        return jnp.zeros([])  # applied inside the model's training_loss

    def project(self, params: Params, state: State) -> tuple[Params, State]:
        return params, {"weight": float(state["weight"]) * self.decay}


_REGULARIZERS = {"relaxation_pull": RelaxationPull, "entropy_bonus": EntropyBonus}


def make_all(config: Any) -> list[Regularizer]:
    """Builds every regulariser named in `config` (a dict name -> kwargs)."""
    out = []
    for name, kwargs in dict(config).items():
        if name not in _REGULARIZERS:
            raise KeyError(
                f"unknown regulariser {name!r}; valid: {', '.join(sorted(_REGULARIZERS))}"
            )
        out.append(_REGULARIZERS[name](**dict(kwargs)))
    return out
