"""Score a trained run on an evaluation variant after training, without retraining.

    python -m algolearn.evaluate --workdir=RUN --variant=NAME [--config=experiments/x.py] [--step=S]

A variant is an `eval.variants` entry (name -> {"model", "task", "eval"} overrides, e.g. the
`carry` variant: Price et al.'s carry-chain test). It comes from --config's eval.variants (a
config that gained the variant after RUN was trained) or, without --config, from RUN's own
config.json. The run's latest checkpoint is scored and the records go to RUN/eval_NAME.json,
tagged "variant": NAME exactly as the run's own final evaluation tags its variants (figure
scripts and the benchmark read both files). eval.json is never touched; an older
eval_NAME.json is kept as eval_NAME.<n>.json. --step scores an earlier kept checkpoint instead
(runs keep `train.keep_checkpoints` of them) into eval_NAME.stepS.json, which figures and the
benchmark leave alone: they describe the final model.
"""

from __future__ import annotations

import json
import os

from absl import app, flags, logging
from ml_collections import config_flags

from algolearn.evaluation.eval_files import extra_eval_path

_WORKDIR = flags.DEFINE_string("workdir", None, "Run directory (config.json, checkpoints/).")
_VARIANT = flags.DEFINE_string("variant", None, "Name of the eval variant to score.")
_CONFIG = config_flags.DEFINE_config_file(
    "config", None, "Optional experiment config whose eval.variants holds the variant."
)
_PROGRESS = flags.DEFINE_bool("progress", True, "Show a progress bar.")
_STEP = flags.DEFINE_integer(
    "step", None, "Score this checkpoint (default: the latest); writes eval_NAME.stepS.json."
)


def _finished_step(workdir: str) -> int | None:
    path = os.path.join(workdir, "run.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        info = json.load(f)
    return int(info["step"]) if info.get("finished") else None


def main(argv: list[str]) -> None:
    if len(argv) > 1:
        raise app.UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
    if not _WORKDIR.value or not _VARIANT.value:
        raise app.UsageError("--workdir and --variant are required")
    logging.set_verbosity(logging.WARNING)  # Orbax logs every restore at INFO
    from algolearn.evaluation import length_generalization, trained_run  # noqa: PLC0415

    records, step = trained_run.evaluate_variant(
        _WORKDIR.value,
        _VARIANT.value,
        _CONFIG.value,
        show_progress=_PROGRESS.value,
        step=_STEP.value,
    )
    finished = _finished_step(_WORKDIR.value)
    if finished == step:
        state = "finished run"
    elif _STEP.value is not None:
        state = "chosen with --step; not the run's final model"
    else:
        state = "unfinished run: a later checkpoint may differ"
    print(f"{_WORKDIR.value}, checkpoint step {step} ({state}), variant {_VARIANT.value}:")
    print(length_generalization.format_table(records))
    print(f"written: {extra_eval_path(_WORKDIR.value, _VARIANT.value, _STEP.value)}")


def run() -> None:
    """Console-script entry point (algolearn-evaluate)."""
    app.run(main)


if __name__ == "__main__":
    run()
