"""Evaluation of trained models: per-length generalization and adversarial sets.

The functions below load jax on first use, so that `eval_files` (plain file reading, used by
the figure scripts and the benchmark table) imports without it.
"""

from typing import Any

__all__ = ["evaluate", "format_table", "write_json"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from algolearn.evaluation import length_generalization  # noqa: PLC0415

        return getattr(length_generalization, name)
    raise AttributeError(f"module 'algolearn.evaluation' has no attribute {name!r}")
