"""The Neural Random-Access Machine (Kurach, Andrychowicz & Sutskever 2015) as a Flax module.

A controller (MLP or LSTM) sees only P(r_i = 0) for each register and, every timestep, chooses
the circuit: softmax weights for each module's two arguments among the registers and the earlier
modules' outputs, the registers' new values among registers and all outputs, and a stop logit.
The fuzzy machine (nram_machine.py) runs the circuit on registers and memory. Training loss
(`training_loss`): -sum_t p_t sum_i log max(M_t[i, y_i], eps) over the scored cells, p_t the
stop distribution. `__call__` returns log of the expected final memory, sum_t p_t M_t, as
logits [batch, M cells, M values] for the loop's error metrics. `discretize=True` replaces
every softmax by an argmax (the paper's discretized inference). `trace=True` also records the
circuit of every timestep (`trace_circuit`; rendered by nram_circuit.format_circuit).
`controller_input="argmax"` (ours, not the paper's) shows the controller what the discretized
machine would show it, 1[argmax r_i = 0], so a circuit cannot steer by a half-set register;
`argmax_input_weight` w < 1 blends the two views, to move a fuzzy-trained controller onto the
discrete one in stages.
"""

from __future__ import annotations

from typing import Any

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np

from algolearn.models import nram_machine

Array = jax.Array


@jax.custom_vjp
def clip_gradient(x: Array, limit: Array) -> Array:
    """Identity whose backward pass clips each coordinate of the incoming gradient to
    [-limit, limit]: the paper's clipping "w.r.t. the activations, within backpropagation"."""
    del limit
    return x


def _clip_fwd(x: Array, limit: Array) -> tuple[Array, Array]:
    return x, limit


def _clip_bwd(limit: Array, g: Array) -> tuple[Array, Array]:
    return jnp.clip(g, -limit, limit), jnp.zeros_like(limit)


clip_gradient.defvjp(_clip_fwd, _clip_bwd)

CONTROLLER_INPUTS = ("fuzzy", "argmax")


def zero_signal(registers: Array, mode: str, argmax_weight: float = 1.0) -> Array:
    """[b, R]: what the controller reads of registers [b, R, M]. "fuzzy" (the paper's):
    P(r_i = 0). "argmax": 1[argmax r_i = 0] forward, P(r_i = 0)'s gradient backward (straight
    through), the value a discretized machine with the same argmaxes would read: a trained
    circuit then cannot use a register's mixture as a signal (which a discretized run lacks).
    argmax_weight w blends them forward, (1 - w) P(r_i = 0) + w 1[argmax r_i = 0]."""
    p_zero = registers[:, :, 0]
    if mode == "fuzzy":
        return p_zero
    hard = (jnp.argmax(registers, -1) == 0).astype(p_zero.dtype)
    return p_zero + argmax_weight * jax.lax.stop_gradient(hard - p_zero)


class CircuitStep(nn.Module):
    """One timestep: the controller reads P(r_i = 0), chooses the circuit, the machine runs it.

    carry: (registers [b, R, M], memory [b, M, M], controller state, each row's memory size
    [b]: its arithmetic modulus); outputs per step:
    (memory, stop probability f_t [b], entropy of the circuit's softmaxes [b]), plus the
    circuit's choices and values (argmax and weight) when trace=True."""

    num_registers: int
    machine_modules: tuple[str, ...]
    controller: str
    hidden: int
    discretize: bool
    trace: bool = False  # also output the circuit's choices (NRAM.trace_circuit)
    hidden_layers: int = 1
    activation_grad_clip: float = 0.0
    controller_input: str = "fuzzy"
    argmax_input_weight: float = 1.0

    def _clip(self, x: Array) -> Array:
        if self.activation_grad_clip <= 0:
            return x
        return clip_gradient(x, jnp.asarray(self.activation_grad_clip, x.dtype))

    def _weights(self, logits: Array, probs: Array) -> Array:
        """The circuit's choice: `probs` (softmax of `logits`), or its argmax when discretized."""
        if self.discretize:
            return jax.nn.one_hot(jnp.argmax(logits, -1), logits.shape[-1])
        return probs

    @nn.compact
    def __call__(self, carry, _):
        registers, memory, state, modulus = carry
        registers, memory = self._clip(registers), self._clip(memory)
        r, q = self.num_registers, len(self.machine_modules)
        sizes = [r + i for i in range(q)] * 2 + [r + q] * r + [1]
        h = zero_signal(registers, self.controller_input, self.argmax_input_weight)  # [b, R]
        # MLP: hidden_layers ReLU layers. LSTM: hidden_layers - 1 ReLU layers, then the cell.
        dense_layers = self.hidden_layers - (self.controller == "lstm")
        for i in range(dense_layers):
            name = "hidden" if i == 0 else f"hidden_{i}"  # "hidden": checkpoints before depth
            h = jax.nn.relu(nn.Dense(self.hidden, name=name)(h))
        if self.controller == "lstm":
            state, h = nn.OptimizedLSTMCell(self.hidden, name="lstm")(state, h)
        logits = jnp.split(
            self._clip(nn.Dense(sum(sizes), name="circuit")(h)),
            np.cumsum(sizes)[:-1].tolist(),
            -1,
        )
        reg_logits = jnp.stack(logits[2 * q : 2 * q + r], axis=1)  # [b, R, R + Q]
        choices = logits[: 2 * q] + [reg_logits]
        probs = [jax.nn.softmax(x, -1) for x in choices]  # once each: entropy and weights
        entropy = jnp.zeros(registers.shape[:1])
        for p in probs:
            entropy -= jnp.sum(p * jnp.log(p + 1e-12), axis=tuple(range(1, p.ndim)))
        weights = [self._weights(x, p) for x, p in zip(choices, probs, strict=True)]
        a_weights, b_weights, register_weights = weights[:q], weights[q : 2 * q], weights[-1]
        registers, memory, outputs = nram_machine.timestep(
            registers,
            memory,
            self.machine_modules,
            a_weights,
            b_weights,
            register_weights,
            clip=self._clip,
            modulus=modulus,
        )
        stop = jax.nn.sigmoid(logits[-1][:, 0])
        if self.discretize:
            stop = (stop > 0.5).astype(stop.dtype)
        if not self.trace:
            return (registers, memory, state, modulus), (memory, stop, entropy)

        def choice(weights: list[Array] | Array) -> dict[str, Array]:
            stacked = jnp.stack(
                [jnp.pad(w, ((0, 0), (0, r + q - w.shape[-1]))) for w in weights], 1
            )
            return {"index": jnp.argmax(stacked, -1), "weight": jnp.max(stacked, -1)}

        def value(dist: Array) -> dict[str, Array]:  # [b, k, M]
            return {"index": jnp.argmax(dist, -1), "weight": jnp.max(dist, -1)}

        circuit = {
            "a": choice(a_weights),  # [b, Q]: which register / earlier output module i reads
            "b": choice(b_weights),
            "register": choice(list(jnp.moveaxis(register_weights, 1, 0))),  # [b, R]
            "outputs": value(outputs),  # [b, Q]: the most likely value of each module output
            "registers": value(registers),  # [b, R] after the step
            "stop": stop,  # [b]
        }
        return (registers, memory, state, modulus), (memory, stop, entropy, circuit)


class NRAM(nn.Module):
    input_vocab_size: int  # = memory size M (values and addresses live in {0..M-1})
    output_vocab_size: int
    num_registers: int = 4
    machine_modules: tuple[str, ...] = nram_machine.MODULES  # repeats allowed
    timesteps: int = 8
    controller: str = "mlp"  # mlp | lstm
    hidden: int = 64
    # The paper's controllers: an MLP with 2 hidden layers, or an LSTM with one ReLU layer
    # before its cells (hidden_layers=2 for both); 1 keeps the earlier, shallower controller.
    hidden_layers: int = 1
    # > 0: clip every coordinate of the gradient w.r.t. registers, memory, module outputs and
    # controller outputs to [-c, c] during backpropagation (the paper's C1); 0: off.
    activation_grad_clip: float = 0.0
    eps: float = 1e-6
    discretize: bool = False
    trace: bool = False
    # What the controller reads of each register: "fuzzy" P(r_i = 0) or "argmax" (zero_signal).
    controller_input: str = "fuzzy"
    # With controller_input="argmax": the argmax view's share w of the blend (zero_signal).
    argmax_input_weight: float = 1.0

    @nn.compact
    def run(
        self, inputs: Array, lengths: Array | None = None, train: bool = False
    ) -> tuple[Array, Array, Array]:
        """(memories [b, T, M, M], stop distribution p [b, T], circuit entropy [b]), plus the
        circuit (see trace_circuit) when trace=True. lengths [b]: each row's memory size k
        (its cells past k are zero padding, its arithmetic is modulo k); None, or a length
        below 3 (an empty padding row), means M."""
        del train
        m, r = self.input_vocab_size, self.num_registers
        chex.assert_shape(inputs, (None, m))
        if self.controller not in ("mlp", "lstm"):
            raise ValueError(f"unknown NRAM controller {self.controller!r}; valid: mlp, lstm")
        if self.hidden_layers < 1:
            raise ValueError(f"NRAM hidden_layers must be >= 1, got {self.hidden_layers}")
        if self.controller_input not in CONTROLLER_INPUTS:
            raise ValueError(
                f"unknown NRAM controller_input {self.controller_input!r}; valid: "
                f"{', '.join(CONTROLLER_INPUTS)}"
            )
        if not 0.0 <= self.argmax_input_weight <= 1.0:
            raise ValueError(
                f"NRAM argmax_input_weight must be in [0, 1], got {self.argmax_input_weight}"
            )
        for name in self.machine_modules:
            if name not in nram_machine.MODULES:
                raise ValueError(f"unknown NRAM module {name!r}; valid: {nram_machine.MODULES}")
        batch = inputs.shape[0]
        modulus = jnp.full((batch,), m, jnp.int32)
        if lengths is not None:
            chex.assert_shape(lengths, (batch,))
            modulus = jnp.where(lengths >= 3, jnp.minimum(lengths, m), m).astype(jnp.int32)
        memory = jax.nn.one_hot(inputs, m)  # [b, M cells, M values]
        registers = jax.nn.one_hot(jnp.zeros((batch, r), jnp.int32), m)  # [b, R, M]
        zeros = jnp.zeros((batch, self.hidden))
        steps = nn.scan(
            CircuitStep,
            variable_broadcast="params",
            split_rngs={"params": False},
            length=self.timesteps,
            out_axes=1,
        )(
            r,
            tuple(self.machine_modules),
            self.controller,
            self.hidden,
            self.discretize,
            self.trace,
            self.hidden_layers,
            self.activation_grad_clip,
            self.controller_input,
            self.argmax_input_weight,
            name="step",
        )
        _, (memories, stops, entropy, *circuit) = steps(
            (registers, memory, (zeros, zeros), modulus), None
        )
        p_stop = nram_machine.stop_probabilities(stops)  # [b, T]
        if self.trace:
            return memories, p_stop, jnp.sum(entropy, axis=1), circuit[0]
        return memories, p_stop, jnp.sum(entropy, axis=1)

    def trace_circuit(self, inputs: Array, lengths: Array | None = None) -> dict[str, Any]:
        """The circuit the controller runs on `inputs` [b, M], step by step (set trace=True).

        Returns {"a", "b", "register": {"index", "weight"} [b, T, Q or R] (argument / new value
        sources: registers 0..R-1, then module outputs R..R+Q-1), "outputs", "registers":
        {"index", "weight"} (most likely values), "stop" f_t and "p_stop" p_t [b, T]}.
        """
        if not self.trace:
            raise ValueError("trace_circuit needs an NRAM built with trace=True")
        _, p_stop, _, circuit = self.run(inputs, lengths)
        return {**circuit, "p_stop": p_stop}

    def __call__(self, inputs: Array, lengths: Array, train: bool = False) -> Array:
        memories, p_stop, _ = self.run(inputs, lengths, train)[:3]
        expected = jnp.einsum("bt,btmv->bmv", p_stop, memories)
        return jnp.log(jnp.maximum(expected, self.eps))  # [b, M cells, M values]

    def training_loss(
        self,
        inputs: Array,
        lengths: Array,
        targets: Array,
        mask: Array,
        train: bool = False,
        entropy_weight: Array | float = 0.0,
    ) -> tuple[Array, Array]:
        """(mean over examples of the NRAM loss minus the entropy bonus, logits as __call__)."""
        memories, p_stop, entropy = self.run(inputs, lengths, train)[:3]
        loss = nram_machine.memory_loss(memories, p_stop, targets, mask, self.eps)
        expected = jnp.einsum("bt,btmv->bmv", p_stop, memories)
        rows = jnp.maximum(jnp.sum(jnp.any(mask, -1)), 1.0)
        total = jnp.sum(loss - entropy_weight * entropy) / rows
        return total, jnp.log(jnp.maximum(expected, self.eps))
