"""config_check.write_or_compare: which config changes a rerun in the same workdir may make."""

from __future__ import annotations

import json

import pytest

from algolearn.configs import neural_gpu_config
from algolearn.configs.nram import nram_config
from algolearn.training.config_check import ConfigError, write_or_compare


def _stored_without(tmp_path, key: str) -> None:
    """A workdir written before `model.<key>` existed (an older run's config.json)."""
    write_or_compare(neural_gpu_config(), str(tmp_path))
    path = tmp_path / "config.json"
    stored = json.loads(path.read_text())
    del stored["model"][key]
    path.write_text(json.dumps(stored))


def test_older_run_without_batch_split_resumes_and_is_updated(tmp_path) -> None:
    _stored_without(tmp_path, "batch_split")
    config = neural_gpu_config()
    config.model.batch_split = 1  # a speed choice: any value may resume the run
    write_or_compare(config, str(tmp_path))
    assert json.loads((tmp_path / "config.json").read_text())["model"]["batch_split"] == 1


def test_changing_the_model_is_refused_and_keeps_config(tmp_path) -> None:
    write_or_compare(neural_gpu_config(), str(tmp_path))
    before = (tmp_path / "config.json").read_text()
    config = neural_gpu_config()
    config.model.filters = 48
    with pytest.raises(ConfigError, match="model.filters: 24 -> 48"):
        write_or_compare(config, str(tmp_path))
    assert (tmp_path / "config.json").read_text() == before


def test_checkpointing_may_change_on_resumption(tmp_path) -> None:
    """Keeping more checkpoints (to score earlier steps with evaluate --step) or saving more
    often does not change what the run computes."""
    write_or_compare(neural_gpu_config(), str(tmp_path))
    config = neural_gpu_config()
    config.train.update(keep_checkpoints=30, checkpoint_every=500)
    write_or_compare(config, str(tmp_path))
    stored = json.loads((tmp_path / "config.json").read_text())["train"]
    assert (stored["keep_checkpoints"], stored["checkpoint_every"]) == (30, 500)


@pytest.mark.parametrize(
    "make, section, key",
    [
        (neural_gpu_config, "model", "input_layer"),
        (neural_gpu_config, "data", "train_set_size"),
        (lambda: nram_config("nram_swap", 16, 6), "model", "machine_modules"),
    ],
)
def test_runs_from_before_a_key_existed_resume_at_its_old_meaning(tmp_path, make, section, key):
    """A config.json without a key added since resumes under the key's default (the old
    behaviour) and is refused under any other value."""
    write_or_compare(make(), str(tmp_path))
    path = tmp_path / "config.json"
    stored = json.loads(path.read_text())
    del stored[section][key]
    path.write_text(json.dumps(stored))
    write_or_compare(make(), str(tmp_path))  # the default: resumes
    changed = make()
    changed[section][key] = {"input_layer": "tanh_conv1x1", "train_set_size": 7}.get(
        key, ("read", "read", "write")
    )
    path.write_text(json.dumps(stored))
    with pytest.raises(ConfigError, match=f"{section}.{key}"):
        write_or_compare(changed, str(tmp_path))
