"""Multi-host training through jax.distributed, on one machine: two `algolearn.train` processes
(2 CPU devices each, gloo collectives) stop together on a signal to one of them, resume, and
train the same run as one process on one device; only process 0 writes the run's files."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import time

import numpy as np
import pytest

from algolearn.training import sharding
from tests.conftest import REPO, config_flags, subprocess_env, train_command
from tests.training.conftest import (
    LOOP,
    checkpoint_steps,
    flatten,
    read_checkpoint,
    training_lines,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_processes(workdir, flags: list[str], num_processes: int = 2) -> list[subprocess.Popen]:
    address = f"127.0.0.1:{free_port()}"
    procs = []
    for index in range(num_processes):
        env = subprocess_env(num_devices=2)
        env.update(
            JAX_COORDINATOR_ADDRESS=address,
            JAX_NUM_PROCESSES=str(num_processes),
            JAX_PROCESS_ID=str(index),
        )
        procs.append(
            subprocess.Popen(
                train_command(workdir, *flags),
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    return procs


def finish(procs: list[subprocess.Popen], timeout: float = 400) -> list[str]:
    """Waits for every process; each must exit 0. Returns their stdouts."""
    outputs = [p.communicate(timeout=timeout) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-3000:]
    return [out for out, _ in outputs]


@pytest.mark.slow  # ~80 s: two launches of two fresh processes compiling 4-device programs
def test_two_processes_stop_together_resume_and_agree_with_one(full_run, tmp_path) -> None:
    """A SIGTERM to process 1 only stops both at the same step with a checkpoint; rerunning
    both resumes, and the result equals one process on one device (full_run)."""
    workdir = tmp_path / "two_hosts"
    flags = config_flags(**{**LOOP, "train__checkpoint_every": 2}, train__num_steps=20)
    procs = start_processes(workdir, flags)
    try:
        deadline = time.monotonic() + 300
        while not (workdir / "checkpoints").is_dir() or not checkpoint_steps(workdir):
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            assert time.monotonic() < deadline, "no checkpoint appeared"
            time.sleep(0.02)
        procs[1].send_signal(signal.SIGTERM)
        outs = finish(procs, timeout=120)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    match = re.search(r"a signal to another process: checkpointed step (\d+)", outs[0])
    assert match, outs
    assert checkpoint_steps(workdir)[-1] == int(match.group(1)) < 20
    assert not (workdir / "run.json").exists()

    outs = finish(start_processes(workdir, flags))
    run = json.loads((workdir / "run.json").read_text())
    assert run["finished"] and run["num_devices"] == 4
    # Only process 0 writes: one metrics line per logged step, one results table printed.
    assert "seq_error" in outs[0] and "seq_error" not in outs[1]
    steps = [line["step"] for line in training_lines(workdir)]
    assert steps == sorted(set(steps))
    two, two_host = read_checkpoint(workdir, 20)
    one, one_host = read_checkpoint(full_run, 20)
    flat_two, flat_one = flatten(two), flatten(one)
    assert flat_two.keys() == flat_one.keys()
    for key in flat_one:
        np.testing.assert_allclose(flat_two[key], flat_one[key], rtol=1e-4, atol=1e-6, err_msg=key)
    assert two_host["curriculum"] == one_host["curriculum"]
    two_eval = json.loads((workdir / "eval.json").read_text())
    one_eval = json.loads((full_run / "eval.json").read_text())
    assert len(two_eval) == len(one_eval)
    for a, b in zip(two_eval, one_eval, strict=True):
        assert a.keys() == b.keys()
        for key, value in b.items():
            assert a[key] == (pytest.approx(value, rel=1e-4, abs=1e-6) if key == "loss" else value)


def test_distributed_variables_must_come_together(monkeypatch) -> None:
    monkeypatch.setenv("JAX_COORDINATOR_ADDRESS", "127.0.0.1:1")
    monkeypatch.setenv("JAX_NUM_PROCESSES", "2")
    monkeypatch.delenv("JAX_PROCESS_ID", raising=False)
    with pytest.raises(ValueError, match="JAX_NUM_PROCESSES and JAX_PROCESS_ID"):
        sharding.maybe_initialize_distributed()
