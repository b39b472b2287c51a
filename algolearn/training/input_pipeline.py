"""Streamed batches: a batch is a pure function of (seed, step, difficulty).

Lengths are padded up to a small set of buckets so that a whole run compiles a bounded number
of shapes; `lengths` tells the model and the loss which positions are real.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from algolearn.tasks import Batch, Task
from algolearn.training.curriculum import Curriculum

# Stream ids keep the random streams of different uses of the same step apart.
TRAIN_STREAM = 0
PROBE_STREAM = 1
EVAL_STREAM = 2


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


def pad_batch(batch: Batch, bucket: int) -> dict[str, np.ndarray]:
    """Pads a Batch of one length to `bucket` columns and adds its `lengths`."""
    pad = bucket - batch.length
    if pad < 0:
        raise ValueError(f"batch length {batch.length} exceeds bucket {bucket}")
    widths = ((0, 0), (0, pad))
    return {
        "inputs": np.pad(batch.inputs, widths),  # [batch, bucket]
        "targets": np.pad(batch.targets, widths),  # [batch, bucket]
        "lengths": np.full((batch.batch_size,), batch.length, np.int32),  # [batch]
    }


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
    """The training batch of `step`: its length from the curriculum, padded to its bucket."""
    rng = step_rng(seed, step, TRAIN_STREAM)
    length = curriculum.sample_length(rng, curriculum_state)
    batch = task.sample(rng, batch_size, length)
    return pad_batch(batch, bucket_for(length, buckets))


def fixed_length_batch(
    task: Task,
    seed: int,
    step: int,
    stream: int,
    length: int,
    batch_size: int,
    buckets: Sequence[int],
    index: int = 0,
) -> dict[str, np.ndarray]:
    """A batch at a given length from its own stream (probes and evaluation)."""
    batch = task.sample(step_rng(seed, step, stream, length, index), batch_size, length)
    return pad_batch(batch, bucket_for(length, buckets))
