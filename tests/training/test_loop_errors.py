"""Bad inputs fail fast, before any compute and before the workdir is touched, naming the
problem; conflicting workdirs and unreadable checkpoints are refused and left intact."""

from __future__ import annotations

import json
import re
import types

import jax
import numpy as np
import pytest

from algolearn.tasks import LengthError
from algolearn.training import loop, sharding
from algolearn.training.checkpoint import CheckpointError
from algolearn.training.config_check import ConfigError
from tests.conftest import run_train, tiny_config
from tests.training.conftest import checkpoint_steps, copy_run, train


@pytest.mark.parametrize(
    "overrides, error, fragments",
    [
        (dict(task__name="badd2"), KeyError, ["'badd2'", "badd", "copy", "kvsort"]),
        (dict(model__name="ntm"), KeyError, ["'ntm'", "neural_gpu"]),
        (dict(model__num_layers=2), ValueError, ["neural_gpu", "num_layers"]),
        (dict(curriculum__name="growing"), KeyError, ["'growing'", "length"]),
        (dict(curriculum__min_length=1), LengthError, ["badd", "length 1"]),
        (dict(eval__lengths=(5, 1)), LengthError, ["badd", "length 1"]),
        (dict(eval__adversarial_lengths=(2,)), LengthError, ["badd", "length 2"]),
        (dict(eval__adversarial_sets=("long_carry", "zeros")), KeyError, ["'zeros'"]),
        (dict(curriculum__max_length=13), ValueError, ["length 13", "largest bucket 12"]),
        (dict(eval__lengths=(5, 20)), ValueError, ["length 20", "largest bucket 12"]),
        (dict(curriculum__start_length=9), ValueError, ["start_length", "9"]),
        (dict(train__batch_size=0), ConfigError, ["train.batch_size"]),
        (dict(curriculum__check_every=0), ConfigError, ["curriculum.check_every"]),
        (dict(data__buckets=()), ConfigError, ["data.buckets"]),
        (dict(data__train_set_size=-1), ConfigError, ["data.train_set_size"]),
        (dict(regularizers={"l2": {}}), KeyError, ["'l2'", "relaxation_pull"]),
    ],
)
def test_bad_config_fails_before_touching_workdir(tmp_path, overrides, error, fragments) -> None:
    workdir = tmp_path / "run"
    with pytest.raises(error) as info:
        loop.train_and_evaluate(tiny_config(**overrides), str(workdir), show_progress=False)
    for fragment in fragments:
        assert fragment in str(info.value)
    assert not workdir.exists()


@pytest.mark.parametrize("key", ["train.adam_eps", "eval.seed", "curriculum.probe_batches"])
def test_missing_required_key(tmp_path, key) -> None:
    config = tiny_config()
    parent, leaf = key.rsplit(".", 1)
    del config[parent][leaf]
    with pytest.raises(ConfigError, match=key):
        loop.train_and_evaluate(config, str(tmp_path / "run"), show_progress=False)


@pytest.mark.parametrize("key", ["train.batch_size", "eval.batch_size"])
def test_batch_not_divisible_by_devices(tmp_path, monkeypatch, key) -> None:
    """Eight (pretend) devices; the real 8-device run is in test_loop.py."""
    monkeypatch.setattr(
        sharding, "make_mesh", lambda: types.SimpleNamespace(devices=np.empty(8, object))
    )
    config = tiny_config()
    config.train.batch_size = 16
    config.eval.batch_size = 16
    parent, leaf = key.split(".")
    config[parent][leaf] = 12
    with pytest.raises(ValueError, match=rf"{key}=12 is not divisible .*\(8\)"):
        loop.train_and_evaluate(config, str(tmp_path / "run"), show_progress=False)


def test_check_batch_size_on_real_mesh() -> None:
    mesh = sharding.make_mesh()
    n = mesh.devices.size
    sharding.check_batch_size(3 * n, mesh)
    if n > 1:
        with pytest.raises(ValueError, match="divisible"):
            sharding.check_batch_size(n + 1, mesh)


def test_unknown_cli_override(tmp_path) -> None:
    result = run_train(tmp_path / "run", "--config.train.no_such_key=1", timeout=120)
    assert result.returncode != 0
    assert "no_such_key" in result.stderr
    assert not (tmp_path / "run").exists()


def test_workdir_with_other_config_is_refused(full_run, tmp_path) -> None:
    workdir = copy_run(full_run, tmp_path / "run")
    before = (workdir / "config.json").read_text()
    with pytest.raises(ConfigError) as info:
        train(workdir, train__num_steps=20, model__filters=8, train__learning_rate=0.01)
    assert "model.filters: 4 -> 8" in str(info.value)
    assert "train.learning_rate" in str(info.value)
    assert str(workdir) in str(info.value)
    assert (workdir / "config.json").read_text() == before


def test_fewer_steps_than_the_checkpoint_is_refused(half_run, tmp_path) -> None:
    workdir = copy_run(half_run, tmp_path / "run")
    with pytest.raises(ValueError, match=r"checkpoint at step 10 > train.num_steps=8"):
        train(workdir, train__num_steps=8)
    assert checkpoint_steps(workdir) == [6, 10]


def test_corrupt_checkpoint_is_reported_and_kept(half_run, tmp_path) -> None:
    workdir = copy_run(half_run, tmp_path / "run")
    assert checkpoint_steps(workdir) == [6, 10]
    state_dir = workdir / "checkpoints" / "10" / "state"
    garbage = {}
    for path in state_dir.rglob("*"):
        if path.is_file():
            garbage[path] = b"not a checkpoint " + path.name.encode()
            path.write_bytes(garbage[path])
    assert len(garbage) > 2
    with pytest.raises(CheckpointError) as info:
        train(workdir, train__num_steps=20)
    assert str(workdir / "checkpoints" / "10") in str(info.value)
    for path, content in garbage.items():
        assert path.read_bytes() == content
    assert checkpoint_steps(workdir) == [6, 10]
    # The finished 10-step results are untouched too.
    assert json.loads((workdir / "run.json").read_text())["step"] == 10
    assert not (workdir / "eval.1.json").exists()


@pytest.mark.parametrize("log_every", [1, 5])
def test_a_non_finite_loss_stops_the_run_before_it_is_checkpointed(tmp_path, log_every) -> None:
    """An absurd learning rate turns the Neural GPU's loss to NaN within a few steps: the run
    stops at the first bad step, logged or not, with an error naming it, and every checkpoint
    it kept holds finite parameters (resuming or branching from them is safe)."""
    workdir = tmp_path / "run"
    config = tiny_config(
        train__learning_rate=1e35,
        train__num_steps=40,
        train__log_every=log_every,
        train__checkpoint_every=1,
    )
    with pytest.raises(loop.NonFiniteLossError, match=r"non-finite within steps (\d+)-\1 ") as e:
        loop.train_and_evaluate(config, str(workdir), show_progress=False)
    bad_step = int(re.search(r"steps (\d+)-", str(e.value)).group(1))
    log = workdir / "metrics.jsonl"
    rows = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    finite = [np.isfinite([float(r["loss"]), float(r["grad_norm"])]).all() for r in rows]
    if log_every == 1:  # the bad step is logged (for diagnosis), and it is the first one
        assert finite == [True] * (len(rows) - 1) + [False] and rows[-1]["step"] == bad_step
    else:
        assert all(finite)
    assert not (workdir / "eval.json").exists()
    steps = checkpoint_steps(workdir)
    assert steps == list(range(1, bad_step))
    from algolearn.evaluation import trained_run  # noqa: PLC0415

    for step in steps:
        params, _ = trained_run.load_params(config, str(workdir), step)
        assert all(np.isfinite(np.asarray(x)).all() for x in jax.tree.leaves(params))
