"""Carries unfinished runs across machines: their latest checkpoint, config and metrics.

A run longer than one working session (or one cluster allocation) is stopped with SIGTERM
(it checkpoints), saved into a small tree that can be committed or copied, restored on the next
machine, and resumed by rerunning the same training command with the same --workdir:

    python -m algolearn.carry_runs save --runs=runs/lte_addition9 \
        --out=experiments/results/carry/lte_addition9
    python -m algolearn.carry_runs restore --carry=experiments/results/carry/lte_addition9 \
        --runs=runs/lte_addition9

Saved per run: config.json, run.json and eval*.json where present, metrics.jsonl, and only the
latest checkpoint (`checkpoints/<step>`; TensorBoard files are not carried). The resumed run
continues exactly as if it had never stopped: same data stream, curriculum, optimizer state
and accumulated wall-clock (tests/test_carry_runs.py). Restoring never touches a run directory
that already holds a checkpoint or a finished evaluation.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

from algolearn.archive_runs import is_finished, run_dirs

MANIFEST = "carried.json"
CHECKPOINTS = "checkpoints"


def latest_checkpoint(workdir: str) -> int | None:
    """The highest finished checkpoint step under workdir/checkpoints (Orbax step folders)."""
    directory = os.path.join(workdir, CHECKPOINTS)
    if not os.path.isdir(directory):
        return None
    steps = [int(e.name) for e in os.scandir(directory) if e.is_dir() and e.name.isdigit()]
    return max(steps, default=None)


def _carried_files(workdir: str) -> list[str]:
    names = ["config.json", "run.json", "metrics.jsonl"]
    names += sorted(n for n in os.listdir(workdir) if n.startswith("eval") and n.endswith(".json"))
    return [n for n in names if os.path.isfile(os.path.join(workdir, n))]


def _tree_bytes(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def _swap_in(staging: str, target: str) -> None:
    """Replaces target (which must be a carried run, if it exists) by staging."""
    if os.path.isdir(target):
        if not os.path.isfile(os.path.join(target, MANIFEST)):
            shutil.rmtree(staging)
            raise FileExistsError(f"{target} exists and is not a carried run: not replaced")
        shutil.rmtree(target)
    os.replace(staging, target)


def save(
    runs: str, out: str, skip_finished: bool = False
) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Saves every run under `runs` that has a checkpoint to the same relative path under
    `out`; with skip_finished, only the unfinished ones (a sweep's finished members are
    archived instead: `algolearn.archive_runs`). Returns ([(relative path, step, bytes)],
    [relative paths skipped: no checkpoint, or finished with skip_finished])."""
    if not os.path.isdir(runs):
        raise FileNotFoundError(f"--runs={runs} is not a directory")
    saved, skipped = [], []
    for workdir in run_dirs(runs):
        rel = os.path.relpath(workdir, runs)
        step = latest_checkpoint(workdir)
        if step is None or (skip_finished and is_finished(workdir)):
            skipped.append(rel)
            continue
        target = os.path.normpath(os.path.join(out, rel))
        staging = target.rstrip(os.sep) + ".carrying"
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(os.path.join(staging, CHECKPOINTS))
        files = _carried_files(workdir)
        for name in files:
            shutil.copy2(os.path.join(workdir, name), staging)
        shutil.copytree(
            os.path.join(workdir, CHECKPOINTS, str(step)),
            os.path.join(staging, CHECKPOINTS, str(step)),
        )
        size = _tree_bytes(staging)
        with open(os.path.join(staging, MANIFEST), "w") as f:
            json.dump({"step": step, "files": files, "bytes": size}, f, indent=1)
        _swap_in(staging, target)
        saved.append((rel, step, size))
    return saved, skipped


def _has_results(workdir: str) -> bool:
    return latest_checkpoint(workdir) is not None or os.path.isfile(
        os.path.join(workdir, "eval.json")
    )


def restore(carry: str, runs: str) -> tuple[list[tuple[str, int]], list[str]]:
    """Copies every carried run under `carry` to the same relative path under `runs`.
    Returns ([(relative path, step)], [relative paths left alone: they hold results])."""
    if not os.path.isdir(carry):
        raise FileNotFoundError(f"--carry={carry} is not a directory")
    restored, kept = [], []
    for dirpath, dirnames, filenames in os.walk(carry):
        if MANIFEST not in filenames:
            continue
        dirnames[:] = []  # a carried run holds no other runs
        rel = os.path.relpath(dirpath, carry)
        with open(os.path.join(dirpath, MANIFEST)) as f:
            manifest = json.load(f)
        checkpoint = os.path.join(dirpath, CHECKPOINTS, str(manifest["step"]))
        if not os.path.isdir(checkpoint):
            raise FileNotFoundError(
                f"{dirpath}: {MANIFEST} names step {manifest['step']} but {checkpoint} is missing"
            )
        workdir = os.path.normpath(os.path.join(runs, rel))
        if os.path.isdir(workdir) and _has_results(workdir):
            kept.append(rel)
            continue
        os.makedirs(os.path.join(workdir, CHECKPOINTS), exist_ok=True)
        for name in manifest["files"]:
            shutil.copy2(os.path.join(dirpath, name), workdir)
        shutil.copytree(checkpoint, os.path.join(workdir, CHECKPOINTS, str(manifest["step"])))
        restored.append((rel, int(manifest["step"])))
    return sorted(restored), sorted(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    save_cmd = commands.add_parser("save", help="runs -> a committable tree")
    save_cmd.add_argument("--runs", required=True, help="a run directory or a tree of them")
    save_cmd.add_argument("--out", required=True, help="where the carried runs go")
    save_cmd.add_argument(
        "--skip_finished",
        action="store_true",
        help="carry only unfinished runs (archive the finished ones with algolearn.archive_runs)",
    )
    restore_cmd = commands.add_parser("restore", help="a carried tree -> run directories")
    restore_cmd.add_argument("--carry", required=True, help="what `save` wrote")
    restore_cmd.add_argument("--runs", required=True, help="where the run directories go")
    args = parser.parse_args(argv)
    try:
        if args.command == "save":
            saved, skipped = save(args.runs, args.out, args.skip_finished)
            for rel in skipped:
                why = "finished" if is_finished(os.path.join(args.runs, rel)) else "no checkpoint"
                print(f"skipped ({why}): {rel}")
            for rel, step, size in saved:
                print(f"saved {rel} at step {step} ({size / 2**20:.1f} MiB)")
            print(f"saved {len(saved)} run(s) from {args.runs} to {args.out}")
        else:
            restored, kept = restore(args.carry, args.runs)
            for rel in kept:
                print(f"left alone (holds a checkpoint or eval.json): {rel}")
            for rel, step in restored:
                print(f"restored {rel} at step {step}")
            print(
                f"restored {len(restored)} run(s) to {args.runs}; rerun each run's training "
                "command with the same --workdir to resume it"
            )
    except (FileNotFoundError, FileExistsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
