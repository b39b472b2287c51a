"""A length curriculum that decides on its training batches' errors (the Neural GPU reference
trainer) instead of its probe's: the mean it uses, the batches it counts, exact resumption."""

from __future__ import annotations

import json

import ml_collections
import numpy as np
import pytest

from algolearn.training import config_check, curriculum_signal
from algolearn.training.curriculum import LengthCurriculum
from tests.training.conftest import (
    assert_states_equal,
    read_checkpoint,
    train,
    training_lines,
)

# Checks at 4, 8, ...; checkpoints at 6 and 10 fall inside check intervals; every step logged.
SIGNAL = dict(
    curriculum__signal="train",
    train__log_every=1,
    train__checkpoint_every=6,
    train__num_steps=12,
)


def test_signal_sums_and_means() -> None:
    signal = curriculum_signal.TrainingBatchSignal()
    state = curriculum_signal.initial_state()
    assert signal.decide(state) == (None, curriculum_signal.initial_state())  # nothing counted
    for seq, digit, loss in ((1.0, 0.5, 2.0), (0.5, 0.25, 1.0)):
        signal.add({"seq_error": np.float32(seq), "digit_error": digit, "loss": loss, "x": 9})
    state = signal.fold(state)  # a checkpoint between the steps and the check
    assert state == {"count": 2, "seq_error": 1.5, "digit_error": 0.75, "loss": 3.0}
    signal.add({"seq_error": 0.0, "digit_error": 0.0, "loss": 0.0})
    decision, state = signal.decide(state)
    assert decision == pytest.approx({"seq_error": 0.5, "digit_error": 0.25, "loss": 1.0})
    assert state == curriculum_signal.initial_state()


def test_which_batches_count() -> None:
    probe = LengthCurriculum(min_length=3, start_length=6, max_length=41)
    reference = LengthCurriculum(min_length=3, start_length=6, max_length=41, signal="train")
    state = reference.initial_state()
    assert not probe.decides_on_training_batches()
    assert not probe.counts_training_batch(state, {"length": 5})
    assert reference.decides_on_training_batches()
    assert reference.counts_training_batch(state, {"length": 6})
    assert not reference.counts_training_batch(state, {"length": 7})  # beyond the current max
    with pytest.raises(ValueError, match="curriculum.signal must be one of probe, train.*'tran'"):
        LengthCurriculum(min_length=3, start_length=6, max_length=41, signal="tran")


def test_decisions_use_the_mean_of_the_counted_training_batches(tmp_path) -> None:
    # No batch beyond the current maximum (longer_prob 0): every step counts, so each check's
    # signal is the mean of the seq_error logged at the steps since the previous check. The
    # threshold sits among the errors the run sees, so some checks pass and some do not, and
    # the probe would have decided otherwise: the curriculum must follow the signal.
    train(tmp_path / "run", curriculum__longer_prob=0.0, curriculum__threshold=0.85, **SIGNAL)
    by_step = {line["step"]: line for line in training_lines(tmp_path / "run")}
    length, outcomes, probe_disagrees = 3, set(), False  # LOOP's start_length
    for check in (4, 8, 12):
        window = [by_step[s]["seq_error"] for s in range(check - 3, check + 1)]
        line = by_step[check]
        assert line["signal_seq_error"] == pytest.approx(np.mean(window), abs=1e-6)
        assert "probe_seq_error" in line  # the probe is still measured and logged
        outcomes.add(line["signal_seq_error"] < 0.85)
        probe_disagrees |= (line["probe_seq_error"] < 0.85) != (line["signal_seq_error"] < 0.85)
        if line["signal_seq_error"] < 0.85:
            length = min(length + 1, 7)
        assert line["curriculum_length"] == length
    assert outcomes == {True, False} and probe_disagrees
    assert all("signal_seq_error" not in by_step[s] for s in by_step if s % 4)


def test_resume_is_exact_with_a_checkpoint_inside_a_check_interval(tmp_path) -> None:
    full, half = tmp_path / "full", tmp_path / "half"
    train(full, **SIGNAL)
    train(half, **{**SIGNAL, "train__num_steps": 6})  # stops 2 steps into the interval 5-8
    _, host6 = read_checkpoint(half, 6)
    assert host6["curriculum_signal"]["count"] == 2
    train(half, **SIGNAL)
    state, host = read_checkpoint(half, 12)
    expected_state, expected_host = read_checkpoint(full, 12)
    assert_states_equal(state, expected_state)
    del host["elapsed_s"], expected_host["elapsed_s"]
    assert host == expected_host
    assert training_lines(half) == training_lines(full)


def test_runs_from_before_the_key_resume_only_under_the_probe_signal(tmp_path) -> None:
    """A config.json written before curriculum.signal existed describes a probe-driven run."""
    old = {"seed": 0, "curriculum": {"name": "length", "threshold": 0.15}}
    (tmp_path / "config.json").write_text(json.dumps(old))
    same = ml_collections.ConfigDict(
        {"seed": 0, "curriculum": {"name": "length", "threshold": 0.15, "signal": "probe"}}
    )
    config_check.write_or_compare(same, str(tmp_path), write=False)
    same.curriculum.signal = "train"
    with pytest.raises(config_check.ConfigError, match="curriculum.signal: 'probe' -> 'train'"):
        config_check.write_or_compare(same, str(tmp_path), write=False)
