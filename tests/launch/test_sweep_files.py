"""Every committed sweep file under launch/sweeps/ resolves: each member's config file loads and
each of its overrides names a config key that exists and parses, exactly as `algolearn.train`'s
flags do. A typo in a sweep (a key that does not exist, a value of the wrong type) fails here,
not hours into a launch."""

from __future__ import annotations

from pathlib import Path

import pytest
from absl import flags
from ml_collections import config_flags

from algolearn.training import config_check
from launch import members as members_lib

REPO = Path(__file__).resolve().parents[2]
# ml_collections loads each config file with the deprecated importlib load_module().
pytestmark = pytest.mark.filterwarnings("ignore:the load_module:DeprecationWarning")

SWEEPS = sorted(p for p in (REPO / "launch" / "sweeps").glob("*.py") if p.name != "__init__.py")


def resolve(member: members_lib.Member):
    """The config `algolearn.train` would run for `member` (its flags parsed by absl)."""
    command = members_lib.member_command(member, "unused")
    config_flags_only = [a for a in command if a.startswith("--config")]
    argv = ["train", *config_flags_only]
    values = flags.FlagValues()
    holder = config_flags.DEFINE_config_file(
        "config", None, "", flag_values=values, lock_config=True, sys_argv=argv
    )
    values(argv)
    return holder.value


def test_sweep_files_are_found() -> None:
    assert len(SWEEPS) > 10


@pytest.mark.parametrize("path", SWEEPS, ids=lambda p: p.stem)
def test_every_member_resolves_to_a_valid_config(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # config paths in sweep files are relative to the repository
    name, members = members_lib.load_sweep(path)
    assert name and members, f"{path.name}: no members"
    assert len({m.name for m in members}) == len(members), f"{path.name}: duplicate member names"
    for member in members:
        try:
            config = resolve(member)
            config_check.validate(config)
        except Exception as error:  # noqa: BLE001 - name the member, keep the cause
            raise AssertionError(f"{path.name}: member {member.name}: {error}") from error
        for key, value in member.overrides.items():
            node = config
            for part in key.split("."):
                node = node[part]
            expected = tuple(value) if isinstance(value, list) else value
            assert node == expected or (isinstance(node, float) and node == float(expected)), (
                f"{path.name}: {member.name}: {key} resolved to {node!r}, sweep says {value!r}"
            )


def test_a_misspelt_key_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    sweep = tmp_path / "typo.py"
    sweep.write_text(
        "def get_sweep():\n"
        "    return [{'config': 'experiments/neural_gpu/badd.py', 'model.filter': 48}]\n"
    )
    _, (member,) = members_lib.load_sweep(sweep)
    with pytest.raises(Exception, match="filter"):
        resolve(member)
