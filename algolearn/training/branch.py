"""Branching: a new run that starts from another run's checkpoint (`train.init_from`).

A branch continues its source exactly where the source was (step, parameters, optimizer state,
dropout key, curriculum, regularizers, learning rate) but under its own config, in its own
workdir. It is how to change what a run's config fixes on resumption (an optimizer or curriculum
rule, say) from some step on, without retraining and without touching the source run.
With an unchanged config, a branch trains exactly as the source would have.

The model and the curriculum strategy must be the source's: the same `model.name` with
parameters of the same shapes, and the same `curriculum.name`. Model options that leave the
parameters' shapes alone may change (an NRAM's timesteps or memory-free options, dropout), e.g.
to train a converged NRAM circuit at a larger size with more timesteps; the branch records what
changed. The data stream stays a function of (seed, step, curriculum state). If the
branch sets another `train.learning_rate`, its learning-rate schedule restarts there; otherwise
it keeps the source's (decayed) rate. Likewise a regulariser whose options the branch changes
(an NRAM's entropy weight, say) restarts from its own initial state; the others keep the
source's.
"""

from __future__ import annotations

import json
import os
from typing import Any

import ml_collections

from algolearn.training import checkpoint, config_check

# Config keys a branch must share with its source; other model.* keys must fit the checkpoint.
SHARED = ("model.name", "curriculum.name")


def _flat(config: ml_collections.ConfigDict) -> dict[str, Any]:
    return config_check.flatten_run_config(json.loads(config.to_json()))


def model_changes(config: ml_collections.ConfigDict, old: dict[str, Any]) -> list[str]:
    """'model.key: old -> new' for each model option the branch changes."""
    new = _flat(config)
    keys = sorted(k for k in set(old) | set(new) if k.startswith("model."))
    return [f"{k}: {old.get(k)!r} -> {new.get(k)!r}" for k in keys if old.get(k) != new.get(k)]


def source_config(config: ml_collections.ConfigDict) -> dict[str, Any]:
    """The source run's config.json, after checking that the branch's config can use it."""
    source = str(config.train.init_from)
    path = os.path.join(source, "config.json")
    if not os.path.exists(path):
        raise config_check.ConfigError(
            f"config.train.init_from={source!r} is not a run directory (no config.json)"
        )
    with open(path) as f:
        old = config_check.flatten_run_config(json.load(f))
    new = _flat(config)
    diffs = [k for k in SHARED if old.get(k) != new.get(k)]
    if diffs:
        shown = ", ".join(f"{k}: {old.get(k)!r} -> {new.get(k)!r}" for k in diffs[:5])
        raise config_check.ConfigError(
            f"cannot branch from {source}: the model and curriculum strategy must be the "
            f"source's ({shown})"
        )
    return old


def restore(
    config: ml_collections.ConfigDict,
    state_template: Any,
    initial_host: dict[str, Any],
) -> tuple[Any, dict[str, Any]]:
    """(train state, host state) of the source's checkpoint `train.init_from_step` (-1: the
    latest), adapted to the branch's config; `initial_host` is what a fresh run would start
    with."""
    old = source_config(config)
    changes = model_changes(config, old)
    source = str(config.train.init_from)
    if not os.path.isdir(os.path.join(source, "checkpoints")):
        raise config_check.ConfigError(f"cannot branch from {source}: it has no checkpoints")
    reader = checkpoint.Checkpointer(source, read_only=True)
    try:
        steps = reader.all_steps()
        step = int(config.train.init_from_step)
        if step == -1 and steps:
            step = steps[-1]
        if step not in steps:
            raise config_check.ConfigError(
                f"cannot branch from {source}: no checkpoint at step {step} "
                f"(config.train.init_from_step; it has {steps or 'none'})"
            )
        try:
            restored = reader.restore(state_template, step)
        except checkpoint.CheckpointError as e:
            raise checkpoint.CheckpointError(
                f"cannot branch from {source} at step {step}: its train state does not fit "
                f"this config ({'; '.join(changes) or 'another optimizer or gradient transform?'}"
                f"): {e.__cause__}"
            ) from e
    finally:
        reader.close()
    assert restored is not None
    state, source_host = restored
    host = dict(initial_host)
    for key in ("curriculum", "elapsed_s", "first_solved_step", "first_solved_s"):
        if key in source_host:
            host[key] = source_host[key]
    if old.get("train.learning_rate") == float(config.train.learning_rate):
        host["plateau"] = source_host["plateau"]
    restarted = restarted_regularizers(config, old)
    host["regularizers"] = {
        name: fresh if name in restarted else source_host.get("regularizers", {}).get(name, fresh)
        for name, fresh in initial_host["regularizers"].items()
    }
    host["branched_from"] = {"workdir": os.path.abspath(source), "step": step}
    if changes:
        host["branched_from"]["model_changes"] = changes
    if restarted:
        host["branched_from"]["restarted_regularizers"] = restarted
    return state, host


def restarted_regularizers(config: ml_collections.ConfigDict, old: dict[str, Any]) -> list[str]:
    """Names of the branch's regularisers whose options differ from the source's (new ones
    included): they start from their initial state instead of the source's."""
    new = _flat(config)
    out = []
    for name in sorted(dict(config.regularizers)):
        prefix = f"regularizers.{name}."
        mine = {k: v for k, v in new.items() if k.startswith(prefix)}
        theirs = {k: v for k, v in old.items() if k.startswith(prefix)}
        if mine != theirs:
            out.append(name)
    return out
