"""Sweep combinators (xmanager-style): a sweep is a list of override dicts, built from these.

Keys are dotted config paths without the `config.` prefix (e.g. "seed", "model.filters"), plus
the special key "config" (the experiment config file). Also here: how a member's overrides
become its directory name and its command-line values. Pure Python: no JAX import, so a sweep
file loads (and `--dry_run` answers) in milliseconds.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

Sweep = list[dict[str, Any]]
MAX_NAME = 80  # longer member names are truncated and get a hash of their overrides


def sweep(key: str, values: Iterable[Any]) -> Sweep:
    """One member per value of `key`: [{key: v} for v in values]."""
    _check_key(key)
    return [{key: value} for value in values]


def fixed(key: str, value: Any) -> Sweep:
    """A single member setting `key` (to combine with product)."""
    return sweep(key, [value])


def product(*sweeps: Sequence[dict[str, Any]]) -> Sweep:
    """Cartesian product; the later sweeps' keys vary fastest. Shared keys are an error."""
    owner: dict[str, int] = {}
    for i, members in enumerate(sweeps):
        for key in {k for member in members for k in member}:
            if key in owner and owner[key] != i:
                raise ValueError(f"product: key {key!r} appears in more than one sweep")
            owner[key] = i
    out = []
    for combination in itertools.product(*sweeps):
        merged: dict[str, Any] = {}
        for member in combination:
            merged.update(member)
        out.append(merged)
    return out


def zip_(*sweeps: Sequence[dict[str, Any]]) -> Sweep:
    """Member i merges member i of every sweep; the lengths must be equal."""
    lengths = [len(members) for members in sweeps]
    if len(set(lengths)) > 1:
        raise ValueError(f"zip_: sweeps have different lengths {lengths}")
    out = []
    for combination in zip(*sweeps, strict=True):
        merged: dict[str, Any] = {}
        for member in combination:
            duplicate = merged.keys() & member.keys()
            if duplicate:
                raise ValueError(f"zip_: key(s) {sorted(duplicate)} appear in more than one sweep")
            merged.update(member)
        out.append(merged)
    return out


def chain(*sweeps: Sequence[dict[str, Any]]) -> Sweep:
    """Concatenation: the members of the first sweep, then the second's, ..."""
    return [dict(member) for members in sweeps for member in members]


def _check_key(key: str) -> None:
    """Rejects keys the command line could not express (config_flags takes `config.<key>`)."""
    if not isinstance(key, str) or not key or key.startswith("config.") or "=" in key:
        raise ValueError(f"bad sweep key {key!r}: use dotted paths without 'config.', e.g. 'seed'")


def member_name(index: int, overrides: Mapping[str, Any], base_config: str | None = None) -> str:
    """Stable, filesystem-safe name, e.g. "003-seed=1,model.filters=48" (config: if not base)."""
    parts = []
    for key, value in overrides.items():
        if key == "config":
            if value == base_config:
                continue
            path, _, arg = str(value).partition(":")  # config_flags' "file.py:argument"
            # Commas separate overrides in the name; an argument's own commas become '-'.
            value = Path(path).stem + (f"_{arg.replace(',', '-')}" if arg else "")
        parts.append(f"{key}={_name_value(value)}")
    text = re.sub(r"[^A-Za-z0-9._,=+-]", "_", ",".join(parts))
    name = f"{index:03d}-{text}" if text else f"{index:03d}"
    if len(name) > MAX_NAME:
        blob = json.dumps(dict(overrides), sort_keys=True, default=repr).encode()
        name = f"{name[: MAX_NAME - 9]}-{hashlib.sha1(blob).hexdigest()[:8]}"
    return name


def _name_value(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "-".join(_name_value(v) for v in value)
    return render_value(value)


def render_value(value: Any) -> str:
    """A value as absl/config_flags parse it: bools true/false, tuples '(a,b)', others plain."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        items = [repr(v) if isinstance(v, str | bool) else render_value(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({','.join(items)})"
    return str(value)


def parse_override(text: str) -> tuple[str, Any]:
    """'train.num_steps=100' -> ('train.num_steps', 100) (a leading 'config.' is dropped)."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise ValueError(f"override {text!r} is not key=value")
    key = key.removeprefix("config.")
    if value in ("true", "false"):
        return key, value == "true"
    try:
        return key, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return key, value
