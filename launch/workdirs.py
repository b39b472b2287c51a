"""A sweep's files: each member's run directory (finished? last step? log) and the results index.

The index (<sweep_dir>/index.json) is shared by concurrent writers (Slurm jobs, the local
launcher): every update takes an exclusive flock, merges one member, and atomically replaces
the file, so readers never see a torn or partial index.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def is_finished(workdir: Path | str) -> bool:
    """True when the run wrote run.json with "finished": true."""
    try:
        return bool(json.loads((Path(workdir) / "run.json").read_text()).get("finished"))
    except (OSError, ValueError, AttributeError):
        return False


def last_step(workdir: Path | str) -> int | None:
    """The step of the last line of workdir/metrics.jsonl (None before the first log)."""
    try:
        with open(Path(workdir) / "metrics.jsonl", "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - 8192))
            lines = f.read().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return int(json.loads(line)["step"])
    return None


def log_tail(workdir: Path | str, lines: int = 12) -> list[str]:
    """The last lines of workdir/log.txt (what a failed member printed)."""
    try:
        return (Path(workdir) / "log.txt").read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return []


def update_index(sweep_dir: Path | str, sweep: str, member: str, fields: Mapping[str, Any]) -> None:
    """Merges one member's fields into sweep_dir/index.json under an flock; atomic replace."""
    sweep_dir = Path(sweep_dir)
    sweep_dir.mkdir(parents=True, exist_ok=True)
    path = sweep_dir / "index.json"
    with open(sweep_dir / "index.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the lock file is closed
        try:
            index = json.loads(path.read_text())
        except FileNotFoundError:
            index = {"sweep": sweep, "members": {}}
        index["sweep"] = sweep
        entry = index.setdefault("members", {}).setdefault(member, {})
        entry.update(fields, updated=_now())
        fd, tmp = tempfile.mkstemp(dir=sweep_dir, prefix=".index.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w") as f:
                json.dump(index, f, indent=1, default=_jsonable)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the index from other users
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _jsonable(value: Any) -> Any:
    """numpy scalars and arrays (e.g. from np.linspace in a sweep file) as JSON values."""
    return value.tolist() if hasattr(value, "tolist") else str(value)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
