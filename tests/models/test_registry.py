"""Model registry: build by name, clear errors for unknown names and fields."""

from __future__ import annotations

import ml_collections
import pytest

from algolearn import models, tasks
from algolearn.configs import neural_gpu_config
from algolearn.models import NeuralGPU


def test_names() -> None:
    assert "neural_gpu" in models.names()


def test_build_neural_gpu_from_config() -> None:
    task = tasks.get("rev")
    config = neural_gpu_config("rev").model
    config.filters = 8
    model = models.build(config, task)
    assert isinstance(model, NeuralGPU)
    assert model.filters == 8
    assert model.kernel_size == (3, 3)
    assert model.input_vocab_size == task.input_vocab_size
    assert model.output_vocab_size == task.output_vocab_size


def test_build_converts_list_kernel_size() -> None:
    """config.json round trips turn tuples into lists; flax fields need a hashable tuple."""
    model = models.build({"name": "neural_gpu", "kernel_size": [3, 1]}, tasks.get("badd"))
    assert model.kernel_size == (3, 1)
    hash(model)


def test_unknown_model_lists_valid_names() -> None:
    with pytest.raises(KeyError) as err:
        models.build(ml_collections.ConfigDict({"name": "transformer"}), tasks.get("badd"))
    assert "transformer" in str(err.value)
    assert "neural_gpu" in str(err.value)


def test_unknown_field_names_model_and_field() -> None:
    with pytest.raises(ValueError) as err:
        models.build({"name": "neural_gpu", "num_layers": 3}, tasks.get("badd"))
    assert "neural_gpu" in str(err.value)
    assert "num_layers" in str(err.value)
