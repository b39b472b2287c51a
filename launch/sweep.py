"""Runs a sweep file's members as separate training runs: local processes or Slurm (submitit).

python -m launch.sweep --sweep=launch/sweeps/neural_gpu_seeds.py --launcher=local --max_parallel=2
Each member trains in <sweep_dir>/<member name>; rerunning skips finished members and resumes
the others from their checkpoints; <sweep_dir>/index.json records every member's status.
"""

from __future__ import annotations

import collections
import contextlib
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from absl import app, flags

from launch.hyper import member_name, parse_override, render_value  # noqa: F401 (re-exported)
from launch.members import (  # noqa: F401 (re-exported)
    TRAIN_MODULE,
    Member,
    load_sweep,
    member_command,
    select,
)
from launch.workdirs import (  # noqa: F401 (re-exported)
    _now,
    is_finished,
    last_step,
    log_tail,
    update_index,
)

OK = ("finished", "skipped (finished)")
FLAGS = flags.FLAGS
SLURM_PARAMETERS = ("partition", "timeout_min", "cpus_per_task", "gpus_per_node", "mem_gb")
POLL_S, PROGRESS_S = 0.2, 5.0  # seconds between member checks; default between progress lines


def _status(workdir: Path, returncode: int, stopped: bool) -> str:
    """finished (rc 0 and run.json), interrupted (stopped by a signal: it checkpointed), failed."""
    if returncode == 0 and is_finished(workdir):
        return "finished"
    return "interrupted" if stopped or returncode == 0 else "failed"


def _start(
    sweep_dir: Path,
    sweep: str,
    name: str,
    command: list[str],
    env: Mapping[str, str] | None,
    **fields: Any,
) -> subprocess.Popen:
    """Starts a member's command, output appended to workdir/log.txt (reruns keep the old)."""
    workdir = sweep_dir / name
    workdir.mkdir(parents=True, exist_ok=True)
    with open(workdir / "log.txt", "a") as log:
        log.write(f"=== {_now()} {shlex.join(command)}\n")
        log.flush()
        child_env = {**os.environ, **env} if env else None
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=child_env)
    fields.update(status="running", returncode=None, pid=proc.pid, started=_now())
    update_index(sweep_dir, sweep, name, fields)
    return proc


def _finish(sweep_dir: Path, sweep: str, name: str, rc: int, stopped: bool, t0: float) -> dict:
    """A member's result once its process has ended (also written to the index)."""
    workdir = sweep_dir / name
    result = {
        "status": _status(workdir, rc, stopped),
        "returncode": rc,
        "wall_clock_s": round(time.monotonic() - t0, 2),
        "last_step": last_step(workdir),
    }
    update_index(sweep_dir, sweep, name, result)
    return result


@contextlib.contextmanager
def _on_signals(callback: Callable[[int], None]) -> Iterator[None]:
    """Calls callback(signum) on SIGINT/SIGTERM instead of dying (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    sigs = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, frame: callback(signum)) for s in sigs}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _prepare(
    members: Sequence[Member], sweep_dir: Path, sweep: str, launcher: str
) -> tuple[dict[str, dict[str, Any]], list[Member]]:
    """Results of the finished members (skipped) and the members still to run; indexes both."""
    results, todo = {}, []
    for m in members:
        workdir = sweep_dir / m.name
        done = is_finished(workdir)
        if done:
            results[m.name] = {"status": "skipped (finished)", "last_step": last_step(workdir)}
        else:
            todo.append(m)
        entry = {"overrides": m.overrides, "config": m.config, "workdir": str(workdir)}
        status = "finished" if done else "pending"
        update_index(sweep_dir, sweep, m.name, {**entry, "launcher": launcher, "status": status})
    return results, todo


def _progress(
    sweep: str, elapsed: float, counts: Mapping[str, int], running: Mapping[str, Path]
) -> str:
    """One line: counts, then each running member with its latest logged step."""
    steps = " | ".join(f"{n} @ step {last_step(wd) or '-'}" for n, wd in running.items())
    done = counts["finished"] + counts["skipped (finished)"]
    head = f"[{sweep} {elapsed:.0f}s] running {len(running)}, done {done}, failed "
    head += f"{counts['failed']}, pending {counts['pending']}"
    return f"{head} | {steps}" if steps else head


def run_local(
    members: Sequence[Member],
    sweep_dir: Path | str,
    sweep: str,
    max_parallel: int = 1,
    python: str = sys.executable,
    train_module: str = TRAIN_MODULE,
    env: Mapping[str, str] | None = None,
    progress_s: float = PROGRESS_S,
) -> dict[str, dict[str, Any]]:
    """Runs the unfinished members as subprocesses, at most max_parallel at once; name -> result.

    SIGINT/SIGTERM terminates the running members (they checkpoint; a second signal kills them).
    """
    sweep_dir = Path(sweep_dir)
    results, pending = _prepare(members, sweep_dir, sweep, "local")
    running: dict[str, tuple[subprocess.Popen, float]] = {}
    stop: list[int] = []
    start = last_print = time.monotonic()
    terminated = False
    with _on_signals(stop.append):
        while running or (pending and not stop):
            while pending and not stop and len(running) < max_parallel:
                m = pending.pop(0)
                command = member_command(m, sweep_dir / m.name, python, train_module)
                try:
                    running[m.name] = (
                        _start(sweep_dir, sweep, m.name, command, env),
                        time.monotonic(),
                    )
                except OSError as e:  # e.g. a bad --python: this member fails, the others run
                    results[m.name] = {"status": "failed", "error": f"cannot start: {e}"}
                    update_index(sweep_dir, sweep, m.name, results[m.name])
                    continue
                print(f"started {m.name} (pid {running[m.name][0].pid})", flush=True)
            if stop and not terminated:
                terminated = True
                print(f"signal {stop[0]}: stopping {len(running)} member(s)", flush=True)
                for proc, _ in running.values():
                    proc.terminate()
            elif len(stop) > 1:
                for proc, _ in running.values():
                    proc.kill()
            for name, (proc, t0) in list(running.items()):
                if proc.poll() is not None:
                    del running[name]
                    r = results[name] = _finish(
                        sweep_dir, sweep, name, proc.returncode, bool(stop), t0
                    )
                    print(f"{r['status']} {name} (rc {r['returncode']})", flush=True)
            if running and time.monotonic() - last_print >= progress_s:
                last_print = time.monotonic()
                counts = collections.Counter(r["status"] for r in results.values())
                counts["pending"] = len(pending)
                workdirs = {n: sweep_dir / n for n in running}
                print(_progress(sweep, last_print - start, counts, workdirs), flush=True)
            time.sleep(POLL_S)
    for m in pending:
        results[m.name] = {"status": "not started"}
    return {m.name: results[m.name] for m in members}


def run_member_job(spec: dict[str, Any]) -> dict[str, Any]:
    """Runs one member to the end in this process (a Slurm job) and records it in the index."""
    sweep_dir, sweep, name, stop = Path(spec["sweep_dir"]), spec["sweep"], spec["name"], []
    job_id = os.environ.get("SLURM_JOB_ID") or os.environ.get("SUBMITIT_LOCAL_JOB_ID")
    t0 = time.monotonic()
    proc = _start(sweep_dir, sweep, name, spec["command"], spec["env"], job_id=job_id)
    # A scancel/preemption SIGTERM reaches the member too; record it as interrupted, not failed.
    with _on_signals(lambda signum: (stop.append(signum), proc.send_signal(signum))):
        returncode = proc.wait()
    return _finish(sweep_dir, sweep, name, returncode, bool(stop), t0)


def run_slurm(
    members: Sequence[Member],
    sweep_dir: Path | str,
    sweep: str,
    cluster: str = "",
    parameters: Mapping[str, Any] | None = None,
    python: str = sys.executable,
    train_module: str = TRAIN_MODULE,
    env: Mapping[str, str] | None = None,
    progress_s: float = PROGRESS_S,
) -> dict[str, dict[str, Any]]:
    """Submits one submitit job per unfinished member and waits for them; name -> result.

    cluster: "" (submitit picks Slurm where there is one), "local", ...; parameters: submitit's
    (timeout_min, mem_gb, slurm_partition, ...; local clusters get timeout_min only). The jobs
    write the index themselves: on SIGINT/SIGTERM the launcher stops waiting, they keep running.
    """
    import submitit  # only this path needs it

    sweep_dir = Path(sweep_dir)
    results, todo = _prepare(members, sweep_dir, sweep, "slurm")
    if not todo:
        return results
    executor = submitit.AutoExecutor(folder=sweep_dir / "submitit", cluster=cluster or None)
    params = {"name": sweep, **(parameters or {})}
    if executor.cluster in ("local", "debug"):  # these reject most Slurm parameters
        params = {k: v for k, v in params.items() if k == "timeout_min"}
    executor.update_parameters(**params)
    jobs = {}
    for m in todo:
        command = member_command(m, sweep_dir / m.name, python, train_module)
        spec = {"sweep_dir": str(sweep_dir), "sweep": sweep, "name": m.name, "command": command}
        job = jobs[m.name] = executor.submit(run_member_job, {**spec, "env": dict(env or {})})
        update_index(sweep_dir, sweep, m.name, {"status": "submitted", "job_id": job.job_id})
        print(f"submitted {m.name} as job {job.job_id}", flush=True)
    stop: list[int] = []
    start = last_print = time.monotonic()
    with _on_signals(stop.append):
        while jobs and not stop:
            for name, job in list(jobs.items()):
                if job.done():
                    del jobs[name]
                    try:
                        results[name] = job.result()
                    except Exception as e:  # the job itself died, not only the member's command
                        results[name] = {"status": "failed", "error": str(e).strip()[-2000:]}
                        update_index(sweep_dir, sweep, name, results[name])
                    print(f"{results[name]['status']} {name}", flush=True)
            if jobs and time.monotonic() - last_print >= progress_s:
                last_print = time.monotonic()
                counts = collections.Counter(r["status"] for r in results.values())
                running = {n: sweep_dir / n for n, j in jobs.items() if j.state == "RUNNING"}
                counts["pending"] = len(jobs) - len(running)
                print(_progress(sweep, last_print - start, counts, running), flush=True)
            time.sleep(POLL_S if jobs else 0)
    if jobs:
        print(f"stopped waiting: {len(jobs)} job(s) keep running (see index.json)", flush=True)
    for name, job in jobs.items():
        results[name] = {"status": f"running (job {job.job_id})"}
    return {m.name: results[m.name] for m in members}


def summary(results: Mapping[str, Mapping[str, Any]], sweep_dir: Path | str) -> str:
    """A table (member, status, return code, wall-clock, last step); failed members' log tails."""
    width = max([len(n) for n in results] + [6])
    lines = [f"{'member':<{width}}  {'status':<20} {'rc':>5} {'wall_s':>8} {'step':>7}"]
    for name, r in results.items():
        cells = [r.get("returncode"), r.get("wall_clock_s"), r.get("last_step")]
        rc, wall, step = ("-" if c is None else str(c) for c in cells)
        lines.append(f"{name:<{width}}  {r['status']:<20} {rc:>5} {wall:>8} {step:>7}")
        if r["status"] == "failed":
            tail = r["error"].splitlines() if "error" in r else log_tail(Path(sweep_dir) / name)
            lines += [f"    | {line}" for line in tail]
    bad = sum(r["status"] not in OK for r in results.values())
    lines.append(f"{len(results)} member(s), {len(results) - bad} finished, {bad} not finished")
    return "\n".join(lines)


def dry_run(members: Sequence[Member], sweep_dir: Path | str, sweep: str) -> str:
    """One line per member: name, workdir, config and overrides, and whether it is finished."""
    lines = [f"sweep {sweep}: {len(members)} member(s) in {sweep_dir}"]
    for m in members:
        workdir = Path(sweep_dir) / m.name
        flags = " ".join(f"{k}={render_value(v)}" for k, v in m.overrides.items())
        done = "  (finished: skipped)" if is_finished(workdir) else ""
        lines.append(f"{m.name}  {workdir}  config={m.config} {flags}{done}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Loads the sweep, runs (or lists) its members, prints the summary; 1 if any did not finish."""
    if len(argv) > 1:
        raise app.UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
    name, members = load_sweep(FLAGS.sweep, dict(parse_override(e) for e in FLAGS.extra))
    if FLAGS.only:
        members = select(members, [parse_override(o) for o in FLAGS.only])
    sweep_dir = Path(FLAGS.sweep_dir or Path("runs", "sweeps", name))
    if FLAGS.dry_run:
        print(dry_run(members, sweep_dir, name))
        return 0
    common = {
        "python": FLAGS.python,
        "train_module": FLAGS.train_module,
        "progress_s": FLAGS.progress_s,
    }
    if FLAGS.launcher == "local":
        results = run_local(members, sweep_dir, name, FLAGS.max_parallel, **common)
    else:
        params = {k: FLAGS[f"slurm_{k}"].value for k in SLURM_PARAMETERS}
        params = {("slurm_" if k == "partition" else "") + k: v for k, v in params.items() if v}
        results = run_slurm(members, sweep_dir, name, FLAGS.slurm_cluster, params, **common)
    print(summary(results, sweep_dir), flush=True)
    return int(any(r["status"] not in OK for r in results.values()))


def _define_flags() -> None:
    """Flags of the command line (defined only when run as a program: importing stays cheap)."""
    flags.DEFINE_string("sweep", None, "Sweep file (launch/sweeps/...py).", required=True)
    flags.DEFINE_enum("launcher", "local", ["local", "slurm"], "Local processes or submitit.")
    flags.DEFINE_integer(
        "max_parallel", 1, "Local launcher: members running at once.", lower_bound=1
    )
    flags.DEFINE_float("progress_s", PROGRESS_S, "Seconds between progress lines.", lower_bound=0.0)
    flags.DEFINE_string("sweep_dir", "", "Directory of the member workdirs (runs/sweeps/<NAME>).")
    flags.DEFINE_bool("dry_run", False, "List the members and their overrides; run nothing.")
    flags.DEFINE_string("python", sys.executable, "Python interpreter of the members.")
    flags.DEFINE_string("train_module", TRAIN_MODULE, "Module each member runs (python -m).")
    flags.DEFINE_multi_string("extra", [], "key=value override for every member (repeatable).")
    flags.DEFINE_multi_string(
        "only", [], "key=value: run only matching members (repeatable; same key = either value)."
    )
    flags.DEFINE_string("slurm_partition", "", "Slurm partition (default: the cluster's).")
    flags.DEFINE_integer("slurm_timeout_min", 240, "Job time limit in minutes.")
    flags.DEFINE_integer("slurm_cpus_per_task", 4, "CPUs per job.")
    flags.DEFINE_integer("slurm_gpus_per_node", 0, "GPUs per job.")
    flags.DEFINE_float("slurm_mem_gb", 16.0, "Memory per job in GiB (0: the cluster default).")
    flags.DEFINE_string(
        "slurm_cluster", "", 'submitit cluster: "" = auto (Slurm), "local", "debug".'
    )


if __name__ == "__main__":
    # Run the imported module, not __main__: submitit then pickles launch.sweep.run_member_job.
    from launch import sweep as _sweep

    _sweep._define_flags()
    app.run(_sweep.main)
