"""launch.members: a sweep file's members, their names and overrides, selection, commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from launch import members as members_lib

REPO = Path(__file__).resolve().parents[2]
SEEDS_SWEEP = REPO / "launch" / "sweeps" / "neural_gpu_seeds.py"


def launch_command(sweep_file: Path, sweep_dir: Path, *flags: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "launch.sweep",
        f"--sweep={sweep_file}",
        f"--sweep_dir={sweep_dir}",
        *flags,
    ]


def test_seeds_sweep_file_and_member_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # BASE_CONFIG is relative to the repository root
    name, members = members_lib.load_sweep(SEEDS_SWEEP)
    assert name == "neural_gpu_seeds" and len(members) == 8
    grid = [(m.overrides["seed"], m.overrides["model.filters"]) for m in members]
    assert grid == [(s, f) for s in range(4) for f in (24, 48)]
    assert {m.config for m in members} == {"experiments/neural_gpu/badd.py"}
    assert members[3].name == "003-seed=1,model.filters=48"
    assert members_lib.member_command(members[3], "wd") == [
        sys.executable,
        "-m",
        "algolearn.train",
        "--config=experiments/neural_gpu/badd.py",
        "--workdir=wd",
        "--progress=false",
        "--config.seed=1",
        "--config.model.filters=48",
    ]
    _, extended = members_lib.load_sweep(SEEDS_SWEEP, {"train.num_steps": 100})
    assert extended[0].overrides == {"seed": 0, "model.filters": 24, "train.num_steps": 100}
    assert extended[0].name == members[0].name  # extras apply to all: not in the names
    with pytest.raises(ValueError, match="seed"):
        members_lib.load_sweep(SEEDS_SWEEP, {"seed": 5})


def test_only_selects_members_and_keeps_their_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO)
    _, members = members_lib.load_sweep(SEEDS_SWEEP)
    chosen = members_lib.select(members, [("seed", 1), ("seed", 3), ("model.filters", 48)])
    # Names (hence workdirs) stay those of the full sweep: a partial run resumes the same dirs.
    assert [m.name for m in chosen] == [members[3].name, members[7].name]
    assert members_lib.select(members, [("config", "experiments/neural_gpu/badd.py")]) == members
    with pytest.raises(ValueError, match=r"no member matches.*'seed': \['0', '1', '2', '3'\]"):
        members_lib.select(members, [("seed", 9)])
    command = launch_command(SEEDS_SWEEP, tmp_path, "--dry_run", "--only=seed=2")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    header, *lines = result.stdout.splitlines()
    assert "2 member(s)" in header
    assert [line.split()[0] for line in lines] == [members[4].name, members[5].name]
