"""The training-batch errors a curriculum may decide on instead of its probe's.

The Neural GPU reference trainer advances its length curriculum when the sequence error averaged
over the training steps since its last check (dropout on, counting only batches no longer than
the current maximum) is below the threshold, and its learning-rate plateau rule reads the same
batches' loss. `TrainingBatchSignal` keeps those steps' metrics: device arrays until the next
check or checkpoint, then running sums in the host state (JSON), so a resumed run makes exactly
the decisions of an uninterrupted one.
"""

from __future__ import annotations

from typing import Any

import jax

KEYS = ("seq_error", "digit_error", "loss")
State = dict[str, float]


def initial_state() -> State:
    """No steps counted since the last check."""
    return {"count": 0, **{k: 0.0 for k in KEYS}}


class TrainingBatchSignal:
    """Sums the counted training steps' metrics between curriculum checks."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []

    def add(self, step_metrics: dict[str, Any]) -> None:
        """Counts one training step (its metrics may still be on the device)."""
        self._pending.append({k: step_metrics[k] for k in KEYS})

    def fold(self, state: State) -> State:
        """`state` plus the pending steps, added in step order (before a checkpoint)."""
        state = dict(state)
        for values in jax.device_get(self._pending):
            state["count"] += 1
            for k in KEYS:
                state[k] += float(values[k])
        self._pending = []
        return state

    def decide(self, state: State) -> tuple[dict[str, float] | None, State]:
        """The mean metrics of the steps counted since the last check (None when none was),
        and the state of the next check interval."""
        state = self.fold(state)
        if state["count"] == 0:
            return None, initial_state()
        return {k: state[k] / state["count"] for k in KEYS}, initial_state()
