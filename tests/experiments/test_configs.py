"""Every experiment config under experiments/ loads and passes the loop's up-front checks
(keys, task, difficulties, buckets, evaluation variants) without training."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from algolearn import models, tasks
from algolearn.evaluation import variants
from algolearn.training import config_check, curricula, input_pipeline

EXPERIMENTS = Path(__file__).resolve().parents[2] / "experiments"
CONFIGS = sorted(p for p in EXPERIMENTS.rglob("*.py") if "def get_config" in p.read_text())


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.get_config()


def test_there_are_configs_for_every_model() -> None:
    names = {load(p).model.name for p in CONFIGS}
    assert names == set(models.names())


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: str(p.relative_to(EXPERIMENTS)))
def test_config_passes_up_front_checks(path: Path) -> None:
    config = load(path)
    config_check.validate(config)
    task = tasks.get(**config.task)
    for difficulty in curricula.make(config.curriculum).difficulties():
        task.check_difficulty(**difficulty)
        input_pipeline.bucket_for(task.max_sequence_length(**difficulty), config.data.buckets)
    variants.validate(config)
