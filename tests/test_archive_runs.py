"""algolearn.archive_runs: the committed summaries of runs redraw the same benchmark table."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from algolearn import archive_runs, benchmark
from tests.test_benchmark import REPO, make_runs


def add_heavy_files(root: Path) -> None:
    """What a real run directory also holds: checkpoints, TensorBoard files, metrics, a log."""
    for config in root.rglob("config.json"):
        run = config.parent
        (run / "checkpoints" / "20").mkdir(parents=True)
        (run / "checkpoints" / "20" / "state").write_bytes(b"\0" * 64)
        (run / "tb").mkdir()
        (run / "metrics.jsonl").write_text('{"step": 1}\n')
        (run / "log.txt").write_text("log\n")


def test_archive_keeps_the_summaries_of_finished_runs_only(tmp_path: Path) -> None:
    runs, out = tmp_path / "runs", tmp_path / "archive"
    make_runs(runs)
    add_heavy_files(runs)
    (runs / "badd" / "ngpu" / "s0" / "eval_carry.json").write_text(json.dumps([]))
    # Scores of an earlier checkpoint and the checkpoint selection travel with the run.
    selection = {"eval_carry.step10.json", "eval.step10.json", "selected_checkpoint.json"}
    for name in selection:
        (runs / "badd" / "ngpu" / "s1" / name).write_text(json.dumps({"selected_step": 10}))
    (runs / "badd" / "ngpu" / "s1" / "eval_carry.json.tmp").write_text("partial")
    archived, skipped = archive_runs.archive(str(runs), str(out))

    finished, unfinished = benchmark.find_runs(str(runs))
    rel = lambda paths: sorted(str(Path(p).relative_to(runs)) for p in paths)  # noqa: E731
    assert sorted(archived) == rel(finished) and sorted(skipped) == rel(unfinished)
    assert archived and skipped
    for name in archived:
        expected = {"config.json", "run.json", "eval.json"}
        if name == "badd/ngpu/s0":
            expected.add("eval_carry.json")
        if name == "badd/ngpu/s1":
            expected |= {"eval_carry.step10.json", "selected_checkpoint.json"}
        assert {p.name for p in (out / name).iterdir()} == expected
        for f in expected:
            assert (out / name / f).read_bytes() == (runs / name / f).read_bytes()
    for name in skipped:
        assert not (out / name).exists()
    assert not list(out.rglob("*.archiving"))
    # The benchmark read from the archive equals the benchmark read from the runs.
    strip = lambda root: [replace(r, path="") for r in benchmark.load_runs(str(root))]  # noqa: E731
    assert strip(out) == strip(runs)


def test_rearchiving_replaces_a_run_but_never_other_files(tmp_path: Path) -> None:
    runs, out = tmp_path / "runs", tmp_path / "archive"
    make_runs(runs)
    archive_runs.archive(str(runs), str(out))
    run = runs / "badd" / "ngpu" / "s0"
    (run / "eval.json").write_text("[]")
    archive_runs.archive(str(runs), str(out))
    assert (out / "badd" / "ngpu" / "s0" / "eval.json").read_text() == "[]"
    (out / "badd" / "ngpu" / "s0" / "notes.md").write_text("mine")
    with pytest.raises(FileExistsError, match="'notes.md': not an archived run"):
        archive_runs.archive(str(runs), str(out))
    assert (out / "badd" / "ngpu" / "s0" / "notes.md").read_text() == "mine"


def test_command_line(tmp_path: Path) -> None:
    runs, out = tmp_path / "runs", tmp_path / "archive"
    make_runs(runs)
    command = [sys.executable, "-m", "algolearn.archive_runs", f"--runs={runs}", f"--out={out}"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"archived {len(list(out.rglob('run.json')))}")
    assert "skipped (unfinished):" in result.stdout
    missing = [sys.executable, "-m", "algolearn.archive_runs", "--runs=nope", f"--out={out}"]
    result = subprocess.run(missing, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "--runs=nope is not a directory" in result.stderr


ARCHIVE = REPO / "experiments" / "results" / "runs"


@pytest.mark.parametrize("folder", sorted(p.name for p in ARCHIVE.iterdir() if p.is_dir()))
def test_committed_archives_are_complete_and_readable(folder: str) -> None:
    """Every committed archive holds only finished runs that the benchmark can read, and is
    listed in experiments/results/runs/README.md."""
    finished, unfinished = benchmark.find_runs(str(ARCHIVE / folder))
    assert finished and not unfinished
    assert len(benchmark.load_runs(str(ARCHIVE / folder))) == len(finished)
    assert f"`{folder}/`" in (ARCHIVE / "README.md").read_text()
