"""lte_addition, lte_copy: targets from Python integers; input reversal and doubling."""

from __future__ import annotations

import re

import numpy as np
import pytest

from algolearn import tasks
from algolearn.tasks import characters


def rows(batch):
    return [
        characters.split_row(batch.inputs[i], batch.targets[i], batch.mask[i])
        for i in range(batch.batch_size)
    ]


@pytest.mark.parametrize("length", [1, 2, 9, 30])
def test_addition_equals_python_integers(length: int) -> None:
    batch = tasks.get("lte_addition").sample(np.random.default_rng(length), 50, length)
    for program, target in rows(batch):
        a, b = re.fullmatch(r"print\((\d+)\+(\d+)\)", program).groups()
        assert len(a) == len(b) == length and a[0] != "0" and b[0] != "0"
        assert target == f"{int(a) + int(b)}."


@pytest.mark.parametrize("length", [5, 65])
def test_copy_equals_its_number(length: int) -> None:
    batch = tasks.get("lte_copy").sample(np.random.default_rng(length), 20, length)
    for program, target in rows(batch):
        (n,) = re.fullmatch(r"print\((\d+)\)", program).groups()
        assert len(n) == length and target == f"{n}."


@pytest.mark.parametrize("name", ["lte_addition", "lte_copy", "lte_program"])
def test_reverse_and_double_change_only_the_input(name: str) -> None:
    plain = rows(tasks.get(name).sample(np.random.default_rng(0), 10, 3))
    for options, view in [
        ({"reverse_input": True}, lambda p: p[::-1]),
        ({"double_input": True}, lambda p: p + p),
        ({"reverse_input": True, "double_input": True}, lambda p: p[::-1] + p[::-1]),
    ]:
        task = tasks.get(name, **options)
        changed = rows(task.sample(np.random.default_rng(0), 10, 3))
        for (p, t), (q, u) in zip(plain, changed, strict=True):
            assert q == view(p) and u == t
        assert task.max_sequence_length(3) >= max(len(q) + len(u) for q, u in changed)


def test_per_example_lengths_and_padding() -> None:
    task = tasks.get("lte_addition")
    lengths = np.array([1, 5, 2, 9])
    batch = task.sample(np.random.default_rng(0), 4, lengths)
    for (program, _), n in zip(rows(batch), lengths, strict=True):
        assert len(re.findall(r"\d+", program)[0]) == n
    assert batch.length == batch.lengths.max()
    assert not batch.inputs[batch.lengths.argmin(), batch.lengths.min() :].any()


def test_bad_options_and_parameters_are_named() -> None:
    with pytest.raises(ValueError, match="lte_copy.*reverse"):
        tasks.get("lte_copy", reverse=True)
    with pytest.raises(ValueError, match="lte_addition.*nesting"):
        tasks.get("lte_addition").sample(np.random.default_rng(0), 2, 3, nesting=2)
    with pytest.raises(ValueError, match="lte_copy.*length 0"):
        tasks.get("lte_copy").sample(np.random.default_rng(0), 2, 0)
