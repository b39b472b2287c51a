"""Train-step speed of algolearn's Neural GPU: the real train_step (loss, grads, Adam)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from algolearn.benchmarks.timing import median_ms, neural_gpu_train_flops
from algolearn.configs import neural_gpu_config
from algolearn.models.neural_gpu import NeuralGPU
from algolearn.training import sharding
from algolearn.training import step as step_lib
from algolearn.training.optim import make_optimizer


def make_step(
    filters: int, length: int, batch: int, **model_kwargs: Any
) -> tuple[Callable[[], None], float, NeuralGPU, Any]:
    """(run one compiled train step, compile seconds, model, mesh) on random data of one
    length (no padding); each call advances the train state, as training does."""
    config = neural_gpu_config()
    model = NeuralGPU(13, 13, filters=filters, **model_kwargs)
    mesh = sharding.make_mesh()
    optimizer = make_optimizer(config.train, seed=0)
    rng = np.random.default_rng(0)
    data = {
        "inputs": rng.integers(1, 13, (batch, length)).astype(np.int32),
        "targets": rng.integers(0, 13, (batch, length)).astype(np.int32),
        "lengths": np.full((batch,), length, np.int32),
        "mask": np.ones((batch, length), bool),  # every position scored
    }
    data = sharding.shard_batch(data, mesh)
    params = model.init({"params": jax.random.PRNGKey(0)}, data["inputs"], data["lengths"])
    state = step_lib.TrainState(
        step=jnp.zeros([], jnp.int32),
        params=params["params"],
        opt_state=optimizer.init(params["params"]),
        rng=jax.random.PRNGKey(1),
    )
    hparams = {"learning_rate": np.float32(1e-3)}
    train_step = step_lib.make_train_step(model, optimizer, [], mesh)
    t = time.perf_counter()
    compiled = train_step.lower(state, data, hparams).compile()
    compile_s = time.perf_counter() - t
    holder = {"state": state}

    def run() -> None:
        holder["state"], metrics = compiled(holder["state"], data, hparams)
        jax.block_until_ready(metrics)

    return run, compile_s, model, mesh


def result(
    step_ms: float, compile_s: float, model: NeuralGPU, mesh: Any, length: int, batch: int
) -> dict:
    """The benchmark's JSON record of a measured step time."""
    filters = model.filters
    flops = neural_gpu_train_flops(
        batch,
        length,
        filters,
        model.width,
        model.kernel_size[0] * model.kernel_size[1],
        model.cgrus_per_step,
    )
    return {
        "impl": "algolearn-jax",
        "filters": filters,
        "length": length,
        "batch": batch,
        "step_ms": step_ms,
        "compile_s": compile_s,
        "examples_per_sec": batch / (step_ms / 1000.0),
        "gflops_per_sec": flops / (step_ms / 1000.0) / 1e9,
        "devices": int(mesh.devices.size),
        "backend": jax.default_backend(),
        "dropout": model.dropout,
    }


def measure(filters: int, length: int, batch: int, iters: int = 5, **model_kwargs: Any) -> dict:
    """Compiles and times one train step: median after 2 warm-up steps."""
    run, compile_s, model, mesh = make_step(filters, length, batch, **model_kwargs)
    step_ms = median_ms(run, warmup=2, iters=iters)
    return result(step_ms, compile_s, model, mesh, length, batch)
