"""`lte_addition` and `lte_copy`: the number tasks of Learning to Execute.

Addition: print(a+b) for two numbers of exactly `length` digits each (the paper's equal-length
addition; 9 digits is its headline). Copy (memorization): print(n) for an n of exactly `length`
digits (the paper uses 5-65). Both accept the reverse_input / double_input options.
"""

from __future__ import annotations

import numpy as np

from algolearn.tasks.characters import CharacterTask


def _number(rng: np.random.Generator, length: int) -> int:
    """Uniform over the integers with exactly `length` decimal digits."""
    digits = rng.integers(0, 10, size=length)
    digits[0] = rng.integers(1, 10)
    return int("".join(map(str, digits)))


class Addition(CharacterTask):
    name = "lte_addition"

    def sample_text(self, rng: np.random.Generator, length: int) -> tuple[str, str]:
        a, b = _number(rng, length), _number(rng, length)
        return f"print({a}+{b})", str(a + b)

    def max_text_lengths(self, length: int) -> tuple[int, int]:
        return 2 * length + len("print(+)"), length + 1


class Copy(CharacterTask):
    name = "lte_copy"

    def sample_text(self, rng: np.random.Generator, length: int) -> tuple[str, str]:
        n = _number(rng, length)
        return f"print({n})", str(n)

    def max_text_lengths(self, length: int) -> tuple[int, int]:
        return length + len("print()"), length
