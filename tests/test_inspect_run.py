"""algolearn.inspect_run shows a trained run's own predictions: the same ones its eval scored."""

import json

import numpy as np
import pytest

from algolearn import inspect_run
from algolearn.training import loop
from tests.conftest import tiny_config


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("inspect") / "run"
    config = tiny_config(train__num_steps=30, eval__variants={"short": {"eval": {"lengths": (3,)}}})
    loop.train_and_evaluate(config, str(workdir), show_progress=False)
    return workdir


def test_predictions_agree_with_the_runs_evaluation(run_dir) -> None:
    records = json.loads((run_dir / "eval.json").read_text())
    for variant, length in ((None, 7), ("short", 3)):
        found = inspect_run.examine(str(run_dir), length, 16, variant)
        (record,) = [
            r
            for r in records
            if r["eval_set"] == "random" and r["length"] == length and r.get("variant") == variant
        ]
        examples = found["examples"]
        wrong_rows = int(np.sum(found["rows_wrong"]))
        # A row is wrong for seq_error by a wrong answer symbol; padded_seq_error adds padding.
        padded_wrong_rows = sum(len(w) > 0 for w in found["wrong"])
        assert padded_wrong_rows / 16 == pytest.approx(record["padded_seq_error"])
        # digit_error counts scored positions that hold a symbol (not the answer's padding).
        wrong_digits = sum(
            int(np.sum(examples.targets[i, w] != 0)) for i, w in enumerate(found["wrong"])
        )
        symbols = np.sum(examples.mask & (examples.targets != 0))
        assert found["step"] == 30
        assert wrong_rows / 16 == pytest.approx(record["seq_error"])
        assert wrong_digits / symbols == pytest.approx(record["digit_error"])
        text = inspect_run.format_report(found, str(run_dir), 2)
        assert text.count("--- example") == 2
        assert f"{16 - wrong_rows} of 16 examples right ({16 - padded_wrong_rows} also" in text


def test_bad_requests_name_the_problem(run_dir, tmp_path) -> None:
    with pytest.raises(ValueError, match="no eval variant 'huge'.*short"):
        inspect_run.examine(str(run_dir), variant="huge")
    with pytest.raises(FileNotFoundError, match="no config.json"):
        inspect_run.examine(str(tmp_path))
    with pytest.raises(ValueError, match="no checkpoint at step 3"):
        inspect_run.examine(str(run_dir), step=3)
    found = inspect_run.examine(str(run_dir), num_examples=2)
    with pytest.raises(ValueError, match="needs an NRAM run.*'neural_gpu'"):
        inspect_run.circuit(str(run_dir), found)


def test_model_overrides_change_only_this_look(run_dir) -> None:
    """--model=extra_steps=K runs the Neural GPU K steps past each length: other predictions
    than the run's own (whose config is untouched), and the same ones as a run given the option
    (the loop's final eval with an `extra_steps` variant would score)."""
    plain = inspect_run.examine(str(run_dir), 7, 16)
    longer = inspect_run.examine(str(run_dir), 7, 16, model_overrides={"extra_steps": 30})
    assert not np.array_equal(plain["pred"], longer["pred"])
    np.testing.assert_array_equal(plain["examples"].inputs, longer["examples"].inputs)
    again = inspect_run.examine(str(run_dir), 7, 16)
    np.testing.assert_array_equal(plain["pred"], again["pred"])
    assert inspect_run.parse_overrides(["extra_steps=3", "remat=step"]) == {
        "extra_steps": 3,
        "remat": "step",
    }
    with pytest.raises(ValueError, match="no option 'timesteps'"):
        inspect_run.examine(str(run_dir), 7, 2, model_overrides={"timesteps": 3})
    with pytest.raises(ValueError, match="KEY=VALUE"):
        inspect_run.parse_overrides(["extra_steps"])
