"""The tiny LOOP config of the loop tests and helpers that read its runs (the finished runs
themselves, `full_run` and `half_run`, are fixtures in tests/conftest.py; tests copy them
before changing them).

LOOP drives every host-side mechanism within 20 steps: the curriculum advances at every probe
(threshold > 1) from 3 to 7 (probes at 4, 8, 12, 16; at 20 it is at the maximum), the relaxation
pull doubles at the first two advances and the copies are averaged at every later passing probe
(12, 16 and 20, where the curriculum is at its top), dropout is on, and there are checkpoints at
6, 12, 18 and 20. All of it shares one set of compiled programs (bucket 8, batch 8). Gradient
noise stays off: on XLA:CPU its jax.random.normal over the rank-6 kernel shapes adds ~15 s to
every train_step compile (tests/training/test_optim.py covers it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jax
import numpy as np
import orbax.checkpoint as ocp

from algolearn.training import loop
from tests.conftest import tiny_config

LOOP = dict(
    curriculum__threshold=1.01,
    curriculum__start_length=3,
    regularizers__relaxation_pull={"init": 0.25, "growth": 2.0, "average_at": 1.0},
    train__checkpoint_every=6,
)


def loop_config(**overrides):
    return tiny_config(**{**LOOP, **overrides})


def train(workdir, **overrides):
    return loop.train_and_evaluate(loop_config(**overrides), str(workdir), show_progress=False)


def copy_run(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest)
    return dest


def read_checkpoint(workdir, step: int) -> tuple[dict, dict]:
    """(train state as numpy arrays, host state) of checkpoint `step`, read with plain Orbax."""
    path = Path(workdir) / "checkpoints" / str(step)
    reader = ocp.PyTreeCheckpointer()
    tree = reader.metadata(path / "state").item_metadata.tree
    args = jax.tree.map(lambda _: ocp.RestoreArgs(restore_type=np.ndarray), tree)
    state = reader.restore(path / "state", restore_args=args)
    host = json.loads((path / "host" / "metadata").read_text())
    return state, host


def assert_states_equal(a, b) -> None:
    flat_a, flat_b = flatten(a), flatten(b)
    assert flat_a.keys() == flat_b.keys()
    for key in flat_a:
        np.testing.assert_array_equal(flat_a[key], flat_b[key], err_msg=key)


def flatten(tree, prefix=""):
    if isinstance(tree, dict):
        return {k: v for key in tree for k, v in flatten(tree[key], f"{prefix}/{key}").items()}
    if isinstance(tree, list | tuple):
        return {k: v for i, x in enumerate(tree) for k, v in flatten(x, f"{prefix}/{i}").items()}
    return {} if tree is None else {prefix: np.asarray(tree)}


def checkpoint_steps(workdir) -> list[int]:
    directory = Path(workdir) / "checkpoints"
    return sorted(int(p.name) for p in directory.iterdir() if p.name.isdigit())


def metric_lines(workdir) -> list[dict]:
    with open(Path(workdir) / "metrics.jsonl") as f:
        return [json.loads(line) for line in f]


TIMING_KEYS = ("examples_per_sec", "generated_examples_per_sec")


def training_lines(workdir) -> list[dict]:
    """metrics.jsonl training records without their wall-clock dependent fields."""
    return [
        {k: v for k, v in line.items() if k not in TIMING_KEYS}
        for line in metric_lines(workdir)
        if "loss" in line
    ]
