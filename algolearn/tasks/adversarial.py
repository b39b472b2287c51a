"""Named hard evaluation sets for the arithmetic tasks (Price, Zaremba & Sutskever 2016).

Price et al. found models that are near-perfect on random 100-digit decimal multiplication fail on
symmetric inputs such as 000...002 x 000...002, and addition models fail on long carry chains.
These sets probe exactly that, at any length L (k = (L-1)//2 digits per operand), using the
task's own encoding (`task.encode`), so targets are computed by the same exact arithmetic.

Sets (digits listed least-significant first, as stored):
  symmetric_small: both operands are the same small number d, written with k digits
      (d, 0, 0, ..., 0); d uniform in 1..base-1 per example (always 1 in base 2).
  all_zeros: both operands all zeros (deterministic).
  all_max: both operands all base-1 digits (deterministic).
  long_carry:
      addition: a carry generated at the least significant digit propagates through all k
          digits: (a_0, b_0) uniform over pairs with a_0 + b_0 >= base, and for i >= 1
          a_i uniform, b_i = base-1-a_i. The sum is base**k + (a_0 + b_0 - base).
      multiplication: x = base**k - 1 (all base-1 digits) times y with uniform digits except
          y_0 = y_1 = base-1 (k >= 2; y_0 only when k = 1); the operand order is swapped with
          probability 1/2. Every schoolbook column m in 0..k-1 (1..k-1 in base 2) then carries
          out a nonzero carry (the carry out of column m < k is digitsum(y_0..y_m) - 1), and
          the low half of the product is the complement base**k - y, a k-digit borrow chain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from algolearn.tasks.base import Batch, Task


class ArithmeticLike(Protocol):
    """What a set needs from an arithmetic task (see arithmetic.ArithmeticTask)."""

    base: int
    operation: str

    def num_digits(self, length: int) -> int: ...

    def encode(self, a: np.ndarray, b: np.ndarray, length: int) -> Batch: ...


AdversarialFn = Callable[[ArithmeticLike, np.random.Generator, int, int], Batch]


def symmetric_small(
    task: ArithmeticLike, rng: np.random.Generator, batch_size: int, length: int
) -> Batch:
    """Both operands equal d, 0, ..., 0 (LSD first) with d uniform in 1..base-1."""
    k = task.num_digits(length)
    a = np.zeros((batch_size, k), dtype=np.int64)  # [batch, k]
    a[:, 0] = rng.integers(1, task.base, size=batch_size)
    return task.encode(a, a.copy(), length)


def all_zeros(
    task: ArithmeticLike, rng: np.random.Generator, batch_size: int, length: int
) -> Batch:
    """Both operands all zeros; the result is the single digit 0."""
    del rng  # deterministic set
    a = np.zeros((batch_size, task.num_digits(length)), dtype=np.int64)  # [batch, k]
    return task.encode(a, a.copy(), length)


def all_max(task: ArithmeticLike, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
    """Both operands all base-1 digits (base**k - 1)."""
    del rng  # deterministic set
    a = np.full((batch_size, task.num_digits(length)), task.base - 1, dtype=np.int64)
    return task.encode(a, a.copy(), length)


def long_carry(
    task: ArithmeticLike, rng: np.random.Generator, batch_size: int, length: int
) -> Batch:
    """A carry chain through every operand digit (construction in the module docstring)."""
    k = task.num_digits(length)
    base = task.base
    if task.operation == "add":
        x, y = np.meshgrid(np.arange(base), np.arange(base), indexing="ij")
        keep = (x + y) >= base
        gen_a, gen_b = x[keep], y[keep]
        pick = rng.integers(0, len(gen_a), size=batch_size)  # [batch]
        a = rng.integers(0, base, size=(batch_size, k), dtype=np.int64)  # [batch, k]
        b = base - 1 - a
        a[:, 0] = gen_a[pick]
        b[:, 0] = gen_b[pick]
        return task.encode(a, b, length)
    if task.operation == "mul":
        x = np.full((batch_size, k), base - 1, dtype=np.int64)  # [batch, k]
        y = rng.integers(0, base, size=(batch_size, k), dtype=np.int64)  # [batch, k]
        y[:, : min(k, 2)] = base - 1
        swap = rng.random(batch_size) < 0.5  # [batch]
        a = np.where(swap[:, None], y, x)
        b = np.where(swap[:, None], x, y)
        return task.encode(a, b, length)
    raise ValueError(f"long_carry has no construction for operation {task.operation!r}")


SETS: dict[str, AdversarialFn] = {
    "symmetric_small": symmetric_small,
    "all_zeros": all_zeros,
    "all_max": all_max,
    "long_carry": long_carry,
}

# Which arithmetic operations each set is defined for.
_OPERATIONS: dict[str, frozenset[str]] = {
    "symmetric_small": frozenset({"add", "mul"}),
    "all_zeros": frozenset({"add", "mul"}),
    "all_max": frozenset({"add", "mul"}),
    "long_carry": frozenset({"add", "mul"}),
}


def names() -> list[str]:
    """All set names, sorted."""
    return sorted(SETS)


def get(name: str) -> AdversarialFn:
    """The generator of the set called `name`; KeyError naming the valid sets otherwise."""
    try:
        return SETS[name]
    except KeyError:
        raise KeyError(
            f"unknown adversarial set {name!r}; valid sets: {', '.join(names())}"
        ) from None


def names_for(task: Task | ArithmeticLike) -> tuple[str, ...]:
    """Names of the sets applicable to `task` (none for tasks without an arithmetic operation)."""
    operation = getattr(task, "operation", None)
    return tuple(name for name in names() if operation in _OPERATIONS[name])
