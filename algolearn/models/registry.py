"""Model registry: name -> builder(model_config, task) -> flax.linen.Module.

Every model is called as `module.apply(variables, inputs, lengths, train=...)` with
inputs int32 [batch, n] and lengths int32 [batch], and returns logits [batch, n, vocab].
Adding a model is one file plus one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flax.linen as nn

from algolearn.models.lstm_execute import LSTMExecute
from algolearn.models.neural_gpu import NeuralGPU
from algolearn.models.nram import NRAM
from algolearn.tasks import Task


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


def _nram(config: dict[str, Any], task: Task) -> nn.Module:
    config = dict(config)
    if "machine_modules" in config:
        config["machine_modules"] = tuple(config["machine_modules"])
    return NRAM(
        input_vocab_size=task.input_vocab_size, output_vocab_size=task.output_vocab_size, **config
    )


_BUILDERS: dict[str, Callable[[dict[str, Any], Task], nn.Module]] = {
    "neural_gpu": _neural_gpu,
    "lstm_execute": _lstm_execute,
    "nram": _nram,
}


def names() -> list[str]:
    return sorted(_BUILDERS)


def build(config: Any, task: Task) -> nn.Module:
    """Builds the model named `config.name`; every other key of `config` is a module field."""
    kwargs = dict(config)
    name = kwargs.pop("name", None)
    if name not in _BUILDERS:
        raise KeyError(f"unknown model {name!r}; valid models: {', '.join(names())}")
    try:
        return _BUILDERS[name](kwargs, task)
    except TypeError as e:
        raise ValueError(f"bad config.model for {name!r}: {e}") from None
