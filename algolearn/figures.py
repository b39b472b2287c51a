"""Shared command line of the figure scripts in experiments/figures/: --runs, --out.

A figure script defines load(runs_dir) -> results (reading `evaluated_runs`), table(results)
-> markdown and plot(results, out_png), and calls `main(load, table, plot, default_runs,
default_out)`. A load(runs_dir, at_selected) also serves --at_selected: each run at the
checkpoint algolearn.select_checkpoint chose, where it has one.
"""

from __future__ import annotations

import glob
import inspect
import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from algolearn.evaluation import eval_files


def evaluated_runs(runs: str, at_selected: bool = False) -> Iterator[tuple[str, dict, list[dict]]]:
    """(workdir, config, eval records) of every run directory with an eval.json under `runs`:
    one directory or several, comma-separated (e.g. a sweep and an archive holding the rest).

    The records include those of variants scored after training (eval_NAME.json files). With
    `at_selected`, a run that has a selected checkpoint (algolearn.select_checkpoint) gives
    the records scored at that step instead; the others give their final model's.
    """
    for root in runs.split(","):
        if not os.path.isdir(root):
            raise FileNotFoundError(f"runs directory {root!r} does not exist")
    paths = (glob.glob(os.path.join(r, "**", "eval.json"), recursive=True) for r in runs.split(","))
    for path in sorted({os.path.normpath(p) for found in paths for p in found}):
        workdir = os.path.dirname(path)
        with open(os.path.join(workdir, "config.json")) as f:
            config = json.load(f)
        chosen = eval_files.selected_records(workdir) if at_selected else None
        yield workdir, config, chosen or eval_files.read_records(workdir)


def save(fig: Any, out: str) -> None:
    """Writes a matplotlib figure as PNG, creating the folder."""
    fig.tight_layout()
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    fig.savefig(out, dpi=120)


def main(
    load: Callable[[str], Any],
    table: Callable[[Any], str],
    plot: Callable[[Any, str], None],
    default_runs: str,
    default_out: str,
) -> None:
    from absl import app, flags  # noqa: PLC0415 (flags only for the command line)

    flags.DEFINE_string(
        "runs", default_runs, "Directory holding run directories; several comma-separated."
    )
    flags.DEFINE_string("out", default_out, "Output PNG.")
    flags.DEFINE_bool(
        "at_selected",
        False,
        "Each run at its selected checkpoint (selected_checkpoint.json) where it has one.",
    )

    def run(argv) -> None:
        del argv
        if not flags.FLAGS.at_selected:
            results = load(flags.FLAGS.runs)
        elif "at_selected" in inspect.signature(load).parameters:
            results = load(flags.FLAGS.runs, at_selected=True)
        else:
            raise app.UsageError("this figure does not support --at_selected")
        print(table(results))
        plot(results, flags.FLAGS.out)
        print(f"wrote {flags.FLAGS.out}")

    app.run(run)
