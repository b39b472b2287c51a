"""Model registry: build by name, clear errors for unknown names and fields."""

from __future__ import annotations

import ml_collections
import pytest

from algolearn import models, tasks
from algolearn.configs import neural_gpu_config
from algolearn.models import NeuralGPU


def test_names() -> None:
    assert models.names() == [
        "lstm_attention",
        "lstm_execute",
        "neural_gpu",
        "nram",
        "transformer",
    ]


@pytest.mark.parametrize(
    "name, layout, task, view",
    [
        ("neural_gpu", "bidirectional", "lte_addition", "Parallel"),
        ("transformer", "bidirectional", "badd", "Addition"),
        ("lstm_execute", "causal", "badd", "ReadThenWrite"),
        ("lstm_attention", "causal", "lte_program", "ProgramExecution"),
        ("nram", "memory", "nram_copy", "Copy"),
    ],
)
def test_each_model_reads_its_layout(name: str, layout: str, task: str, view: str) -> None:
    assert models.layout(name) == layout
    seen = models.task_view({"name": name}, tasks.get(task))
    assert type(seen).__name__ == view
    models.build({"name": name}, seen)  # defaults build on the view


def test_lstm_attention_writes_after_the_tasks_go_token() -> None:
    seen = models.task_view({"name": "lstm_attention"}, tasks.get("badd"))
    assert models.build({"name": "lstm_attention"}, seen).separator_id == seen.go_token == 13
    with pytest.raises(ValueError, match="'badd' has no GO"):
        models.build({"name": "lstm_attention"}, tasks.get("badd"))


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
        models.build(ml_collections.ConfigDict({"name": "ntm"}), tasks.get("badd"))
    assert "'ntm'" in str(err.value) and "transformer" in str(err.value)
    assert "neural_gpu" in str(err.value)


def test_unknown_field_names_model_and_field() -> None:
    with pytest.raises(ValueError) as err:
        models.build({"name": "neural_gpu", "num_layers": 3}, tasks.get("badd"))
    assert "neural_gpu" in str(err.value)
    assert "num_layers" in str(err.value)
