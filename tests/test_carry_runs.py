"""algolearn.carry_runs: a run saved, restored elsewhere and resumed equals an uninterrupted one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from algolearn import carry_runs
from tests.conftest import REPO
from tests.training.conftest import (
    assert_states_equal,
    checkpoint_steps,
    read_checkpoint,
    train,
    training_lines,
)


def test_saved_restored_and_resumed_run_equals_an_uninterrupted_one(
    full_run: Path, half_run: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    shutil.copytree(half_run, runs / "a" / "s0")
    (runs / "b").mkdir()
    (runs / "b" / "config.json").write_text("{}")  # a run that never checkpointed
    saved, skipped = carry_runs.save(str(runs), str(tmp_path / "carry"))
    assert [(rel, step) for rel, step, _ in saved] == [("a/s0", 10)] and skipped == ["b"]

    carried = tmp_path / "carry" / "a" / "s0"
    assert checkpoint_steps(carried) == [10]  # the latest checkpoint only, no TensorBoard
    assert (half_run / "tb").is_dir() and not (carried / "tb").exists()
    manifest = json.loads((carried / carry_runs.MANIFEST).read_text())
    assert manifest["step"] == 10 and saved[0][2] == manifest["bytes"] > 0

    elsewhere = tmp_path / "elsewhere"
    restored, kept = carry_runs.restore(str(tmp_path / "carry"), str(elsewhere))
    assert restored == [("a/s0", 10)] and kept == []
    workdir = elsewhere / "a" / "s0"
    records = train(workdir, train__num_steps=20)

    state, host = read_checkpoint(workdir, 20)
    expected_state, expected_host = read_checkpoint(full_run, 20)
    assert_states_equal(state, expected_state)
    assert host["elapsed_s"] > read_checkpoint(half_run, 10)[1]["elapsed_s"]  # accumulated
    del host["elapsed_s"], expected_host["elapsed_s"]
    assert host == expected_host
    assert records == json.loads((full_run / "eval.json").read_text())
    assert training_lines(workdir) == training_lines(full_run)

    # Restoring again never touches a run that now holds results.
    before = (workdir / "eval.json").read_bytes()
    assert carry_runs.restore(str(tmp_path / "carry"), str(elsewhere)) == ([], ["a/s0"])
    assert (workdir / "eval.json").read_bytes() == before and checkpoint_steps(workdir)[-1] == 20


def test_save_replaces_a_carried_run_but_never_other_files(half_run: Path, tmp_path: Path) -> None:
    runs, out = tmp_path / "runs", tmp_path / "carry"
    shutil.copytree(half_run, runs / "s0")
    carry_runs.save(str(runs), str(out))
    shutil.rmtree(runs / "s0" / "checkpoints" / "10")
    carry_runs.save(str(runs), str(out))  # re-saving replaces the carried run
    assert checkpoint_steps(out / "s0") == [6]
    (out / "s0" / carry_runs.MANIFEST).unlink()
    with pytest.raises(FileExistsError, match="is not a carried run: not replaced"):
        carry_runs.save(str(runs), str(out))
    assert checkpoint_steps(out / "s0") == [6] and not list(out.glob("*.carrying"))


def test_skip_finished_carries_only_unfinished_members(half_run: Path, tmp_path: Path) -> None:
    """A sweep's finished members are archived, not carried: skip_finished leaves them out."""
    runs, out = tmp_path / "runs", tmp_path / "carry"
    shutil.copytree(half_run, runs / "done")
    shutil.copytree(half_run, runs / "stopped")
    info = json.loads((runs / "stopped" / "run.json").read_text())
    (runs / "stopped" / "run.json").write_text(json.dumps({**info, "finished": False}))
    saved, skipped = carry_runs.save(str(runs), str(out), skip_finished=True)
    assert [(rel, step) for rel, step, _ in saved] == [("stopped", 10)] and skipped == ["done"]
    assert not (out / "done").exists()
    saved, skipped = carry_runs.save(str(runs), str(tmp_path / "all"))
    assert sorted(rel for rel, _, _ in saved) == ["done", "stopped"] and skipped == []
    command = [sys.executable, "-m", "algolearn.carry_runs", "save", f"--runs={runs}"]
    result = subprocess.run(
        [*command, f"--out={tmp_path / 'cli'}", "--skip_finished"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "skipped (finished): done" in result.stdout and "saved stopped at step 10" in result.stdout
    )


def test_command_line(half_run: Path, tmp_path: Path) -> None:
    runs, out, back = tmp_path / "runs", tmp_path / "carry", tmp_path / "back"
    shutil.copytree(half_run, runs / "s0")
    command = [sys.executable, "-m", "algolearn.carry_runs"]
    run = lambda *args: subprocess.run(  # noqa: E731
        [*command, *args], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    result = run("save", f"--runs={runs}", f"--out={out}")
    assert result.returncode == 0, result.stderr
    assert "saved s0 at step 10" in result.stdout
    result = run("restore", f"--carry={out}", f"--runs={back}")
    assert result.returncode == 0, result.stderr
    assert "restored s0 at step 10" in result.stdout and checkpoint_steps(back / "s0") == [10]
    result = run("restore", f"--carry={tmp_path / 'nope'}", f"--runs={back}")
    assert result.returncode == 2 and "is not a directory" in result.stderr


CARRY = REPO / "experiments" / "results" / "carry"


@pytest.mark.parametrize(
    "manifest", sorted(CARRY.rglob(carry_runs.MANIFEST)) if CARRY.is_dir() else []
)
def test_committed_carried_runs_are_complete(manifest: Path) -> None:
    """Every committed carried run names a checkpoint it holds and is listed in the README."""
    run = manifest.parent
    content = json.loads(manifest.read_text())
    assert checkpoint_steps(run) == [content["step"]]
    assert {"config.json", "metrics.jsonl"} <= set(content["files"])
    for name in content["files"]:
        assert (run / name).is_file()
    folder = run.relative_to(CARRY).parts[0]
    assert f"`{folder}/`" in (CARRY / "README.md").read_text()
