"""Benchmark table: length generalization of every (task, architecture) over finished runs.

  python -m algolearn.benchmark --runs=DIR [--out=DIR]

Reads config.json, run.json and eval.json of every finished run directory under --runs (any
depth) and writes benchmark.md, benchmark.csv and benchmark.png (task x architecture heatmap)
into --out (default: --runs). Reads run directories only: no jax, no training code.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from algolearn import figures  # noqa: E402
from algolearn.evaluation import eval_files  # noqa: E402

MULTIPLES = (1, 2, 10, 100)
TOLERANCE = 0.1  # nearest evaluated length within +-10% of k x train length stands in for it
TRAIN_LENGTH_KEYS = ("max_length", "length", "target_length", "max_size")
COMMAND = "python -m algolearn.benchmark --runs={runs} --out={out}"
_PAIRS = [f"acc_{k}x" for k in MULTIPLES] + ["longest_zero_error"]  # best and median of each
CSV_COLUMNS = ["task", "architecture", "train_length"]
CSV_COLUMNS += [f"{name}_{stat}" for name in _PAIRS for stat in ("best", "median")]
CSV_COLUMNS += ["steps_to_solve_median", "seconds_to_solve_median"]
CSV_COLUMNS += ["runs_reached_zero_train_errors", "seeds_solved", "seeds_run"]


@dataclass(frozen=True)
class Run:
    """One finished run: the numbers the benchmark needs from its three JSON files."""

    path: str
    task: str
    architecture: str
    seed: int | None
    train_length: int
    seq_errors: dict[int, float]  # random set, no variant: length -> sequence error
    adversarial: dict[tuple[str, int], float]  # (eval_set, length) -> sequence error
    first_solved_step: int | None
    first_solved_s: float | None

    def length_at(self, multiple: int) -> int | None:
        """Evaluated length standing for multiple x train length: exact, else nearest in +-10%."""
        target = multiple * self.train_length
        if target in self.seq_errors:
            return target
        near = [n for n in self.seq_errors if abs(n - target) <= TOLERANCE * target]
        return min(near, key=lambda n: (abs(n - target), -n)) if near else None

    def accuracy(self, multiple: int) -> float | None:
        """Sequence accuracy (1 - seq_error) at multiple x train length, None if not evaluated."""
        length = self.length_at(multiple)
        return None if length is None else 1.0 - self.seq_errors[length]

    def longest_zero_error(self) -> int | None:
        """Largest evaluated length without a single wrong sequence."""
        return max((n for n, e in self.seq_errors.items() if e == 0.0), default=None)

    def solved(self) -> bool:
        """0 sequence errors at 1x train length (or, if 1x is not evaluated, in training)."""
        accuracy = self.accuracy(1)
        return self.first_solved_step is not None if accuracy is None else accuracy == 1.0


@dataclass(frozen=True)
class Row:
    """One (task, architecture, train length) group aggregated over its seeds."""

    task: str
    architecture: str
    train_length: int
    accuracy: dict[int, tuple[float, float] | None]  # multiple -> (best, median)
    longest_zero_error: tuple[int, float] | None  # (best, median)
    steps_to_solve_median: float | None
    seconds_to_solve_median: float | None
    runs_reached_zero_train_errors: int
    seeds_solved: int
    seeds_run: int

    def csv_record(self) -> dict[str, str | float | int]:
        """One CSV line keyed by CSV_COLUMNS: numbers, "" where missing."""
        out = {"task": self.task, "architecture": self.architecture}
        out["train_length"] = self.train_length
        pairs = [(f"acc_{k}x", self.accuracy[k]) for k in MULTIPLES]
        for name, pair in [*pairs, ("longest_zero_error", self.longest_zero_error)]:
            out[f"{name}_best"], out[f"{name}_median"] = pair or (None, None)
        out |= {key: getattr(self, key) for key in CSV_COLUMNS[-5:]}
        # Rounded, as 1 - seq_error leaves float noise (0.0040000000000000036).
        return {
            k: "" if v is None else round(v, 10) if isinstance(v, float) else v
            for k, v in out.items()
        }


def find_runs(root: str) -> tuple[list[str], list[str]]:
    """(finished, unfinished) run directories under root: any folder holding a config.json."""
    finished, skipped = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "config.json" not in filenames:
            continue
        info = _read_json(os.path.join(dirpath, "run.json")) if "run.json" in filenames else {}
        done = "eval.json" in filenames and info.get("finished") is True
        (finished if done else skipped).append(dirpath)
    return finished, skipped


def load_run(path: str) -> Run:
    """Reads one finished run directory (see the module docstring for the file format)."""
    config = _read_json(os.path.join(path, "config.json"))
    info = _read_json(os.path.join(path, "run.json"))
    seq_errors: dict[int, float] = {}
    adversarial: dict[tuple[str, int], float] = {}
    # Variants that only test longer inputs (e.g. the NRAM's larger memory) count as lengths.
    length_variants = set(config.get("benchmark", {}).get("length_variants", ()))
    for r in eval_files.read_records(path):
        error = r.get("greedy_seq_error", r.get("seq_error"))
        if not eval_files.tests_the_trained_task(r, length_variants) or error is None:
            continue
        eval_set, length = r.get("eval_set", "random"), int(r["length"])
        # Several records per length (e.g. one per nesting): keep the worst, conservatively.
        table = seq_errors if eval_set == "random" else adversarial
        key = length if eval_set == "random" else (eval_set, length)
        table[key] = max(float(error), table.get(key, 0.0))
    if not seq_errors:
        raise ValueError(f"{path}: eval.json has no random-set sequence errors")
    bench, model = config.get("benchmark", {}), config.get("model", {})
    encoding = f"[{model['positional_encoding']}]" if "positional_encoding" in model else ""
    task = config.get("task", {}).get("name", "unknown")
    curriculum = config.get("curriculum", {})
    fallback = [curriculum[k] for k in TRAIN_LENGTH_KEYS if curriculum.get(k) is not None]
    train_length = info.get("train_length") or next(iter(fallback), min(seq_errors))
    return Run(
        path=path,
        task=str(bench.get("task", task)),
        architecture=str(bench.get("architecture", model.get("name", "unknown") + encoding)),
        seed=config.get("seed"),
        train_length=int(train_length),
        seq_errors=seq_errors,
        adversarial=adversarial,
        first_solved_step=info.get("first_solved_step"),
        first_solved_s=info.get("first_solved_s"),
    )


def load_runs(root: str) -> list[Run]:
    """Every finished run under root (unfinished ones are left out)."""
    return [load_run(path) for path in find_runs(root)[0]]


def _groups(runs: Sequence[Run]) -> dict[tuple[str, str, int], list[Run]]:
    """Runs by (task, architecture, train length), sorted: the rows of every table. Runs of one
    task and architecture at different train lengths are different rows, not seeds of one."""
    groups: dict[tuple[str, str, int], list[Run]] = defaultdict(list)
    for run in runs:
        groups[run.task, run.architecture, run.train_length].append(run)
    return dict(sorted(groups.items()))


def _best_median(values: Sequence[float | None]) -> tuple[float, float] | None:
    """(max, median) of the values present, None if none: "best / median over seeds"."""
    present = [v for v in values if v is not None]
    return (max(present), statistics.median(present)) if present else None


def aggregate(runs: Sequence[Run]) -> list[Row]:
    """One Row per (task, architecture, train length), sorted in that order."""
    rows = []
    for (task, architecture, train_length), group in _groups(runs).items():
        longest = [r.longest_zero_error() for r in group]
        reached = [r for r in group if r.first_solved_step is not None]
        steps = [r.first_solved_step for r in reached]
        seconds = [r.first_solved_s for r in reached if r.first_solved_s is not None]
        # A run without any 0-error length counts as 0 in the median.
        zero = _best_median([n or 0 for n in longest]) if any(longest) else None
        rows.append(
            Row(
                task=task,
                architecture=architecture,
                train_length=train_length,
                accuracy={k: _best_median([r.accuracy(k) for r in group]) for k in MULTIPLES},
                longest_zero_error=zero,
                steps_to_solve_median=statistics.median(steps) if steps else None,
                seconds_to_solve_median=statistics.median(seconds) if seconds else None,
                runs_reached_zero_train_errors=len(reached),
                seeds_solved=sum(r.solved() for r in group),
                seeds_run=len(group),
            )
        )
    return rows


def aggregate_adversarial(runs: Sequence[Run]) -> list[tuple]:
    """(task, architecture, train length, eval_set, length, best, median accuracy, runs) per
    adversarial set."""
    out = []
    for (task, arch, train_length), group in _groups(runs).items():
        for key in sorted({key for r in group for key in r.adversarial}):
            accs = [1.0 - r.adversarial[key] for r in group if key in r.adversarial]
            out.append((task, arch, train_length, *key, *_best_median(accs), len(accs)))
    return out


def _num(value: float | None, digits: int = 0) -> str:
    """Markdown cell: "–" if missing, whole numbers without decimals unless digits are asked."""
    if value is None or digits or not float(value).is_integer():
        return "–" if value is None else f"{value:.{digits or 1}f}"
    return str(int(value))


def markdown_table(rows: Sequence[Row]) -> str:
    """The benchmark table in markdown, one line per Row."""
    head = ["task", "architecture", "train length"] + [f"acc {k}×" for k in MULTIPLES]
    head += ["longest 0-error length", "steps to 0 train errors", "seconds to 0 train errors"]
    lines = ["| " + " | ".join(head + ["seeds solved"]) + " |", "|---" * (len(head) + 1) + "|"]
    for row in rows:
        accs = [f"{a[0]:.3f} / {a[1]:.3f}" if a else "–" for a in row.accuracy.values()]
        z = row.longest_zero_error
        reached = f" ({row.runs_reached_zero_train_errors}/{row.seeds_run})"
        cells = [row.task, row.architecture, str(row.train_length), *accs]
        cells.append(f"{_num(z[0])} / {_num(z[1])}" if z else "–")
        cells.append(_num(row.steps_to_solve_median) + reached)
        cells.append(_num(row.seconds_to_solve_median, 1) + reached)
        cells.append(f"{row.seeds_solved}/{row.seeds_run}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_markdown(
    rows: Sequence[Row], runs: Sequence[Run], path: str, runs_dir: str, out_dir: str, skipped: int
) -> str:
    """Writes benchmark.md (command, legend, table, adversarial sets) to path; returns the text."""
    legend = f"""# Algorithmic benchmark

Generated by `{COMMAND.format(runs=runs_dir, out=out_dir)}` from the run directories under
`{runs_dir}`: {len(runs)} finished runs, {skipped} unfinished runs skipped.

## Legend

One row per task, architecture and train length; "best / median" over the seeds that evaluated
the length; "–": not evaluated / never reached.

- **task / architecture**: `task.name` / `model.name` (+ `[positional_encoding]` if the model
  has one); config keys `benchmark.task` and `benchmark.architecture` override them.
- **train length**: the curriculum's largest training length (run.json `train_length`, else the
  first of curriculum `{"`, `".join(TRAIN_LENGTH_KEYS)}`, else the smallest evaluated length).
- **acc k×**: sequence accuracy (1 - sequence error; random test set, no evaluation variant
  except those a run's config lists in `benchmark.length_variants`, e.g. the NRAM tasks' larger
  memory, and those that change only the evaluation, e.g. longer lengths scored afterwards) at
  k × train length, or at the nearest evaluated length within ±{TOLERANCE:.0%} of it. Greedy
  (free-running) sequence error is used where recorded; several records at one length (e.g. one
  per nesting) count with their largest error.
- **longest 0-error length**: the largest evaluated length with 0 sequence errors (a run
  without one counts as 0 in the median).
- **steps / seconds to 0 train errors**: median first step (wall-clock s) at which a probe at the
  curriculum's final difficulty had 0 sequence errors, over the (n/runs) runs that got there.
- **seeds solved**: runs with 0 sequence errors at 1× (if 1× was not evaluated: with 0 training
  errors) / runs.

"""
    text = legend + markdown_table(rows) + "\n"
    adversarial = [
        f"| {task} | {arch} | {train} | {eval_set} | {length} | {best:.3f} / {median:.3f} | {n} |"
        for task, arch, train, eval_set, length, best, median, n in aggregate_adversarial(runs)
    ]
    if adversarial:
        head = "| task | architecture | train length | test set | length | accuracy best / median "
        text += "\n".join(
            ["\n## Adversarial test sets\n", head + "| runs |", "|---" * 7 + "|", *adversarial, ""]
        )
    with open(path, "w") as f:
        f.write(text)
    return text


def write_csv(rows: Sequence[Row], path: str) -> None:
    """Writes benchmark.csv: one numeric column per quantity (empty = missing)."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(row.csv_record() for row in rows)


def _task_label(row: Row, rows: Sequence[Row]) -> str:
    """The heatmap's row name: the task, with its train length if the task has several."""
    lengths = {r.train_length for r in rows if r.task == row.task}
    return row.task if len(lengths) == 1 else f"{row.task} (train {row.train_length})"


def heatmap_cells(rows: Sequence[Row]) -> tuple[list[str], list[str], np.ndarray, list[list[str]]]:
    """(task rows, architectures, best accuracy at the largest evaluated multiple >= 2, labels);
    a task trained at several lengths gets one heatmap row per train length."""
    named = {(r.task, r.train_length): _task_label(r, rows) for r in rows}
    tasks = [named[key] for key in sorted(named)]
    archs = sorted({r.architecture for r in rows})
    values = np.full((len(tasks), len(archs)), np.nan)
    labels = [["–"] * len(archs) for _ in tasks]
    for row in rows:
        evaluated = [k for k in MULTIPLES[1:] if row.accuracy[k] is not None]
        if evaluated:
            i = tasks.index(named[row.task, row.train_length])
            j, k = archs.index(row.architecture), evaluated[-1]
            values[i, j] = row.accuracy[k][0]
            labels[i][j] = f"{values[i, j]:.2f} @{k}×"
    return tasks, archs, values, labels


def draw_heatmap(rows: Sequence[Row], path: str) -> None:
    """Writes the task x architecture generalization heatmap PNG (gray = not evaluated)."""
    tasks, archs, values, labels = heatmap_cells(rows)
    fig, ax = plt.subplots(figsize=(2 + 1.6 * len(archs), 1.5 + 0.6 * len(tasks)))
    cmap = plt.get_cmap("viridis").with_extremes(bad="lightgray")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0.0, vmax=1.0, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        dark = np.isnan(value) or value > 0.6  # black text on gray and on light colors
        ax.text(j, i, labels[i][j], ha="center", va="center", color="k" if dark else "w")
    ax.set_xticks(range(len(archs)), archs, rotation=30, ha="right")
    ax.set_yticks(range(len(tasks)), tasks)
    fig.colorbar(image, ax=ax, label="sequence accuracy")
    title = "Best-seed sequence accuracy at the largest evaluated multiple\n(2×, 10× or 100×) of"
    ax.set_title(title + " the train length; gray: none evaluated", fontsize=10)
    figures.save(fig, path)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Command line: writes benchmark.{md,csv,png} into --out and prints the table."""
    parser = argparse.ArgumentParser(prog="algolearn.benchmark", description=__doc__)
    parser.add_argument("--runs", required=True, help="directory holding run directories")
    parser.add_argument("--out", default=None, help="output directory (default: --runs)")
    args = parser.parse_args(argv)
    out = args.out or args.runs
    if not os.path.isdir(args.runs):
        raise SystemExit(f"--runs={args.runs} is not a directory")
    finished, skipped = find_runs(args.runs)
    for path in skipped:
        print(f"skipped (unfinished): {path}")
    if not finished:
        raise SystemExit(f"no finished runs (config.json + eval.json + run.json) under {args.runs}")
    runs = [load_run(path) for path in finished]
    rows = aggregate(runs)
    os.makedirs(out, exist_ok=True)
    paths = [os.path.join(out, f"benchmark.{ext}") for ext in ("md", "csv", "png")]
    write_markdown(rows, runs, paths[0], args.runs, out, len(skipped))
    write_csv(rows, paths[1])
    draw_heatmap(rows, paths[2])
    print("wrote " + ", ".join(paths))
    print(markdown_table(rows))
    return rows


def _read_json(path: str) -> Any:
    """Parsed JSON file; a broken file raises a ValueError naming it."""
    try:
        with open(path) as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e})") from e


if __name__ == "__main__":
    main()
