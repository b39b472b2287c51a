"""train_and_evaluate end to end: artifacts, exact resumption (also after SIGTERM), finished
runs, 1 vs 8 devices, and a Neural GPU that actually learns."""

from __future__ import annotations

import glob
import json
import re
import signal
import struct
import time

import numpy as np
import pytest
from tensorboardX.proto import event_pb2

from algolearn import models, tasks
from algolearn.training import input_pipeline, loop, optim, sharding
from tests.conftest import config_flags, run_train, start_train, tiny_config
from tests.training.conftest import (
    LOOP,
    assert_states_equal,
    checkpoint_steps,
    copy_run,
    flatten,
    loop_config,
    metric_lines,
    read_checkpoint,
    train,
    training_lines,
)

TRAIN_KEYS = {"step", "loss", "seq_error", "digit_error", "curriculum_length", "examples_per_sec"}


def tensorboard_scalars(workdir) -> dict[str, set[int]]:
    """tag -> steps, parsed from the TFRecord event files under workdir/tb."""
    tags: dict[str, set[int]] = {}
    files = glob.glob(str(workdir / "tb" / "events.out.tfevents.*"))
    assert files
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        i = 0
        while i < len(data):
            (n,) = struct.unpack("<Q", data[i : i + 8])
            event = event_pb2.Event.FromString(data[i + 12 : i + 12 + n])
            i += 12 + n + 4
            for value in event.summary.value:
                tags.setdefault(value.tag, set()).add(event.step)
    return tags


def test_initial_relaxed_copies_are_equal() -> None:
    """The state the loop starts from, with the paper's 2 CGRUs per step."""
    config = loop_config(model__cgrus_per_step=2)
    model = models.build(config.model, tasks.get("badd"))
    optimizer = optim.make_optimizer(config.train, config.seed)
    state = loop.initial_state(model, optimizer, sharding.make_mesh(), config.seed, 3)
    relaxed = {k: np.asarray(v) for k, v in state.params["relaxed"].items()}
    assert relaxed["cand_kernel"].shape == (2, 2, 3, 3, 4, 4)
    for name, leaf in relaxed.items():
        np.testing.assert_array_equal(leaf[1], leaf[0], err_msg=name)
    # ...but not degenerate: random kernels, different for the two CGRUs of a step.
    assert np.std(relaxed["gates_kernel"]) > 0
    assert not np.allclose(relaxed["cand_kernel"][0, 0], relaxed["cand_kernel"][0, 1])
    assert int(state.step) == 0


def test_artifacts(full_run) -> None:
    config = json.loads((full_run / "config.json").read_text())
    assert config["train"]["num_steps"] == 20 and config["model"]["filters"] == 4

    lines = metric_lines(full_run)
    train_lines = [line for line in lines if "loss" in line]
    assert [line["step"] for line in train_lines] == [4, 5, 8, 10, 12, 15, 16, 20]
    for line in train_lines:
        assert line.keys() >= TRAIN_KEYS
        assert 0 <= line["seq_error"] <= 1 and 0 <= line["digit_error"] <= 1
        assert np.isfinite(line["loss"]) and line["examples_per_sec"] > 0
    probes = [line for line in train_lines if "probe_seq_error" in line]
    assert [line["step"] for line in probes] == [4, 8, 12, 16, 20]
    # The curriculum advanced at every probe (threshold > 1); the pull doubled up to average_at.
    assert [line["curriculum_length"] for line in probes] == [4, 5, 6, 7, 7]
    assert [line["pull"] for line in probes] == pytest.approx([0.5, 1.0, 1.0, 1.0, 1.0])
    assert lines[-1]["step"] == 20 and "eval/max_seq_error" in lines[-1]

    tags = tensorboard_scalars(full_run)
    assert tags["loss"] == {4, 5, 8, 10, 12, 15, 16, 20}
    assert tags["probe_seq_error"] == {4, 8, 12, 16, 20}
    assert tags["eval/max_seq_error"] == {20}

    records = json.loads((full_run / "eval.json").read_text())
    sets = ["all_max", "all_zeros", "long_carry", "symmetric_small"]
    assert [(r["eval_set"], r["length"]) for r in records] == [("random", 5), ("random", 7)] + [
        (name, 7) for name in sets
    ]
    for r in records:
        assert r["task"] == "badd"
        assert r["num_examples"] == (16 if r["eval_set"] == "random" else 8)
        assert 0 <= r["seq_error"] <= 1 and 0 <= r["digit_error"] <= 1 and np.isfinite(r["loss"])

    run = json.loads((full_run / "run.json").read_text())
    assert run["finished"] and run["step"] == 20 and run["num_devices"] == 1
    assert run["curriculum"] == {"current_max": 7}
    assert checkpoint_steps(full_run) == [18, 20]  # keep_checkpoints = 2

    state, host = read_checkpoint(full_run, 20)
    assert int(state["step"]) == 20
    # Averaged at probes 12, 16 and 20: at the top length a passing probe still counts (the
    # reference trainer's rule), or a run that starts at its top length would never average.
    assert host["regularizers"]["relaxation_pull"] == {
        "pull": 1.0,
        "average_pending": False,
        "averages": 3,
    }
    assert len(host["plateau"]["history"]) == 3


def test_resume_is_exact(full_run, half_run, tmp_path, monkeypatch) -> None:
    """10 steps, then the same workdir to 20 == 20 steps in one go (probes, checkpoints,
    curriculum advances on both sides of step 10; the copies are averaged after it)."""
    workdir = copy_run(half_run, tmp_path / "run")
    first_eval = (workdir / "eval.json").read_text()
    steps = []
    original = input_pipeline.train_batch_and_difficulty

    def recording(task, curriculum, state, seed, step, *args):
        steps.append(step)
        return original(task, curriculum, state, seed, step, *args)

    monkeypatch.setattr(input_pipeline, "train_batch_and_difficulty", recording)
    records = train(workdir, train__num_steps=20)
    assert steps == list(range(11, 21))  # resumed, not retrained

    state, host = read_checkpoint(workdir, 20)
    expected_state, expected_host = read_checkpoint(full_run, 20)
    assert_states_equal(state, expected_state)
    del host["elapsed_s"], expected_host["elapsed_s"]
    assert host == expected_host
    assert records == json.loads((full_run / "eval.json").read_text())
    assert training_lines(workdir) == training_lines(full_run)
    assert (workdir / "eval.1.json").read_text() == first_eval  # the 10-step eval is kept


def test_rerunning_a_finished_run_does_nothing(full_run, tmp_path, monkeypatch) -> None:
    workdir = copy_run(full_run, tmp_path / "run")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in workdir.rglob("*") if p.is_file()}

    def fail(*args, **kwargs):
        raise AssertionError("a finished run must not train again")

    monkeypatch.setattr(input_pipeline, "train_batch_and_difficulty", fail)
    records = train(workdir, train__num_steps=20)
    assert records == json.loads((workdir / "eval.json").read_text())
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in workdir.rglob("*") if p.is_file()}
    for path in (workdir / "eval.json", workdir / "metrics.jsonl", workdir / "run.json"):
        assert after[path] == before[path], path
    assert set(after) == set(before)


def test_rerun_with_new_eval_lengths_evaluates_them(full_run, tmp_path) -> None:
    """eval.* may change on a rerun (config_check.RESUMABLE_CHANGES) and config.json is updated,
    so eval.json should then hold the new lengths."""
    workdir = copy_run(full_run, tmp_path / "run")
    records = train(workdir, train__num_steps=20, eval__lengths=(6,))
    assert json.loads((workdir / "config.json").read_text())["eval"]["lengths"] == [6]
    assert [r["length"] for r in records if r["eval_set"] == "random"] == [6]


def test_sigterm_checkpoints_and_resumes_exactly(tmp_path) -> None:
    overrides = dict(LOOP, train__checkpoint_every=2, train__num_steps=60)
    workdir = tmp_path / "killed"
    proc = start_train(workdir, *config_flags(**overrides))
    try:
        deadline = time.monotonic() + 240
        while not (workdir / "checkpoints").is_dir() or not checkpoint_steps(workdir):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no checkpoint appeared"
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    match = re.search(r"SIGTERM: checkpointed step (\d+)", out)
    assert match, out + err
    stopped = int(match.group(1))
    assert 2 <= stopped < 60
    assert checkpoint_steps(workdir)[-1] == stopped
    assert not (workdir / "eval.json").exists() and not (workdir / "run.json").exists()

    # Rerun in process (this also checks the CLI flags reproduce loop_config exactly:
    # a different config.json would be refused).
    records = train(workdir, **overrides)
    uninterrupted = tmp_path / "uninterrupted"
    expected = train(uninterrupted, **overrides)
    assert records == expected
    assert_states_equal(read_checkpoint(workdir, 60)[0], read_checkpoint(uninterrupted, 60)[0])


@pytest.mark.slow  # ~40 s: a fresh process compiles the 8-device programs
def test_averaging_passes_decay_the_learning_rate(tmp_path) -> None:
    """The reference trainer's rule (relaxation_pull.lr_decay_below): the averaging passes at
    12, 16 and 20 each decay the rate once; the plateau rule is off (patience 100)."""
    pull = {"init": 0.25, "growth": 2.0, "average_at": 1.0, "lr_decay_below": 1.01}
    train(tmp_path / "run", regularizers__relaxation_pull=pull, train__lr_decay_patience=100)
    _, host = read_checkpoint(tmp_path / "run", 20)
    assert host["regularizers"]["relaxation_pull"]["averages"] == 3
    assert host["plateau"]["learning_rate"] == pytest.approx(1e-3 * 0.98**3)
    rates = {line["step"]: line["learning_rate"] for line in training_lines(tmp_path / "run")}
    assert rates[8] == pytest.approx(1e-3) and rates[12] == pytest.approx(1e-3 * 0.98)


def test_one_and_eight_devices_agree(full_run, tmp_path) -> None:
    workdir = tmp_path / "eight"
    result = run_train(
        workdir, *config_flags(**LOOP, train__num_steps=20), num_devices=8, timeout=400
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads((workdir / "run.json").read_text())["num_devices"] == 8
    eight, eight_host = read_checkpoint(workdir, 20)
    one, one_host = read_checkpoint(full_run, 20)
    flat_eight, flat_one = flatten(eight), flatten(one)
    assert flat_eight.keys() == flat_one.keys()
    for key in flat_one:
        np.testing.assert_allclose(
            flat_eight[key], flat_one[key], rtol=1e-4, atol=1e-6, err_msg=key
        )
    assert eight_host["curriculum"] == one_host["curriculum"]
    for a, b in zip(training_lines(workdir), training_lines(full_run), strict=True):
        assert a.keys() == b.keys()
        for key in a:
            assert a[key] == pytest.approx(b[key], rel=1e-4, abs=1e-6), key


def test_neural_gpu_learns_copy(tmp_path) -> None:
    config = tiny_config(
        "copy",
        curriculum={"name": "fixed", "length": 6, "check_every": 50, "probe_batches": 1},
        model__filters=8,
        model__num_param_sets=1,
        model__dropout=0.0,
        train__num_steps=200,
        train__batch_size=32,
        train__learning_rate=0.01,
        train__log_every=50,
        train__checkpoint_every=1000,
        eval__lengths=(6,),
        eval__adversarial_lengths=(),
        eval__num_examples=64,
        eval__batch_size=32,
    )
    # Seeds 0-3 all reach eval seq_error <= 0.002 in 200 steps; one seed keeps the test short.
    records = loop.train_and_evaluate(config, str(tmp_path), show_progress=False)
    assert records[0]["length"] == 6 and records[0]["seq_error"] < 0.1, records
    losses = [line["loss"] for line in metric_lines(tmp_path) if "loss" in line]
    assert losses[0] > 2.0 and losses[-1] < 0.5


def test_fixed_training_set_feeds_the_loop(tmp_path, monkeypatch) -> None:
    """data.train_set_size=N: every training batch comes from the N-example pool."""
    calls = []
    original = input_pipeline.pool_batch

    def recording(task, rng, seed, batch_size, difficulty, pool_size):
        calls.append(pool_size)
        return original(task, rng, seed, batch_size, difficulty, pool_size)

    monkeypatch.setattr(input_pipeline, "pool_batch", recording)
    train(tmp_path / "run", train__num_steps=4, data__train_set_size=3)
    assert calls == [3] * 4
