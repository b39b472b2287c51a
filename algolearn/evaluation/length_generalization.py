"""Per-length and adversarial-set evaluation: the records that go to eval.json.

Each record: {"task", "eval_set", "length", "seq_error", "digit_error", "num_examples", "loss"};
eval_set is "random" for fresh samples at that length, else the adversarial set's name.
Evaluation data depend only on (eval seed, set, length), never on the training seed, so every
run of a task is scored on the same examples.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Any

import jax
import numpy as np
import tqdm
from jax.sharding import Mesh

from algolearn.tasks import Task
from algolearn.training import input_pipeline, sharding

RANDOM = "random"


def _batches(
    task: Task,
    eval_set: str,
    seed: int,
    length: int,
    num_examples: int,
    batch_size: int,
    buckets: Sequence[int],
):
    bucket = input_pipeline.bucket_for(length, buckets)
    set_id = 0 if eval_set == RANDOM else 1 + task.adversarial_sets().index(eval_set)
    for index, start in enumerate(range(0, num_examples, batch_size)):
        rows = min(batch_size, num_examples - start)
        rng = input_pipeline.step_rng(seed, set_id, input_pipeline.EVAL_STREAM, length, index)
        if eval_set == RANDOM:
            batch = task.sample(rng, rows, length)
        else:
            batch = task.sample_adversarial(eval_set, rng, rows, length)
        yield input_pipeline.pad_rows(input_pipeline.pad_batch(batch, bucket), batch_size)


def evaluate_set(
    eval_step: Callable,
    params: Any,
    mesh: Mesh,
    task: Task,
    eval_set: str,
    length: int,
    num_examples: int,
    batch_size: int,
    seed: int,
    buckets: Sequence[int],
) -> dict[str, Any]:
    """Error rates of `params` on `num_examples` examples of one (set, length)."""
    totals: dict[str, float] = {}
    for batch in _batches(task, eval_set, seed, length, num_examples, batch_size, buckets):
        counts = jax.device_get(eval_step(params, sharding.shard_batch(batch, mesh)))
        for key, value in counts.items():
            totals[key] = totals.get(key, 0.0) + float(value)
    num_batches = -(-num_examples // batch_size)
    return {
        "task": task.name,
        "eval_set": eval_set,
        "length": int(length),
        "seq_error": totals["seqs_wrong"] / max(totals["seqs"], 1.0),
        "digit_error": totals["digits_wrong"] / max(totals["digits"], 1.0),
        "num_examples": int(totals["seqs"]),
        "loss": totals["loss"] / num_batches,
    }


def evaluate(
    eval_step: Callable,
    params: Any,
    mesh: Mesh,
    task: Task,
    eval_config: Any,
    buckets: Sequence[int],
    show_progress: bool = True,
) -> list[dict[str, Any]]:
    """Every configured (set, length): eval.num_examples random examples at each of
    eval.lengths, eval.adversarial_num_examples of each adversarial set at
    eval.adversarial_lengths. eval.adversarial_sets = ("all",) means every set the task has."""
    batch_size = int(eval_config.batch_size)
    sharding.check_batch_size(batch_size, mesh, "eval.batch_size")
    jobs = [(RANDOM, int(n)) for n in eval_config.lengths]
    adversarial = list(eval_config.adversarial_sets)
    if adversarial == ["all"]:
        adversarial = list(task.adversarial_sets())
    jobs += [(name, int(n)) for name in adversarial for n in eval_config.adversarial_lengths]
    records = []
    bar = tqdm.tqdm(jobs, desc="eval", disable=not show_progress, leave=False)
    for eval_set, length in bar:
        bar.set_postfix_str(f"{eval_set} @ {length}")
        num = (
            eval_config.num_examples if eval_set == RANDOM else eval_config.adversarial_num_examples
        )
        records.append(
            evaluate_set(
                eval_step,
                params,
                mesh,
                task,
                eval_set,
                length,
                int(num),
                batch_size,
                int(eval_config.seed),
                buckets,
            )
        )
    return records


def validate(task: Task, eval_config: Any) -> None:
    """Fails fast (before training) on lengths or set names the task cannot produce."""
    for n in list(eval_config.lengths) + list(eval_config.adversarial_lengths):
        task.check_length(int(n))
    names = list(eval_config.adversarial_sets)
    if names != ["all"]:
        for name in names:
            if name not in task.adversarial_sets():
                raise KeyError(
                    f"task {task.name!r} has no adversarial set {name!r}; it has: "
                    f"{', '.join(task.adversarial_sets()) or 'none'}"
                )


def write_json(records: list[dict[str, Any]], path: str) -> None:
    """Writes eval.json atomically; an existing file is kept as eval.<n>.json, never lost."""
    if os.path.exists(path):
        stem, ext = os.path.splitext(path)
        n = 1
        while os.path.exists(f"{stem}.{n}{ext}"):
            n += 1
        os.replace(path, f"{stem}.{n}{ext}")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(records, f, indent=1)
    os.replace(tmp, path)


def format_table(records: list[dict[str, Any]]) -> str:
    """A fixed-width table of sequence and digit error per (set, length)."""
    lines = [f"{'task':<12}{'set':<16}{'length':>8}{'seq_error':>11}{'digit_error':>13}{'n':>6}"]
    for r in records:
        lines.append(
            f"{r['task']:<12}{r['eval_set']:<16}{r['length']:>8}{r['seq_error']:>11.4f}"
            f"{r['digit_error']:>13.5f}{r['num_examples']:>6}"
        )
    return "\n".join(lines)


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Worst sequence error per set, for logs."""
    out: dict[str, Any] = {}
    for r in records:
        key = f"eval/{r['eval_set']}/{r['length']}/seq_error"
        out[key] = r["seq_error"]
    out["eval/max_seq_error"] = float(np.max([r["seq_error"] for r in records])) if records else 0
    return out
