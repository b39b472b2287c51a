"""The shared loop on Learning-to-Execute: outputs, exact resumption, and the LSTM learns."""

from __future__ import annotations

import json

import pytest

from algolearn.configs import lte_config
from algolearn.training import loop
from tests.training.conftest import assert_states_equal, metric_lines, read_checkpoint


def tiny_lte(**overrides):
    c = lte_config("lte_program", target_length=2, target_nesting=2)
    c.model.update(embed_dim=8, hidden=16, init_scale=0.3, dropout=0.1)
    c.train.update(num_steps=20, batch_size=8, log_every=5, checkpoint_every=10)
    # threshold 0: the naive part advances at every probe, so resumption crosses advances.
    c.curriculum.update(name="combined", threshold=0.0, check_every=4, probe_batches=1)
    c.data.buckets = (96,)  # one shape for every program: compile time
    c.eval.update(num_examples=16, batch_size=8, params={"nesting": (1, 2)})
    for key, value in overrides.items():
        node = c
        *parents, leaf = key.split("__")
        for part in parents:
            node = node[part]
        node[leaf] = value
    return c


def test_resume_is_exact_and_outputs(tmp_path) -> None:
    full, half = tmp_path / "full", tmp_path / "half"
    records = loop.train_and_evaluate(tiny_lte(), str(full), show_progress=False)
    loop.train_and_evaluate(tiny_lte(train__num_steps=10), str(half), show_progress=False)
    resumed = loop.train_and_evaluate(tiny_lte(), str(half), show_progress=False)
    assert resumed == records
    state, host = read_checkpoint(half, 20)
    expected_state, expected_host = read_checkpoint(full, 20)
    assert_states_equal(state, expected_state)
    del host["elapsed_s"], expected_host["elapsed_s"]
    assert host == expected_host
    # The naive part advanced at every probe (5 probes): (1,1) (2,1) (1,2) (2,2), then stays.
    assert host["curriculum"]["length"] == 2 and host["curriculum"]["nesting"] == 2
    lines = metric_lines(full)
    assert {"curriculum_length", "curriculum_nesting", "loss", "seq_error"} <= set(lines[0])
    # eval.json: one record per (length, nesting), teacher-forced and greedy errors.
    assert [(r["length"], r["nesting"]) for r in records] == [(2, 1), (2, 2)]
    for r in records:
        assert r["task"] == "lte_program" and r["num_examples"] == 16
        assert {"seq_error", "digit_error", "greedy_seq_error", "greedy_digit_error"} <= set(r)
    assert json.loads((full / "eval.json").read_text()) == records


def test_bad_difficulty_fails_before_training(tmp_path) -> None:
    with pytest.raises(ValueError, match="nesting 6"):
        loop.train_and_evaluate(
            tiny_lte(curriculum__target_nesting=6), str(tmp_path / "a"), show_progress=False
        )
    with pytest.raises(ValueError, match="exceeds the largest bucket 96"):
        loop.train_and_evaluate(
            tiny_lte(curriculum__target_length=9), str(tmp_path / "b"), show_progress=False
        )
    assert not (tmp_path / "b" / "checkpoints").exists()


def test_lstm_learns_two_digit_addition(tmp_path) -> None:
    c = lte_config("lte_addition", target_length=2)
    c.model.update(embed_dim=32, hidden=128, num_layers=1, init_scale=0.3)  # 1 layer: 1/3 the time
    c.train.update(num_steps=1000, batch_size=64, learning_rate=3e-3, checkpoint_every=1000)
    c.curriculum.update(name="baseline", check_every=250)
    c.data.buckets = (18,)
    c.eval.update(num_examples=200, batch_size=100)
    (record,) = loop.train_and_evaluate(c, str(tmp_path), show_progress=False)
    # Chance is ~0.7 character error; seed 0 reaches 0.035 teacher-forced after 1000 steps.
    assert record["digit_error"] < 0.2 and record["greedy_digit_error"] < 0.25, record


def test_learning_rate_decays_only_at_the_target(tmp_path) -> None:
    """lr_decay_at_target_only: probes before the target never touch the plateau rule."""
    common = dict(
        train__num_steps=12,
        train__lr_decay_factor=0.5,
        train__lr_decay_patience=1,
        curriculum__threshold=1.01,
    )
    config = tiny_lte(curriculum__name="naive", curriculum__patience=100, **common)
    loop.train_and_evaluate(config, str(tmp_path / "naive"), show_progress=False)
    _, host = read_checkpoint(tmp_path / "naive", 12)
    assert host["curriculum"]["length"] == 1  # never reached the target
    assert host["plateau"] == {"learning_rate": 2e-3, "history": []}
    config = tiny_lte(curriculum__name="baseline", **common)
    loop.train_and_evaluate(config, str(tmp_path / "baseline"), show_progress=False)
    _, host = read_checkpoint(tmp_path / "baseline", 12)
    assert len(host["plateau"]["history"]) == 1  # patience 1: the last probe loss
