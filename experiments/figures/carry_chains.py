"""Price et al. (2016): error vs carry-chain length, random training data vs training with hard
(carry-heavy) examples, and the fraction of seeds that succeed per configuration.

Reads every finished run under --runs whose eval.json holds records with a "carry" key (the
`carry` eval variant of experiments/neural_gpu/ks2015_badd{,_carry}.py: the test set of
badd_carry with one chain of exactly c positions per example). A configuration is the training
task (badd = random data, badd_carry = hard examples) and the architecture; a seed succeeds when
it makes 0 sequence errors on random operands at its largest evaluated length (a carry-trained
run's `random` variant; its own carry-heavy test set only when it has none). The seeds panel
also counts the seeds with 0 errors at the shortest such length (the training length in the
K&S protocol), which separates seeds that learned addition from seeds that never did.

  python experiments/figures/carry_chains.py --runs=runs/ks2015 \
      --out=experiments/figures/ks2015_carry_chains.png
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from algolearn import figures  # noqa: E402

TRAINING = {"badd": "random", "qadd": "random", "add": "random"}


def configuration(config: dict) -> str:
    task = config["task"]["name"]
    data = TRAINING.get(task, "hard (carry-heavy)" if task.endswith("_carry") else task)
    model = config.get("benchmark", {}).get("architecture") or config["model"]["name"]
    return f"{model}, {data} data"


def random_operand_records(records: list[dict]) -> list[dict]:
    """The records that decide success: random operands (task without the _carry suffix, e.g.
    a carry-trained run's `random` variant), else the run's own random test set."""
    plain = [r for r in records if r["eval_set"] == "random" and "carry" not in r]
    uniform = [r for r in plain if not r.get("task", "").endswith("_carry")]
    return uniform or [r for r in plain if "variant" not in r]


def load(runs: str) -> dict[str, list[dict]]:
    """configuration -> one dict per run: {seed, carry: {c: seq error}, length, solved}."""
    out: dict[str, list[dict]] = defaultdict(list)
    for _, config, records in figures.evaluated_runs(runs):
        carry = {r["carry"]: r["seq_error"] for r in records if "carry" in r}
        plain = random_operand_records(records)
        if not carry or not plain:
            continue
        longest = max(plain, key=lambda r: r["length"])
        shortest = min(plain, key=lambda r: r["length"])
        out[configuration(config)].append(
            {
                "seed": config["seed"],
                "carry": carry,
                "length": longest["length"],
                "solved": longest["seq_error"] == 0.0,
                "shortest_length": shortest["length"],
                "solved_shortest": shortest["seq_error"] == 0.0,
                "carry_length": next(r["length"] for r in records if "carry" in r),
            }
        )
    return dict(out)


def table(results: dict[str, list[dict]]) -> str:
    lines = [
        "| configuration | random-operand test lengths | seeds with 0 errors: shortest / longest"
        " length | sequence error by carry-chain length (median) |",
        "|---|---|---|---|",
    ]
    for name, runs in sorted(results.items()):
        chains = sorted(set().union(*(r["carry"] for r in runs)))
        cells = ", ".join(
            f"{c}: {np.median([r['carry'][c] for r in runs if c in r['carry']]):.3f}"
            for c in chains
        )
        lengths = sorted({r["shortest_length"] for r in runs} | {r["length"] for r in runs})
        solved = sum(r["solved"] for r in runs)
        shortest = sum(r["solved_shortest"] for r in runs)
        n = len(runs)
        lines.append(
            f"| {name} | {', '.join(map(str, lengths))} | {shortest}/{n} / {solved}/{n} | {cells} |"
        )
    return "\n".join(lines)


def plot(results: dict[str, list[dict]], out: str) -> None:
    if not results:
        raise SystemExit("no finished runs with carry-chain records found")
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), width_ratios=(3, 2))
    names = sorted(results)
    for name in names:
        runs = results[name]
        chains = sorted(set().union(*(r["carry"] for r in runs)))
        per = [[r["carry"][c] for r in runs if c in r["carry"]] for c in chains]
        (line,) = left.plot(chains, [np.median(p) for p in per], "-o", ms=4, label=name)
        left.fill_between(
            chains, [min(p) for p in per], [max(p) for p in per], color=line.get_color(), alpha=0.15
        )
    length = results[names[0]][0]["carry_length"]
    left.set_xlabel(f"carry-chain length (test length {length})")
    left.set_ylabel("sequence error")
    left.set_ylim(-0.03, 1.03)
    left.set_title("Error vs carry-chain length (median, band: best to worst seed)")
    left.legend(fontsize=7, loc="center left")  # lines sit near 0 and 1
    rows = np.arange(len(names))
    for offset, key, label, color in (
        (0.2, "solved_shortest", "shortest test length", "tab:olive"),
        (-0.2, "solved", "longest test length", "tab:green"),
    ):
        counts = [sum(r[key] for r in results[n]) for n in names]
        sizes = [len(results[n]) for n in names]
        right.barh(rows + offset, np.divide(counts, sizes), 0.4, color=color, label=label)
        for row, count, size in zip(rows, counts, sizes, strict=True):  # 0 of n is a result
            right.text(0.02, row + offset, f"{count}/{size}", va="center", fontsize=8)
    right.set_yticks(rows, names, fontsize=7)
    right.set_xlim(0, 1)
    right.set_xlabel("fraction of seeds with 0 errors on random operands")
    right.legend(fontsize=7, loc="lower right")
    right.set_title("Seeds that succeed")
    figures.save(fig, out)


if __name__ == "__main__":
    figures.main(load, table, plot, "runs/carry", "experiments/figures/carry_chains.png")
