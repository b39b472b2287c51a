"""NRAM: error vs test complexity per task, fuzzy and discretized (Kurach et al. 2015, Table 1).

Reads every run directory under --runs (config.json + eval.json of experiments/nram/*.py runs),
prints a markdown table (train error at the worst training size, error at the largest test
complexity, fuzzy and discretized, seeds converged in both modes and discretized only) and
draws error (wrong cells among scored cells) against the size.
Each task also gets the error of a machine that leaves memory unchanged (black, dotted): the
floor a useless circuit reaches. It is low where few scored cells change (Swap changes 2 of
n, so 2/n), which a raw error curve would otherwise pass off as generalization.

  python experiments/figures/nram_generalization.py --runs=runs/nram \
      --out=experiments/figures/nram_generalization.png [--at_selected]

--at_selected draws each run at the checkpoint `algolearn.select_checkpoint` chose on its
training sizes, where it has one (otherwise its final model).
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from algolearn import figures, tasks  # noqa: E402

Key = tuple[str, str]  # (task, controller)


def load(runs: str, at_selected: bool = False) -> dict[Key, list[dict]]:
    """(task, controller) -> one dict per finished run: {seed, train_size, curves: {mode:
    {length: error}}}.

    mode "fuzzy" holds the training-memory and "large" variants, "discretized" both
    discretized ones. The training size is the largest of the run's own eval.lengths (the
    smallest length when the config has none).
    """
    out: dict[Key, list[dict]] = defaultdict(list)
    for _, config, records in figures.evaluated_runs(runs, at_selected):
        curves: dict[str, dict[int, float]] = defaultdict(dict)
        for r in records:
            variant = r.get("variant", "fuzzy")
            mode = "discretized" if "discretized" in variant else "fuzzy"
            curves[mode][r["length"]] = r["digit_error"]
        controller = config.get("model", {}).get("controller", "mlp")
        own = config.get("eval", {}).get("lengths") or [min(curves["fuzzy"])]
        large = config.get("eval", {}).get("variants", {}).get("large", {}).get("task", {})
        out[config["task"]["name"], controller].append(
            {
                "seed": config["seed"],
                "train_size": max(own),
                "curves": dict(curves),
                "task": {**config["task"], **large},  # the largest memory it was tested on
            }
        )
    for key in out:
        out[key].sort(key=lambda run: run["seed"])
    return out


def unchanged_error(task: dict, size: int, num_examples: int = 256) -> float:
    """Error of leaving memory as it is: scored cells whose target differs from the initial
    memory, on a fixed sample of `task` (its config dict) at `size`."""
    options = {k: v for k, v in task.items() if k != "name"}
    layout = tasks.get(task["name"], **options)
    if layout.cells_needed(size) > layout.memory_size:  # a config tested at sizes beyond it
        options["memory_size"] = layout.cells_needed(size)
        layout = tasks.get(task["name"], **options)
    batch = layout.sample(np.random.default_rng(0), num_examples, size)
    mask = np.asarray(batch.mask, bool)
    return float(((batch.inputs != batch.targets) & mask).sum() / mask.sum())


def converged(run: dict, modes: tuple[str, ...] = ("fuzzy", "discretized")) -> bool:
    """Error 0 at every evaluated size, training sizes and test sizes, in every mode of
    `modes` (by default fuzzy and discretized: Table 1's bar)."""
    curves = [run["curves"].get(mode, {}) for mode in modes]
    return all(curve and max(curve.values()) == 0.0 for curve in curves)


def worst_up_to(curve: dict[int, float], size: int) -> float:
    """The largest error at any evaluated size <= `size` (nan if none)."""
    errors = [e for n, e in curve.items() if n <= size]
    return max(errors) if errors else np.nan


def table(results: dict[Key, list[dict]]) -> str:
    lines = [
        "| task | controller | seed | train error, worst size (fuzzy / discretized) | "
        "largest size | "
        "error there (fuzzy / discretized) | memory unchanged there | converged |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (task, controller), runs in sorted(results.items()):
        for run in runs:
            fuzzy, disc = run["curves"].get("fuzzy", {}), run["curves"].get("discretized", {})
            small, large = run["train_size"], max(fuzzy)
            lines.append(
                f"| {task} | {controller} | {run['seed']} | {worst_up_to(fuzzy, small):.3f} / "
                f"{worst_up_to(disc, small):.3f} | {large} | {fuzzy[large]:.3f} / "
                f"{disc.get(large, np.nan):.3f} | {unchanged_error(run['task'], large):.3f} | "
                f"{'yes' if converged(run) else 'no'} |"
            )
    lines += [
        "",
        "| task | controller | seeds converged (fuzzy and discretized) | discretized only |",
        "|---|---|---|---|",
    ]
    for (task, controller), runs in sorted(results.items()):
        both = sum(converged(run) for run in runs)
        disc = sum(converged(run, ("discretized",)) for run in runs)
        lines.append(f"| {task} | {controller} | {both} of {len(runs)} | {disc} of {len(runs)} |")
    return "\n".join(lines)


def plot(results: dict[Key, list[dict]], out: str) -> None:
    if not results:
        raise SystemExit("no finished runs found")
    controllers = sorted({controller for _, controller in results})
    tasks = sorted({task for task, _ in results})
    fig, axes = plt.subplots(
        1, len(controllers), figsize=(6.5 * len(controllers), 4), squeeze=False, sharey=True
    )
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, controller in zip(axes[0], controllers, strict=True):
        for color, task in zip(colors, tasks, strict=False):
            runs = results.get((task, controller), [])
            for run in runs:
                for mode, style in (("fuzzy", "-o"), ("discretized", "--x")):
                    curve = run["curves"].get(mode, {})
                    xs = sorted(curve)
                    label = f"{task.removeprefix('nram_')} {mode}" if run is runs[0] else None
                    ax.plot(xs, [curve[x] for x in xs], style, color=color, label=label, alpha=0.7)
            if runs:
                xs = sorted(runs[0]["curves"]["fuzzy"])
                baseline = [unchanged_error(runs[0]["task"], x) for x in xs]
                label = f"{task.removeprefix('nram_')} memory unchanged"
                ax.plot(xs, baseline, ":", color="black", label=label, linewidth=1.5, zorder=5)
        ax.set_xlabel("test complexity (array / list size)")
        ax.set_ylim(-0.02, 1.02)
        ax.set_title(f"{controller.upper()} controller (one line per seed)")
        ax.legend(fontsize=7, ncol=2)
    axes[0][0].set_ylabel("error (wrong scored cells)")
    trained = sorted({run["train_size"] for runs in results.values() for run in runs})
    tested = max(max(run["curves"]["fuzzy"]) for runs in results.values() for run in runs)
    sizes = ", ".join(map(str, trained))
    fig.suptitle(f"NRAM generalization: trained to size {sizes}, tested to {tested}")
    figures.save(fig, out)


if __name__ == "__main__":
    figures.main(load, table, plot, "runs/nram", "experiments/figures/nram_generalization.png")
