"""The NRAM's circuit trace says exactly what the machine did: replayed with plain integers, the
traced choices of a discretized NRAM give its memory; and the text shows the used modules only."""

from __future__ import annotations

import jax
import numpy as np
import pytest

from algolearn import tasks
from algolearn.models import NRAM
from algolearn.models.nram_circuit import format_circuit, source_names, used_modules
from algolearn.models.nram_machine import INTEGER

MODULES = ("read", "zero", "one", "inc", "add", "less_than", "write")  # every arity, a compare


def replay(trace, inputs, modules, num_registers, m):
    """Runs the traced choices of one example with Python integers: (memories, outputs, regs)."""
    regs, memory = [0] * num_registers, [int(v) for v in inputs]
    memories, outputs, registers = [], [], []
    for t in range(trace["a"]["index"].shape[0]):
        sources = list(regs)
        for i, name in enumerate(modules):
            a = sources[int(trace["a"]["index"][t, i])]
            b = sources[int(trace["b"]["index"][t, i])]
            if name == "read":
                out = memory[a]
            elif name == "write":
                memory[a], out = b, b
            else:
                out = INTEGER[name](a, b, m)
            sources.append(out)
        regs = [sources[int(j)] for j in trace["register"]["index"][t]]
        memories.append(list(memory))
        outputs.append(sources[num_registers:])
        registers.append(regs)
    return np.array(memories), np.array(outputs), np.array(registers)


@pytest.mark.parametrize("seed", [0, 1])
def test_trace_of_discretized_nram_replays_to_its_memory(seed) -> None:
    m, r = 10, 3
    data = tasks.get("nram_increment", memory_size=m).sample(np.random.default_rng(seed), 4, 4)
    model = NRAM(
        m,
        m,
        num_registers=r,
        timesteps=5,
        hidden=16,
        machine_modules=MODULES,
        discretize=True,
        trace=True,
    )
    variables = model.init(jax.random.PRNGKey(seed), data.inputs, data.lengths)
    trace = jax.device_get(model.apply(variables, data.inputs, method="trace_circuit"))
    final = np.argmax(np.asarray(model.apply(variables, data.inputs, data.lengths)), -1)
    for row in range(4):
        one = jax.tree.map(lambda x, row=row: np.asarray(x)[row], trace)
        memories, outputs, registers = replay(one, data.inputs[row], MODULES, r, m)
        np.testing.assert_array_equal(one["outputs"]["index"], outputs)
        np.testing.assert_array_equal(one["registers"]["index"], registers)
        np.testing.assert_array_equal(final[row], memories[int(np.argmax(one["p_stop"]))])
        assert (one["a"]["weight"] == 1.0).all()  # discretized: every choice is certain
    text = format_circuit(trace, MODULES, r, example=1)
    assert len(text.splitlines()) == 5 and text.startswith("t= 0 p_stop ")
    assert "WRITE(" in text and "~" not in text


def test_trace_needs_trace_mode_and_leaves_outputs_unchanged() -> None:
    data = tasks.get("nram_access", memory_size=8).sample(np.random.default_rng(0), 2, 3)
    plain = NRAM(8, 8, timesteps=3, hidden=16, machine_modules=MODULES)
    variables = plain.init(jax.random.PRNGKey(0), data.inputs, data.lengths)
    traced = plain.clone(trace=True)
    np.testing.assert_allclose(
        plain.apply(variables, data.inputs, data.lengths),
        traced.apply(variables, data.inputs, data.lengths),
    )
    with pytest.raises(ValueError, match="trace=True"):
        plain.apply(variables, data.inputs, method="trace_circuit")


def test_only_modules_that_reach_a_register_or_write_are_shown() -> None:
    names = source_names(("read", "inc", "inc", "write"), 2)
    assert names == ["r1", "r2", "READ", "INC#1", "INC#2", "WRITE"]
    # READ(r1) -> INC#1(READ) -> r2; INC#2 feeds nothing; WRITE(r1, r1) always counts.
    a, b = np.array([0, 2, 2, 0]), np.array([1, 1, 1, 0])
    assert used_modules(("read", "inc", "inc", "write"), 2, a, b, np.array([0, 3])) == {0, 1, 3}
