"""Every experiment config under experiments/ loads and passes the loop's up-front checks
(keys, task, difficulties, buckets, evaluation variants) without training."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jax
import numpy as np
import pytest

from algolearn import models, tasks
from algolearn.configs.benchmark import ks2015_baseline_config
from algolearn.evaluation import variants
from algolearn.training import config_check, curricula, input_pipeline
from launch.sweep import load_sweep

EXPERIMENTS = Path(__file__).resolve().parents[2] / "experiments"
CONFIGS = sorted(p for p in EXPERIMENTS.rglob("*.py") if "def get_config" in p.read_text())


REPO = EXPERIMENTS.parent
SWEEPS = sorted((REPO / "launch" / "sweeps").glob("*.py"))
# Every member config of every sweep ("file.py:argument" for config_flags).
SWEEP_CONFIGS = sorted(
    {m.config for path in SWEEPS if path.stem != "__init__" for m in load_sweep(path)[1]}
)


def load(path: Path | str):
    path, _, argument = str(path).partition(":")
    spec = importlib.util.spec_from_file_location(Path(path).stem, REPO / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.get_config(argument) if argument else module.get_config()


def test_there_are_configs_for_every_model() -> None:
    names = {load(p).model.name for p in CONFIGS} | {load(p).model.name for p in SWEEP_CONFIGS}
    assert names == set(models.names())


def test_benchmark_sweep_spans_every_family_architecture_and_three_seeds() -> None:
    _, members = load_sweep(REPO / "launch/sweeps/benchmark.py")
    configs = [load(m.config) for m in members]
    pairs = {(c.task.name, c.benchmark.architecture) for c in configs}
    assert {t for t, _ in pairs} >= {"badd", "lte_addition", "nram_access"}
    assert {c.model.name for c in configs} == set(models.names())
    for pair in pairs:
        seeds = [m.overrides["seed"] for m, c in zip(members, configs, strict=True)]
        seeds = [
            s
            for s, c in zip(seeds, configs, strict=True)
            if pair == (c.task.name, c.benchmark.architecture)
        ]
        assert sorted(seeds) == [0, 1, 2], pair
    # The relaxation pull is the Neural GPU's on every task family, and nobody else's.
    for c in configs:
        has_pull = "relaxation_pull" in c.regularizers
        assert has_pull == (c.model.name == "neural_gpu"), (c.task.name, c.model.name)


def test_benchmark_member_at_another_train_length() -> None:
    """TASK,ARCHITECTURE,TRAIN_LENGTH trains and scores at that length; bad arguments fail."""
    default = load("experiments/benchmark/standard.py:badd,neural_gpu")
    longer = load("experiments/benchmark/standard.py:badd,neural_gpu,21")
    assert default.curriculum.max_length == 10 and tuple(default.eval.lengths) == (10, 20, 100)
    assert longer.curriculum.max_length == longer.curriculum.start_length == 21
    assert tuple(longer.eval.lengths) == (21, 42, 210)
    config_check.validate(longer)
    lte = load("experiments/benchmark/standard.py:lte_addition,lstm_execute,5")
    assert lte.curriculum.target_length == 5 and tuple(lte.eval.lengths) == (5, 10, 50)
    for bad, message in [
        ("badd,neural_gpu,x", "whole number"),
        ("badd,neural_gpu,21,3", "TASK,ARCHITECTURE"),
        ("badd,neural_gpu,0", "train length must be >= 1"),
    ]:
        with pytest.raises(ValueError, match=message):
            load(f"experiments/benchmark/standard.py:{bad}")


@pytest.mark.parametrize(
    "path", CONFIGS + SWEEP_CONFIGS, ids=lambda p: str(p).removeprefix(str(EXPERIMENTS) + "/")
)
def test_config_passes_up_front_checks(path: Path | str) -> None:
    config = load(path)
    config_check.validate(config)
    task = models.task_view(config.model, tasks.get(**config.task))
    for difficulty in curricula.make(config.curriculum).difficulties():
        task.check_difficulty(**difficulty)
        input_pipeline.bucket_for(task.max_sequence_length(**difficulty), config.data.buckets)
    for length in config.eval.lengths:
        input_pipeline.bucket_for(task.max_sequence_length(length), config.data.buckets)
    variants.validate(config)


@pytest.mark.parametrize("sweep_file", [p for p in SWEEPS if p.stem != "__init__"], ids=str)
def test_sweep_overrides_name_existing_keys_of_the_right_type(sweep_file: Path) -> None:
    """A typo in a sweep's override key would otherwise surface only when the member starts."""
    for member in load_sweep(sweep_file)[1]:
        config = load(member.config)
        for key, value in member.overrides.items():
            *parents, leaf = key.split(".")
            node = config
            for part in parents:
                node = node[part]
            assert leaf in node, (member.name, key)
            node[leaf] = value  # ConfigDict refuses a value of another type
        config_check.validate(config)


def test_ks2015_baselines_follow_the_neural_gpu_protocol() -> None:
    """Same task, curriculum, optimizer and evaluation examples as ks2015_badd.py; only the
    model (and its regulariser) differ, and causal models skip the O(n^2) 2000-bit decoding."""
    reference = load("experiments/neural_gpu/ks2015_badd.py")
    for arch in ("lstm_attention", "transformer_randomized", "neural_gpu"):
        c = ks2015_baseline_config("badd", arch)
        assert c.benchmark.architecture == arch and c.task == reference.task
        assert c.curriculum == reference.curriculum
        assert c.train.learning_rate == reference.train.learning_rate
        assert c.eval.seed == reference.eval.seed
        assert c.eval.adversarial_sets == reference.eval.adversarial_sets
        expected = (41, 401) if arch == "lstm_attention" else (41, 401, 4001)
        assert tuple(c.eval.lengths) == expected
        assert ("relaxation_pull" in c.regularizers) == (arch == "neural_gpu")
        # The stability variant (steps past the length) is a Neural GPU model option.
        assert ("stability" in c.eval.variants) == (arch == "neural_gpu")
    assert ks2015_baseline_config("badd", "transformer_randomized").model.max_position >= 4001
    with pytest.raises(ValueError, match="NRAM reads a memory"):
        ks2015_baseline_config("badd", "nram")


def test_ks2015_hard_examples_differ_from_random_training_only_in_the_data() -> None:
    """Price et al.'s comparison: ks2015_badd_carry.py trains on carry-heavy data with the
    ks2015_badd.py protocol, and is also scored on random operands (where success is decided)
    and per carry-chain length on the same examples as the random-data run."""
    random = load("experiments/neural_gpu/ks2015_badd.py")
    hard = load("experiments/neural_gpu/ks2015_badd_carry.py")
    assert hard.task.name == "badd_carry"
    for key in ("model", "train", "curriculum", "regularizers"):
        assert hard[key] == random[key], key
    assert tuple(hard.eval.lengths) == tuple(random.eval.lengths)
    assert hard.eval.variants.carry == random.eval.variants.carry
    assert hard.eval.variants.random.task.to_dict() == {"name": "badd"}
    assert "random" not in random.eval.variants


@pytest.mark.parametrize("task", ["nram_copy", "nram_swap"])
def test_nram_slack_doubles_every_timestep_count(task: str) -> None:
    """experiments/nram/slack.py gives twice the protocol's T in training and in the test
    variants, and changes nothing else."""
    base = load(f"experiments/nram/{task.removeprefix('nram_')}.py")
    slack = load(f"experiments/nram/slack.py:{task}")
    assert slack.model.timesteps == 2 * base.model.timesteps
    for name in ("large", "large_discretized"):
        large = slack.eval.variants[name].model.timesteps
        assert large == 2 * base.eval.variants[name].model.timesteps
    slack.model.timesteps = base.model.timesteps
    for name in ("large", "large_discretized"):
        slack.eval.variants[name].model.timesteps = base.eval.variants[name].model.timesteps
    assert slack == base


def test_nram_paper_tricks_size_15_keeps_the_size_6_parameters() -> None:
    """paper_tricks.py:TASK,15 trains Copy at the paper's size (M = 32, T = 34) with a
    controller whose parameters have the size-6 shapes, so a size-6 run can be branched into
    it; a size that is not an integer is named."""
    small, large = (load(f"experiments/nram/paper_tricks.py:nram_copy{s}") for s in ("", ",15"))
    assert (large.task.memory_size, large.model.timesteps) == (32, 34)
    assert large.curriculum.max_length == 15
    test_config_passes_up_front_checks("experiments/nram/paper_tricks.py:nram_copy,15")

    def shapes(config):
        task = tasks.get(**config.task)
        batch = task.sample(np.random.default_rng(0), 2, config.curriculum.max_length)
        model = models.build(config.model, task)
        init = jax.eval_shape(model.init, jax.random.PRNGKey(0), batch.inputs, batch.lengths)
        return jax.tree.map(lambda x: x.shape, init["params"])

    assert shapes(small) == shapes(large)
    with pytest.raises(ValueError, match="integer size"):
        load("experiments/nram/paper_tricks.py:nram_copy,big")


def test_nram_sharpen_is_the_recorded_copy_branch() -> None:
    """experiments/nram/sharpen.py:nram_copy is the config of the archived sharpening branch
    that made Copy seed 2 exact discretized (WORKSPACE_NOTES.md, "Discretized execution"),
    but for the seed and the source, which the command line gives."""
    run = REPO / "experiments/results/runs/nram_sharpen/copy_s2_pen1e-5/config.json"
    recorded = config_check.flatten_run_config(json.loads(run.read_text()))
    config = load("experiments/nram/sharpen.py:nram_copy")
    config.seed = 2
    config.train.init_from = recorded["train.init_from"]
    assert config_check.flatten_run_config(json.loads(config.to_json())) == recorded


def test_nram_blend_is_the_recorded_reverse_stage() -> None:
    """experiments/nram/blend.py:nram_reverse,0.25 is the archived blend stage that kept Reverse
    seed 4 exact in both machines (WORKSPACE_NOTES.md, "Blending the controller onto the
    discrete view") but for the command line's seed, source and steps, plus two evaluation
    variants: the paper's fuzzy machine, whose controller reads P(r_i = 0)."""
    run = REPO / "experiments/results/runs/nram_blend/reverse_s4_w0.25/config.json"
    recorded = config_check.flatten_run_config(json.loads(run.read_text()))
    config = load("experiments/nram/blend.py:nram_reverse,0.25")
    added = {"fuzzy_input_sizes", "fuzzy_input_large"}
    for name in added:
        assert config.eval.variants[name]["model"]["controller_input"] == "fuzzy"
    config.eval.variants = {k: v for k, v in config.eval.variants.items() if k not in added}
    config.seed = 4
    config.train.init_from = recorded["train.init_from"]
    config.train.num_steps = recorded["train.num_steps"]
    assert config_check.flatten_run_config(json.loads(config.to_json())) == recorded
    with pytest.raises(ValueError, match="a number for WEIGHT"):
        load("experiments/nram/blend.py:nram_reverse,half")
