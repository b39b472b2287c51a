"""Shared helpers: a tiny Neural GPU config and a subprocess runner for `algolearn.train`.

Compiling the Neural GPU costs seconds per distinct shape, so the tiny config keeps
every training length in one bucket (8) and evaluates at lengths that fall into it too, and the
session shares one persistent XLA compilation cache (fresh per session, also handed to the
training subprocesses): the loop builds new jitted closures on every run, which would otherwise
recompile identical programs.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jax
import ml_collections
import pytest

from algolearn.configs import neural_gpu_config

REPO = Path(__file__).resolve().parents[1]
BADD_EXPERIMENT = REPO / "experiments" / "neural_gpu" / "badd.py"

# One cache directory per test session, shared by xdist workers (they inherit the variable);
# set ALGOLEARN_TEST_XLA_CACHE yourself to keep compiled programs between sessions.
if "ALGOLEARN_TEST_XLA_CACHE" not in os.environ:
    os.environ["ALGOLEARN_TEST_XLA_CACHE"] = tempfile.mkdtemp(prefix="algolearn-test-xla-")
    atexit.register(shutil.rmtree, os.environ["ALGOLEARN_TEST_XLA_CACHE"], ignore_errors=True)
_CACHE_ENV = {
    "JAX_COMPILATION_CACHE_DIR": os.environ["ALGOLEARN_TEST_XLA_CACHE"],
    "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
    "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0",
}
jax.config.update("jax_compilation_cache_dir", _CACHE_ENV["JAX_COMPILATION_CACHE_DIR"])
jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)


def _set(config: ml_collections.ConfigDict, dotted: str, value: Any) -> None:
    node = config
    *parents, leaf = dotted.split(".")
    for part in parents:
        node = node[part]
    node[leaf] = value


def tiny_config(task: str = "badd", **overrides: Any) -> ml_collections.ConfigDict:
    """A seconds-sized run; overrides use dotted keys with '__' for '.', e.g.
    tiny_config(train__num_steps=5, curriculum={"name": "fixed", "length": 5})."""
    c = neural_gpu_config(task)
    c.model.update(filters=4, num_param_sets=2, cgrus_per_step=1)  # 1 CGRU: half the compile
    c.train.update(num_steps=20, batch_size=8, log_every=5, checkpoint_every=10)
    c.curriculum.update(min_length=3, start_length=5, max_length=7, check_every=4)
    c.data.buckets = (8, 12)
    c.eval.update(
        lengths=(5, 7),
        num_examples=16,
        batch_size=8,
        adversarial_lengths=(7,),
        adversarial_num_examples=8,
    )
    for key, value in overrides.items():
        dotted = key.replace("__", ".")
        if isinstance(value, dict):
            # Replace a whole sub-config (e.g. another curriculum with other fields).
            _set(c, dotted, ml_collections.ConfigDict(value))
        else:
            _set(c, dotted, value)
    return c


def config_flags(**overrides: Any) -> list[str]:
    """`--config.a.b=v` flags that turn experiments/badd.py into tiny_config(**overrides).

    Every key is passed (not only the ones that differ from today's defaults), so the
    subprocess gets exactly this config even if the defaults change meanwhile.
    """
    flags = []
    for key, value in _flatten_config(tiny_config(**overrides)).items():
        text = repr(tuple(value)) if isinstance(value, tuple | list) else str(value)
        flags.append(f"--config.{key}={text}")
    return flags


def _flatten_config(config: Any, prefix: str = "") -> dict[str, Any]:
    out = {}
    for k, v in config.items():
        if isinstance(v, ml_collections.ConfigDict | dict):
            out.update(_flatten_config(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def train_command(workdir: Path | str, *flags: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "algolearn.train",
        f"--config={BADD_EXPERIMENT}",
        f"--workdir={workdir}",
        "--progress=false",
        *flags,
    ]


def subprocess_env(num_devices: int | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(_CACHE_ENV, JAX_PLATFORMS="cpu")
    env.pop("XLA_FLAGS", None)
    if num_devices is not None:
        env["XLA_FLAGS"] = f"--xla_force_host_platform_device_count={num_devices}"
    return env


def run_train(
    workdir: Path | str, *flags: str, num_devices: int | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Runs `python -m algolearn.train` on experiments/badd.py with `flags`; never raises on rc."""
    return subprocess.run(
        train_command(workdir, *flags),
        cwd=REPO,
        env=subprocess_env(num_devices),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_train(workdir: Path | str, *flags: str, num_devices: int | None = None):
    """Starts `python -m algolearn.train` in the background (for signal tests)."""
    return subprocess.Popen(
        train_command(workdir, *flags),
        cwd=REPO,
        env=subprocess_env(num_devices),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="session")
def full_run(tmp_path_factory) -> Path:
    """tests/training/conftest.py's LOOP run trained for 20 steps and evaluated (read-only)."""
    from tests.training.conftest import train

    workdir = tmp_path_factory.mktemp("full") / "run"
    train(workdir, train__num_steps=20)
    return workdir


@pytest.fixture(scope="session")
def half_run(tmp_path_factory) -> Path:
    """The same run stopped (finished) after 10 steps: checkpoints 6 and 10 (read-only)."""
    from tests.training.conftest import train

    workdir = tmp_path_factory.mktemp("half") / "run"
    train(workdir, train__num_steps=10)
    return workdir
