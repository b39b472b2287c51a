"""Sequence error vs test length, per task and architecture (Kaiser & Sutskever Table 1 as a
figure: the Neural GPU against the baselines, trained short and tested long).

Reads every finished run under --runs (config.json + eval.json), takes the random-set records
(no adversarial set, no variant but those in the config's benchmark.length_variants and those
that change only the evaluation, e.g. longer test lengths scored after training; free-running
greedy error where the model decodes), and draws
one panel per task: the median over seeds against the length, the band from best to worst seed.
A run trained on Price et al.'s hard examples (task `<task>_carry` with a `random` eval variant)
is drawn on `<task>`'s panel as "<architecture>, hard examples", scored on random operands.

  python experiments/figures/error_vs_length.py --runs=runs/sweeps/benchmark \
      --out=experiments/figures/error_vs_length.png
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as ticker  # noqa: E402
import numpy as np  # noqa: E402

from algolearn import figures  # noqa: E402
from algolearn.evaluation import eval_files  # noqa: E402

Curves = dict[str, dict[str, list[dict[int, float]]]]  # task -> architecture -> per-seed curves
# Two-operand arithmetic tasks: length 2k + 1 holds two k-digit operands (41 = 20 bits).
OPERAND_TASKS = {
    f"{t}{s}" for t in ("badd", "qadd", "add", "bmul", "qmul", "mul") for s in ("", "_carry")
}


def architecture(config: dict) -> str:
    """The benchmark's label if the run has one, else the model name."""
    return config.get("benchmark", {}).get("architecture") or config["model"]["name"]


def load(runs: str) -> Curves:
    out: Curves = defaultdict(lambda: defaultdict(list))
    for _, config, records in figures.evaluated_runs(runs):
        task, arch = config["task"]["name"], architecture(config)

        length_variants = config.get("benchmark", {}).get("length_variants", ())
        random_only = task.endswith("_carry") and any(r.get("variant") == "random" for r in records)
        if random_only:  # its own evaluation is the carry-heavy test: draw its random operands
            task, arch = task.removesuffix("_carry"), f"{arch}, hard examples"
        curve: dict[int, float] = {}
        for r in records:
            if r.get("eval_set", "random") != "random":
                continue
            # Variants that only test longer inputs (e.g. a larger NRAM memory) count as lengths.
            if random_only and r.get("variant") != "random":
                continue
            if not random_only and not eval_files.tests_the_trained_task(r, length_variants):
                continue
            error = r.get("greedy_seq_error", r["seq_error"])
            curve[r["length"]] = max(curve.get(r["length"], 0.0), error)  # worst over params
        if curve:
            out[task][arch].append(curve)
    return {task: dict(archs) for task, archs in out.items()}


def table(results: Curves) -> str:
    lines = ["| task | architecture | seeds | sequence error by length (median over seeds) |"]
    lines.append("|---|---|---|---|")
    for task, archs in sorted(results.items()):
        for arch, curves in sorted(archs.items()):
            lengths = sorted(set().union(*curves))
            cells = ", ".join(
                f"{n}: {np.median([c[n] for c in curves if n in c]):.3f}" for n in lengths
            )
            lines.append(f"| {task} | {arch} | {len(curves)} | {cells} |")
    return "\n".join(lines)


def plot(results: Curves, out: str) -> None:
    if not results:
        raise SystemExit("no finished runs found")
    width = max(6.5, 5 * len(results))
    fig, axes = plt.subplots(1, len(results), figsize=(width, 4.2), squeeze=False)
    # One style per architecture across every panel (colour, marker, size).
    style = {a: i for i, a in enumerate(sorted({a for archs in results.values() for a in archs}))}
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, (task, archs) in zip(axes[0], sorted(results.items()), strict=True):
        # Curves often coincide (e.g. all at error 1.0): earlier ones get bigger hollow markers.
        for arch, curves in sorted(archs.items()):
            i = style[arch]
            lengths = sorted(set().union(*curves))
            per = [[c[n] for c in curves if n in c] for n in lengths]
            median = [np.median(p) for p in per]
            (line,) = ax.plot(
                lengths,
                median,
                "-" + "osD^vP"[i % 6],
                label=f"{arch} ({len(curves)})",
                ms=max(3, 10 - 2 * i),
                mfc="none",
                lw=max(1.0, 3 - 0.5 * i),
                color=colors[i % len(colors)],
            )
            lo, hi = [min(p) for p in per], [max(p) for p in per]
            ax.fill_between(lengths, lo, hi, color=line.get_color(), alpha=0.15)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(ticker.ScalarFormatter())  # 41, 401: not 4x10^1
        ax.xaxis.set_minor_formatter(ticker.NullFormatter())
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel("test length")
        ax.set_ylabel("sequence error")
        ax.set_title(task)
        if task in OPERAND_TASKS:  # Kaiser & Sutskever's axis: digits per operand
            top = ax.secondary_xaxis("top", functions=(lambda n: (n - 1) / 2, lambda k: 2 * k + 1))
            top.set_xlabel("digits per operand", fontsize=8)
            top.xaxis.set_major_formatter(ticker.ScalarFormatter())
            top.xaxis.set_minor_formatter(ticker.NullFormatter())
        ax.legend(fontsize=7)
    fig.suptitle("Sequence error vs test length\n(median over seeds; band: best to worst seed)")
    figures.save(fig, out)


if __name__ == "__main__":
    figures.main(
        load, table, plot, "runs/sweeps/benchmark", "experiments/figures/error_vs_length.png"
    )
