"""Shared command line of the figure scripts in experiments/figures/: --runs, --out.

A figure script defines load(runs_dir) -> results (reading `evaluated_runs`), table(results)
-> markdown and plot(results, out_png), and calls `main(load, table, plot, default_runs,
default_out)`.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable, Iterator
from typing import Any

from algolearn.evaluation import eval_files


def evaluated_runs(runs: str) -> Iterator[tuple[str, dict, list[dict]]]:
    """(workdir, config, eval records) of every run directory under `runs` with an eval.json.

    The records include those of variants scored after training (eval_NAME.json files).
    """
    for path in sorted(glob.glob(os.path.join(runs, "**", "eval.json"), recursive=True)):
        workdir = os.path.dirname(path)
        with open(os.path.join(workdir, "config.json")) as f:
            config = json.load(f)
        yield workdir, config, eval_files.read_records(workdir)


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

    flags.DEFINE_string("runs", default_runs, "Directory holding run directories.")
    flags.DEFINE_string("out", default_out, "Output PNG.")

    def run(argv) -> None:
        del argv
        results = load(flags.FLAGS.runs)
        print(table(results))
        plot(results, flags.FLAGS.out)
        print(f"wrote {flags.FLAGS.out}")

    app.run(run)
