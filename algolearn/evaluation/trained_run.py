"""A trained run directory read back: its config (with an eval variant applied), its parameters,
and scores on variants after training (`evaluate_variant`, the library side of
`python -m algolearn.evaluate`). Shared with `algolearn.inspect_run` (predictions).
"""

from __future__ import annotations

import json
import os
from typing import Any

import jax
import ml_collections

from algolearn import models, tasks
from algolearn.evaluation import eval_files, length_generalization, variants
from algolearn.training import checkpoint, optim, sharding
from algolearn.training import loop as loop_lib
from algolearn.training import regularizers as regularizers_lib
from algolearn.training import step as step_lib


def read_config(workdir: str) -> ml_collections.ConfigDict:
    """The resolved config.json of the run in `workdir`."""
    path = os.path.join(workdir, "config.json")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{workdir} holds no run (no config.json)")
    with open(path) as f:
        return ml_collections.ConfigDict(json.load(f))


def load_config(
    workdir: str, variant: str | None = None, config: Any = None
) -> tuple[Any, dict, Any, Any]:
    """(run config, task config, model config, eval config) of `workdir`, with a variant.

    `config` replaces the run's config.json (e.g. one with an added eval variant).
    """
    config = read_config(workdir) if config is None else config
    specs = {name: rest for name, *rest in variants._specs(config)}
    if variant not in specs:
        valid = ", ".join(sorted(n for n in specs if n is not None)) or "none"
        raise ValueError(f"{workdir} has no eval variant {variant!r}; variants: {valid}")
    return (config, *specs[variant])


def load_params(config: Any, workdir: str, step: int | None = None) -> tuple[Any, int]:
    """The parameters the run's evaluation scores, from its checkpoint `step` (default: the
    latest), and the step.

    Regularizers' `finalize` is applied (e.g. the relaxation's averaging of parameter copies),
    exactly as the training loop does before its final evaluation.
    """
    task = models.task_view(config.model, tasks.get(**config.task))
    model = models.build(config.model, task)
    optimizer = optim.make_optimizer(config.train, config.seed)
    mesh = sharding.make_mesh()
    template = loop_lib.initial_state(model, optimizer, mesh, config.seed, min(config.data.buckets))
    reader = checkpoint.Checkpointer(workdir, read_only=True)
    try:
        if step is not None and step not in reader.all_steps():
            raise ValueError(
                f"{workdir} has no checkpoint at step {step}; it keeps {reader.all_steps()} "
                "(more with --config.train.keep_checkpoints)"
            )
        restored = reader.restore(template, step)
    finally:
        reader.close()
    if restored is None:
        raise FileNotFoundError(f"{workdir} holds no checkpoint")
    state, _ = restored
    params = state.params
    for regularizer in regularizers_lib.make_all(config.regularizers):
        params = regularizer.finalize(params)
    return params, int(jax.device_get(state.step))


def evaluate_variant(
    workdir: str,
    variant: str,
    config: Any = None,
    show_progress: bool = False,
    step: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Scores the latest checkpoint of `workdir` (or checkpoint `step`) on `variant`; writes
    eval_<variant>.json (eval_<variant>.step<S>.json for a given step).

    config: an experiment config holding eval.variants[variant]; None reads the run's own.
    Returns (records, checkpoint step).
    """
    path = eval_files.extra_eval_path(workdir, variant, step)
    run_config = read_config(workdir)
    if config is not None:
        found = dict(config.eval.get("variants", {}) or {})
        if variant not in found:
            valid = ", ".join(sorted(found)) or "none"
            raise ValueError(f"the given config has no eval variant {variant!r}; variants: {valid}")
        run_config = ml_collections.ConfigDict(run_config.to_dict())
        run_config.eval.variants = {variant: found[variant]}
    run_config, task_config, model_config, eval_config = load_config(workdir, variant, run_config)
    task = models.task_view(model_config, tasks.get(**task_config))
    length_generalization.validate(task, eval_config, run_config.data.buckets)
    params, step = load_params(run_config, workdir, step)
    mesh = sharding.make_mesh()
    model = models.build(model_config, task)
    eval_step = step_lib.make_eval_step(model, mesh, task.autoregressive, task.pad_is_answer)
    records = length_generalization.evaluate(
        eval_step,
        params,
        mesh,
        task,
        eval_config,
        run_config.data.buckets,
        show_progress,
        task_config=task_config,
    )
    records = variants.tag(records, variant, run_config)
    length_generalization.write_json(records, path)
    return records, step
