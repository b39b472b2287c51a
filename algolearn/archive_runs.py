"""Copies the summary files of finished runs (config.json, run.json, eval.json, eval_NAME.json,
and the scores of earlier checkpoints: eval_NAME.stepS.json, selected_checkpoint.json) into a
small tree that can be committed, so figures and the benchmark table can be redrawn without the
runs' checkpoints, TensorBoard files and metrics.

    python -m algolearn.archive_runs --runs=runs/sweeps/nram_low_lr \
        --out=experiments/results/runs/nram_low_lr

Every figure script and `algolearn.benchmark` read only these files, so `--runs=OUT` works
on the archive as on the originals. Unfinished runs are skipped (and listed); an archived run
is replaced only by a finished run of the same relative path.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

from algolearn.evaluation import eval_files

SUMMARY_FILES = ("config.json", "run.json", eval_files.EVAL_JSON)


def is_finished(workdir: str) -> bool:
    """True when workdir/run.json says the run finished."""
    try:
        with open(os.path.join(workdir, "run.json")) as f:
            return json.load(f).get("finished") is True
    except (OSError, ValueError):
        return False


def run_dirs(root: str) -> list[str]:
    """Every directory under root (root included) holding a config.json, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("checkpoints", "tb"))
        if "config.json" in filenames:
            found.append(dirpath)
    return sorted(found)


def _selection_files(workdir: str) -> list[str]:
    """Earlier checkpoints' scores and the checkpoint selection (algolearn.select_checkpoint)."""
    selection = os.path.join(workdir, eval_files.SELECTION_JSON)
    return eval_files.step_eval_files(workdir) + ([selection] if os.path.isfile(selection) else [])


def _check_replaceable(target: str) -> None:
    """An existing target is replaced only if it is an archived run (summary files only)."""
    for entry in os.scandir(target):
        if not (entry.is_file() and entry.name.startswith(("config", "run", "eval", "selected"))):
            reason = f"{target} holds {entry.name!r}: not an archived run, not replaced"
            raise FileExistsError(reason)


def archive(runs: str, out: str) -> tuple[list[str], list[str]]:
    """Copies every finished run's summary files under `runs` to the same relative path under
    `out`; returns (archived, skipped) relative paths. Each run is written to a temporary
    directory first and then swapped in, so an interrupted call never leaves half a run."""
    if not os.path.isdir(runs):
        raise FileNotFoundError(f"--runs={runs} is not a directory")
    archived, skipped = [], []
    for workdir in run_dirs(runs):
        rel = os.path.relpath(workdir, runs)
        files = [os.path.join(workdir, f) for f in SUMMARY_FILES]
        if not (is_finished(workdir) and all(os.path.isfile(f) for f in files)):
            skipped.append(rel)
            continue
        target = os.path.normpath(os.path.join(out, rel))
        staging = target.rstrip(os.sep) + ".archiving"
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging)
        for path in files + eval_files.extra_eval_files(workdir) + _selection_files(workdir):
            shutil.copy2(path, staging)
        if os.path.isdir(target):
            _check_replaceable(target)
            shutil.rmtree(target)
        os.replace(staging, target)
        archived.append(rel)
    return archived, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", required=True, help="a run directory or a tree of them")
    parser.add_argument("--out", required=True, help="where the summaries go")
    args = parser.parse_args(argv)
    try:
        archived, skipped = archive(args.runs, args.out)
    except (FileNotFoundError, FileExistsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for rel in skipped:
        print(f"skipped (unfinished): {rel}")
    print(f"archived {len(archived)} run(s) from {args.runs} to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
