"""Frozen TFDS (array_record) evaluation sets: written once, read back identical to the
generated examples, and scored exactly like them; a missing set is a clear error."""

from __future__ import annotations

import glob

import numpy as np
import pytest

from algolearn import tasks
from algolearn.configs import lte_config, neural_gpu_config
from algolearn.evaluation import eval_data, frozen_sets
from algolearn.evaluation import length_generalization as lg
from algolearn.training import sharding
from tests.evaluation.test_length_generalization import oracle_step


def badd_config(frozen_dir=""):
    c = neural_gpu_config("badd")
    c.eval.update(
        lengths=(5, 11),
        num_examples=20,
        batch_size=8,
        adversarial_lengths=(7,),
        adversarial_num_examples=6,
        frozen_dir=frozen_dir,
    )
    return c


def lte_eval_config(frozen_dir=""):
    c = lte_config("lte_program", target_length=2, target_nesting=2)
    c.task.reverse_input = True
    c.eval.update(num_examples=10, batch_size=4, params={"nesting": (1, 2)}, frozen_dir=frozen_dir)
    return c


@pytest.mark.parametrize("make_config", [badd_config, lte_eval_config])
def test_round_trip_equals_generated(make_config, tmp_path) -> None:
    config = make_config()
    task_config, jobs, seed = frozen_sets.spec(config)
    path = frozen_sets.build(task_config, jobs, seed, str(tmp_path))
    assert glob.glob(f"{path}/*.array_record-*") and frozen_sets.VERSION in path
    task = tasks.get(**task_config)
    for eval_set, difficulty, num in jobs:
        stored = frozen_sets.read(task_config, jobs, seed, str(tmp_path), eval_set, difficulty)
        generated = eval_data.generate(task, eval_set, seed, difficulty, num)
        for key in ("inputs", "targets", "lengths", "mask"):
            np.testing.assert_array_equal(getattr(stored, key), getattr(generated, key))
    frozen_sets.check_prepared(make_config(str(tmp_path)))  # does not raise


def test_scoring_frozen_equals_generated_and_ignores_batch_size(tmp_path) -> None:
    config = badd_config()
    frozen_sets.build(*frozen_sets.spec(config), str(tmp_path))
    task, mesh, step = tasks.get("badd"), sharding.make_mesh(), oracle_step(wrong_rows=3)
    generated = lg.evaluate(step, None, mesh, task, config.eval, (8, 12), False)
    frozen = lg.evaluate(
        step,
        None,
        mesh,
        task,
        badd_config(str(tmp_path)).eval,
        (8, 12),
        False,
        task_config={"name": "badd"},
    )
    assert frozen == generated
    assert [r["num_examples"] for r in frozen] == [20, 20] + [6] * len(task.adversarial_sets())
    # Same examples whatever eval.batch_size: only the count of wrong rows per batch changes.
    config.eval.batch_size = 4
    other = lg.evaluate(oracle_step(wrong_rows=0), None, mesh, task, config.eval, (8, 12), False)
    assert all(r["seq_error"] == 0.0 for r in other)


def test_missing_set_is_named_with_the_build_command(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="python -m algolearn.evaluation.frozen_sets"):
        frozen_sets.check_prepared(badd_config(str(tmp_path)))
    other = badd_config()
    frozen_sets.build(*frozen_sets.spec(other), str(tmp_path))
    changed = badd_config(str(tmp_path))
    changed.eval.num_examples = 21  # another spec is another dataset: not silently reused
    with pytest.raises(FileNotFoundError, match="no frozen evaluation set"):
        frozen_sets.check_prepared(changed)
