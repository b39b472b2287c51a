"""Evaluation of trained models: per-length generalization and adversarial sets."""

from algolearn.evaluation.length_generalization import evaluate, format_table, write_json

__all__ = ["evaluate", "format_table", "write_json"]
