"""launch.sweep end to end: sweep files and dry runs, the local launcher (two real members at
once, a crashing member, SIGTERM then resume, finished members skipped), the Slurm path through
submitit's local executor, and index.json under concurrent writers.

Four real `algolearn.train` runs on a tiny config (each ~10-20 s of JAX import and compile on a
2-core CPU, sharing the session's XLA cache); the other members run a fake training module.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from launch import sweep

REPO = Path(__file__).resolve().parents[2]
SEEDS_SWEEP = REPO / "launch" / "sweeps" / "neural_gpu_seeds.py"

# Enough steps after the first checkpoint (step 4) that the SIGTERM of `interrupted` always
# lands before the run ends (with 20, an idle machine and a warm XLA cache, the run once
# finished first).
STEPS = 100
TINY_CONFIG = f"""
from algolearn.configs import neural_gpu_config


def get_config():
    c = neural_gpu_config("badd")
    c.model.update(filters=4, num_param_sets=2, cgrus_per_step=1)
    c.train.update(num_steps={STEPS}, batch_size=8, log_every=2, checkpoint_every=4)
    c.curriculum.update(min_length=3, start_length=5, max_length=7, check_every=4)
    c.data.buckets = (8, 12)
    c.eval.update(lengths=(7,), num_examples=8, batch_size=8, adversarial_sets=(),
                  adversarial_num_examples=0, adversarial_lengths=())
    return c
"""

FAKE_TRAIN = """
'''Stands in for algolearn.train: logs steps, writes eval.json and run.json; fail=true exits 3.'''
import json
import sys
import time
from pathlib import Path

args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if "=" in a)
workdir = Path(args["workdir"])
workdir.mkdir(parents=True, exist_ok=True)
if args.get("config.fail") == "true":
    print("boom: this member fails", file=sys.stderr)
    sys.exit(3)
steps = int(args.get("config.train.num_steps", "3"))
with open(workdir / "metrics.jsonl", "a") as f:
    for step in range(1, steps + 1):
        time.sleep(0.05)
        f.write(json.dumps({"step": step}) + "\\n")
(workdir / "eval.json").write_text(json.dumps([{"seed": args.get("config.seed")}]))
(workdir / "run.json").write_text(json.dumps({"finished": True, "step": steps}))
"""


def write_sweep(path: Path, base_config: Path, members: str, name: str = "") -> Path:
    """A sweep file whose get_sweep() returns the expression `members` (over `hyper`)."""
    header = f"NAME = {name!r}\n" if name else ""
    body = f"    return {members}\n"
    path.write_text(
        f"from launch import hyper\n\n{header}BASE_CONFIG = {str(base_config)!r}\n\n\n"
        f"def get_sweep():\n{body}"
    )
    return path


def launch_command(sweep_file: Path, sweep_dir: Path, *flags: str) -> list[str]:
    module = [sys.executable, "-m", "launch.sweep"]
    return [*module, f"--sweep={sweep_file}", f"--sweep_dir={sweep_dir}", *flags]


def train_env() -> dict[str, str]:
    """The environment of real training runs (CPU, the session's XLA cache)."""
    from tests.conftest import subprocess_env  # here, so spawned index writers skip JAX

    return subprocess_env()


def read_index(sweep_dir: Path) -> dict:
    return json.loads((sweep_dir / "index.json").read_text())


def interval(entry: dict) -> tuple[float, float]:
    start = datetime.datetime.fromisoformat(entry["started"]).timestamp()
    return start, start + entry["wall_clock_s"]


@pytest.fixture(scope="module")
def tiny_config_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("configs") / "tiny_badd.py"
    path.write_text(TINY_CONFIG)
    return path


@pytest.fixture(scope="module")
def fake_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment in which `python -m fake_train` finds the fake training module."""
    directory = tmp_path_factory.mktemp("fake")
    (directory / "fake_train.py").write_text(FAKE_TRAIN)
    path = os.pathsep.join(p for p in (str(directory), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


@pytest.fixture(scope="module")
def interrupted(
    tmp_path_factory: pytest.TempPathFactory, tiny_config_file: Path
) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """A one-member sweep (seed 0) whose launcher gets SIGTERM once the member checkpointed."""
    root = tmp_path_factory.mktemp("interrupted")
    sweep_file = write_sweep(root / "resume.py", tiny_config_file, 'hyper.sweep("seed", [0])')
    sweep_dir = root / "sweep"
    checkpoints = sweep_dir / "000-seed=0" / "checkpoints"
    command = launch_command(sweep_file, sweep_dir)
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env=train_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not (checkpoints.is_dir() and any(p.name.isdigit() for p in checkpoints.iterdir())):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no checkpoint appeared"
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)  # to the launcher: it stops its member
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    return sweep_file, sweep_dir, subprocess.CompletedProcess(command, proc.returncode, out, err)


@pytest.fixture(scope="module")
def real_sweep(
    tmp_path_factory: pytest.TempPathFactory, tiny_config_file: Path, interrupted
) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """Seeds 0 and 1 of the tiny config, two at a time, then a member with a bad config key.

    Runs after `interrupted` (one process compiled the training programs into the XLA cache)
    so that the two members do not both compile them from scratch on the 2 CPU cores.
    """
    root = tmp_path_factory.mktemp("real")
    members = 'hyper.chain(hyper.sweep("seed", [0, 1]), hyper.fixed("no_such_key", 1))'
    sweep_file = write_sweep(root / "real.py", tiny_config_file, members)
    sweep_dir = root / "sweep"
    # Progress every 0.2 s: on a fast machine the two members may overlap for a second only.
    command = launch_command(sweep_file, sweep_dir, "--max_parallel=2", "--progress_s=0.2")
    result = subprocess.run(
        command, cwd=REPO, env=train_env(), capture_output=True, text=True, timeout=300
    )
    return sweep_file, sweep_dir, result


def test_dry_run_lists_members_and_runs_nothing(tmp_path: Path) -> None:
    sweep_dir = tmp_path / "sweep"
    done = sweep_dir / "001-seed=0,model.filters=48"
    done.mkdir(parents=True)
    (done / "run.json").write_text(json.dumps({"finished": True, "step": 3000}))
    command = launch_command(SEEDS_SWEEP, sweep_dir, "--dry_run", "--extra=train.num_steps=50")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    header, *lines = result.stdout.splitlines()
    assert "neural_gpu_seeds" in header and "8 member(s)" in header
    assert len(lines) == 8
    for i, line in enumerate(lines):
        seed, filters = divmod(i, 2)
        name = f"{i:03d}-seed={seed},model.filters={(24, 48)[filters]}"
        assert line.startswith(f"{name}  {sweep_dir / name}  config=experiments/neural_gpu/badd.py")
        assert f" seed={seed} model.filters={(24, 48)[filters]} train.num_steps=50" in line
        assert ("finished" in line) == (i == 1)
    assert [p.name for p in sweep_dir.iterdir()] == [done.name]  # no index, no workdirs
    assert [p.name for p in done.iterdir()] == ["run.json"]


def test_local_launcher_runs_two_real_members_in_parallel(real_sweep) -> None:
    _, sweep_dir, result = real_sweep
    index = read_index(sweep_dir)
    assert index["sweep"] == "real"  # the file stem: the sweep file sets no NAME
    entries = [index["members"][name] for name in ("000-seed=0", "001-seed=1")]
    for name, entry in zip(("000-seed=0", "001-seed=1"), entries, strict=True):
        workdir = sweep_dir / name
        assert entry["status"] == "finished" and entry["returncode"] == 0, result.stdout
        assert entry["overrides"] == {"seed": int(name[-1])} and entry["workdir"] == str(workdir)
        assert json.loads((workdir / "run.json").read_text())["step"] == STEPS
        assert json.loads((workdir / "eval.json").read_text())[0]["length"] == 7
        assert entry["last_step"] == STEPS and sweep.last_step(workdir) == STEPS
    (start0, end0), (start1, end1) = (interval(e) for e in entries)
    assert start0 < end1 and start1 < end0  # they overlapped
    assert "running 2, done 0, failed 0, pending 1 | 000-seed=0 @ step" in result.stdout


def test_crashing_member_is_reported_and_does_not_stop_the_others(real_sweep) -> None:
    _, sweep_dir, result = real_sweep
    assert result.returncode == 1, result.stderr
    entry = read_index(sweep_dir)["members"]["002-no_such_key=1"]
    assert entry["status"] == "failed" and entry["returncode"] not in (0, None)
    summary = result.stdout[result.stdout.index("member ") :]
    assert re.search(r"002-no_such_key=1 +failed", summary)
    assert re.search(r"    \| .*no_such_key", summary)  # the tail of its log.txt
    assert re.search(r"000-seed=0 +finished", summary) and "1 not finished" in summary


def test_sigterm_then_rerun_resumes_exactly_and_skips_finished(real_sweep, interrupted) -> None:
    sweep_file, sweep_dir, result = interrupted
    workdir = sweep_dir / "000-seed=0"
    assert result.returncode == 1, result.stdout + result.stderr
    assert "signal 15: stopping 1 member(s)" in result.stdout
    assert read_index(sweep_dir)["members"]["000-seed=0"]["status"] == "interrupted"
    assert not (workdir / "run.json").exists()
    stopped = re.search(r"SIGTERM: checkpointed step (\d+)", (workdir / "log.txt").read_text())
    assert stopped and 4 <= int(stopped.group(1)) < STEPS

    name, members = sweep.load_sweep(sweep_file)
    results = sweep.run_local(members, sweep_dir, name, env=train_env())
    assert results["000-seed=0"]["status"] == "finished"
    assert read_index(sweep_dir)["members"]["000-seed=0"]["status"] == "finished"
    uninterrupted = real_sweep[1] / "000-seed=0"
    assert json.loads((workdir / "eval.json").read_text()) == json.loads(
        (uninterrupted / "eval.json").read_text()
    )
    assert (workdir / "log.txt").read_text().count("=== ") == 2  # both attempts are logged

    # Rerunning the finished sweep only retries its failed member.
    real_file, real_dir, _ = real_sweep
    name, members = sweep.load_sweep(real_file)
    results = sweep.run_local(members, real_dir, name, max_parallel=2, env=train_env())
    assert {n: r["status"] for n, r in results.items()} == {
        "000-seed=0": "skipped (finished)",
        "001-seed=1": "skipped (finished)",
        "002-no_such_key=1": "failed",
    }
    assert read_index(real_dir)["members"]["001-seed=1"]["status"] == "finished"


def test_slurm_launcher_through_submitit_local_executor(
    tmp_path: Path, tiny_config_file: Path, fake_env: dict[str, str]
) -> None:
    members = 'hyper.chain(hyper.sweep("seed", [0, 1]), hyper.fixed("fail", True))'
    sweep_file = write_sweep(tmp_path / "s.py", tiny_config_file, members, name="on_slurm")
    sweep_dir = tmp_path / "sweep"
    flags = ["--launcher=slurm", "--slurm_cluster=local", "--slurm_timeout_min=5"]
    flags += ["--train_module=fake_train", "--extra=train.num_steps=3"]
    command = launch_command(sweep_file, sweep_dir, *flags)
    result = subprocess.run(
        command, cwd=REPO, env=fake_env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stdout + result.stderr
    index = read_index(sweep_dir)
    assert index["sweep"] == "on_slurm"
    for seed in (0, 1):
        entry = index["members"][f"00{seed}-seed={seed}"]
        assert entry["status"] == "finished" and entry["launcher"] == "slurm" and entry["job_id"]
        assert entry["overrides"] == {"seed": seed, "train.num_steps": 3}
        assert entry["last_step"] == 3
        eval_json = sweep_dir / f"00{seed}-seed={seed}" / "eval.json"
        assert json.loads(eval_json.read_text()) == [{"seed": str(seed)}]
    failed = index["members"]["002-fail=true"]
    assert failed["status"] == "failed" and failed["returncode"] == 3
    assert re.search(r"002-fail=true +failed +3", result.stdout) and "boom" in result.stdout
    assert len(list((sweep_dir / "submitit").glob("*_result.pkl"))) == 3

    again = subprocess.run(
        command, cwd=REPO, env=fake_env, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 1
    assert again.stdout.count("skipped (finished)") == 2
    assert [line.split()[1] for line in again.stdout.splitlines() if "submitted" in line] == [
        "002-fail=true"
    ]


def test_member_that_cannot_start_fails_alone(
    tmp_path: Path, tiny_config_file: Path, capsys: pytest.CaptureFixture
) -> None:
    sweep_file = write_sweep(tmp_path / "s.py", tiny_config_file, 'hyper.sweep("seed", [0, 1])')
    name, members = sweep.load_sweep(sweep_file)
    results = sweep.run_local(members, tmp_path / "sweep", name, python=str(tmp_path / "nope"))
    assert [r["status"] for r in results.values()] == ["failed", "failed"]
    assert "cannot start" in read_index(tmp_path / "sweep")["members"]["001-seed=1"]["error"]
    text = sweep.summary(results, tmp_path / "sweep")
    assert re.search(r"000-seed=0 +failed", text) and "    | cannot start: " in text


def _write_entries(sweep_dir: str, writer: int, count: int) -> None:
    """One concurrent writer: its own members, plus a running counter in its own entry."""
    for i in range(count):
        sweep.update_index(sweep_dir, "concurrent", f"w{writer}-{i:02d}", {"writer": writer})
        sweep.update_index(sweep_dir, "concurrent", f"w{writer}", {"last": i})


def test_index_survives_concurrent_writers(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")  # no fork of a process that imported JAX
    writers = [
        context.Process(target=_write_entries, args=(str(tmp_path), w, 25)) for w in range(4)
    ]
    for writer in writers:
        writer.start()
    reads = 0
    while any(w.is_alive() for w in writers):
        if (tmp_path / "index.json").exists():
            json.loads((tmp_path / "index.json").read_text())  # always whole, valid JSON
            reads += 1
        time.sleep(0.005)
    for writer in writers:
        writer.join(timeout=60)
        assert writer.exitcode == 0
    index = read_index(tmp_path)
    assert index["sweep"] == "concurrent" and len(index["members"]) == 4 * 26
    assert all(index["members"][f"w{w}"]["last"] == 24 for w in range(4))
    assert all(
        index["members"][f"w{w}-{i:02d}"]["writer"] == w for w in range(4) for i in range(25)
    )
    assert reads > 0 and not list(tmp_path.glob(".index.*"))
