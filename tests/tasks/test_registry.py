"""Registry contents and the contract every registered task keeps."""

from __future__ import annotations

import numpy as np
import pytest

import algolearn.tasks as tasks
from algolearn.tasks import registry
from algolearn.tasks.base import Batch, LengthError, Task

EXPECTED = sorted(
    ["badd", "qadd", "add", "bmul", "qmul", "mul", "badd_carry", "qadd_carry", "add_carry"]
    + ["copy", "rev", "dup", "sort", "kvsort", "search"]
    + ["lte_program", "lte_addition", "lte_copy"]
    + [f"nram_{n}" for n in ["access", "increment", "copy", "reverse", "swap", "permutation"]]
    + [f"nram_{n}" for n in ["list_k", "list_search", "merge", "walk_bst"]]
)
NAMES = registry.names()


def capped(task: Task, length: int) -> int:
    """`length`, or the task's largest length below it (Learning-to-Execute literals have <= 18
    digits; an NRAM layout must fit its memory)."""
    if hasattr(task, "cells_needed"):
        while task.cells_needed(length) > task.memory_size:
            length -= 1
        return length
    return min(length, getattr(task, "max_length", length))


def check_row_length(task: Task, batch: Batch, length: int) -> None:
    """Sequence tasks: the batch is `length` long. Character tasks (length = digits): rows are
    as long as their text, within the task's bound."""
    if hasattr(task, "memory_size"):
        assert batch.length == task.memory_size
    elif task.per_example_difficulty:
        assert batch.length == batch.lengths.max() <= task.max_sequence_length(length)
    else:
        assert batch.length == length


def test_names_lists_all() -> None:
    assert NAMES == EXPECTED
    assert tasks.names() == EXPECTED


def test_unknown_name_raises_key_error_listing_valid_names() -> None:
    with pytest.raises(KeyError) as err:
        registry.get("nope")
    message = str(err.value)
    assert "nope" in message
    assert all(name in message for name in EXPECTED)


@pytest.mark.parametrize("name", NAMES)
def test_get_returns_fresh_task_with_matching_name(name: str) -> None:
    task = tasks.get(name)
    assert isinstance(task, Task)
    assert task.name == name
    assert task is not tasks.get(name)


@pytest.mark.parametrize("name", NAMES)
def test_shapes_dtypes_and_vocab(name: str) -> None:
    task = registry.get(name)
    rng = np.random.default_rng(0)
    answered = 0
    lengths = [task.min_length, task.min_length + 1, 16, 33]
    for length in sorted({capped(task, n) for n in lengths}):
        batch = task.sample(rng, 5, length)
        assert isinstance(batch, Batch)
        check_row_length(task, batch, length)
        for arr, vocab in (
            (batch.inputs, task.input_vocab_size),
            (batch.targets, task.output_vocab_size),
        ):
            assert arr.shape == (5, batch.length) and arr.dtype == np.int32
            assert arr.min() >= 0 and arr.max() < vocab
        answered += int((batch.targets != 0).any(axis=1).sum())
    assert answered > 0  # targets are not all padding


@pytest.mark.parametrize("name", NAMES)
def test_determinism(name: str) -> None:
    task = registry.get(name)
    length = capped(task, 20)
    first = task.sample(np.random.default_rng(7), 8, length)
    again = task.sample(np.random.default_rng(7), 8, length)
    other = task.sample(np.random.default_rng(8), 8, length)
    np.testing.assert_array_equal(first.inputs, again.inputs)
    np.testing.assert_array_equal(first.targets, again.targets)
    assert first.inputs.shape != other.inputs.shape or not np.array_equal(
        first.inputs, other.inputs
    )


@pytest.mark.parametrize("name", NAMES)
def test_rejects_impossible_lengths(name: str) -> None:
    task = registry.get(name)
    for bad in (task.min_length - 1, 0, -4, 2.5, float(task.min_length + 3), "9", None):
        with pytest.raises(LengthError, match=repr(name)):
            task.sample(np.random.default_rng(0), 2, bad)


@pytest.mark.parametrize("name", NAMES)
def test_accepts_numpy_integer_length(name: str) -> None:
    task = registry.get(name)
    length = capped(task, task.min_length + 4)
    batch = task.sample(np.random.default_rng(0), 2, np.int64(length))
    check_row_length(task, batch, length)


@pytest.mark.parametrize("name", NAMES)
def test_decode_covers_a_row(name: str) -> None:
    task = registry.get(name)
    batch = task.sample(np.random.default_rng(0), 1, capped(task, 9))
    text = task.decode(batch.inputs[0])
    assert isinstance(text, str) and text and "?" not in text
