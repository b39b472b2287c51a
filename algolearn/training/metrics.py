"""Metric sinks: metrics.jsonl (one object per logged step) and TensorBoard event files.

TensorBoard files are written with tensorboardX, which needs no TensorFlow.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import tensorboardX


def _plain(value: Any) -> Any:
    value = float(value) if hasattr(value, "__float__") and not isinstance(value, int) else value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


class MetricWriter:
    """Appends to `<workdir>/metrics.jsonl` and writes TensorBoard scalars under `<workdir>/tb`.

    enabled=False (every process but the primary one of a multi-host run) writes nothing."""

    def __init__(self, workdir: str, enable_tensorboard: bool = True, enabled: bool = True):
        self.jsonl_path = os.path.join(workdir, "metrics.jsonl")
        self.enabled = enabled
        self._tb = (
            tensorboardX.SummaryWriter(os.path.join(workdir, "tb"))
            if enable_tensorboard and enabled
            else None
        )

    def write(self, step: int, scalars: dict[str, Any]) -> None:
        if not self.enabled:
            return
        record = {"step": int(step), **{k: _plain(v) for k, v in scalars.items()}}
        with open(self.jsonl_path, "a") as f:
            f.write(json.dumps(record) + "\n")
        if self._tb is not None:
            for key, value in record.items():
                if key != "step" and isinstance(value, int | float):
                    self._tb.add_scalar(key, value, step)

    def truncate_after(self, step: int) -> None:
        """Drops records past `step` (a resumed run rewrites them instead of duplicating)."""
        if not self.enabled or not os.path.exists(self.jsonl_path):
            return
        with open(self.jsonl_path) as f:
            kept = [line for line in f if line.strip() and json.loads(line)["step"] <= step]
        with open(self.jsonl_path, "w") as f:
            f.writelines(kept)

    def flush(self) -> None:
        if self._tb is not None:
            self._tb.flush()

    def close(self) -> None:
        if self._tb is not None:
            self._tb.close()
