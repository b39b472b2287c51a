"""The final evaluation of a run: the trained parameters on the configured evaluation, and on
each of `eval.variants` (name -> {"model": ..., "task": ..., "eval": ...} overrides).

Variants evaluate the same parameters with another model mode or task instance, e.g. the NRAM's
discretized execution ({"model": {"discretize": True}}) or a larger memory
({"task": {"memory_size": 64}, "eval": {"lengths": (50,)}}). Their records carry "variant"
and "variant_changes", the sections the variant overrides: ["eval"] alone means the same model
on the same task, only tested otherwise (e.g. at longer lengths), so figures can treat those
records as more lengths of the main test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ml_collections
from jax.sharding import Mesh

from algolearn import models, tasks
from algolearn.evaluation import frozen_sets, length_generalization
from algolearn.training import step as step_lib

Variant = tuple[str | None, dict[str, Any], Any, Any]  # (name, task config, model cfg, eval cfg)


def _specs(config: Any) -> Iterator[Variant]:
    task_config = config.task.to_dict()
    # Mixed memory sizes (task.min_memory_size) shape the training data; the evaluation runs on
    # the full memory, as the paper's tests do, unless a variant sets them.
    if task_config.get("min_memory_size"):
        task_config["min_memory_size"] = 0
    yield None, task_config, config.model, config.eval
    for name, overrides in dict(config.eval.get("variants", {}) or {}).items():
        overrides = dict(overrides)
        unknown = set(overrides) - {"model", "task", "eval"}
        if unknown:
            raise ValueError(
                f"eval.variants.{name} has unknown keys {sorted(unknown)}; valid: model, task, eval"
            )
        model_config = ml_collections.ConfigDict(config.model.to_dict())
        model_config.update(dict(overrides.get("model", {})))
        eval_config = ml_collections.ConfigDict(config.eval.to_dict())
        eval_config.update(dict(overrides.get("eval", {})))
        eval_config.variants = {}
        yield name, {**task_config, **dict(overrides.get("task", {}))}, model_config, eval_config


def tag(records: list[dict], name: str, config: Any) -> list[dict]:
    """`records` of variant `name` of `config`, tagged with the name and the overridden sections."""
    overrides = dict(config.eval.variants[name])
    changes = sorted(section for section, values in overrides.items() if dict(values))
    return [{**r, "variant": name, "variant_changes": changes} for r in records]


def validate(config: Any) -> None:
    """Fails fast (before training) on any variant that cannot be evaluated."""
    for _, task_config, model_config, eval_config in _specs(config):
        task = models.task_view(model_config, tasks.get(**task_config))
        length_generalization.validate(task, eval_config, config.data.buckets)
        models.build(model_config, task)
    if config.eval.get("frozen_dir", None):
        frozen_sets.check_prepared(config)


def evaluate_all(config: Any, params: Any, mesh: Mesh, show_progress: bool) -> list[dict]:
    records = []
    for name, task_config, model_config, eval_config in _specs(config):
        task = models.task_view(model_config, tasks.get(**task_config))
        model = models.build(model_config, task)
        eval_step = step_lib.make_eval_step(model, mesh, task.autoregressive, task.pad_is_answer)
        found = length_generalization.evaluate(
            eval_step,
            params,
            mesh,
            task,
            eval_config,
            config.data.buckets,
            show_progress,
            task_config=task_config,
        )
        records += found if name is None else tag(found, name, config)
    return records
