"""Hard evaluation sets: exact targets (big ints) and the structure each set promises."""

from __future__ import annotations

import numpy as np
import pytest

from algolearn.tasks import adversarial, registry
from algolearn.tasks.base import LengthError
from tests.tasks import independent as ref

ARITH_NAMES = ["badd", "qadd", "add", "bmul", "qmul", "mul", "badd_carry", "add_carry"]
SET_NAMES = ["all_max", "all_zeros", "long_carry", "symmetric_small"]
LENGTHS = [3, 4, 7, 20, 41, 201]


def operands(name: str, set_name: str, length: int, seed: int = 0, batch_size: int = 6):
    """Samples the set and returns (task, batch, [(a_digits, b_digits), ...]) after checking
    every target against big-int arithmetic."""
    task = registry.get(name)
    batch = task.sample_adversarial(set_name, np.random.default_rng(seed), batch_size, length)
    assert batch.inputs.shape == batch.targets.shape == (batch_size, length)
    assert batch.inputs.dtype == batch.targets.dtype == np.int32
    sep = ref.PLUS if task.operation == "add" else ref.TIMES
    pairs = []
    for inp, tgt in zip(batch.inputs, batch.targets, strict=True):
        a, b = ref.parse_operands(inp, sep, task.base)
        x, y = ref.digits_to_int(a, task.base), ref.digits_to_int(b, task.base)
        value = x + y if task.operation == "add" else x * y
        assert ref.to_list(tgt) == ref.expected_target(value, task.base, length)
        pairs.append((a, b))
    return task, batch, pairs


@pytest.mark.parametrize("set_name", SET_NAMES)
@pytest.mark.parametrize("name", ARITH_NAMES)
def test_targets_exact_and_structure(name: str, set_name: str) -> None:
    for length in LENGTHS:
        task, _, pairs = operands(name, set_name, length)
        base, k = task.base, (length - 1) // 2
        for a, b in pairs:
            assert len(a) == len(b) == k
            if set_name == "all_zeros":
                assert a == b == [0] * k
            elif set_name == "all_max":
                assert a == b == [base - 1] * k
            elif set_name == "symmetric_small":
                assert a == b
                assert 1 <= a[0] < base and a[1:] == [0] * (k - 1)
            elif task.operation == "add":  # long_carry, addition
                assert a[0] + b[0] >= base
                assert all(x + y == base - 1 for x, y in zip(a[1:], b[1:], strict=True))
                assert ref.max_carry_run(a, b, base) == k  # one chain through every digit
            else:  # long_carry, multiplication
                x, y = (a, b) if a == [base - 1] * k else (b, a)
                assert x == [base - 1] * k
                assert y[: min(k, 2)] == [base - 1] * min(k, 2)
                first = 1 if base == 2 else 0
                assert all(c >= 1 for c in ref.column_carries(a, b, base)[first:k])


@pytest.mark.parametrize("name", ["add", "mul"])
def test_symmetric_small_varies_d(name: str) -> None:
    _, batch, _ = operands(name, "symmetric_small", 21, batch_size=64)
    assert set(batch.inputs[:, 0].tolist()) == {d + 1 for d in range(1, 10)}


def test_symmetric_small_binary_is_one_times_one() -> None:
    _, batch, _ = operands("bmul", "symmetric_small", 9)
    assert all(row == [2, 1, 1, 1, ref.TIMES, 2, 1, 1, 1] for row in batch.inputs.tolist())
    assert all(row == [2] + [0] * 8 for row in batch.targets.tolist())


@pytest.mark.parametrize("name", ["add", "qmul"])
def test_long_carry_is_random_and_seeded(name: str) -> None:
    task = registry.get(name)
    first = task.sample_adversarial("long_carry", np.random.default_rng(1), 8, 41)
    again = task.sample_adversarial("long_carry", np.random.default_rng(1), 8, 41)
    other = task.sample_adversarial("long_carry", np.random.default_rng(2), 8, 41)
    np.testing.assert_array_equal(first.inputs, again.inputs)
    np.testing.assert_array_equal(first.targets, again.targets)
    assert not np.array_equal(first.inputs, other.inputs)
    assert len({tuple(row) for row in first.inputs.tolist()}) > 1  # varies within a batch


@pytest.mark.parametrize("length", [401, 4001])
def test_long_lengths(length: int) -> None:
    for name in ["badd", "mul"]:
        for set_name in SET_NAMES:
            operands(name, set_name, length, batch_size=2)


def test_names_for_tasks() -> None:
    for name in registry.names():
        task = registry.get(name)
        expected = tuple(SET_NAMES) if hasattr(task, "operation") else ()
        assert task.adversarial_sets() == adversarial.names_for(task) == expected


@pytest.mark.parametrize("name", ["add", "bmul", "copy", "search"])
def test_unknown_set_raises_key_error_naming_valid_sets(name: str) -> None:
    task = registry.get(name)
    with pytest.raises(KeyError) as err:
        task.sample_adversarial("nope", np.random.default_rng(0), 2, 9)
    assert "nope" in str(err.value)
    for valid in task.adversarial_sets():
        assert valid in str(err.value)
    with pytest.raises(KeyError) as err:
        adversarial.get("nope")
    assert all(valid in str(err.value) for valid in SET_NAMES)


def test_adversarial_rejects_impossible_length() -> None:
    task = registry.get("mul")
    for bad in (2, 0, 5.0):
        with pytest.raises(LengthError, match="'mul'"):
            task.sample_adversarial("all_max", np.random.default_rng(0), 2, bad)
