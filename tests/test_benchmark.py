"""algolearn.benchmark: every table column on synthetic run directories with known numbers."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from algolearn import benchmark

REPO = Path(__file__).resolve().parents[1]
NGPU = {"name": "neural_gpu", "filters": 24}
TRANSFORMER = {"name": "transformer", "positional_encoding": "randomized"}


def rec(length: int, seq_error: float, **extra: Any) -> dict:
    """One eval.json record on the random set (extra keys override or add)."""
    return {"task": "t", "eval_set": "random", "length": length, "seq_error": seq_error, **extra}


def write_run(
    path: Path,
    records: list[dict] | None,
    model: dict,
    task: str = "badd",
    seed: int = 0,
    curriculum: dict | None = None,
    info: dict | None = None,
    **config: Any,
) -> None:
    """A run directory: config.json, run.json (if info) and eval.json (if records)."""
    path.mkdir(parents=True)
    full = {"seed": seed, "task": {"name": task}, "model": model, **config}
    full["curriculum"] = curriculum or {"name": "length", "max_length": 99}
    (path / "config.json").write_text(json.dumps(full))
    if info is not None:
        (path / "run.json").write_text(json.dumps({"finished": True, "step": 10, **info}))
    if records is not None:
        (path / "eval.json").write_text(json.dumps(records))


def solved_info(step: int | None, seconds: float | None, **extra: Any) -> dict:
    """run.json fields about reaching 0 training errors."""
    return {"first_solved_step": step, "first_solved_s": seconds, "wall_clock_s": 99.0, **extra}


def make_runs(root: Path) -> None:
    """Five (task, architecture, train length) groups with known numbers plus three unfinished
    runs."""
    # badd / neural_gpu, train length 10 (run.json), 3 seeds; seed 2 never solves.
    s0 = [rec(10, 0.0), rec(20, 0.0), rec(100, 0.1), rec(1000, 0.5)]
    s0 += [rec(10, 1.0, eval_set="all_max"), rec(20, 1.0, variant="discretized")]  # ignored
    s1 = [rec(10, 0.0), rec(20, 0.0, greedy_seq_error=0.2)]  # greedy counts: acc 0.8
    s1 += [rec(100, 0.1, nesting=1), rec(100, 0.3, nesting=2), rec(1000, 1.0)]  # worst: 0.3
    s1 += [rec(10, 0.5, eval_set="all_max")]
    s2 = [rec(10, 0.4), rec(20, 0.6), rec(100, 0.9), rec(1000, 1.0)]
    for seed, records, step, seconds in [
        (0, s0, 100, 10.0),
        (1, s1, 300, 30.0),
        (2, s2, None, None),
    ]:
        info = solved_info(step, seconds, train_length=10)
        write_run(root / "badd" / "ngpu" / f"s{seed}", records, NGPU, seed=seed, info=info)
    # badd / neural_gpu again, trained at length 21: its own row, not a fourth seed of the above.
    long = [rec(21, 0.0), rec(42, 0.5), rec(210, 1.0), rec(10, 1.0, eval_set="all_max")]
    info = solved_info(900, 90.0, train_length=21)
    write_run(root / "badd" / "ngpu21" / "s0", long, NGPU, info=info)
    # badd / transformer[randomized], train length 41 (run.json, then curriculum.max_length):
    # 2x = 82 and 10x = 410 only nearly evaluated (80 and 400, within 10%; 86 is farther).
    t0 = [rec(41, 0.0), rec(80, 0.5), rec(86, 0.0), rec(400, 1.0)]
    t1 = [rec(41, 0.0), rec(80, 0.25), rec(400, 0.75), rec(4600, 0.0)]  # 4600: >10% off 4100
    write_run(root / "tr0", t0, TRANSFORMER, info=solved_info(500, 50.0, train_length=41))
    curriculum = {"name": "length", "min_length": 3, "max_length": 41}
    write_run(
        root / "deep/er/tr1",
        t1,
        TRANSFORMER,
        seed=1,
        curriculum=curriculum,
        info=solved_info(700, 90.0),
    )
    # lte_program / architecture override, train length from curriculum "length" (before
    # "target_length"); 1x (5) and 2x (10) not evaluated, so "solved" comes from training.
    write_run(
        root / "lte",
        [rec(8, 0.0), rec(50, 0.2)],
        {"name": "lstm"},
        task="lte_program",
        curriculum={"name": "mix", "length": 5, "target_length": 7},
        info=solved_info(40, 4.0),
        benchmark={"architecture": "lstm-ours"},
    )
    # copy (task override) / lstm: no length key anywhere, so train length = smallest evaluated.
    write_run(
        root / "copy",
        [rec(8, 1.0), rec(4, 0.5)],
        {"name": "lstm"},
        task="copy_v2",
        curriculum={"name": "fixed"},
        info=solved_info(None, None),
        benchmark={"task": "copy"},
    )
    # Unfinished: run.json says so; no eval.json; no run.json.
    zero = [rec(10, 0.0)]
    write_run(root / "badd" / "ngpu" / "s3", zero, NGPU, info={"finished": False, "step": 5})
    write_run(root / "no_eval", None, NGPU, info={"step": 10})
    write_run(root / "no_run_json", zero, NGPU)


# task, architecture, train length -> every CSV column (None = empty).
EXPECTED = {
    ("badd", "neural_gpu", 10): dict(
        train_length=10,
        acc_1x_best=1.0, acc_1x_median=1.0,
        acc_2x_best=1.0, acc_2x_median=0.8,
        acc_10x_best=0.9, acc_10x_median=0.7,
        acc_100x_best=0.5, acc_100x_median=0.0,
        longest_zero_error_best=20, longest_zero_error_median=10,
        steps_to_solve_median=200, seconds_to_solve_median=20.0, runs_reached_zero_train_errors=2,
        seeds_solved=2, seeds_run=3,
    ),
    ("badd", "neural_gpu", 21): dict(
        train_length=21,
        acc_1x_best=1.0, acc_1x_median=1.0,
        acc_2x_best=0.5, acc_2x_median=0.5,
        acc_10x_best=0.0, acc_10x_median=0.0,
        acc_100x_best=None, acc_100x_median=None,
        longest_zero_error_best=21, longest_zero_error_median=21,
        steps_to_solve_median=900, seconds_to_solve_median=90.0, runs_reached_zero_train_errors=1,
        seeds_solved=1, seeds_run=1,
    ),
    ("badd", "transformer[randomized]", 41): dict(
        train_length=41,
        acc_1x_best=1.0, acc_1x_median=1.0,
        acc_2x_best=0.75, acc_2x_median=0.625,
        acc_10x_best=0.25, acc_10x_median=0.125,
        acc_100x_best=None, acc_100x_median=None,
        longest_zero_error_best=4600, longest_zero_error_median=2343,
        steps_to_solve_median=600, seconds_to_solve_median=70.0, runs_reached_zero_train_errors=2,
        seeds_solved=2, seeds_run=2,
    ),
    ("copy", "lstm", 4): dict(
        train_length=4,
        acc_1x_best=0.5, acc_1x_median=0.5,
        acc_2x_best=0.0, acc_2x_median=0.0,
        acc_10x_best=None, acc_10x_median=None,
        acc_100x_best=None, acc_100x_median=None,
        longest_zero_error_best=None, longest_zero_error_median=None,
        steps_to_solve_median=None, seconds_to_solve_median=None, runs_reached_zero_train_errors=0,
        seeds_solved=0, seeds_run=1,
    ),
    ("lte_program", "lstm-ours", 5): dict(
        train_length=5,
        acc_1x_best=None, acc_1x_median=None,
        acc_2x_best=None, acc_2x_median=None,
        acc_10x_best=0.8, acc_10x_median=0.8,
        acc_100x_best=None, acc_100x_median=None,
        longest_zero_error_best=8, longest_zero_error_median=8,
        steps_to_solve_median=40, seconds_to_solve_median=4.0, runs_reached_zero_train_errors=1,
        seeds_solved=1, seeds_run=1,
    ),
}  # fmt: skip
MD_ROWS = [
    "| badd | neural_gpu | 10 | 1.000 / 1.000 | 1.000 / 0.800 | 0.900 / 0.700 | 0.500 / 0.000 "
    "| 20 / 10 | 200 (2/3) | 20.0 (2/3) | 2/3 |",
    "| badd | neural_gpu | 21 | 1.000 / 1.000 | 0.500 / 0.500 | 0.000 / 0.000 | – "
    "| 21 / 21 | 900 (1/1) | 90.0 (1/1) | 1/1 |",
    "| badd | transformer[randomized] | 41 | 1.000 / 1.000 | 0.750 / 0.625 | 0.250 / 0.125 | – "
    "| 4600 / 2343 | 600 (2/2) | 70.0 (2/2) | 2/2 |",
    "| copy | lstm | 4 | 0.500 / 0.500 | 0.000 / 0.000 | – | – | – | – (0/1) | – (0/1) | 0/1 |",
    "| lte_program | lstm-ours | 5 | – | – | 0.800 / 0.800 | – | 8 / 8 | 40 (1/1) | 4.0 (1/1) "
    "| 1/1 |",
]


@pytest.fixture
def runs_dir(tmp_path: Path) -> Path:
    make_runs(tmp_path / "runs")
    return tmp_path / "runs"


def read_csv(path: Path) -> dict[tuple[str, str, int], dict[str, str]]:
    with open(path, newline="") as f:
        return {
            (r["task"], r["architecture"], int(r["train_length"])): r for r in csv.DictReader(f)
        }


def check_csv(path: Path) -> None:
    """Every column of every row equals EXPECTED (empty cell = None), rows in sorted order."""
    rows = read_csv(path)
    assert list(rows) == sorted(EXPECTED)
    assert list(next(iter(rows.values()))) == benchmark.CSV_COLUMNS
    for key, expected in EXPECTED.items():
        for column, value in expected.items():
            cell = rows[key][column]
            if value is None:
                assert cell == "", (key, column)
            else:
                assert float(cell) == pytest.approx(value), (key, column)


def test_find_runs_skips_unfinished(runs_dir: Path) -> None:
    finished, skipped = benchmark.find_runs(str(runs_dir))
    assert len(finished) == 8
    names = sorted(Path(p).name for p in skipped)
    assert names == ["no_eval", "no_run_json", "s3"]


def test_load_run_filters_records_and_train_length(runs_dir: Path) -> None:
    runs = {
        Path(r.path).relative_to(runs_dir).as_posix(): r for r in benchmark.load_runs(str(runs_dir))
    }
    s0, s1 = runs["badd/ngpu/s0"], runs["badd/ngpu/s1"]
    assert s0.seq_errors == {10: 0.0, 20: 0.0, 100: 0.1, 1000: 0.5}  # variant record ignored
    assert s0.adversarial == {("all_max", 10): 1.0}
    assert s1.seq_errors[20] == 0.2 and s1.seq_errors[100] == 0.3  # greedy; worst nesting
    assert (s1.task, s1.architecture, s1.seed) == ("badd", "neural_gpu", 1)
    assert runs["deep/er/tr1"].train_length == 41  # curriculum.max_length fallback
    assert runs["deep/er/tr1"].architecture == "transformer[randomized]"
    assert runs["tr0"].length_at(2) == 80 and runs["tr0"].length_at(100) is None
    assert runs["lte"].train_length == 5 and runs["lte"].architecture == "lstm-ours"
    assert runs["lte"].accuracy(1) is None and runs["lte"].solved()
    assert runs["copy"].train_length == 4 and runs["copy"].task == "copy"
    assert runs["copy"].longest_zero_error() is None and not runs["copy"].solved()


def test_aggregate_rows(runs_dir: Path) -> None:
    rows = benchmark.aggregate(benchmark.load_runs(str(runs_dir)))
    assert [(r.task, r.architecture, r.train_length) for r in rows] == sorted(EXPECTED)
    ngpu = rows[0]
    assert ngpu.accuracy[2] == pytest.approx((1.0, 0.8))
    assert ngpu.longest_zero_error == (20, 10)
    assert (ngpu.steps_to_solve_median, ngpu.seeds_solved, ngpu.seeds_run) == (200, 2, 3)
    # The same task and architecture at another train length is a row of its own.
    assert (rows[1].train_length, rows[1].seeds_run, rows[1].accuracy[2]) == (21, 1, (0.5, 0.5))


def test_adversarial_section(runs_dir: Path) -> None:
    runs = benchmark.load_runs(str(runs_dir))
    adversarial = benchmark.aggregate_adversarial(runs)
    assert adversarial == [
        ("badd", "neural_gpu", 10, "all_max", 10, 0.5, 0.25, 2),
        ("badd", "neural_gpu", 21, "all_max", 10, 0.0, 0.0, 1),
    ]


def test_heatmap_cells(runs_dir: Path) -> None:
    rows = benchmark.aggregate(benchmark.load_runs(str(runs_dir)))
    tasks, archs, values, labels = benchmark.heatmap_cells(rows)
    # badd was trained at three lengths: one heatmap row each; copy and lte_program at one.
    assert tasks == [
        "badd (train 10)", "badd (train 21)", "badd (train 41)", "copy", "lte_program",
    ]  # fmt: skip
    assert archs == ["lstm", "lstm-ours", "neural_gpu", "transformer[randomized]"]
    assert labels == [
        ["–", "–", "0.50 @100×", "–"],
        ["–", "–", "0.00 @10×", "–"],
        ["–", "–", "–", "0.25 @10×"],
        ["0.00 @2×", "–", "–", "–"],
        ["–", "0.80 @10×", "–", "–"],
    ]
    assert values[0, 2] == pytest.approx(0.5) and values[3, 0] == 0.0
    assert int(sum(v != v for v in values.ravel())) == 15  # NaN (gray) where not evaluated


def test_main_writes_md_csv_png(runs_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    rows = benchmark.main([f"--runs={runs_dir}", f"--out={out}"])
    assert len(rows) == 5
    check_csv(out / "benchmark.csv")
    md = (out / "benchmark.md").read_text()
    for line in MD_ROWS:
        assert line in md
    assert f"python -m algolearn.benchmark --runs={runs_dir} --out={out}" in md
    assert "8 finished runs, 3 unfinished runs skipped" in md
    for term in ("## Legend", "±10%", "Greedy", "largest error", "**seeds solved**", "**acc k×**"):
        assert term in md
    assert "| badd | neural_gpu | 10 | all_max | 10 | 0.500 / 0.250 | 2 |" in md
    assert "| badd | neural_gpu | 21 | all_max | 10 | 0.000 / 0.000 | 1 |" in md
    png = (out / "benchmark.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    stdout = capsys.readouterr().out
    assert stdout.count("skipped (unfinished)") == 3
    assert stdout.rstrip().endswith(MD_ROWS[-1])


def test_out_defaults_to_runs(runs_dir: Path) -> None:
    benchmark.main([f"--runs={runs_dir}"])
    for ext in ("md", "csv", "png"):
        assert (runs_dir / f"benchmark.{ext}").stat().st_size > 0
    check_csv(runs_dir / "benchmark.csv")


def test_no_finished_runs_is_a_clear_error(tmp_path: Path) -> None:
    write_run(tmp_path / "runs" / "a", [rec(10, 0.0)], NGPU, info={"finished": False})
    with pytest.raises(SystemExit, match=f"no finished runs.*{re.escape(str(tmp_path / 'runs'))}"):
        benchmark.main([f"--runs={tmp_path / 'runs'}"])
    with pytest.raises(SystemExit, match="missing"):
        benchmark.main([f"--runs={tmp_path / 'missing'}"])


def test_command_line_without_jax(runs_dir: Path, tmp_path: Path) -> None:
    """`python -m algolearn.benchmark` works and never imports jax (it only reads files)."""
    out = tmp_path / "cli"
    code = (
        "import runpy, sys; "
        f"sys.argv = ['benchmark', '--runs={runs_dir}', '--out={out}']; "
        "runpy.run_module('algolearn.benchmark', run_name='__main__'); "
        "assert 'jax' not in sys.modules and 'algolearn.training' not in sys.modules"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert MD_ROWS[0] in done.stdout
    check_csv(out / "benchmark.csv")
    done = subprocess.run(
        [sys.executable, "-m", "algolearn.benchmark", f"--runs={tmp_path / 'none'}"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and "is not a directory" in done.stderr


def test_length_variants_listed_in_the_config_count_as_lengths(tmp_path: Path) -> None:
    """The NRAM tasks test longer inputs on a larger memory: an eval variant the run's config
    names in benchmark.length_variants; other variants stay out."""
    records = [rec(5, 0.0), rec(10, 0.0, variant="large"), rec(50, 0.5, variant="large")]
    records += [rec(50, 0.0, variant="large_discretized")]
    bench = {"architecture": "nram", "length_variants": ["large"]}
    write_run(tmp_path / "r", records, {"name": "nram"}, "nram_access", info={}, benchmark=bench)
    (run,) = benchmark.load_runs(str(tmp_path))
    assert run.seq_errors == {5: 0.0, 10: 0.0, 50: 0.5}
