"""Checkpoint selection scores every kept checkpoint on validation variants exactly as
`algolearn.evaluate --step` would, picks the latest that meets the bar, and says so in a file."""

import json
import os
import subprocess
import sys

import pytest

from algolearn.evaluation import checkpoint_selection as selection
from algolearn.evaluation import trained_run
from algolearn.training import loop
from tests.conftest import tiny_config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHORT = {"eval": {"lengths": (3,), "num_examples": 8}}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    """10 steps, checkpoints at 5 and 10, both kept."""
    workdir = tmp_path_factory.mktemp("select") / "run"
    config = tiny_config(
        train__num_steps=10, train__checkpoint_every=5, eval__variants={"short": SHORT}
    )
    loop.train_and_evaluate(config, str(workdir), show_progress=False)
    return workdir


def _records(seq_errors):
    return [{"length": n, "seq_error": e, "digit_error": e / 2} for n, e in enumerate(seq_errors)]


def test_select_takes_the_latest_step_that_meets_the_bar_on_every_variant() -> None:
    scores = {
        100: {"a": _records([0, 0]), "b": _records([0, 0])},
        200: {"a": _records([0, 0]), "b": _records([0, 0.5])},  # b fails at one length
        300: {"a": _records([0, 0]), "b": _records([0, 0])},
        400: {"a": _records([0.1, 0]), "b": _records([0, 0])},  # a fails
    }
    assert selection.select(scores) == 300
    assert selection.select(scores, max_seq_error=0.1) == 400
    assert selection.select({k: v for k, v in scores.items() if k in (200, 400)}) is None
    table = selection.format_scores(scores, 300)
    assert "| 300 (selected) | 0.000 / 0.000 | 0.000 / 0.000 |" in table
    assert "| 200 | 0.000 / 0.000 | 0.500 / 0.250 |" in table
    with pytest.raises(ValueError, match="no records"):
        selection.worst([])


def test_scores_equal_evaluate_at_each_step_and_are_reused(run_dir) -> None:
    scores = selection.score_checkpoints(str(run_dir), ["short"])
    assert sorted(scores) == [5, 10]
    for step in (5, 10):
        path = run_dir / f"eval_short.step{step}.json"
        assert json.loads(path.read_text()) == scores[step]["short"]
    direct, _ = trained_run.evaluate_variant(str(run_dir), "short", step=5)
    assert [r["seq_error"] for r in direct] == [r["seq_error"] for r in scores[5]["short"]]

    # Already scored steps are read back, not scored again (the file is left as it was).
    before = os.stat(run_dir / "eval_short.step10.json").st_mtime_ns
    again = selection.score_checkpoints(str(run_dir), ["short"])
    assert again == scores
    assert os.stat(run_dir / "eval_short.step10.json").st_mtime_ns == before

    path = selection.write_selection(str(run_dir), scores, 10, 1.0)
    with open(path) as f:
        summary = json.load(f)
    assert summary["selected_step"] == 10
    assert summary["criterion"] == {"variants": ["short"], "max_seq_error": 1.0}
    assert set(summary["scores"]) == {"5", "10"}
    assert summary["scores"]["5"]["short"]["seq_error"] == selection.worst(scores[5]["short"])


def test_bad_requests_name_the_problem(run_dir, tmp_path) -> None:
    with pytest.raises(ValueError, match="no eval variant 'huge'.*short"):
        selection.score_checkpoints(str(run_dir), ["huge"])
    with pytest.raises(ValueError, match="at least one eval variant"):
        selection.score_checkpoints(str(run_dir), [])
    (tmp_path / "checkpoints").mkdir()
    with pytest.raises(FileNotFoundError, match="no checkpoint to select from"):
        selection.kept_steps(str(tmp_path))


def test_command_line(run_dir) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "algolearn.select_checkpoint",
            f"--workdir={run_dir}",
            "--variants=short",
            "--max_seq_error=1.0",
            "--test_variants=short",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "| 10 (selected) |" in out and "selected step 10" in out
    assert "test variant short at the selected step 10:" in out
    assert json.loads((run_dir / "selected_checkpoint.json").read_text())["selected_step"] == 10
