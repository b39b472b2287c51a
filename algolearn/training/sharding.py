"""Data parallelism: one Mesh over every device, batch sharded, state replicated.

The same code runs on one CPU, on N fake CPU devices
(XLA_FLAGS=--xla_force_host_platform_device_count=N), on GPUs/TPUs and across hosts.
"""

from __future__ import annotations

import os

import jax
import numpy as np
from jax.experimental import multihost_utils
from jax.sharding import Mesh, NamedSharding, PartitionSpec

BATCH_AXIS = "batch"


def maybe_initialize_distributed() -> None:
    """Calls `jax.distributed.initialize()` when launched as one process of a multi-host job.

    Must run before anything touches a JAX backend. Detected from JAX_COORDINATOR_ADDRESS plus
    JAX_NUM_PROCESSES and JAX_PROCESS_ID (our variables: JAX reads only the address), or from a
    cluster JAX detects by itself (Slurm with more than one task). One process needs nothing.
    """
    if jax.distributed.is_initialized():
        return
    address = os.environ.get("JAX_COORDINATOR_ADDRESS")
    num, index = os.environ.get("JAX_NUM_PROCESSES"), os.environ.get("JAX_PROCESS_ID")
    if address and (num is None) != (index is None):
        raise ValueError("set both JAX_NUM_PROCESSES and JAX_PROCESS_ID, or neither")
    if address and num is not None:
        jax.distributed.initialize(address, num_processes=int(num), process_id=int(index))
    elif address or int(os.environ.get("SLURM_NTASKS", "1")) > 1:
        jax.distributed.initialize()


def is_primary() -> bool:
    """True in the process that writes the run's files (process 0; the only one on one host)."""
    return jax.process_index() == 0


def any_process(flag: bool) -> bool:
    """True if `flag` is true in any process (e.g. a signal that reached only some hosts), so
    that every process takes the same branch; no communication with one process."""
    if jax.process_count() == 1:
        return bool(flag)
    return bool(np.any(multihost_utils.process_allgather(np.array([flag], np.bool_))))


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
