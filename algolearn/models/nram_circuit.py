"""Reading a trained NRAM's circuits: what each timestep computes, as text for people.

`format_circuit` renders `NRAM.trace_circuit`'s output for one example, e.g.

    t= 2 p_stop 0.00 | READ(r2)=17 INC(READ)=18 WRITE(r2, INC) | r2<-INC | r1=0 r2=3 ...

Only the modules whose outputs reach a register or a WRITE are shown (the rest of the 14 are
computed and ignored), "~" marks a choice with less than `confident` of the softmax weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

# Arguments each module uses (every module receives two; the rest are ignored).
ARITY = {
    "read": 1,
    "zero": 0,
    "one": 0,
    "two": 0,
    "inc": 1,
    "add": 2,
    "sub": 2,
    "dec": 1,
    "less_than": 2,
    "less_or_equal": 2,
    "equal": 2,
    "min": 2,
    "max": 2,
    "write": 2,
}


def source_names(modules: Sequence[str], num_registers: int) -> list[str]:
    """Names of the circuit's value sources: r1..rR, then each module (NAME#k when repeated)."""
    names = [f"r{i + 1}" for i in range(num_registers)]
    seen: dict[str, int] = {}
    for name in modules:
        seen[name] = seen.get(name, 0) + 1
        repeated = modules.count(name) > 1
        names.append(name.upper() + (f"#{seen[name]}" if repeated else ""))
    return names


def used_modules(
    modules: Sequence[str], num_registers: int, a: np.ndarray, b: np.ndarray, register: np.ndarray
) -> set[int]:
    """Indices of the modules whose output reaches a register or a WRITE (one timestep)."""
    used = {int(s) - num_registers for s in register if s >= num_registers}
    used |= {i for i, name in enumerate(modules) if name == "write"}
    for i in reversed(range(len(modules))):
        if i in used:
            args = (a[i], b[i])[: ARITY[modules[i]]]
            used |= {int(s) - num_registers for s in args if s >= num_registers}
    return used


def format_circuit(
    trace: Mapping[str, object],
    modules: Sequence[str],
    num_registers: int,
    example: int = 0,
    confident: float = 0.9,
) -> str:
    """One line per timestep of example `example` of a `NRAM.trace_circuit` result."""
    t = {k: np.asarray(v) for k, v in trace.items() if not isinstance(v, Mapping)}
    choice = {
        k: {f: np.asarray(x)[example] for f, x in v.items()}
        for k, v in trace.items()
        if isinstance(v, Mapping)
    }
    names = source_names(modules, num_registers)

    def src(kind: str, step: int, i: int) -> str:
        index, weight = choice[kind]["index"][step, i], choice[kind]["weight"][step, i]
        return ("" if weight >= confident else "~") + names[int(index)]

    lines = []
    for step in range(t["p_stop"].shape[1]):
        a, b = choice["a"]["index"][step], choice["b"]["index"][step]
        register = choice["register"]["index"][step]
        used = used_modules(modules, num_registers, a, b, register)
        calls = []
        for i in sorted(used):
            args = [src("a", step, i), src("b", step, i)][: ARITY[modules[i]]]
            call = f"{names[num_registers + i]}({', '.join(args)})"
            if modules[i] != "write":
                call += f"={int(choice['outputs']['index'][step, i])}"
            calls.append(call)
        moves = [
            f"r{j + 1}<-{src('register', step, j)}"
            for j in range(num_registers)
            if register[j] != j or choice["register"]["weight"][step, j] < confident
        ]
        values = " ".join(
            f"r{j + 1}={int(choice['registers']['index'][step, j])}" for j in range(num_registers)
        )
        lines.append(
            f"t={step:2d} p_stop {t['p_stop'][example, step]:.2f} | {' '.join(calls) or '-'} | "
            f"{' '.join(moves) or '-'} | {values}"
        )
    return "\n".join(lines)
