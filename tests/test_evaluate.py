"""algolearn.evaluate scores a finished run on a variant after training, exactly as the run's own
final evaluation would have, and never touches eval.json."""

import json
import os
import subprocess
import sys

import ml_collections
import pytest

from algolearn import benchmark, figures
from algolearn.evaluation import eval_files, trained_run
from algolearn.training import loop
from tests.conftest import tiny_config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHORT = {"eval": {"lengths": (3,), "num_examples": 8}}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("evaluate") / "run"
    config = tiny_config(train__num_steps=10, eval__variants={"short": SHORT})
    loop.train_and_evaluate(config, str(workdir), show_progress=False)
    return workdir


def _strip(records, drop=("loss",)):
    return [{k: v for k, v in r.items() if k not in drop} for r in records]


def test_scores_equal_the_runs_own_final_evaluation(run_dir) -> None:
    before = (run_dir / "eval.json").read_bytes()
    own = [r for r in json.loads(before) if r.get("variant") == "short"]
    records, step = trained_run.evaluate_variant(str(run_dir), "short")
    assert step == 10
    assert _strip(records) == _strip(own)
    assert [r["loss"] for r in records] == pytest.approx([r["loss"] for r in own], rel=1e-5)
    assert json.loads((run_dir / "eval_short.json").read_text()) == records
    assert (run_dir / "eval.json").read_bytes() == before  # the run's results are untouched

    # A variant the run never had (here: its plain evaluation at length 7, by another name)
    # gives the same numbers as the run's own records at that length.
    config = ml_collections.ConfigDict({"eval": {"variants": {"at7": {"eval": {"lengths": (7,)}}}}})
    records, _ = trained_run.evaluate_variant(str(run_dir), "at7", config)
    plain = [r for r in json.loads(before) if "variant" not in r and r["length"] == 7]
    assert _strip(records, ("loss", "variant", "variant_changes")) == _strip(plain)
    assert all(r["variant"] == "at7" and r["variant_changes"] == ["eval"] for r in records)

    # Scoring again keeps the earlier file; figures and the benchmark read the extra records.
    trained_run.evaluate_variant(str(run_dir), "at7", config)
    assert (run_dir / "eval_at7.1.json").exists()
    assert eval_files.extra_eval_files(str(run_dir)) == [
        str(run_dir / "eval_at7.json"),
        str(run_dir / "eval_short.json"),
    ]
    ((_, _, merged),) = list(figures.evaluated_runs(str(run_dir.parent)))
    assert sum(r.get("variant") == "at7" for r in merged) == len(records)
    # Both variants change only the evaluation: the benchmark counts them as lengths.
    run = benchmark.load_run(str(run_dir))
    random_at7 = [r["seq_error"] for r in records if r["eval_set"] == "random"]
    assert run.task == "badd" and run.seq_errors[7] == max(random_at7)


def test_an_earlier_checkpoint_scores_as_a_run_that_stopped_there(tmp_path) -> None:
    """--step S of a 10-step run (checkpoints every 5) == the final evaluation of the same run
    trained for 5 steps; its file is separate and left out of figures and the benchmark."""
    kw = {"train__checkpoint_every": 5, "eval__variants": {"short": SHORT}}
    long_run, short_run = tmp_path / "ten", tmp_path / "five"
    loop.train_and_evaluate(tiny_config(train__num_steps=10, **kw), str(long_run), False)
    loop.train_and_evaluate(tiny_config(train__num_steps=5, **kw), str(short_run), False)
    records, step = trained_run.evaluate_variant(str(long_run), "short", step=5)
    assert step == 5
    own = [r for r in json.loads((short_run / "eval.json").read_text()) if r.get("variant")]
    assert _strip(records) == _strip(own)
    assert [r["loss"] for r in records] == pytest.approx([r["loss"] for r in own], rel=1e-5)
    latest, _ = trained_run.evaluate_variant(str(long_run), "short")
    assert [r["loss"] for r in latest] != pytest.approx([r["loss"] for r in records])
    assert (long_run / "eval_short.step5.json").exists()
    assert eval_files.extra_eval_files(str(long_run)) == [str(long_run / "eval_short.json")]
    with pytest.raises(ValueError, match=r"no checkpoint at step 3; it keeps \[5, 10\]"):
        trained_run.evaluate_variant(str(long_run), "short", step=3)


def test_bad_requests_name_the_problem(run_dir, tmp_path) -> None:
    with pytest.raises(ValueError, match="no eval variant 'huge'.*short"):
        trained_run.evaluate_variant(str(run_dir), "huge")
    empty = ml_collections.ConfigDict({"eval": {"variants": {}}})
    with pytest.raises(ValueError, match="given config has no eval variant 'short'.*none"):
        trained_run.evaluate_variant(str(run_dir), "short", empty)
    with pytest.raises(ValueError, match="variant name '../x'"):
        trained_run.evaluate_variant(str(run_dir), "../x")
    with pytest.raises(FileNotFoundError, match="no config.json"):
        trained_run.evaluate_variant(str(tmp_path), "short")
    bad = ml_collections.ConfigDict({"eval": {"variants": {"tiny": {"eval": {"lengths": (2,)}}}}})
    with pytest.raises(ValueError, match="cannot produce length 2"):
        trained_run.evaluate_variant(str(run_dir), "tiny", bad)
    assert not (run_dir / "eval_tiny.json").exists()


def test_command_line_with_a_config_file(run_dir, tmp_path) -> None:
    config_file = tmp_path / "with_variant.py"
    config_file.write_text(
        "import ml_collections\n\n\ndef get_config():\n"
        "    return ml_collections.ConfigDict(\n"
        f"        {{'eval': {{'variants': {{'cli': {SHORT!r}}}}}}}\n"
        "    )\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "algolearn.evaluate",
            f"--workdir={run_dir}",
            "--variant=cli",
            f"--config={config_file}",
            "--progress=false",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "checkpoint step 10 (finished run)" in out.stdout
    cli = json.loads((run_dir / "eval_cli.json").read_text())
    own = [r for r in json.loads((run_dir / "eval.json").read_text()) if r.get("variant")]
    assert _strip(cli, ("loss", "variant")) == _strip(own, ("loss", "variant"))
