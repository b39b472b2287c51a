"""eval.json records: which (set, length) jobs run, counting, writing, validation."""

from __future__ import annotations

import json

import jax
import jax.numpy as jnp
import ml_collections
import pytest

from algolearn import tasks
from algolearn.evaluation import length_generalization as lg
from algolearn.tasks import LengthError
from algolearn.training import sharding, step

BUCKETS = (8, 12)


def eval_config(**kwargs):
    c = ml_collections.ConfigDict(
        {
            "lengths": (5, 11),
            "num_examples": 20,
            "batch_size": 8,
            "seed": 3,
            "adversarial_sets": ("all",),
            "adversarial_num_examples": 12,
            "adversarial_lengths": (7,),
        }
    )
    c.update(kwargs)
    return c


def oracle_step(wrong_rows: int = 0):
    """An eval_step whose 'model' is right everywhere except the first `wrong_rows` rows."""

    @jax.jit
    def eval_step(params, batch):
        del params
        logits = jax.nn.one_hot(batch["targets"], 13) * 10.0
        bad = (jnp.arange(logits.shape[0]) < wrong_rows)[:, None, None]
        logits = jnp.where(bad, jnp.roll(logits, 1, axis=-1), logits)
        return {**step.error_counts(logits, batch["targets"], batch["mask"]), "loss": 0.0}

    return eval_step


def test_evaluate_records() -> None:
    task = tasks.get("badd")
    mesh = sharding.make_mesh()
    records = lg.evaluate(oracle_step(), None, mesh, task, eval_config(), BUCKETS, False)
    jobs = [(r["eval_set"], r["length"]) for r in records]
    assert jobs == [("random", 5), ("random", 11)] + [(name, 7) for name in task.adversarial_sets()]
    for r in records:
        assert r["task"] == "badd"
        # 8 + 8 + 4 (random) or 8 + 4 (adversarial) real rows; the padded rows do not count.
        assert r["num_examples"] == (20 if r["eval_set"] == "random" else 12)
        assert r["seq_error"] == 0.0 and r["digit_error"] == 0.0
    # One wrong row in every batch (three per random set, two per adversarial set).
    wrong = lg.evaluate(oracle_step(1), None, mesh, task, eval_config(), BUCKETS, False)
    assert wrong[0]["seq_error"] == pytest.approx(3 / 20)
    assert wrong[-1]["seq_error"] == pytest.approx(2 / 12)
    assert 0 < wrong[0]["digit_error"] < 1
    subset = lg.evaluate(
        oracle_step(),
        None,
        mesh,
        task,
        eval_config(adversarial_sets=("all_max",)),
        BUCKETS,
        False,
    )
    assert [r["eval_set"] for r in subset] == ["random", "random", "all_max"]


def test_write_json_keeps_existing_files(tmp_path) -> None:
    path = tmp_path / "eval.json"
    for i in range(3):
        lg.write_json([{"run": i}], str(path))
    assert json.loads(path.read_text()) == [{"run": 2}]
    assert json.loads((tmp_path / "eval.1.json").read_text()) == [{"run": 0}]
    assert json.loads((tmp_path / "eval.2.json").read_text()) == [{"run": 1}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eval.1.json", "eval.2.json", "eval.json"]


def test_format_table_lists_every_record() -> None:
    records = [
        {
            "task": "badd",
            "eval_set": "random",
            "length": 41,
            "seq_error": 0.125,
            "digit_error": 0.0123,
            "num_examples": 128,
        },
        {
            "task": "badd",
            "eval_set": "long_carry",
            "length": 401,
            "seq_error": 1.0,
            "digit_error": 0.5,
            "num_examples": 64,
        },
    ]
    lines = lg.format_table(records).splitlines()
    assert len(lines) == 3
    assert lines[1].split() == ["badd", "random", "41", "0.1250", "0.01230", "128"]
    assert lines[2].split() == ["badd", "long_carry", "401", "1.0000", "0.50000", "64"]


def test_validate() -> None:
    badd, rev = tasks.get("badd"), tasks.get("rev")
    lg.validate(badd, eval_config())
    lg.validate(rev, eval_config(adversarial_sets=()))
    with pytest.raises(KeyError, match="no_such_set"):
        lg.validate(badd, eval_config(adversarial_sets=("no_such_set",)))
    with pytest.raises(KeyError, match="rev"):
        lg.validate(rev, eval_config(adversarial_sets=("long_carry",)))
    with pytest.raises(LengthError, match="length 1"):
        lg.validate(badd, eval_config(lengths=(1, 5)))
    with pytest.raises(LengthError, match="length 2"):
        lg.validate(badd, eval_config(adversarial_lengths=(2,)))
