"""Every architecture on every task family through the one loop (the benchmark's contract)."""

from __future__ import annotations

import json

import pytest

from algolearn import benchmark
from algolearn.configs import benchmark_config
from algolearn.configs.benchmark import ARCHITECTURES
from algolearn.training import loop
from tests.experiments.test_figures import load_script

SMALL = {
    "neural_gpu": {"filters": 4, "num_param_sets": 2},
    "lstm_execute": {"embed_dim": 8, "hidden": 16},
    "lstm_attention": {"embed_dim": 8, "hidden": 16},
    "transformer": {"model_dim": 16, "mlp_dim": 32, "num_heads": 2, "num_layers": 1},
    "nram": {"hidden": 16, "num_registers": 2},
}
# Short lengths so that every run compiles a handful of small shapes.
EVAL = {"badd": (5, 7), "lte_addition": (1, 2), "nram_access": (2, 3)}
TRAIN_LENGTH = {"badd": 7, "lte_addition": 2, "nram_access": 3}


def tiny(task: str, architecture: str, **train):
    c = benchmark_config(task, architecture)
    c.model.update(SMALL[c.model.name])
    c.train.update(num_steps=6, batch_size=8, log_every=3, checkpoint_every=6, **train)
    c.curriculum.update(check_every=3, probe_batches=1)
    if "max_length" in c.curriculum:
        c.curriculum.update(start_length=5, max_length=7)
    elif "target_length" in c.curriculum:
        c.curriculum.target_length = 2
    else:
        c.curriculum.length = 3
    c.eval.update(lengths=EVAL[task], num_examples=8, batch_size=8)
    if task == "nram_access":
        c.task.update(memory_size=8, vocab_size=12)
        c.data.buckets = (8, 16)
        c.eval.variants = {"large": {"task": {"memory_size": 12}, "eval": {"lengths": (5,)}}}
    if task == "badd":
        c.data.buckets = (16, 32)  # every training and evaluation length in one shape
    if task == "badd" and architecture != "lstm_execute":
        c.eval.variants = {}  # the carry variant is checked once (lstm_execute), for test time
    elif task == "badd":
        c.eval.variants.carry.eval.params.carry = (1, 3)
        c.eval.variants.carry.eval.lengths = (7,)
    return c


CASES = [
    ("badd", "lstm_execute"),  # read-then-write view, greedy decoding
    ("badd", "lstm_attention"),
    ("lte_addition", "neural_gpu"),  # parallel view: target characters blanked
    ("lte_addition", "transformer_relative"),
    ("nram_access", "transformer_randomized"),  # a memory as a sequence
]


@pytest.mark.parametrize("task, architecture", CASES)
def test_architecture_trains_and_evaluates_on_task(tmp_path, task, architecture) -> None:
    records = loop.train_and_evaluate(tiny(task, architecture), str(tmp_path), False)
    plain = [r for r in records if "variant" not in r]
    assert [r["length"] for r in plain] == list(EVAL[task])
    causal = architecture.startswith("lstm")
    for r in plain:
        assert r["task"] == task and r["num_examples"] == 8
        assert 0.0 <= r["seq_error"] <= 1.0
        # Causal models write autoregressively, so their real accuracy is the greedy one.
        assert ("greedy_seq_error" in r) == causal
    if task == "nram_access":  # the larger memory holds longer arrays
        large = [r for r in records if r.get("variant") == "large"]
        assert [r["length"] for r in large] == [5]
    if (task, architecture) == ("badd", "lstm_execute"):
        carry = [r for r in records if r.get("variant") == "carry"]
        assert [(r["task"], r["length"], r["carry"]) for r in carry] == [
            ("badd_carry", 7, 1),
            ("badd_carry", 7, 3),
        ]
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["finished"] and run["train_length"] == TRAIN_LENGTH[task]
    if (task, architecture) == ("badd", "lstm_execute"):
        check_reports_read_a_real_run(tmp_path, records)


def check_reports_read_a_real_run(workdir, records) -> None:
    """The benchmark table and the figure scripts read what the loop writes."""
    (run,) = benchmark.load_runs(str(workdir))
    assert run.architecture == "lstm_execute" and run.train_length == 7
    assert run.seq_errors[5] == records[0]["greedy_seq_error"]
    for name in ("error_vs_length", "carry_chains"):
        script = load_script(name)
        results = script.load(str(workdir))
        assert results, name
        out = workdir / f"{name}.png"
        script.plot(results, str(out))
        assert out.read_bytes()[:4] == b"\x89PNG"


def test_nram_on_a_sequence_task_fails_naming_the_problem(tmp_path) -> None:
    with pytest.raises(ValueError, match="'badd' is a sequence task"):
        benchmark_config("badd", "nram")
    config = tiny("nram_access", "nram")
    config.task = type(config.task)({"name": "badd"})
    with pytest.raises(ValueError, match="task 'badd' has no memory view"):
        loop.train_and_evaluate(config, str(tmp_path / "run"), False)
    assert not (tmp_path / "run").exists()


def test_benchmark_covers_every_architecture() -> None:
    assert {a.partition("_")[0] if a.startswith("transformer") else a for a in ARCHITECTURES} == {
        "neural_gpu",
        "lstm_execute",
        "lstm_attention",
        "transformer",
        "nram",
    }
    with pytest.raises(KeyError, match="unknown benchmark architecture 'gru'"):
        benchmark_config("badd", "gru")
