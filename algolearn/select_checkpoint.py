"""Select a run's checkpoint on validation variants, then test only that one.

    python -m algolearn.select_checkpoint --workdir=RUN --variants=sizes,sizes_discretized \
        [--test_variants=large,large_discretized] [--max_seq_error=0] [--config=x.py] [--rescore]

Every kept checkpoint (`train.keep_checkpoints`) is scored on each variant (records in
eval_NAME.stepS.json, reused when present unless --rescore); the latest step whose sequence
error is at most --max_seq_error at every length of every variant is selected. The table and
the choice go to stdout and RUN/selected_checkpoint.json. --test_variants are then scored at
the selected step only (eval_NAME.stepS.json, as `algolearn.evaluate --step=S` writes them).
Select on the training distribution (e.g. the NRAM's `sizes` and `sizes_discretized`) and test
on the rest, so that the test lengths never choose the model they score.
"""

from __future__ import annotations

from absl import app, flags, logging
from ml_collections import config_flags

_WORKDIR = flags.DEFINE_string("workdir", None, "Run directory (config.json, checkpoints/).")
_VARIANTS = flags.DEFINE_list("variants", None, "Eval variants to select on (validation).")
_MAX_SEQ_ERROR = flags.DEFINE_float(
    "max_seq_error", 0.0, "Largest sequence error allowed at any length of any variant."
)
_CONFIG = config_flags.DEFINE_config_file(
    "config", None, "Optional experiment config whose eval.variants holds the variants."
)
_TEST_VARIANTS = flags.DEFINE_list(
    "test_variants", [], "Eval variants to score at the selected step only (test)."
)
_RESCORE = flags.DEFINE_bool("rescore", False, "Score again steps already scored.")
_PROGRESS = flags.DEFINE_bool("progress", False, "Show a progress bar per evaluation.")


def main(argv: list[str]) -> None:
    if len(argv) > 1:
        raise app.UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
    if not _WORKDIR.value or not _VARIANTS.value:
        raise app.UsageError("--workdir and --variants are required")
    logging.set_verbosity(logging.WARNING)  # Orbax logs every restore at INFO
    from algolearn.evaluation import checkpoint_selection as selection  # noqa: PLC0415
    from algolearn.evaluation import length_generalization, trained_run  # noqa: PLC0415

    scores = selection.score_checkpoints(
        _WORKDIR.value, _VARIANTS.value, _CONFIG.value, _RESCORE.value, _PROGRESS.value
    )
    selected = selection.select(scores, _MAX_SEQ_ERROR.value)
    path = selection.write_selection(_WORKDIR.value, scores, selected, _MAX_SEQ_ERROR.value)
    print(selection.format_scores(scores, selected))
    if selected is None:
        print(
            f"no kept checkpoint has sequence error <= {_MAX_SEQ_ERROR.value} on every length "
            f"of {', '.join(_VARIANTS.value)}"
        )
    else:
        print(f"selected step {selected}")
    print(f"written: {path}")
    for variant in _TEST_VARIANTS.value if selected is not None else []:
        records, _ = trained_run.evaluate_variant(
            _WORKDIR.value, variant, _CONFIG.value, show_progress=_PROGRESS.value, step=selected
        )
        print(f"test variant {variant} at the selected step {selected}:")
        print(length_generalization.format_table(records))


def run() -> None:
    """Console-script entry point (algolearn-select-checkpoint)."""
    app.run(main)


if __name__ == "__main__":
    run()
