"""Model selection over a run's kept checkpoints, on validation variants only.

A run that keeps several checkpoints (`train.keep_checkpoints`) can be scored at each of them on
eval variants that describe the training distribution (e.g. the NRAM's `sizes` and
`sizes_discretized`: every training size, fuzzy and discretized). The selected checkpoint is
the latest whose sequence error is at most `max_seq_error` at every length of every such
variant. Test variants (longer lengths, larger memories) are then scored at that one step with
`algolearn.evaluate --step`, so the test never chooses the model it reports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from algolearn.evaluation import eval_files, trained_run
from algolearn.training import checkpoint

SELECTION_JSON = eval_files.SELECTION_JSON
Scores = dict[int, dict[str, list[dict[str, Any]]]]  # step -> variant -> records


def kept_steps(workdir: str) -> list[int]:
    """The steps of the checkpoints `workdir` keeps, ascending."""
    reader = checkpoint.Checkpointer(workdir, read_only=True)
    try:
        steps = sorted(int(s) for s in reader.all_steps())
    finally:
        reader.close()
    if not steps:
        raise FileNotFoundError(f"{workdir} holds no checkpoint to select from")
    return steps


def score_checkpoints(
    workdir: str,
    variants: Sequence[str],
    config: Any = None,
    rescore: bool = False,
    show_progress: bool = False,
) -> Scores:
    """Each kept checkpoint's records on each variant. A checkpoint already scored on a variant
    (its eval_NAME.stepS.json exists) is read back unless `rescore`; the others are scored
    with trained_run.evaluate_variant, which writes that file."""
    if not variants:
        raise ValueError("name at least one eval variant to select on")
    scores: Scores = {}
    for step in kept_steps(workdir):
        scores[step] = {}
        for variant in variants:
            path = eval_files.extra_eval_path(workdir, variant, step)
            if os.path.exists(path) and not rescore:
                with open(path) as f:
                    scores[step][variant] = json.load(f)
                continue
            records, _ = trained_run.evaluate_variant(
                workdir, variant, config, show_progress=show_progress, step=step
            )
            scores[step][variant] = records
    return scores


def worst(records: Sequence[dict[str, Any]], key: str = "seq_error") -> float:
    """The largest `key` over a variant's records (every length, every evaluation set)."""
    if not records:
        raise ValueError("a variant with no records cannot be checked")
    return max(float(r[key]) for r in records)


def select(scores: Scores, max_seq_error: float = 0.0) -> int | None:
    """The latest step whose every variant has sequence error <= max_seq_error at every length;
    None when no kept checkpoint qualifies."""
    passing = [
        step
        for step, by_variant in scores.items()
        if all(worst(records) <= max_seq_error for records in by_variant.values())
    ]
    return max(passing, default=None)


def write_selection(
    workdir: str, scores: Scores, selected: int | None, max_seq_error: float
) -> str:
    """Writes RUN/selected_checkpoint.json (the criterion, every step's worst errors and the
    choice) atomically; returns its path."""
    variants = sorted({v for by_variant in scores.values() for v in by_variant})
    summary = {
        "selected_step": selected,
        "criterion": {"variants": variants, "max_seq_error": max_seq_error},
        "scores": {
            str(step): {
                v: {"seq_error": worst(r), "digit_error": worst(r, "digit_error")}
                for v, r in sorted(by_variant.items())
            }
            for step, by_variant in sorted(scores.items())
        },
    }
    path = os.path.join(workdir, SELECTION_JSON)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(summary, f, indent=1)
    os.replace(tmp, path)
    return path


def format_scores(scores: Scores, selected: int | None) -> str:
    """A table: one row per kept step, each variant's worst sequence / cell error."""
    variants = sorted({v for by_variant in scores.values() for v in by_variant})
    lines = [
        "| step | " + " | ".join(f"{v}: seq / digit error (worst)" for v in variants) + " |",
        "|---|" + "---|" * len(variants),
    ]
    for step, by_variant in sorted(scores.items()):
        cells = [
            f"{worst(by_variant[v]):.3f} / {worst(by_variant[v], 'digit_error'):.3f}"
            for v in variants
        ]
        mark = " (selected)" if step == selected else ""
        lines.append(f"| {step}{mark} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
