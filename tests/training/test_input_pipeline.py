"""Batches: bucket choice, padding, lengths, and purity in (seed, step, curriculum state)."""

from __future__ import annotations

import numpy as np
import pytest

from algolearn import tasks
from algolearn.training import input_pipeline as ip
from algolearn.training.curriculum import LengthCurriculum

BUCKETS = (12, 8, 41)  # deliberately unsorted


def test_bucket_for() -> None:
    assert ip.bucket_for(1, BUCKETS) == 8
    assert ip.bucket_for(8, BUCKETS) == 8
    assert ip.bucket_for(9, BUCKETS) == 12
    assert ip.bucket_for(41, BUCKETS) == 41
    with pytest.raises(ValueError, match=r"length 42 .*largest bucket 41"):
        ip.bucket_for(42, BUCKETS)


def batch_at(step, state=None, seed=0):
    c = LengthCurriculum(3, 6, 12, longer_prob=0.3)
    return ip.train_batch(
        tasks.get("badd"), c, state or {"current_max": 6}, seed, step, 16, BUCKETS
    )


def test_train_batch_is_pure() -> None:
    a, b = batch_at(7), batch_at(7)
    for key in ("inputs", "targets", "lengths"):
        np.testing.assert_array_equal(a[key], b[key])
    # Other step, seed or curriculum state: other data.
    for other in (batch_at(8), batch_at(7, seed=1)):
        assert other["inputs"].shape != a["inputs"].shape or not np.array_equal(
            other["inputs"], a["inputs"]
        )
    lengths = {int(batch_at(s, {"current_max": 12})["lengths"][0]) for s in range(30)}
    assert max(lengths) > 6


def test_train_batch_lengths_and_padding() -> None:
    task = tasks.get("badd")
    seen = set()
    for step in range(40):
        batch = batch_at(step)
        length = int(batch["lengths"][0])
        seen.add(length)
        assert batch["lengths"].dtype == np.int32
        np.testing.assert_array_equal(batch["lengths"], np.full(16, length))
        bucket = ip.bucket_for(length, BUCKETS)
        assert batch["inputs"].shape == batch["targets"].shape == (16, bucket)
        assert np.all(batch["inputs"][:, length:] == 0)
        assert np.all(batch["targets"][:, length:] == 0)
        # Unpadded part is exactly what the task generates from the step's rng.
        rng = ip.step_rng(0, step, ip.TRAIN_STREAM)
        LengthCurriculum(3, 6, 12, longer_prob=0.3).sample_length(rng, {"current_max": 6})
        expected = task.sample(rng, 16, length)
        np.testing.assert_array_equal(batch["inputs"][:, :length], expected.inputs)
        np.testing.assert_array_equal(batch["targets"][:, :length], expected.targets)
        # Every real position is scored, no padded one.
        np.testing.assert_array_equal(
            batch["mask"], np.arange(bucket)[None, :].repeat(16, 0) < length
        )
    assert min(seen) >= 3 and max(seen) <= 12 and len(seen) > 3


def test_streams_are_independent() -> None:
    task = tasks.get("rev")
    probe = ip.fixed_batch(task, 0, 5, ip.PROBE_STREAM, {"length": 7}, 8, BUCKETS)
    probe1 = ip.fixed_batch(task, 0, 5, ip.PROBE_STREAM, {"length": 7}, 8, BUCKETS, index=1)
    evalb = ip.fixed_batch(task, 0, 5, ip.EVAL_STREAM, {"length": 7}, 8, BUCKETS)
    assert probe["inputs"].shape == (8, 8)
    np.testing.assert_array_equal(probe["lengths"], np.full(8, 7))
    assert not np.array_equal(probe["inputs"], probe1["inputs"])
    assert not np.array_equal(probe["inputs"], evalb["inputs"])


def test_pad_rows_adds_empty_rows() -> None:
    batch = ip.pad_batch(tasks.get("rev").sample(np.random.default_rng(0), 3, 5), 8)
    padded = ip.pad_rows(batch, 8)
    assert padded["inputs"].shape == (8, 8)
    np.testing.assert_array_equal(padded["lengths"], [5, 5, 5, 0, 0, 0, 0, 0])
    assert np.all(padded["inputs"][3:] == 0)
    assert ip.pad_rows(batch, 3) is batch


def pool_batch_at(step, pool_size, task="badd", state=None):
    c = LengthCurriculum(3, 6, 12, longer_prob=0.3)
    return ip.train_batch_and_difficulty(
        tasks.get(task), c, state or {"current_max": 6}, 0, step, 16, BUCKETS, pool_size
    )


def test_fixed_training_set_is_a_finite_pure_pool() -> None:
    """data.train_set_size=N: every row at a length is one of N fixed examples, whatever the
    step; the batch is a pure function of the step; examples are right (a + b)."""
    task = tasks.get("badd")
    rows_by_length: dict[int, set] = {}
    for step in range(60):
        batch, difficulty = pool_batch_at(step, 5)
        again, _ = pool_batch_at(step, 5)
        np.testing.assert_array_equal(batch["inputs"], again["inputs"])
        length = int(difficulty["length"])
        assert batch["inputs"].shape == (16, ip.bucket_for(length, BUCKETS))
        np.testing.assert_array_equal(batch["lengths"], np.full(16, length))
        for inputs, targets in zip(batch["inputs"], batch["targets"], strict=True):
            rows_by_length.setdefault(length, set()).add(tuple(inputs[:length]))
            a, b = task.decode(inputs[:length]).replace("_", "").split("+")
            total = int(a[::-1], 2) + int(b[::-1], 2)
            assert task.decode(targets[:length]).rstrip(" _.") == format(total, "b")[::-1]
    assert max(len(rows) for rows in rows_by_length.values()) == 5  # the pool, all of it
    # The stream over the same steps, for contrast: far more than 5 examples at a length.
    stream: dict[int, set] = {}
    for step in range(60):
        batch = pool_batch_at(step, 0)[0]
        stream.setdefault(int(batch["lengths"][0]), set()).update(map(tuple, batch["inputs"]))
    assert max(len(rows) for rows in stream.values()) > 20


def test_fixed_training_set_of_variable_length_rows() -> None:
    """Programs of one difficulty differ in length: rows are padded to the longest, each row
    is its pool example exactly; a curriculum that draws per-row difficulties is refused."""
    task = tasks.get("lte_program")
    difficulty = {"length": 2, "nesting": 2}
    rng = np.random.default_rng(0)
    batch = ip.pool_batch(task, rng, 0, 8, difficulty, 3)
    assert len({tuple(r) for r in batch.inputs}) <= 3
    assert batch.length == max(batch.lengths)
    indices = np.random.default_rng(0).integers(0, 3, 8)
    for row, i in enumerate(indices):
        own = task.sample(ip.step_rng(0, 0, ip.POOL_STREAM, 2, 2, int(i)), 1, **difficulty)
        n = own.length
        np.testing.assert_array_equal(batch.inputs[row, :n], own.inputs[0])
        np.testing.assert_array_equal(batch.mask[row, :n], own.mask[0])
        assert not batch.mask[row, n:].any() and not batch.inputs[row, n:].any()
    with pytest.raises(ValueError, match="one difficulty per batch"):
        ip.pool_batch(task, rng, 0, 4, {"length": np.array([1, 2, 1, 2]), "nesting": 1}, 3)
