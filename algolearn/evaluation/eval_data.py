"""Evaluation examples: which (set, difficulty) jobs a config asks for, and their examples.

Examples are a pure function of (eval.seed, set, difficulty), drawn in chunks of CHUNK rows per
random stream, so they never depend on eval.batch_size nor on the training seed: every run and
every model of a task is scored on the same examples (frozen_sets.py can also store them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from algolearn.tasks import Batch, Task
from algolearn.training import input_pipeline

RANDOM = "random"
CHUNK = 64  # examples per random stream

Job = tuple[str, dict[str, int], int]  # (eval_set, difficulty, num_examples)


def difficulties(eval_config: Any) -> list[dict[str, int]]:
    """eval.lengths x every combination of eval.params (name -> values), length first."""
    out = [{"length": int(n)} for n in eval_config.lengths]
    for name, values in dict(eval_config.get("params", {}) or {}).items():
        out = [{**d, name: int(v)} for d in out for v in values]
    return out


def adversarial_sets(task: Task, eval_config: Any) -> list[str]:
    names = list(eval_config.adversarial_sets)
    return list(task.adversarial_sets()) if names == ["all"] else names


def jobs(task: Task, eval_config: Any) -> list[Job]:
    """eval.num_examples random examples at each difficulty, then
    eval.adversarial_num_examples of each adversarial set at each eval.adversarial_lengths."""
    out = [(RANDOM, d, int(eval_config.num_examples)) for d in difficulties(eval_config)]
    out += [
        (name, {"length": int(n)}, int(eval_config.adversarial_num_examples))
        for name in adversarial_sets(task, eval_config)
        for n in eval_config.adversarial_lengths
    ]
    return out


def _chunks(task: Task, eval_set: str, seed: int, difficulty: dict, num: int) -> Iterator[Batch]:
    set_id = 0 if eval_set == RANDOM else 1 + task.adversarial_sets().index(eval_set)
    key = input_pipeline.difficulty_key(difficulty)
    for index, start in enumerate(range(0, num, CHUNK)):
        rows = min(CHUNK, num - start)
        rng = input_pipeline.step_rng(seed, set_id, input_pipeline.EVAL_STREAM, *key, index)
        if eval_set == RANDOM:
            yield task.sample(rng, rows, **difficulty)
        else:
            yield task.sample_adversarial(eval_set, rng, rows, difficulty["length"])


def concatenate(batches: list[Batch]) -> Batch:
    """One Batch of all rows, padded to the longest."""
    n = max(b.length for b in batches)
    padded = [input_pipeline.pad_batch(b, n) for b in batches]
    return Batch(
        inputs=np.concatenate([p["inputs"] for p in padded]),
        targets=np.concatenate([p["targets"] for p in padded]),
        lengths=np.concatenate([p["lengths"] for p in padded]),
        mask=np.concatenate([p["mask"] for p in padded]),
    )


def generate(task: Task, eval_set: str, seed: int, difficulty: dict[str, int], num: int) -> Batch:
    """The `num` evaluation examples of one (set, difficulty)."""
    return concatenate(list(_chunks(task, eval_set, seed, difficulty, num)))


def batches(examples: Batch, batch_size: int, buckets: Any) -> Iterator[dict[str, np.ndarray]]:
    """Eval batches of `batch_size` rows (the last filled with empty rows), each padded to the
    bucket of its longest row."""
    for start in range(0, examples.batch_size, batch_size):
        rows = slice(start, start + batch_size)
        n = int(examples.lengths[rows].max())
        part = Batch(
            inputs=examples.inputs[rows, :n],
            targets=examples.targets[rows, :n],
            lengths=examples.lengths[rows],
            mask=examples.mask[rows, :n],
        )
        padded = input_pipeline.pad_batch(part, input_pipeline.bucket_for(n, buckets))
        yield input_pipeline.pad_rows(padded, batch_size)
