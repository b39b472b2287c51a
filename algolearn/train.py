"""Command line: python -m algolearn.train --config=experiments/<file>.py --workdir=DIR.

Override any config key with flags, e.g. --config.seed=3 --config.train.num_steps=500.
Rerunning the same command with the same --workdir resumes from the last checkpoint.
"""

from __future__ import annotations

from absl import app, flags, logging
from ml_collections import config_flags

_CONFIG = config_flags.DEFINE_config_file(
    "config", None, "Experiment config file (experiments/...py).", lock_config=True
)
_WORKDIR = flags.DEFINE_string("workdir", None, "Directory for checkpoints, metrics and eval.json.")
_PROGRESS = flags.DEFINE_bool("progress", True, "Show a progress bar.")
flags.mark_flags_as_required(["config", "workdir"])


def main(argv: list[str]) -> None:
    if len(argv) > 1:
        raise app.UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
    logging.set_verbosity(logging.WARNING)  # Orbax logs every file it writes at INFO.
    from algolearn.training import loop, sharding  # after flag parsing: jax starts here

    sharding.maybe_initialize_distributed()
    loop.train_and_evaluate(_CONFIG.value, _WORKDIR.value, show_progress=_PROGRESS.value)


def run() -> None:
    """Console-script entry point (algolearn-train)."""
    app.run(main)


if __name__ == "__main__":
    run()
