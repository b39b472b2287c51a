"""Plain-Python reference computations for the task tests (no numpy vectorization, big ints).

Deliberately written without the task code's helpers, so a bug there cannot hide in both.
"""

from __future__ import annotations

from collections.abc import Sequence

PAD, PLUS, TIMES = 0, 11, 12


def to_list(row: Sequence[int]) -> list[int]:
    return [int(t) for t in row]


def digits_to_int(digits: Sequence[int], base: int) -> int:
    """Value of least-significant-first digits."""
    value = 0
    for d in reversed(digits):
        value = value * base + d
    return value


def int_to_digits(value: int, base: int) -> list[int]:
    """Minimal least-significant-first digits of a non-negative int ([0] for zero)."""
    if value == 0:
        return [0]
    if base == 10:
        return [int(c) for c in reversed(str(value))]
    if base == 2:
        return [int(c) for c in reversed(format(value, "b"))]
    if base == 4:
        bits = format(value, "b")
        bits = "0" * (len(bits) % 2) + bits
        return [int(bits[i : i + 2], 2) for i in range(len(bits) - 2, -1, -2)]
    digits = []
    while value:
        value, d = divmod(value, base)
        digits.append(d)
    return digits


def parse_operands(row: Sequence[int], sep: int, base: int) -> tuple[list[int], list[int]]:
    """Splits an arithmetic input row into its two digit lists (LSD first); asserts the layout."""
    row = to_list(row)
    length = len(row)
    k = (length - 1) // 2
    assert row.count(sep) == 1, row
    assert row.index(sep) == k, row
    assert row[2 * k + 1 :] == [PAD] * (length - 2 * k - 1), row
    a = [t - 1 for t in row[:k]]
    b = [t - 1 for t in row[k + 1 : 2 * k + 1]]
    assert all(0 <= d < base for d in a + b), row
    return a, b


def expected_target(value: int, base: int, length: int) -> list[int]:
    """Target row for a result value: minimal digits as tokens d+1, right-padded."""
    tokens = [d + 1 for d in int_to_digits(value, base)]
    assert len(tokens) <= length
    return tokens + [PAD] * (length - len(tokens))


def carry_runs(a: Sequence[int], b: Sequence[int], base: int) -> list[int]:
    """Lengths of every maximal ripple-carry chain (see max_carry_run), LSD first."""
    runs, run = [], 0
    for x, y in zip(a, b, strict=True):
        if x + y >= base:
            if run:
                runs.append(run)
            run = 1
        elif x + y == base - 1 and run:
            run += 1
        else:
            if run:
                runs.append(run)
            run = 0
    return runs + ([run] if run else [])


def max_carry_run(a: Sequence[int], b: Sequence[int], base: int) -> int:
    """Longest ripple-carry chain when adding a and b (LSD first).

    A chain starts at a position that generates a carry (a_i + b_i >= base) and continues through
    each following position that only passes the carry on (a_i + b_i == base - 1); its length
    counts the generating position, so a lone carry has length 1 and no carry gives 0.
    """
    best = run = 0
    for x, y in zip(a, b, strict=True):
        if x + y >= base:
            run = 1
        elif x + y == base - 1 and run:
            run += 1
        else:
            run = 0
        best = max(best, run)
    return best


def column_carries(a: Sequence[int], b: Sequence[int], base: int) -> list[int]:
    """Carry out of each schoolbook column of a * b (LSD first), by an explicit column loop."""
    k = len(a)
    carries = []
    carry = 0
    for m in range(2 * k - 1):
        total = carry + sum(a[i] * b[m - i] for i in range(max(0, m - k + 1), min(m, k - 1) + 1))
        carry = total // base
        carries.append(carry)
    return carries
