"""Arithmetic generators checked against plain-Python big-int arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from algolearn.tasks import LengthError, arithmetic, registry
from tests.tasks import independent as ref

ARITH = {
    # name: (base, separator token, operation)
    "badd": (2, ref.PLUS, "add"),
    "qadd": (4, ref.PLUS, "add"),
    "add": (10, ref.PLUS, "add"),
    "bmul": (2, ref.TIMES, "mul"),
    "qmul": (4, ref.TIMES, "mul"),
    "mul": (10, ref.TIMES, "mul"),
    "badd_carry": (2, ref.PLUS, "add"),
    "qadd_carry": (4, ref.PLUS, "add"),
    "add_carry": (10, ref.PLUS, "add"),
}


def check_rows(name: str, inputs: np.ndarray, targets: np.ndarray) -> None:
    """Every row's target equals the big-int result of its decoded operands."""
    base, sep, op = ARITH[name]
    length = inputs.shape[1]
    for inp, tgt in zip(inputs, targets, strict=True):
        a, b = ref.parse_operands(inp, sep, base)
        x, y = ref.digits_to_int(a, base), ref.digits_to_int(b, base)
        value = x + y if op == "add" else x * y
        assert ref.to_list(tgt) == ref.expected_target(value, base, length), (name, inp, tgt)


@pytest.mark.parametrize("name", sorted(ARITH))
def test_matches_bigint_arithmetic_short_lengths(name: str) -> None:
    task = registry.get(name)
    assert (task.base, task.operation) == (ARITH[name][0], ARITH[name][2])
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        for length in range(3, 61):
            batch = task.sample(rng, 12, length)
            assert batch.inputs.shape == batch.targets.shape == (12, length)
            assert batch.inputs.dtype == batch.targets.dtype == np.int32
            check_rows(name, batch.inputs, batch.targets)


@pytest.mark.parametrize("length", [401, 4001])
@pytest.mark.parametrize("name", sorted(ARITH))
def test_matches_bigint_arithmetic_long_lengths(name: str, length: int) -> None:
    batch = registry.get(name).sample(np.random.default_rng(length), 2, length)
    check_rows(name, batch.inputs, batch.targets)


@pytest.mark.parametrize("name", ["badd", "qadd", "add", "bmul", "qmul", "mul"])
def test_operand_digits_are_uniform(name: str) -> None:
    base = ARITH[name][0]
    batch = registry.get(name).sample(np.random.default_rng(5), 64, 201)
    digits = np.concatenate([batch.inputs[:, :100], batch.inputs[:, 101:201]], axis=1) - 1
    freq = np.bincount(digits.ravel(), minlength=base) / digits.size
    assert freq.shape == (base,)
    np.testing.assert_allclose(freq, 1.0 / base, rtol=0.15)


@pytest.mark.parametrize("base", [2, 4, 10])
def test_carry_heavy_has_longer_carry_chains(base: int) -> None:
    k, batch_size = 100, 128
    length = 2 * k + 1
    sep = ref.PLUS

    def mean_max_run(task: arithmetic.Addition) -> float:
        inputs = task.sample(np.random.default_rng(11), batch_size, length).inputs
        runs = []
        for row in inputs:
            a, b = ref.parse_operands(row, sep, base)
            runs.append(ref.max_carry_run(a, b, base))
        if task.carry_heavy:
            assert min(runs) >= 1  # every example has its planted chain
        return float(np.mean(runs))

    plain = mean_max_run(arithmetic.Addition(base))
    heavy = mean_max_run(arithmetic.Addition(base, carry_heavy=True))
    # Planted chains: E[c] ~ k/4; random data: about log_base(k).
    assert heavy > 3.0 * plain, (heavy, plain)
    assert heavy > k / 6, heavy


def test_carry_chain_operands_plant_the_documented_chain() -> None:
    """Some position generates and the next c-1 propagate, for every example."""
    base, k = 10, 40
    a, b = arithmetic.carry_chain_operands(np.random.default_rng(3), 256, k, base)
    assert a.shape == b.shape == (256, k)
    lengths = []
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        sums = [p + q for p, q in zip(x, y, strict=True)]
        assert any(s >= base for s in sums)
        lengths.append(ref.max_carry_run(x, y, base))
    # Documented distribution: P(c >= k/2) = 0.18 for k = 40 (random digits may extend a chain).
    long_share = np.mean(np.array(lengths) >= k // 2)
    assert 0.08 < long_share < 0.35, long_share
    assert len(set(lengths)) > 10  # spread over 1..k, not concentrated at one value


@pytest.mark.parametrize("k", [1, 2, 7, 64, 65, 100, 333])
def test_convolution_paths_agree_with_bigint_product(k: int) -> None:
    rng = np.random.default_rng(k)
    a = rng.integers(0, 10, size=(3, k))
    b = rng.integers(0, 10, size=(3, k))
    conv = arithmetic.convolve_digits(a, b)
    np.testing.assert_array_equal(conv, arithmetic._convolve_exact(a, b))
    for row in range(3):
        total = sum(int(c) * 10**m for m, c in enumerate(conv[row]))
        assert total == ref.digits_to_int(a[row].tolist(), 10) * ref.digits_to_int(
            b[row].tolist(), 10
        )


@pytest.mark.parametrize("base", [2, 4, 10])
def test_normalize_columns_matches_bigint(base: int) -> None:
    rng = np.random.default_rng(base)
    cols = rng.integers(0, 5000, size=(6, 32))
    cols[:, 9:] = 0  # leave room for the carries: the value is < 5000 * base**9 < base**32
    cols[0, :9] = base - 1  # a propagate run
    cols[1, :9] = 0
    cols[2, :9] = 2 * base - 2  # the largest column resolve_carries takes directly
    digits = arithmetic.normalize_columns(cols, base)
    for row in range(6):
        value = sum(int(c) * base**i for i, c in enumerate(cols[row]))
        got = digits[row].tolist()
        assert all(0 <= d < base for d in got)
        assert ref.digits_to_int(got, base) == value


def test_even_length_has_one_trailing_pad_and_minimal_targets() -> None:
    task = arithmetic.Addition(10)
    batch = task.sample(np.random.default_rng(0), 50, 10)  # k = 4
    assert (batch.inputs[:, 9] == 0).all()
    assert (batch.inputs[:, :4] > 0).all() and (batch.inputs[:, 5:9] > 0).all()
    for tgt in batch.targets.tolist():
        n = next((i for i, t in enumerate(tgt) if t == 0), len(tgt))
        assert n >= 1 and all(t == 0 for t in tgt[n:])
        assert n == 1 or tgt[n - 1] != 1  # no leading zero digit


def test_zero_product_is_single_zero_digit() -> None:
    task = arithmetic.Multiplication(4)
    batch = task.encode(np.zeros((1, 3)), np.full((1, 3), 3), 7)
    assert batch.targets.tolist() == [[1, 0, 0, 0, 0, 0, 0]]


def test_encode_rejects_bad_operands() -> None:
    task = arithmetic.Addition(2)
    with pytest.raises(ValueError):
        task.encode(np.zeros((2, 3)), np.zeros((2, 3)), 9)  # k must be 4
    with pytest.raises(ValueError):
        task.encode(np.full((2, 4), 2), np.zeros((2, 4)), 9)  # digit 2 in base 2


def test_decode_renders_stored_order() -> None:
    task = arithmetic.Addition(2)
    assert task.decode([1, 2, 2, 1, 11, 2, 1, 2, 2, 0]) == "0110+1011_"
    assert arithmetic.Multiplication(10).decode(np.array([10, 12, 3])) == "9*2"


def test_vocab_and_names() -> None:
    for name in ARITH:
        task = registry.get(name)
        assert task.input_vocab_size == task.output_vocab_size == 13
        assert task.min_length == 3
    assert arithmetic.Addition(3).name == "add3"
    with pytest.raises(ValueError):
        arithmetic.Multiplication(11)


@pytest.mark.parametrize("base", [2, 4, 10])
@pytest.mark.parametrize("carry", [1, 5, 20])
def test_carry_parameter_plants_a_chain_of_exactly_that_length(base: int, carry: int) -> None:
    """badd_carry & co. at difficulty carry=c: each example holds a generating position whose
    chain runs exactly c positions (evaluation by carry-chain length, Price et al.)."""
    task = registry.get({2: "badd_carry", 4: "qadd_carry", 10: "add_carry"}[base])
    batch = task.sample(np.random.default_rng(carry), 64, 41, carry=carry)
    again = task.sample(np.random.default_rng(carry), 64, 41, carry=carry)
    np.testing.assert_array_equal(batch.inputs, again.inputs)
    for row, target in zip(batch.inputs, batch.targets, strict=True):
        a, b = ref.parse_operands(row, ref.PLUS, base)
        value = ref.digits_to_int(a, base) + ref.digits_to_int(b, base)
        assert ref.expected_target(value, base, 41) == target.tolist()  # still exact arithmetic
        assert carry in ref.carry_runs(a, b, base)


def test_carry_parameter_is_checked() -> None:
    with pytest.raises(LengthError, match="carry chain 21 must lie in \\[1, 20\\]"):
        registry.get("badd_carry").sample(np.random.default_rng(0), 2, 41, carry=21)
    with pytest.raises(ValueError, match="takes no carry; use badd_carry"):
        registry.get("badd").sample(np.random.default_rng(0), 2, 41, carry=3)
