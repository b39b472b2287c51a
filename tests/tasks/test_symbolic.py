"""Symbol tasks checked row by row against plain-Python definitions."""

from __future__ import annotations

import numpy as np
import pytest

from algolearn.tasks import symbolic
from tests.tasks.independent import PAD, to_list


def expected(name: str, inp: list[int]) -> list[int]:
    """The target for an input row, from the plain-Python task definition."""
    length = len(inp)
    if name == "copy":
        return list(inp)
    if name == "rev":
        return list(reversed(inp))
    if name == "sort":
        return sorted(inp)
    if name == "dup":
        k = length // 2
        x = inp[:k]
        assert PAD not in x and inp[k:] == [PAD] * (length - k)
        return x + x + [PAD] * (length - 2 * k)
    if name == "kvsort":
        p = length // 2
        pairs = list(zip(inp[0 : 2 * p : 2], inp[1 : 2 * p : 2], strict=True))
        assert inp[2 * p :] == [PAD] * (length - 2 * p)
        ordered = sorted(pairs, key=lambda kv: kv[0])  # Python's sort is stable
        return [t for kv in ordered for t in kv] + [PAD] * (length - 2 * p)
    if name == "search":
        p = (length - 1) // 2
        pairs = list(zip(inp[0 : 2 * p : 2], inp[1 : 2 * p : 2], strict=True))
        query = inp[2 * p]
        assert inp[2 * p + 1 :] == [PAD] * (length - 2 * p - 1)
        answer = PAD
        for key, value in pairs:
            if key == query:
                answer = value
                break
        return [answer] + [PAD] * (length - 1)
    raise AssertionError(name)


CLASSES = {
    "copy": symbolic.Copy,
    "rev": symbolic.Reverse,
    "sort": symbolic.Sort,
    "dup": symbolic.Duplicate,
    "kvsort": symbolic.KeyValueSort,
    "search": symbolic.Search,
}
MIN_LENGTH = {"copy": 1, "rev": 1, "sort": 1, "dup": 2, "kvsort": 2, "search": 3}


@pytest.mark.parametrize("num_symbols", [32, 5, 1])
@pytest.mark.parametrize("name", sorted(CLASSES))
def test_matches_plain_python_definition(name: str, num_symbols: int) -> None:
    task = CLASSES[name](num_symbols=num_symbols)
    assert task.name == name
    assert task.min_length == MIN_LENGTH[name]
    assert task.input_vocab_size == task.output_vocab_size == num_symbols + 1
    for seed in (0, 1):
        rng = np.random.default_rng(seed)
        for length in [*range(MIN_LENGTH[name], 41), 257]:
            batch = task.sample(rng, 8, length)
            assert batch.inputs.shape == batch.targets.shape == (8, length)
            assert batch.inputs.dtype == batch.targets.dtype == np.int32
            assert batch.inputs.max() <= num_symbols and batch.inputs.min() >= 0
            for inp, tgt in zip(batch.inputs, batch.targets, strict=True):
                assert to_list(tgt) == expected(name, to_list(inp))


@pytest.mark.parametrize("name", ["copy", "rev", "sort"])
def test_every_position_is_a_symbol_and_all_symbols_occur(name: str) -> None:
    task = CLASSES[name]()
    assert task.num_symbols == symbolic.DEFAULT_NUM_SYMBOLS == 32
    inputs = task.sample(np.random.default_rng(0), 64, 40).inputs
    assert set(inputs.ravel().tolist()) == set(range(1, 33))


def test_kvsort_is_stable_on_duplicate_keys() -> None:
    task = symbolic.KeyValueSort(num_symbols=2)
    batch = task.sample(np.random.default_rng(0), 16, 40)
    for inp, tgt in zip(batch.inputs.tolist(), batch.targets.tolist(), strict=True):
        keys = inp[0::2]
        assert len(set(keys)) < len(keys)  # duplicates really occur
        assert tgt == expected("kvsort", inp)


def test_search_has_found_and_missing_queries_and_first_match_wins() -> None:
    task = symbolic.Search(num_symbols=4)
    batch = task.sample(np.random.default_rng(0), 256, 9)  # 4 pairs and a query
    answers = batch.targets[:, 0]
    assert (answers == PAD).any() and (answers != PAD).any()
    assert (batch.targets[:, 1:] == PAD).all()
    multi = 0
    for inp, answer in zip(batch.inputs.tolist(), answers.tolist(), strict=True):
        keys, values, query = inp[0:8:2], inp[1:8:2], inp[8]
        matches = {v for k, v in zip(keys, values, strict=True) if k == query}
        if keys.count(query) > 1 and len(matches) > 1:
            multi += 1
            assert answer == values[keys.index(query)]  # the first matching pair wins
    assert multi > 0


def test_search_query_from_keys_always_has_an_answer() -> None:
    task = symbolic.Search(query_from_keys=True)
    batch = task.sample(np.random.default_rng(0), 64, 7)
    assert (batch.targets[:, 0] != PAD).all()
    for inp, tgt in zip(batch.inputs.tolist(), batch.targets.tolist(), strict=True):
        assert inp[6] in inp[0:6:2]
        assert tgt == expected("search", inp)


def test_dup_odd_length_pads() -> None:
    batch = symbolic.Duplicate().sample(np.random.default_rng(0), 4, 7)
    assert (batch.inputs[:, 3:] == PAD).all() and (batch.targets[:, 6] == PAD).all()
    assert (batch.targets[:, :6] != PAD).all()


def test_decode() -> None:
    assert symbolic.Copy().decode([3, 17, 0]) == "3 17 _"


def test_rejects_bad_num_symbols() -> None:
    with pytest.raises(ValueError):
        symbolic.Sort(num_symbols=0)
