"""Curriculum registry: `make(config.curriculum)` by name. Adding one is a class plus a line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from algolearn.training.curriculum import Curriculum, FixedLength, LengthCurriculum
from algolearn.training.nram_curriculum import NRAMCurriculum
from algolearn.training.program_curricula import STRATEGIES, ProgramCurriculum

_CURRICULA: dict[str, Callable[..., Curriculum]] = {
    "length": LengthCurriculum,  # Kaiser & Sutskever's length curriculum
    "fixed": FixedLength,
    **{s: functools.partial(ProgramCurriculum, s) for s in STRATEGIES},  # Zaremba & Sutskever
    "nram": NRAMCurriculum,  # Kurach et al.
}
# Keys of config.curriculum that the loop reads, not the curriculum.
LOOP_KEYS = ("check_every", "probe_batches")


def names() -> list[str]:
    return sorted(_CURRICULA)


def make(config: Any) -> Curriculum:
    """Builds the curriculum named by `config.name` from the other keys of `config`."""
    kwargs = {k: v for k, v in dict(config).items() if k not in LOOP_KEYS}
    name = kwargs.pop("name", None)
    if name not in _CURRICULA:
        raise KeyError(f"unknown curriculum {name!r}; valid: {', '.join(names())}")
    try:
        return _CURRICULA[name](**kwargs)
    except TypeError as e:
        raise ValueError(f"bad config.curriculum for {name!r}: {e}") from None
