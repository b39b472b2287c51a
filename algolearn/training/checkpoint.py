"""Orbax checkpoints of the train state plus the host-side run state (curriculum, LR, ...).

Saving is atomic (Orbax writes a temporary directory and renames it), so a run killed while
saving resumes from the previous checkpoint. A checkpoint that cannot be read is reported with
its path and never deleted or overwritten.
"""

from __future__ import annotations

import os
from typing import Any

import jax
import orbax.checkpoint as ocp


class CheckpointError(RuntimeError):
    """A checkpoint exists but cannot be restored."""


class Checkpointer:
    """Saves and restores (TrainState, host state dict) under `<workdir>/checkpoints`."""

    def __init__(self, workdir: str, max_to_keep: int = 2, read_only: bool = False):
        self.directory = os.path.join(os.path.abspath(workdir), "checkpoints")
        self._manager = ocp.CheckpointManager(
            self.directory,
            options=ocp.CheckpointManagerOptions(
                max_to_keep=None if read_only else max_to_keep,
                create=not read_only,
                read_only=read_only,
                **({"save_interval_steps": 0} if read_only else {}),
            ),
        )

    def all_steps(self) -> list[int]:
        return sorted(self._manager.all_steps())

    def latest_step(self) -> int | None:
        return self._manager.latest_step()

    def save(self, step: int, state: Any, host_state: dict[str, Any]) -> None:
        if self._manager.latest_step() == step:
            return
        self._manager.save(
            step,
            args=ocp.args.Composite(
                state=ocp.args.StandardSave(state), host=ocp.args.JsonSave(host_state)
            ),
        )
        self._manager.wait_until_finished()

    def restore(
        self, state_template: Any, step: int | None = None
    ) -> tuple[Any, dict[str, Any]] | None:
        """Restores checkpoint `step` (default: the latest) onto the shardings of
        `state_template`, or None when there is none."""
        step = self._manager.latest_step() if step is None else step
        if step is None:
            return None
        abstract = jax.tree.map(
            lambda x: jax.ShapeDtypeStruct(x.shape, x.dtype, sharding=x.sharding), state_template
        )
        path = os.path.join(self.directory, str(step))
        try:
            restored = self._manager.restore(
                step,
                args=ocp.args.Composite(
                    state=ocp.args.StandardRestore(abstract), host=ocp.args.JsonRestore()
                ),
            )
        except Exception as e:  # Orbax raises many types; all mean the same thing here.
            raise CheckpointError(
                f"cannot restore checkpoint {path}: {type(e).__name__}: {e}. It was left "
                "untouched; move it away (or use a new --workdir) to start afresh."
            ) from e
        mismatched = [
            f"{jax.tree_util.keystr(k)}: {tuple(a.shape)} in the checkpoint, {tuple(b.shape)} here"
            for (k, a), b in zip(
                jax.tree_util.tree_leaves_with_path(restored["state"]),
                jax.tree.leaves(abstract),
                strict=True,
            )
            if tuple(a.shape) != tuple(b.shape)
        ]
        if mismatched:
            raise CheckpointError(
                f"cannot restore checkpoint {path}: shapes differ "
                f"({'; '.join(mismatched[:3])}). It was left untouched."
            )
        return restored["state"], dict(restored["host"])

    def close(self) -> None:
        self._manager.close()
