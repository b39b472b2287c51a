"""Long addition and multiplication (Kaiser & Sutskever 2015; Price, Zaremba & Sutskever 2016).

Encoding (as in the reference Neural GPU data_utils): token 0 is padding, digit d is token d+1,
'+' is token 11 and '*' is token 12; all arithmetic tasks share one 13-token vocabulary on both
sides. For sequence length L each operand has k = (L-1)//2 uniformly random digits (leading
zeros kept), stored least-significant digit first; the input is a + [sep] + b (length 2k+1),
right-padded with 0 to L (so an even L ends in one pad). The target is the result in minimal
form (no leading zeros; a zero result is the single digit 0), least-significant digit first, as
tokens d+1, right-padded with 0 to L. The result always fits: a sum has at most k+1 digits and a
product at most 2k.

Generation is vectorized numpy over the batch (carry propagation by a prefix scan, products by a
digit convolution), so it stays cheap at k = 2000 and never bottlenecks training.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from algolearn.tasks import adversarial
from algolearn.tasks.base import PAD, Batch, LengthError, Task

DIGIT_OFFSET = 1  # digit d is token d + 1
PLUS = 11
TIMES = 12
VOCAB_SIZE = 13
_PREFIX = {2: "b", 4: "q", 10: ""}  # reference task-name prefixes: badd, qadd, add, ...
_EXACT_CONV_MAX_DIGITS = 64  # up to this many digits the exact shifted-add convolution is used


def resolve_carries(columns: np.ndarray, base: int) -> np.ndarray:
    """Digits of sum_i columns[:, i] * base**i, for column values in [0, 2*base - 2].

    With such columns every carry is 0 or 1, so position i carries out iff the nearest position
    j <= i whose column is not base-1 (the propagate value) generates (column >= base). That
    "nearest non-propagating position" is a running maximum, which vectorizes the ripple.
    Returns [batch, n + 1] digits, least-significant first (the last one is the final carry).
    """
    batch, n = columns.shape
    generate = columns >= base  # [batch, n]
    pos = np.arange(n)
    stopper = np.where(columns != base - 1, pos, -1)  # [batch, n]
    last_stop = np.maximum.accumulate(stopper, axis=1)  # [batch, n]
    carry_out = np.take_along_axis(generate, np.maximum(last_stop, 0), axis=1) & (last_stop >= 0)
    carry_in = np.zeros((batch, n), dtype=np.int64)
    carry_in[:, 1:] = carry_out[:, :-1]
    digits = np.empty((batch, n + 1), dtype=np.int64)
    digits[:, :n] = (columns + carry_in) % base
    digits[:, n] = carry_out[:, -1]
    return digits


def normalize_columns(columns: np.ndarray, base: int) -> np.ndarray:
    """Digits of sum_i columns[:, i] * base**i for any non-negative integer columns.

    Shifts carries up in whole-array steps until every column is <= 2*base - 2 (about
    log_base(max column) steps), then resolves the remaining 0/1 carries with `resolve_carries`.
    The value must be < base**n (n = number of columns), so nothing carries out of the top.
    Returns [batch, n + 1] digits, least-significant first.
    """
    cols = np.array(columns, dtype=np.int64)  # [batch, n]
    while cols.size and cols.max() > 2 * base - 2:
        carry = cols // base
        if carry[:, -1].any():
            raise ValueError("value does not fit in the given number of columns")
        cols %= base
        cols[:, 1:] += carry[:, :-1]
    return resolve_carries(cols, base)


def _convolve_exact(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Column sums sum_{i+j=m} a_i b_j by k shifted multiply-adds: [batch, k] -> [batch, 2k-1]."""
    batch, k = a.shape
    out = np.zeros((batch, 2 * k - 1), dtype=np.int64)
    for i in range(k):
        out[:, i : i + k] += a[:, i : i + 1] * b
    return out


def convolve_digits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Column sums of the schoolbook product: [batch, k] x2 -> [batch, 2k-1] int64.

    Uses a float64 FFT for long operands and falls back to the exact method if rounding is not
    clearly safe (column sums are at most k * (base-1)**2, far inside float64's exact range).
    """
    k = a.shape[1]
    if k <= _EXACT_CONV_MAX_DIGITS:
        return _convolve_exact(a, b)
    n = 2 * k - 1
    size = 1 << (n - 1).bit_length()
    spectrum = np.fft.rfft(a, size, axis=1) * np.fft.rfft(b, size, axis=1)
    approx = np.fft.irfft(spectrum, size, axis=1)[:, :n]  # [batch, 2k-1]
    rounded = np.rint(approx)
    if np.abs(approx - rounded).max(initial=0.0) > 0.2:
        return _convolve_exact(a, b)
    return rounded.astype(np.int64)


def minimal_result_tokens(digits: np.ndarray, length: int) -> np.ndarray:
    """Tokens of a result given as [batch, m] digits (LSD first), leading zeros dropped.

    A zero result keeps the single digit 0. Returns int32 [batch, length], right-padded with PAD.
    """
    batch, m = digits.shape
    if m > length:
        if digits[:, length:].any():
            raise ValueError(f"result needs more than {length} digits")
        digits, m = digits[:, :length], length
    nonzero = digits != 0  # [batch, m]
    top = m - np.argmax(nonzero[:, ::-1], axis=1)  # [batch] one past the highest nonzero digit
    num = np.where(nonzero.any(axis=1), top, 1)  # [batch]
    tokens = np.full((batch, length), PAD, dtype=np.int32)
    tokens[:, :m] = np.where(np.arange(m) < num[:, None], digits + DIGIT_OFFSET, PAD)
    return tokens


def decode_arithmetic(ids: Sequence[int] | np.ndarray) -> str:
    """Renders tokens in stored order: digits as characters, '+', '*', pad as '_', else '?'."""
    chars = []
    for t in np.asarray(ids).reshape(-1).tolist():
        if t == PAD:
            chars.append("_")
        elif DIGIT_OFFSET <= t < DIGIT_OFFSET + 10:
            chars.append(str(t - DIGIT_OFFSET))
        elif t == PLUS:
            chars.append("+")
        elif t == TIMES:
            chars.append("*")
        else:
            chars.append("?")
    return "".join(chars)


class ArithmeticTask(Task):
    """Shared encoding for two-operand arithmetic in a base between 2 and 10."""

    operation: str  # "add" or "mul"
    separator: int
    input_vocab_size = VOCAB_SIZE
    output_vocab_size = VOCAB_SIZE
    min_length = 3  # one digit per operand plus the separator

    def __init__(self, base: int) -> None:
        if not 2 <= base <= 10:
            raise ValueError(f"base must be in [2, 10], got {base}")
        self.base = int(base)
        prefix = _PREFIX.get(self.base)
        self.name = (
            f"{prefix}{self.operation}" if prefix is not None else f"{self.operation}{self.base}"
        )

    @staticmethod
    def num_digits(length: int) -> int:
        """Digits per operand at sequence length `length`."""
        return (length - 1) // 2

    def result_digits(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The result's digits, [batch, m] LSD first, leading zeros kept; operands [batch, k]."""
        raise NotImplementedError

    def encode(self, a: np.ndarray, b: np.ndarray, length: int) -> Batch:
        """Encodes operand digit arrays a, b ([batch, k], LSD first) as a batch of `length`."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        k = self.num_digits(length)
        if a.shape != b.shape or a.ndim != 2 or a.shape[1] != k:
            raise ValueError(f"operands must both be [batch, {k}], got {a.shape} and {b.shape}")
        if a.size and (min(a.min(), b.min()) < 0 or max(a.max(), b.max()) >= self.base):
            raise ValueError(f"operand digits must lie in [0, {self.base})")
        batch = a.shape[0]
        inputs = np.full((batch, length), PAD, dtype=np.int32)
        inputs[:, :k] = a + DIGIT_OFFSET
        inputs[:, k] = self.separator
        inputs[:, k + 1 : 2 * k + 1] = b + DIGIT_OFFSET
        targets = minimal_result_tokens(self.result_digits(a, b), length)
        return Batch(inputs=inputs, targets=targets)

    def _operands(
        self, rng: np.random.Generator, batch_size: int, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Uniformly random operands, [batch, k] each."""
        a = rng.integers(0, self.base, size=(batch_size, k), dtype=np.int64)
        b = rng.integers(0, self.base, size=(batch_size, k), dtype=np.int64)
        return a, b

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        a, b = self._operands(rng, batch_size, self.num_digits(length))
        return self.encode(a, b, length)

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        """Tokens in stored order, least-significant digit first, e.g. '0110+1011_' ('_' = pad)."""
        return decode_arithmetic(ids)

    def adversarial_sets(self) -> tuple[str, ...]:
        return adversarial.names_for(self)

    def sample_adversarial(
        self, set_name: str, rng: np.random.Generator, batch_size: int, length: int
    ) -> Batch:
        """Draws `batch_size` examples of `length` from the named hard set (adversarial.py)."""
        self.check_length(length)
        if set_name not in self.adversarial_sets():
            raise KeyError(
                f"task {self.name!r} has no adversarial set {set_name!r}; "
                f"valid sets: {', '.join(self.adversarial_sets())}"
            )
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        batch = adversarial.get(set_name)(self, rng, int(batch_size), int(length))
        return Batch(
            inputs=np.asarray(batch.inputs, dtype=np.int32),
            targets=np.asarray(batch.targets, dtype=np.int32),
        )


def carry_chain_operands(
    rng: np.random.Generator, batch_size: int, k: int, base: int, chain: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Operands with one planted carry chain per example, [batch, k] each.

    Chain start s ~ uniform{0..k-1}; chain length c | s ~ uniform{1..k-s}, so a chain never runs
    past the top digit and E[c] is about k/4 + 3/4. Position s generates a carry (a_s + b_s >= base,
    the pair uniform over all such pairs); positions s+1..s+c-1 propagate it (a_i + b_i = base-1,
    a_i uniform); all other digits are uniform, so chains may extend further by chance.
    With `chain` = c given, every chain has exactly length c: s ~ uniform{0..k-c} and position
    s+c (if any) stops it (a + b < base - 1); chains elsewhere stay random (short).
    """
    a = rng.integers(0, base, size=(batch_size, k), dtype=np.int64)
    b = rng.integers(0, base, size=(batch_size, k), dtype=np.int64)
    if chain is not None:
        if not 1 <= chain <= k:
            raise ValueError(f"carry chain {chain} must lie in [1, {k}] for {k}-digit operands")
        start = rng.integers(0, k - chain + 1, size=batch_size)  # [batch]
        stop_a = rng.integers(0, base - 1, size=batch_size)  # a + b <= base - 2
        stop_b = rng.integers(0, base - 1 - stop_a)
        is_stop = np.arange(k) == (start + chain)[:, None]  # [batch, k]
        a = np.where(is_stop, stop_a[:, None], a)
        b = np.where(is_stop, stop_b[:, None], b)
        chain = np.full(batch_size, chain)
    else:
        start = rng.integers(0, k, size=batch_size)  # [batch]
        chain = rng.integers(1, k - start + 1)  # [batch], uniform in [1, k - start]
    gen_a, gen_b = generating_pairs(base)
    pick = rng.integers(0, len(gen_a), size=batch_size)  # [batch]
    prop = rng.integers(0, base, size=(batch_size, k), dtype=np.int64)  # [batch, k]
    pos = np.arange(k)
    is_gen = pos == start[:, None]  # [batch, k]
    is_prop = (pos > start[:, None]) & (pos < (start + chain)[:, None])  # [batch, k]
    a = np.where(is_gen, gen_a[pick][:, None], np.where(is_prop, prop, a))
    b = np.where(is_gen, gen_b[pick][:, None], np.where(is_prop, base - 1 - prop, b))
    return a, b


def generating_pairs(base: int) -> tuple[np.ndarray, np.ndarray]:
    """All digit pairs (x, y) with x + y >= base, as two aligned arrays."""
    x, y = np.meshgrid(np.arange(base), np.arange(base), indexing="ij")
    keep = (x + y) >= base
    return x[keep].astype(np.int64), y[keep].astype(np.int64)


class Addition(ArithmeticTask):
    """a + b in `base`; with carry_heavy=True every example carries a planted long carry chain.

    The carry-heavy variant (Price et al. 2016 trained on long carry chains) draws operands with
    `carry_chain_operands`; its name gets the suffix '_carry' (badd_carry, qadd_carry, add_carry).
    """

    operation = "add"
    separator = PLUS

    def __init__(self, base: int = 10, carry_heavy: bool = False) -> None:
        super().__init__(base)
        self.carry_heavy = bool(carry_heavy)
        if self.carry_heavy:
            self.name += "_carry"

    def result_digits(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return resolve_carries(a + b, self.base)  # [batch, k + 1]

    def check_difficulty(self, length: int, **params: int) -> None:
        """The carry-heavy variant also takes `carry`: plant a chain of exactly that length."""
        carry = params.pop("carry", None)
        if carry is not None and not self.carry_heavy:
            raise ValueError(f"task {self.name!r} takes no carry; use {self.name}_carry")
        super().check_difficulty(length, **params)
        k = self.num_digits(int(length))
        if carry is not None and not 1 <= int(carry) <= k:
            raise LengthError(
                f"task {self.name!r}: carry chain {carry} must lie in [1, {k}] at length {length}"
            )

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int, **params) -> Batch:
        if "carry" not in params:
            return super()._sample(rng, batch_size, length)
        k = self.num_digits(length)
        a, b = carry_chain_operands(rng, batch_size, k, self.base, chain=int(params["carry"]))
        return self.encode(a, b, length)

    def _operands(
        self, rng: np.random.Generator, batch_size: int, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        if self.carry_heavy:
            return carry_chain_operands(rng, batch_size, k, self.base)
        return super()._operands(rng, batch_size, k)


class Multiplication(ArithmeticTask):
    """a * b in `base`: a digit convolution followed by vectorized carry propagation."""

    operation = "mul"
    separator = TIMES

    def __init__(self, base: int = 10) -> None:
        super().__init__(base)

    def result_digits(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        batch, k = a.shape
        columns = np.zeros((batch, 2 * k), dtype=np.int64)  # the product is < base**(2k)
        columns[:, : 2 * k - 1] = convolve_digits(a, b)
        return normalize_columns(columns, self.base)[:, : 2 * k]  # [batch, 2k]
