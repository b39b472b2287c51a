"""Sweep combinators, member names and command-line values (pure Python: milliseconds)."""

from __future__ import annotations

import pytest
from absl import flags
from ml_collections import config_dict, config_flags

from launch import hyper


def test_sweep_and_fixed() -> None:
    assert hyper.sweep("seed", range(3)) == [{"seed": 0}, {"seed": 1}, {"seed": 2}]
    assert hyper.fixed("model.filters", 48) == [{"model.filters": 48}]
    assert hyper.sweep("seed", []) == []
    with pytest.raises(ValueError, match="config."):
        hyper.sweep("config.seed", [0])


def test_product_varies_later_keys_fastest() -> None:
    members = hyper.product(
        hyper.sweep("seed", [0, 1]),
        hyper.sweep("model.filters", [24, 48]),
        hyper.fixed("train.learning_rate", 1e-3),
    )
    assert [(m["seed"], m["model.filters"]) for m in members] == [
        (0, 24),
        (0, 48),
        (1, 24),
        (1, 48),
    ]
    assert all(m["train.learning_rate"] == 1e-3 for m in members)
    assert hyper.product() == [{}]


def test_product_rejects_duplicate_keys() -> None:
    with pytest.raises(ValueError, match="'seed'"):
        hyper.product(hyper.sweep("seed", [0, 1]), hyper.fixed("seed", 2))
    # A nested product or zip as one factor is fine (its keys belong to one sweep).
    inner = hyper.zip_(hyper.sweep("seed", [0, 1]), hyper.sweep("data.seed", [5, 6]))
    assert len(hyper.product(inner, hyper.sweep("model.filters", [4, 8]))) == 4


def test_zip_pairs_members_and_checks_lengths() -> None:
    members = hyper.zip_(
        hyper.sweep("train.learning_rate", [1e-3, 3e-4]), hyper.sweep("model.filters", [24, 48])
    )
    assert members == [
        {"train.learning_rate": 1e-3, "model.filters": 24},
        {"train.learning_rate": 3e-4, "model.filters": 48},
    ]
    with pytest.raises(ValueError, match=r"\[2, 3\]"):
        hyper.zip_(hyper.sweep("seed", [0, 1]), hyper.sweep("model.filters", [1, 2, 3]))
    with pytest.raises(ValueError, match="seed"):
        hyper.zip_(hyper.sweep("seed", [0]), hyper.sweep("seed", [1]))


def test_chain_concatenates() -> None:
    tasks = hyper.chain(
        hyper.product(hyper.fixed("config", "experiments/nram/copy.py"), hyper.sweep("seed", [0])),
        hyper.sweep("seed", [1, 2]),
    )
    assert tasks == [{"config": "experiments/nram/copy.py", "seed": 0}, {"seed": 1}, {"seed": 2}]


def test_member_names_are_stable_and_filesystem_safe() -> None:
    assert hyper.member_name(3, {"seed": 1, "model.filters": 48}) == "003-seed=1,model.filters=48"
    base = "experiments/neural_gpu/badd.py"
    assert hyper.member_name(0, {"config": base, "seed": 2}, base) == "000-seed=2"
    name = hyper.member_name(1, {"config": "experiments/nram/copy.py", "eval.lengths": (41, 401)})
    assert name == "001-config=copy,eval.lengths=41-401"
    assert hyper.member_name(2, {"note": "a b/c"}) == "002-note=a_b_c"
    arg = {"config": "experiments/nram/paper_tricks.py:nram_copy,15", "seed": 3}
    assert hyper.member_name(6, arg) == "006-config=paper_tricks_nram_copy-15,seed=3"
    assert hyper.member_name(4, {}) == "004"

    long = {f"model.option_{i}": i for i in range(20)}
    other = {**long, "model.option_19": -1}
    a, b = hyper.member_name(5, long), hyper.member_name(5, other)
    assert len(a) == hyper.MAX_NAME and a != b and a[:-8] == b[:-8]
    assert a == hyper.member_name(5, dict(long))  # stable across calls


def test_rendered_values_parse_back_through_config_flags() -> None:
    """What member_command passes is what config_flags reads into the config."""
    defaults = {"i": 1, "f": 0.5, "s": "a", "b": False, "t": (1, 2), "ts": ("x",), "e": (3,)}
    values = {"i": 7, "f": 1e-4, "s": "hello world", "b": True, "t": (41, 401), "e": ()}
    values["ts"] = ("all", "long_carry")
    argv = ["prog", *(f"--cfg.{k}={hyper.render_value(v)}" for k, v in values.items())]
    flag_values = flags.FlagValues()
    config = config_dict.ConfigDict(defaults)
    config_flags.DEFINE_config_dict("cfg", config, flag_values=flag_values, sys_argv=argv)
    flag_values(argv)
    assert flag_values.cfg.to_dict() == values
    assert hyper.render_value((7,)) == "(7,)" and hyper.render_value(False) == "false"


def test_parse_override() -> None:
    assert hyper.parse_override("train.num_steps=100") == ("train.num_steps", 100)
    assert hyper.parse_override("config.eval.lengths=(7,)") == ("eval.lengths", (7,))
    assert hyper.parse_override("model.use_x=false") == ("model.use_x", False)
    assert hyper.parse_override("task=badd") == ("task", "badd")
    with pytest.raises(ValueError, match="key=value"):
        hyper.parse_override("seed")
