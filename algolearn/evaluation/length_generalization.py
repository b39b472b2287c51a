"""Per-length and adversarial-set evaluation: the records that go to eval.json.

Each record: {"task", "eval_set", "length", "seq_error", "padded_seq_error", "digit_error",
"num_examples", "loss"}, plus the other difficulty parameters of `eval.params` (e.g.
"nesting") and, for autoregressive tasks, the greedy_ errors of free-running decoding (the
others are then teacher-forced). seq_error is scored as the Neural GPU reference scores it,
padded_seq_error also scores the answer's trailing PADs (training/step.py error_counts).
eval_set is "random" for fresh samples at that difficulty, else the adversarial set's name.
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

from algolearn.evaluation import eval_data, frozen_sets
from algolearn.tasks import Batch, Task, views
from algolearn.training import input_pipeline, sharding

RANDOM = eval_data.RANDOM


def evaluate_set(
    eval_step: Callable,
    params: Any,
    mesh: Mesh,
    task: Task,
    eval_set: str,
    difficulty: dict[str, int],
    examples: Batch,
    batch_size: int,
    buckets: Sequence[int],
) -> dict[str, Any]:
    """Error rates of `params` on the `examples` of one (set, difficulty)."""
    totals: dict[str, float] = {}
    num_batches = 0
    for batch in eval_data.batches(examples, batch_size, buckets):
        counts = jax.device_get(eval_step(params, sharding.shard_batch(batch, mesh)))
        num_batches += 1
        for key, value in counts.items():
            totals[key] = totals.get(key, 0.0) + float(value)
    record = {"task": task.name, "eval_set": eval_set, **{k: int(v) for k, v in difficulty.items()}}
    for prefix in ("", "greedy_") if "greedy_seqs" in totals else ("",):
        wrong, seqs = totals[f"{prefix}seqs_wrong"], max(totals[f"{prefix}seqs"], 1.0)
        record[f"{prefix}seq_error"] = wrong / seqs
        record[f"{prefix}padded_seq_error"] = totals[f"{prefix}padded_seqs_wrong"] / seqs
        wrong, digits = totals[f"{prefix}digits_wrong"], max(totals[f"{prefix}digits"], 1.0)
        record[f"{prefix}digit_error"] = wrong / digits
    record["num_examples"] = int(totals["seqs"])
    record["loss"] = totals["loss"] / num_batches
    return record


def evaluate(
    eval_step: Callable,
    params: Any,
    mesh: Mesh,
    task: Task,
    eval_config: Any,
    buckets: Sequence[int],
    show_progress: bool = True,
    task_config: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Every configured (set, difficulty) of eval_data.jobs, generated, or read from the frozen
    TFDS sets in eval.frozen_dir when that is set (task_config names the task's dataset)."""
    batch_size = int(eval_config.batch_size)
    sharding.check_batch_size(batch_size, mesh, "eval.batch_size")
    jobs = eval_data.jobs(task, eval_config)
    seed = int(eval_config.seed)
    frozen_dir = eval_config.get("frozen_dir", None)
    records = []
    bar = tqdm.tqdm(jobs, desc="eval", disable=not show_progress, leave=False)
    for eval_set, difficulty, num in bar:
        bar.set_postfix_str(f"{eval_set} @ {difficulty}")
        if frozen_dir:
            task_config = task_config or {"name": task.name}
            examples = frozen_sets.read(task_config, jobs, seed, frozen_dir, eval_set, difficulty)
            if isinstance(task, views.View):  # the sets hold the base task's rows
                examples = task.convert(examples)
        else:
            examples = eval_data.generate(task, eval_set, seed, difficulty, num)
        records.append(
            evaluate_set(
                eval_step, params, mesh, task, eval_set, difficulty, examples, batch_size, buckets
            )
        )
    return records


def validate(task: Task, eval_config: Any, buckets: Sequence[int] | None = None) -> None:
    """Fails fast (before training) on difficulties, set names or buckets that cannot work."""
    difficulties = eval_data.difficulties(eval_config)
    names = eval_data.adversarial_sets(task, eval_config)
    for name in names:
        if name not in task.adversarial_sets():
            raise KeyError(
                f"task {task.name!r} has no adversarial set {name!r}; it has: "
                f"{', '.join(task.adversarial_sets()) or 'none'}"
            )
    if names:
        difficulties += [{"length": int(n)} for n in eval_config.adversarial_lengths]
    for d in difficulties:
        task.check_difficulty(**d)
        if buckets is not None:
            input_pipeline.bucket_for(task.max_sequence_length(**d), buckets)


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


_FIXED = (
    "task",
    "eval_set",
    "length",
    "seq_error",
    "padded_seq_error",
    "digit_error",
    "num_examples",
    "loss",
)
_UNPRINTED = ("variant_changes",)  # for figures; the "variant" column names the variant


def format_table(records: list[dict[str, Any]]) -> str:
    """A fixed-width table of sequence and digit error per (set, difficulty)."""
    extra = list(
        dict.fromkeys(k for r in records for k in r if k not in _FIXED and k not in _UNPRINTED)
    )
    # padded_seq_error (also the answer's padding scored) beside seq_error, where records have it.
    padded = any("padded_seq_error" in r for r in records)
    head = f"{'task':<14}{'set':<16}{'length':>7}" + "".join(f"{k:>19}" for k in extra)
    lines = [head + f"{'seq_error':>11}" + (f"{'padded':>9}" if padded else "")]
    lines[0] += f"{'digit_error':>13}{'n':>6}"
    for r in records:
        cells = "".join(
            f"{r[k]:>19.5f}" if isinstance(r.get(k), float) else f"{r.get(k, ''):>19}"
            for k in extra
        )
        pad = r.get("padded_seq_error")
        pad_cell = (f"{pad:>9.4f}" if pad is not None else f"{'':>9}") if padded else ""
        lines.append(
            f"{r['task']:<14}{r['eval_set']:<16}{r['length']:>7}{cells}{r['seq_error']:>11.4f}"
            f"{pad_cell}{r['digit_error']:>13.5f}{r['num_examples']:>6}"
        )
    return "\n".join(lines)


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Worst sequence error per set, for logs."""
    out: dict[str, Any] = {}
    for r in records:
        extra = "".join(f"/{k}{r[k]}" for k in r if k not in _FIXED and not k.startswith("greedy"))
        key = f"eval/{r['eval_set']}/{r['length']}{extra}/seq_error"
        out[key] = r["seq_error"]
        if "greedy_seq_error" in r:
            out[key.replace("/seq_error", "/greedy_seq_error")] = r["greedy_seq_error"]
    out["eval/max_seq_error"] = float(np.max([r["seq_error"] for r in records])) if records else 0
    return out
