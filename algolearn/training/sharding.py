"""Data parallelism: one Mesh over every device, batch sharded, state replicated.

The same code runs on one CPU, on N fake CPU devices
(XLA_FLAGS=--xla_force_host_platform_device_count=N), on GPUs/TPUs and across hosts.
"""

from __future__ import annotations

import os

import jax
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec

BATCH_AXIS = "batch"


def maybe_initialize_distributed() -> None:
    """Calls `jax.distributed.initialize()` when launched as one process of a multi-host job.

    Detected from the coordinator variables that `jax.distributed` itself reads (or Slurm's,
    which it auto-detects). A single process needs nothing.
    """
    if jax.process_count() > 1:
        return
    if os.environ.get("JAX_COORDINATOR_ADDRESS") or int(os.environ.get("SLURM_NTASKS", "1")) > 1:
        jax.distributed.initialize()


def make_mesh() -> Mesh:
    """A 1-D mesh over all devices of all processes, named 'batch'."""
    return Mesh(np.asarray(jax.devices()), (BATCH_AXIS,))


def batch_sharding(mesh: Mesh) -> NamedSharding:
    """Leading (batch) axis split over the mesh."""
    return NamedSharding(mesh, PartitionSpec(BATCH_AXIS))


def replicated(mesh: Mesh) -> NamedSharding:
    return NamedSharding(mesh, PartitionSpec())


def check_batch_size(batch_size: int, mesh: Mesh, what: str = "train.batch_size") -> None:
    """Fails fast when the global batch cannot be split evenly over the devices."""
    n = mesh.devices.size
    if batch_size % n:
        raise ValueError(
            f"{what}={batch_size} is not divisible by the number of devices ({n}); "
            f"use a multiple of {n}"
        )


def shard_batch(batch: dict[str, np.ndarray], mesh: Mesh) -> dict[str, jax.Array]:
    """Places a global host batch on the mesh, each process contributing its own rows.

    Every process holds the same global batch (generation is cheap and deterministic), so the
    data a run sees does not depend on how many processes or devices it runs on.
    """
    sharding = batch_sharding(mesh)
    if jax.process_count() == 1:
        return jax.device_put(batch, sharding)
    out = {}
    for key, value in batch.items():
        rows = value.shape[0] // jax.process_count()
        local = value[jax.process_index() * rows : (jax.process_index() + 1) * rows]
        out[key] = jax.make_array_from_process_local_data(sharding, local, value.shape)
    return out
