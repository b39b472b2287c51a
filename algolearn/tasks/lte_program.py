"""`lte_program`: Zaremba & Sutskever's (2014) random Python programs (Learning to Execute).

Difficulty: `length` = digits of the literals (each uniform in [1, 10**length]) and `nesting` =
operations composed. Operations: addition/subtraction, multiplication by a small number
k in [1, 4 * length], the plain operand, assignment then use, a small for-loop (n in
[1, 4 * length] iterations) and an if-expression; variables are distinct letters a-j. Each
operation takes the previous expression as one operand and fresh literals for the others; the
program ends with print(expression) and its target is the printed integer.
"""

from __future__ import annotations

import numpy as np

from algolearn.tasks.characters import CharacterTask

VARIABLES = "abcdefghij"
MAX_NESTING = 5  # each level uses at most two of the ten variable names
MAX_LENGTH = 18  # literals up to 10**18 fit int64
OPERATIONS = ("add_sub", "small_mul", "identity", "assignment", "for_loop", "if_else")

Code = tuple[list[str], str, int]  # (statement lines, expression, its value)


def _literal(rng: np.random.Generator, length: int) -> int:
    return int(rng.integers(1, 10**length, endpoint=True))


def _small(rng: np.random.Generator, length: int) -> int:
    return int(rng.integers(1, 4 * length, endpoint=True))


def _compose(rng: np.random.Generator, length: int, nesting: int, names: list[str]) -> Code:
    if nesting == 0:
        value = _literal(rng, length)
        return [], str(value), value
    lines, expr, value = _compose(rng, length, nesting - 1, names)
    op = OPERATIONS[int(rng.integers(len(OPERATIONS)))]
    b = _literal(rng, length)
    if op == "add_sub":
        sign = 1 if rng.random() < 0.5 else -1
        text = "+" if sign > 0 else "-"
        if rng.random() < 0.5:
            return lines, f"({expr}{text}{b})", value + sign * b
        return lines, f"({b}{text}{expr})", b + sign * value
    if op == "small_mul":
        k = _small(rng, length)
        if rng.random() < 0.5:
            return lines, f"({expr}*{k})", value * k
        return lines, f"({k}*{expr})", k * value
    if op == "identity":
        return lines, expr, value
    if op == "assignment":
        var = names.pop()
        sign = 1 if rng.random() < 0.5 else -1
        text = "+" if sign > 0 else "-"
        return [*lines, f"{var}={expr}"], f"({var}{text}{b})", value + sign * b
    if op == "for_loop":
        var, loop_var = names.pop(), names.pop()
        n = _small(rng, length)
        sign = 1 if rng.random() < 0.5 else -1
        text = "+" if sign > 0 else "-"
        if rng.random() < 0.5:  # the expression initialises, a literal is added n times
            init, step, result = expr, str(b), value + sign * n * b
        else:  # a literal initialises, the expression is added n times
            init, step, result = str(b), expr, b + sign * n * value
        loop = f"for {loop_var} in range({n}):{var}{text}={step}"
        return [*lines, f"{var}={init}", loop], var, result
    # if_else: the expression takes one of the four slots of (c if a>b else d), or '<'.
    slots = [str(_literal(rng, length)) for _ in range(4)]
    values = [int(s) for s in slots]
    slot = int(rng.integers(4))
    slots[slot], values[slot] = expr, value
    less = rng.random() < 0.5
    cond = values[0] < values[1] if less else values[0] > values[1]
    text = f"({slots[2]} if {slots[0]}{'<' if less else '>'}{slots[1]} else {slots[3]})"
    return lines, text, values[2] if cond else values[3]


def generate(rng: np.random.Generator, length: int, nesting: int) -> tuple[str, str]:
    """One (program source, printed output) pair; the source is valid Python 3."""
    names = list(rng.permutation(list(VARIABLES)))
    lines, expr, value = _compose(rng, length, nesting, names)
    return "\n".join([*lines, f"print({expr})"]), str(value)


def max_text_lengths(length: int, nesting: int) -> tuple[int, int]:
    """Upper bounds on (len(program), len(output)) by induction over the operations.

    With D = digits of a literal and K = digits of a small number, each operation adds at most
    max(D + 3, K + 3, D + 7, D + K + 25, 3 D + 13) characters to lines + expression, and the
    magnitude of the value grows at most to 4 * length * |v| + 10**length."""
    d, k = len(str(10**length)), len(str(4 * length))
    per_op = max(d + 3, k + 3, d + 7, d + k + 25, 3 * d + 13)
    bound = 10**length
    for _ in range(nesting):
        bound = 4 * length * bound + 10**length
    return d + nesting * per_op + len("print()"), len(str(bound)) + 1


class ProgramExecution(CharacterTask):
    """Predict the output of a generated program (difficulty: `length`, `nesting`)."""

    name = "lte_program"
    max_length = MAX_LENGTH

    def _check_params(self, nesting: int = 1, **params: int) -> None:
        super()._check_params(**params)
        for value in np.unique(np.asarray(nesting)).tolist():
            if not isinstance(value, int) or not 1 <= value <= MAX_NESTING:
                raise ValueError(
                    f"task {self.name!r} cannot produce nesting {value!r}: nesting must be an "
                    f"integer in [1, {MAX_NESTING}] (ten variable names, two per operation)"
                )

    def sample_text(self, rng: np.random.Generator, length: int, nesting: int = 1):
        return generate(rng, length, nesting)

    def max_text_lengths(self, length: int, nesting: int = 1) -> tuple[int, int]:
        return max_text_lengths(length, nesting)
