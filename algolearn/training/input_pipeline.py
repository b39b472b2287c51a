"""Streamed batches: a batch is a pure function of (seed, step, difficulty).

Lengths are padded up to a small set of buckets so that a whole run compiles a bounded number
of shapes; `lengths` tells the model which positions are real and `mask` tells the loss and the
metrics which positions are scored.

A difficulty is a dict of task parameters, e.g. {"length": 17} for the Neural GPU tasks or
{"length": 4, "nesting": 2} for Learning-to-Execute programs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from algolearn.tasks import Batch, Task
from algolearn.training.curriculum import Curriculum

# Stream ids keep the random streams of different uses of the same step apart.
TRAIN_STREAM = 0
PROBE_STREAM = 1
EVAL_STREAM = 2
POOL_STREAM = 3  # the examples of a fixed training set (pool_batch)


def step_rng(seed: int, step: int, stream: int, *extra: int) -> np.random.Generator:
    """The numpy Generator for (seed, step, stream): independent of everything that came before."""
    return np.random.default_rng([int(seed), int(stream), int(step), *map(int, extra)])


def bucket_for(length: int, buckets: Sequence[int]) -> int:
    """Smallest bucket >= length; a clear error when the length exceeds every bucket."""
    for b in sorted(buckets):
        if b >= length:
            return int(b)
    raise ValueError(
        f"length {length} exceeds the largest bucket {max(buckets)}; "
        "add a larger value to config.data.buckets"
    )


def pad_batch(batch: Batch, bucket: int | None = None) -> dict[str, np.ndarray]:
    """Pads a Batch to `bucket` columns (default: as is) as the dict the train step takes."""
    bucket = batch.length if bucket is None else bucket
    pad = bucket - batch.length
    if pad < 0:
        raise ValueError(f"batch length {batch.length} exceeds bucket {bucket}")
    widths = ((0, 0), (0, pad))
    return {
        "inputs": np.pad(batch.inputs, widths),  # [batch, bucket]
        "targets": np.pad(batch.targets, widths),  # [batch, bucket]
        "lengths": batch.lengths,  # [batch]
        "mask": np.pad(batch.mask, widths),  # [batch, bucket] bool
    }


def difficulty_key(difficulty: Mapping[str, int]) -> tuple[int, ...]:
    """Integers that name a (scalar) difficulty in random-stream seeds: length first."""
    rest = sorted(k for k in difficulty if k != "length")
    return (int(difficulty["length"]), *(int(difficulty[k]) for k in rest))


def sample_padded(
    task: Task,
    rng: np.random.Generator,
    batch_size: int,
    difficulty: Mapping[str, int | np.ndarray],
    buckets: Sequence[int],
) -> dict[str, np.ndarray]:
    """Samples a batch at `difficulty` and pads it to the bucket of its longest row."""
    batch = task.sample(rng, batch_size, **difficulty)
    return pad_batch(batch, bucket_for(batch.length, buckets))


def pad_rows(batch: dict[str, np.ndarray], rows: int) -> dict[str, np.ndarray]:
    """Appends empty rows (length 0, masked everywhere) up to `rows` rows."""
    extra = rows - batch["inputs"].shape[0]
    if extra <= 0:
        return batch
    return {
        k: np.concatenate([v, np.zeros((extra, *v.shape[1:]), v.dtype)]) for k, v in batch.items()
    }


def train_batch(
    task: Task,
    curriculum: Curriculum,
    curriculum_state: dict,
    seed: int,
    step: int,
    batch_size: int,
    buckets: Sequence[int],
) -> dict[str, np.ndarray]:
    """The training batch of `step`: its difficulty from the curriculum, padded to its bucket."""
    return train_batch_and_difficulty(
        task, curriculum, curriculum_state, seed, step, batch_size, buckets
    )[0]


def train_batch_and_difficulty(
    task: Task,
    curriculum: Curriculum,
    curriculum_state: dict,
    seed: int,
    step: int,
    batch_size: int,
    buckets: Sequence[int],
    train_set_size: int = 0,
) -> tuple[dict[str, np.ndarray], Mapping[str, Any]]:
    """train_batch, and the difficulty the curriculum drew for it.

    train_set_size > 0: rows come from a fixed pool of that many examples per difficulty
    (`pool_batch`) instead of fresh ones.
    """
    rng = step_rng(seed, step, TRAIN_STREAM)
    difficulty = curriculum.sample(rng, curriculum_state, batch_size)
    if train_set_size:
        batch = pool_batch(task, rng, seed, batch_size, difficulty, train_set_size)
        return pad_batch(batch, bucket_for(batch.length, buckets)), difficulty
    return sample_padded(task, rng, batch_size, difficulty, buckets), difficulty


def pool_batch(
    task: Task,
    rng: np.random.Generator,
    seed: int,
    batch_size: int,
    difficulty: Mapping[str, int | np.ndarray],
    pool_size: int,
) -> Batch:
    """`batch_size` rows drawn by `rng`, with replacement, from a fixed training set.

    The set holds `pool_size` examples per difficulty; example i is sampled from its own stream
    (seed, POOL_STREAM, difficulty, i), so it is the same whenever and wherever it is drawn
    (Kaiser & Sutskever trained on 10k examples per length, not on a fresh stream).
    """
    if any(np.ndim(v) for v in difficulty.values()):
        raise ValueError(
            "data.train_set_size needs one difficulty per batch; this curriculum draws one per "
            f"row ({sorted(difficulty)}); use data.train_set_size=0"
        )
    key = difficulty_key(difficulty)
    rows = [
        task.sample(step_rng(seed, 0, POOL_STREAM, *key, int(i)), 1, **difficulty)
        for i in rng.integers(0, pool_size, batch_size)
    ]
    width = max(row.length for row in rows)

    def stack(field: str) -> np.ndarray:
        return np.concatenate(
            [np.pad(getattr(r, field), ((0, 0), (0, width - r.length))) for r in rows]
        )

    lengths = np.concatenate([r.lengths for r in rows])
    return Batch(stack("inputs"), stack("targets"), lengths, stack("mask"))


def fixed_batch(
    task: Task,
    seed: int,
    step: int,
    stream: int,
    difficulty: Mapping[str, int],
    batch_size: int,
    buckets: Sequence[int],
    index: int = 0,
) -> dict[str, np.ndarray]:
    """A batch at a given difficulty from its own stream (probes and evaluation)."""
    rng = step_rng(seed, step, stream, *difficulty_key(difficulty), index)
    return sample_padded(task, rng, batch_size, difficulty, buckets)
