"""Config validation: fail fast, naming the problem, before any compute is spent."""

from __future__ import annotations

import json
import os
from typing import Any

import ml_collections

from algolearn.models.nram_machine import MODULES

# Keys every experiment config must define (issue #2's public contract plus what the loop reads).
REQUIRED = (
    "seed",
    "task.name",
    "model.name",
    "train.num_steps",
    "train.batch_size",
    "train.learning_rate",
    "train.adam_eps",
    "train.grad_clip_norm",
    "train.lr_decay_factor",
    "train.lr_decay_patience",
    "train.grad_noise.scale",
    "train.grad_noise.decay",
    "train.grad_noise.error_scaled",
    "train.log_every",
    "train.checkpoint_every",
    "train.keep_checkpoints",
    "curriculum.name",
    "curriculum.check_every",
    "curriculum.probe_batches",
    "regularizers",
    "data.buckets",
    "eval.lengths",
    "eval.num_examples",
    "eval.batch_size",
    "eval.seed",
    "eval.adversarial_sets",
    "eval.adversarial_num_examples",
    "eval.adversarial_lengths",
)
# Keys that may change between a run and its resumption: more steps, other evaluation, other
# checkpointing (a resumed run equals an uninterrupted one whenever it saves), and
# how the Neural GPU's step loop is compiled and split (same values, other memory/speed
# trade-off).
RESUMABLE_CHANGES = (
    "train.num_steps",
    "train.keep_checkpoints",  # how many checkpoints stay on disk
    "train.checkpoint_every",
    "eval.",
    "model.remat",
    "model.max_unroll_steps",
    "model.batch_split",
)
# (model.remat also covers model.remat_budget_bytes: a prefix match)
# Keys added after runs were started, with the value that means the old behaviour: a config.json
# written before a key existed still resumes under a config that has it at this value.
ADDED_KEYS = {
    "train.init_from": "",
    "train.init_from_step": -1,
    # 2026-11-28 (for configs without these sections the filler stays a filler):
    "curriculum.signal": "probe",
    "train.lr_decay_forget_on_advance": False,
    "regularizers.relaxation_pull.lr_decay_below": 0.0,
    "data.train_set_size": 0,
}
ADDED_MODEL_KEYS = {
    "nram": {
        "model.hidden_layers": 1,
        "model.activation_grad_clip": 0.0,
        "model.machine_modules": list(MODULES),  # 2026-11-28; config.json holds lists
        "model.controller_input": "fuzzy",  # 2026-11-28
        "model.argmax_input_weight": 1.0,  # 2026-12-02
    },
    "neural_gpu": {  # 2026-11-28
        "model.extra_steps": 0,
        "model.random_extra_steps": 0,
        "model.input_layer": "embed",
    },
}


class ConfigError(ValueError):
    """The config is malformed or conflicts with the run already in the workdir."""


def _get(config: Any, dotted: str) -> Any:
    node = config
    for part in dotted.split("."):
        if not isinstance(node, ml_collections.ConfigDict | dict) or part not in node:
            raise ConfigError(f"config is missing required key {dotted!r}")
        node = node[part]
    return node


def validate(config: ml_collections.ConfigDict) -> None:
    for key in REQUIRED:
        _get(config, key)
    for key in (
        "train.num_steps",
        "train.batch_size",
        "train.log_every",
        "train.checkpoint_every",
        "curriculum.check_every",
        "curriculum.probe_batches",
        "eval.num_examples",
        "eval.adversarial_num_examples",
        "eval.batch_size",
    ):
        value = _get(config, key)
        if key == "eval.adversarial_num_examples" and not list(config.eval.adversarial_sets):
            continue  # no adversarial sets: any count, 0 included
        if not isinstance(value, int) or value < 1:
            raise ConfigError(f"config.{key} must be a positive integer, got {value!r}")
    if not list(_get(config, "data.buckets")):
        raise ConfigError("config.data.buckets must list at least one length")
    pool = config.data.get("train_set_size", 0)
    if not isinstance(pool, int) or pool < 0:
        raise ConfigError(
            f"config.data.train_set_size must be an integer >= 0 (0: fresh examples), got {pool!r}"
        )


def flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    """{"a.b": value} for a nested dict."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def flatten_run_config(resolved: dict[str, Any]) -> dict[str, Any]:
    """A resolved config, flattened, with ADDED_KEYS filled in where it predates them."""
    flat = flatten(resolved)
    return {**ADDED_KEYS, **ADDED_MODEL_KEYS.get(flat.get("model.name"), {}), **flat}


def write_or_compare(config: ml_collections.ConfigDict, workdir: str, write: bool = True) -> None:
    """Writes config.json (unless write=False: the other processes of a multi-host run); if the
    workdir already holds a run, refuses a config that would change its training (only
    RESUMABLE_CHANGES may differ on resumption)."""
    path = os.path.join(workdir, "config.json")
    resolved = json.loads(config.to_json())
    if os.path.exists(path):
        with open(path) as f:
            old = flatten_run_config(json.load(f))
        new = flatten_run_config(resolved)
        diffs = [
            k
            for k in sorted(set(old) | set(new))
            if old.get(k) != new.get(k) and not any(k.startswith(p) for p in RESUMABLE_CHANGES)
        ]
        if diffs:
            shown = ", ".join(f"{k}: {old.get(k)!r} -> {new.get(k)!r}" for k in diffs[:5])
            raise ConfigError(
                f"{workdir} holds a run with a different config ({shown}); use a new --workdir"
            )
    if not write:
        return
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(resolved, f, indent=1, sort_keys=True)
    os.replace(tmp, path)
