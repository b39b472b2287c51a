"""NRAM: error vs test complexity per task, fuzzy and discretized (Kurach et al. 2015, Table 1).

Reads every run directory under --runs (config.json + eval.json of experiments/nram/*.py runs),
prints a markdown table (train error, error at the largest test complexity, fuzzy and
discretized, seeds converged) and draws error (wrong cells among scored cells) against the size.

  python experiments/figures/nram_generalization.py --runs=runs/nram \
      --out=experiments/figures/nram_generalization.png
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from algolearn import figures  # noqa: E402


def load(runs: str) -> dict[str, list[dict]]:
    """task -> one dict per finished run: {seed, curves: {variant: {length: error}}}."""
    out: dict[str, list[dict]] = defaultdict(list)
    for _, config, records in figures.evaluated_runs(runs):
        curves: dict[str, dict[int, float]] = defaultdict(dict)
        for r in records:
            variant = r.get("variant", "fuzzy")
            mode = "discretized" if "discretized" in variant else "fuzzy"
            curves[mode][r["length"]] = r["digit_error"]
        out[config["task"]["name"]].append({"seed": config["seed"], "curves": dict(curves)})
    return out


def table(results: dict[str, list[dict]]) -> str:
    lines = [
        "| task | seed | train error (fuzzy / discretized) | largest size | error there "
        "(fuzzy / discretized) |",
        "|---|---|---|---|---|",
    ]
    for task, runs in sorted(results.items()):
        for run in runs:
            fuzzy, disc = run["curves"].get("fuzzy", {}), run["curves"].get("discretized", {})
            small, large = min(fuzzy), max(fuzzy)
            lines.append(
                f"| {task} | {run['seed']} | {fuzzy[small]:.3f} / {disc.get(small, np.nan):.3f} "
                f"| {large} | {fuzzy[large]:.3f} / {disc.get(large, np.nan):.3f} |"
            )
    return "\n".join(lines)


def plot(results: dict[str, list[dict]], out: str) -> None:
    if not results:
        raise SystemExit("no finished runs found")
    fig, ax = plt.subplots(figsize=(7, 4))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for color, (task, runs) in zip(colors, sorted(results.items()), strict=False):
        for run in runs:
            for mode, style in (("fuzzy", "-o"), ("discretized", "--x")):
                curve = run["curves"].get(mode, {})
                xs = sorted(curve)
                label = f"{task.removeprefix('nram_')} {mode}" if run is runs[0] else None
                ax.plot(xs, [curve[x] for x in xs], style, color=color, label=label, alpha=0.8)
    ax.set_xlabel("test complexity (array / list size)")
    ax.set_ylabel("error (wrong scored cells)")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=7, ncol=2)
    ax.set_title("NRAM generalization (one line per seed)")
    figures.save(fig, out)


if __name__ == "__main__":
    figures.main(load, table, plot, "runs/nram", "experiments/figures/nram_generalization.png")
