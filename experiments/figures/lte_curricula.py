"""Learning to Execute: accuracy per curriculum strategy (Zaremba & Sutskever 2014, Fig. 5-7).

Reads every run directory under --runs (config.json + eval.json), groups the runs by
curriculum strategy, and draws teacher-forced and greedy (free-running) character accuracy at
the target difficulty, one dot per seed and a bar for the mean. Also prints a markdown table.

  python experiments/figures/lte_curricula.py --runs=runs/lte_curricula \
      --out=experiments/figures/lte_curricula.png
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from algolearn import figures  # noqa: E402

STRATEGIES = ("baseline", "naive", "mix", "combined")


def load(runs: str) -> dict[str, list[dict]]:
    """strategy -> [{seed, char_acc, greedy_char_acc, greedy_seq_acc, steps}] of finished runs."""
    out: dict[str, list[dict]] = defaultdict(list)
    for workdir, config, all_records in figures.evaluated_runs(runs):
        records = [r for r in all_records if r["eval_set"] == "random"]
        target = records[-1]  # the hardest evaluated difficulty
        out[config["curriculum"]["name"]].append(
            {
                "seed": config["seed"],
                "workdir": workdir,
                "char_acc": 1 - target["digit_error"],
                "greedy_char_acc": 1 - target["greedy_digit_error"],
                "greedy_seq_acc": 1 - target["greedy_seq_error"],
                "steps": config["train"]["num_steps"],
                "target": {k: target[k] for k in ("length", "nesting") if k in target},
            }
        )
    return out


def table(results: dict[str, list[dict]]) -> str:
    lines = [
        "| strategy | seeds | teacher-forced char acc | greedy char acc | greedy program acc |",
        "|---|---|---|---|---|",
    ]
    for name in STRATEGIES:
        rows = results.get(name, [])
        if not rows:
            continue

        def cell(key, rows=rows):
            values = [r[key] for r in rows]
            return f"{np.mean(values):.3f} ({', '.join(f'{v:.3f}' for v in values)})"

        lines.append(
            f"| {name} | {len(rows)} | {cell('char_acc')} | {cell('greedy_char_acc')} | "
            f"{cell('greedy_seq_acc')} |"
        )
    return "\n".join(lines)


def plot(results: dict[str, list[dict]], out: str) -> None:
    names = [n for n in STRATEGIES if results.get(n)]
    if not names:
        raise SystemExit("no finished runs found")
    fig, ax = plt.subplots(figsize=(6.5, 4))
    width = 0.38
    for offset, key, label in [
        (-width / 2, "char_acc", "teacher-forced (paper's metric)"),
        (width / 2, "greedy_char_acc", "greedy decoding"),
    ]:
        means = [np.mean([r[key] for r in results[n]]) for n in names]
        xs = np.arange(len(names)) + offset
        ax.bar(xs, means, width, label=label, alpha=0.7)
        for x, n in zip(xs, names, strict=True):
            values = [r[key] for r in results[n]]
            ax.plot([x] * len(values), values, "k.", markersize=5)
    target = results[names[0]][0]["target"]
    steps = results[names[0]][0]["steps"]
    ax.set_xticks(np.arange(len(names)), names)
    ax.set_ylabel("character accuracy at the target")
    ax.set_ylim(0, 1)
    ax.set_title(f"lte_program, target {target}, {steps} steps (dots: seeds)")
    ax.legend(loc="lower right", fontsize=8)
    figures.save(fig, out)


if __name__ == "__main__":
    figures.main(load, table, plot, "runs/lte_curricula", "experiments/figures/lte_curricula.png")
