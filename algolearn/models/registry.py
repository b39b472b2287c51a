"""Model registry: name -> (builder(model_config, task) -> flax.linen.Module, layout).

Every model is called as `module.apply(variables, inputs, lengths, train=...)` with
inputs int32 [batch, n] and lengths int32 [batch], and returns logits [batch, n, vocab].
Its layout says which view of a task it reads (tasks/views.py): "bidirectional" models see
the whole row, "causal" ones only the past, "memory" the NRAM's memory. `task_view` adapts any
task to the model, so every sequence model runs on every task.
Adding a model is one file plus one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flax.linen as nn

from algolearn.models.lstm_attention import LSTMAttention
from algolearn.models.lstm_execute import LSTMExecute
from algolearn.models.neural_gpu import NeuralGPU
from algolearn.models.nram import NRAM
from algolearn.models.transformer import Transformer
from algolearn.tasks import Task, views


def _neural_gpu(config: dict[str, Any], task: Task) -> nn.Module:
    config = dict(config)
    if "kernel_size" in config:
        config["kernel_size"] = tuple(config["kernel_size"])
    return NeuralGPU(
        input_vocab_size=task.input_vocab_size,
        output_vocab_size=task.output_vocab_size,
        **config,
    )


def _lstm_execute(config: dict[str, Any], task: Task) -> nn.Module:
    return LSTMExecute(
        input_vocab_size=task.input_vocab_size, output_vocab_size=task.output_vocab_size, **config
    )


def _lstm_attention(config: dict[str, Any], task: Task) -> nn.Module:
    if task.go_token is None:
        raise ValueError(f"lstm_attention needs a read-then-write task; {task.name!r} has no GO")
    return LSTMAttention(
        input_vocab_size=task.input_vocab_size,
        output_vocab_size=task.output_vocab_size,
        separator_id=task.go_token,
        **config,
    )


def _transformer(config: dict[str, Any], task: Task) -> nn.Module:
    return Transformer(
        input_vocab_size=task.input_vocab_size, output_vocab_size=task.output_vocab_size, **config
    )


def _nram(config: dict[str, Any], task: Task) -> nn.Module:
    config = dict(config)
    if "machine_modules" in config:
        config["machine_modules"] = tuple(config["machine_modules"])
    m = task.memory_size  # values and addresses live in {0..M-1}, whatever the token vocabulary
    return NRAM(input_vocab_size=m, output_vocab_size=m, **config)


_MODELS: dict[str, tuple[Callable[[dict[str, Any], Task], nn.Module], str]] = {
    "neural_gpu": (_neural_gpu, "bidirectional"),
    "lstm_execute": (_lstm_execute, "causal"),
    "lstm_attention": (_lstm_attention, "causal"),
    "transformer": (_transformer, "bidirectional"),
    "nram": (_nram, "memory"),
}


def names() -> list[str]:
    return sorted(_MODELS)


def _entry(name: Any) -> tuple[Callable[[dict[str, Any], Task], nn.Module], str]:
    if name not in _MODELS:
        raise KeyError(f"unknown model {name!r}; valid models: {', '.join(names())}")
    return _MODELS[name]


def layout(name: str) -> str:
    """The task layout model `name` reads: "bidirectional", "causal" or "memory"."""
    return _entry(name)[1]


def task_view(config: Any, task: Task) -> Task:
    """`task` in the layout the model named `config.name` reads (tasks/views.py)."""
    return views.view_for(task, layout(dict(config).get("name")))


def build(config: Any, task: Task) -> nn.Module:
    """Builds the model named `config.name`; every other key of `config` is a module field."""
    kwargs = dict(config)
    name = kwargs.pop("name", None)
    builder, _ = _entry(name)
    try:
        return builder(kwargs, task)
    except TypeError as e:
        raise ValueError(f"bad config.model for {name!r}: {e}") from None
