"""Branching (train.init_from): a branch continues its source exactly, records where it came
from, may change the optimizer's rules, and refuses sources it cannot continue."""

from __future__ import annotations

import json

import pytest

from algolearn.training import checkpoint, config_check
from tests.training.conftest import (
    assert_states_equal,
    loop_config,
    metric_lines,
    read_checkpoint,
    train,
    training_lines,
)


def test_branch_with_the_same_config_equals_the_uninterrupted_run(
    full_run, half_run, tmp_path
) -> None:
    """Branching the 10-step run at its checkpoint 6 and training to 20 == 20 steps in one go;
    the source is left as it was."""
    before = {p: p.read_bytes() for p in half_run.rglob("*") if p.is_file()}
    workdir = tmp_path / "branch"
    records = train(
        workdir, train__num_steps=20, train__init_from=str(half_run), train__init_from_step=6
    )
    state, host = read_checkpoint(workdir, 20)
    expected_state, expected_host = read_checkpoint(full_run, 20)
    assert_states_equal(state, expected_state)
    assert host.pop("branched_from") == {"workdir": str(half_run), "step": 6}
    del host["elapsed_s"], expected_host["elapsed_s"]
    assert host == expected_host
    assert records == json.loads((full_run / "eval.json").read_text())
    # The first logged line averages fewer steps (7-8, not 6-8); every later one is the same.
    lines = training_lines(workdir)
    assert lines[0]["step"] == 8
    assert lines[1:] == [x for x in training_lines(full_run) if x["step"] > 8]
    run = json.loads((workdir / "run.json").read_text())
    assert run["branched_from"] == {"workdir": str(half_run), "step": 6}
    assert {p: p.read_bytes() for p in half_run.rglob("*") if p.is_file()} == before


def test_branch_may_change_the_learning_rate(half_run, tmp_path) -> None:
    """A new train.learning_rate restarts the schedule there (the source's latest checkpoint,
    step 10, is the default)."""
    workdir = tmp_path / "branch"
    train(workdir, train__num_steps=12, train__init_from=str(half_run), train__learning_rate=0.5)
    lines = [line for line in metric_lines(workdir) if "loss" in line]
    assert lines[0]["step"] > 10
    assert {line["learning_rate"] for line in lines} == {0.5}
    _, host = read_checkpoint(workdir, 12)
    assert host["branched_from"]["step"] == 10


def test_resuming_a_branch_uses_its_own_checkpoint(half_run, tmp_path) -> None:
    workdir = tmp_path / "branch"
    config = dict(train__init_from=str(half_run), train__init_from_step=6)
    train(workdir, train__num_steps=12, **config)
    train(workdir, train__num_steps=14, **config)
    _, host = read_checkpoint(workdir, 14)
    assert host["branched_from"] == {"workdir": str(half_run), "step": 6}
    assert [x["step"] for x in metric_lines(workdir) if "loss" in x][-1] == 14


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            {"curriculum": {"name": "fixed", "length": 7, "check_every": 4, "probe_batches": 1}},
            "curriculum.name: '.*' -> 'fixed'",
        ),
        ({"train__init_from_step": 7}, "no checkpoint at step 7"),
        ({"train__init_from": "/nonexistent/run"}, "is not a run directory"),
        ({"train__num_steps": 8}, "holds a checkpoint at step 10 > train.num_steps=8"),
    ],
)
def test_bad_sources_fail_before_training(half_run, tmp_path, overrides, message) -> None:
    config = {"train__num_steps": 12, "train__init_from": str(half_run), **overrides}
    with pytest.raises(ValueError, match=message):
        train(tmp_path / "branch", **config)
    assert not (tmp_path / "branch" / "config.json").exists()  # fix the config, rerun


def test_a_source_whose_state_does_not_fit_is_named(half_run, tmp_path) -> None:
    with pytest.raises(checkpoint.CheckpointError, match=f"cannot branch from {half_run}"):
        train(
            tmp_path / "branch",
            train__num_steps=12,
            train__init_from=str(half_run),
            train__optimizer="sgd",
        )
    assert not (tmp_path / "branch" / "config.json").exists()


def test_a_model_whose_parameters_do_not_fit_is_named(half_run, tmp_path) -> None:
    with pytest.raises(checkpoint.CheckpointError, match="model.filters: 4 -> 6"):
        train(
            tmp_path / "branch",
            train__num_steps=12,
            train__init_from=str(half_run),
            model__filters=6,
        )
    assert not (tmp_path / "branch" / "config.json").exists()


def test_branch_may_change_model_options_that_keep_the_parameters(half_run, tmp_path) -> None:
    """E.g. more NRAM timesteps for a larger training size; the change is recorded."""
    workdir = tmp_path / "branch"
    train(workdir, train__num_steps=12, train__init_from=str(half_run), model__dropout=0.0)
    _, host = read_checkpoint(workdir, 12)
    assert host["branched_from"]["model_changes"] == ["model.dropout: 0.15 -> 0.0"]
    assert [x["step"] for x in metric_lines(workdir) if "loss" in x][-1] == 12


def test_runs_started_before_init_from_existed_still_resume(full_run, tmp_path) -> None:
    """config.json written without the train.init_from keys compares equal to the defaults."""
    workdir = tmp_path / "run"
    workdir.mkdir()
    old = json.loads((full_run / "config.json").read_text())
    del old["train"]["init_from"], old["train"]["init_from_step"]
    (workdir / "config.json").write_text(json.dumps(old))
    config_check.write_or_compare(loop_config(train__num_steps=20), str(workdir))  # no error


def test_a_regularizer_whose_options_change_restarts(half_run, tmp_path) -> None:
    """E.g. an NRAM branch that turns the entropy bonus into a penalty: the changed regulariser
    starts from its own initial state (here the relaxation pull, at `init` = 0.3), not the
    source's."""
    pull = {"init": 0.3, "growth": 2.0, "average_at": 1.0}
    kept, restarted = tmp_path / "kept", tmp_path / "restarted"
    train(kept, train__num_steps=12, train__init_from=str(half_run), train__init_from_step=6)
    train(
        restarted,
        train__num_steps=12,
        train__init_from=str(half_run),
        train__init_from_step=6,
        regularizers__relaxation_pull=pull,
    )
    _, kept_host = read_checkpoint(kept, 12)
    _, restarted_host = read_checkpoint(restarted, 12)
    assert "restarted_regularizers" not in kept_host["branched_from"]
    assert restarted_host["branched_from"]["restarted_regularizers"] == ["relaxation_pull"]
    # Restarted: 0.3 at step 6, doubled at the advances of probes 8 and 12, not yet averaged;
    # kept: the source's pull of 1.0, averaged once at probe 12.
    assert restarted_host["regularizers"]["relaxation_pull"]["pull"] == pytest.approx(1.2)
    assert restarted_host["regularizers"]["relaxation_pull"]["averages"] == 0
    assert kept_host["regularizers"]["relaxation_pull"] == {
        "pull": 1.0,
        "average_pending": False,
        "averages": 1,
    }
