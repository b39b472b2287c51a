"""The evaluation files of a run directory: eval.json (the run's own final evaluation) and
eval_NAME.json (variant NAME scored after training by `algolearn.evaluate`)."""

from __future__ import annotations

import json
import os
import re
from typing import Any

EVAL_JSON = "eval.json"
SELECTION_JSON = "selected_checkpoint.json"  # algolearn.select_checkpoint's choice
_EXTRA = re.compile(r"^eval_[A-Za-z0-9_\-]+\.json$")
_AT_STEP = re.compile(r"^eval_[A-Za-z0-9_\-]+\.step[0-9]+\.json$")
_NAME = re.compile(r"[A-Za-z0-9_\-]+")


def extra_eval_path(workdir: str, variant: str, step: int | None = None) -> str:
    """Where the records of `variant`, scored after training, go. An earlier checkpoint's
    (`step`) go to eval_NAME.stepS.json, which figures and the benchmark do not read."""
    if not _NAME.fullmatch(variant):
        raise ValueError(f"variant name {variant!r} must be letters, digits, '_' or '-'")
    at = "" if step is None else f".step{int(step)}"
    return os.path.join(workdir, f"eval_{variant}{at}.json")


def extra_eval_files(workdir: str) -> list[str]:
    """The eval_NAME.json files of `workdir` (not the kept older copies eval_NAME.<n>.json)."""
    if not os.path.isdir(workdir):
        return []
    return sorted(os.path.join(workdir, f) for f in os.listdir(workdir) if _EXTRA.match(f))


def step_eval_files(workdir: str) -> list[str]:
    """The eval_NAME.stepS.json files of `workdir`: earlier checkpoints scored with --step."""
    if not os.path.isdir(workdir):
        return []
    return sorted(os.path.join(workdir, f) for f in os.listdir(workdir) if _AT_STEP.match(f))


def tests_the_trained_task(record: dict[str, Any], length_variants: Any = ()) -> bool:
    """Whether `record` scores the run's own model and task: the main evaluation, a variant
    the run's config lists as lengths (`benchmark.length_variants`, e.g. a larger NRAM memory)
    or a variant that changes only the evaluation (e.g. longer lengths scored afterwards)."""
    variant = record.get("variant", "")
    return variant in {"", *length_variants} or record.get("variant_changes") == ["eval"]


def read_records(workdir: str) -> list[dict[str, Any]]:
    """eval.json's records followed by those of every eval_NAME.json (each tagged "variant")."""
    records = []
    for path in [os.path.join(workdir, EVAL_JSON), *extra_eval_files(workdir)]:
        with open(path) as f:
            records += json.load(f)
    return records


def selected_records(workdir: str) -> list[dict[str, Any]] | None:
    """The records scored at the checkpoint algolearn.select_checkpoint chose (every
    eval_NAME.stepS.json of that step S); None when the run has no selected step or no records
    at it."""
    path = os.path.join(workdir, SELECTION_JSON)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        step = json.load(f).get("selected_step")
    if step is None:
        return None
    records = []
    for file in step_eval_files(workdir):
        if file.endswith(f".step{int(step)}.json"):
            with open(file) as f:
                records += json.load(f)
    return records or None
