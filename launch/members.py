"""A sweep file's members: loading them, selecting some, and each one's training command."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from launch.hyper import member_name, render_value

TRAIN_MODULE = "algolearn.train"


@dataclasses.dataclass(frozen=True)
class Member:
    """One run of a sweep: its (directory) name, config file and `--config.<key>` overrides."""

    name: str
    config: str
    overrides: dict[str, Any]


def load_sweep(
    path: str | Path, extra: Mapping[str, Any] | None = None
) -> tuple[str, list[Member]]:
    """(NAME, members) of a sweep file; `extra` overrides are added to every member."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location(f"_sweep_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ValueError(f"cannot load sweep file {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    base = getattr(module, "BASE_CONFIG", None)
    extra = dict(extra or {})
    if "config" in extra:
        raise ValueError("extra overrides cannot set 'config'")
    members = []
    for i, raw in enumerate(module.get_sweep()):
        config = raw.get("config", base)
        if config is None:
            raise ValueError(f"{path}: member {i} has no 'config' and there is no BASE_CONFIG")
        if not Path(str(config).partition(":")[0]).is_file():  # "file.py:argument" too
            raise FileNotFoundError(f"{path}: member {i}: config file {config} not found")
        overrides = {k: v for k, v in raw.items() if k != "config"}
        if clash := sorted(overrides.keys() & extra.keys()):
            raise ValueError(f"{path}: extra overrides {clash} clash with member {i}'s")
        members.append(Member(member_name(i, raw, base), str(config), {**overrides, **extra}))
    return getattr(module, "NAME", path.stem), members


def select(members: Sequence[Member], only: Sequence[tuple[str, Any]]) -> list[Member]:
    """The members whose `key` equals one of the given values, for every key given.

    `only` holds (key, value) pairs: values of one key are alternatives, keys must all match.
    "config" matches the member's config file. An empty selection is an error naming the
    values that exist, so a typo never silently runs nothing.
    """
    wanted: dict[str, set[str]] = {}
    for key, value in only:
        wanted.setdefault(key, set()).add(render_value(value))

    def value_of(member: Member, key: str) -> str | None:
        if key == "config":
            return member.config
        return render_value(member.overrides[key]) if key in member.overrides else None

    chosen = [m for m in members if all(value_of(m, k) in v for k, v in wanted.items())]
    if not chosen:
        existing = {k: sorted({str(value_of(m, k)) for m in members}) for k in wanted}
        raise ValueError(f"no member matches {dict(wanted)}; the sweep has {existing}")
    return chosen


def member_command(
    member: Member,
    workdir: Path | str,
    python: str = sys.executable,
    train_module: str = TRAIN_MODULE,
) -> list[str]:
    """The training command line of one member (the entry point resumes from its checkpoints)."""
    flags = [f"--config.{k}={render_value(v)}" for k, v in member.overrides.items()]
    head = [python, "-m", train_module, f"--config={member.config}", f"--workdir={workdir}"]
    return [*head, "--progress=false", *flags]
