"""Look inside a trained run: its predictions on evaluation examples, wrong positions marked.

    python -m algolearn.inspect_run --workdir=runs/x [--length=20] [--num=4] [--variant=NAME]
        [--eval_set=random] [--seed=S] [--step=S] [--circuit] [--model=KEY=VALUE ...]

Prints, per example, the decoded input, target and prediction with the wrong positions, then
how often each position is wrong over `--summary_examples` examples: a systematic mistake
(e.g. an NRAM loop that stops one cell early) shows as one position wrong in every example.
Uses the run's latest checkpoint (or --step's) and its config.json (plus `eval.variants[NAME]`
overrides, e.g. --variant=large_discretized). Examples are the run's evaluation examples at
that length.
--circuit (NRAM runs) adds the circuit the controller runs on example 0, step by step.
--model=KEY=VALUE changes a model option for this look only (one that keeps the parameters'
shapes), e.g. --model=extra_steps=20: a Neural GPU run for 20 steps past each example's length.
"""

from __future__ import annotations

import ast
import collections
from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
from absl import app, flags, logging

from algolearn import models, tasks
from algolearn.evaluation import eval_data
from algolearn.evaluation.trained_run import load_config, load_params
from algolearn.models import nram_circuit
from algolearn.tasks import PAD
from algolearn.training import config_check
from algolearn.training import step as step_lib

_WORKDIR = flags.DEFINE_string("workdir", None, "Run directory (config.json, checkpoints/).")
_LENGTH = flags.DEFINE_integer("length", None, "Difficulty 'length' (default: eval's first).")
_NUM = flags.DEFINE_integer("num", 4, "Examples printed in full.")
_SUMMARY = flags.DEFINE_integer("summary_examples", 64, "Examples in the per-position counts.")
_VARIANT = flags.DEFINE_string("variant", None, "An eval.variants entry of the run's config.")
_EVAL_SET = flags.DEFINE_string("eval_set", eval_data.RANDOM, "'random' or an adversarial set.")
_SEED = flags.DEFINE_integer("seed", None, "Example seed (default: the run's eval.seed).")
_STEP = flags.DEFINE_integer("step", None, "Checkpoint to inspect (default: the latest).")
_CIRCUIT = flags.DEFINE_bool("circuit", False, "NRAM runs: print example 0's circuit per step.")
_MODEL = flags.DEFINE_multi_string(
    "model", [], "KEY=VALUE: a model option changed for this look (e.g. extra_steps=20)."
)


def parse_overrides(items: Sequence[str]) -> dict[str, Any]:
    """{'extra_steps': 20} from ['extra_steps=20']: values as Python literals, else strings."""
    out = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--model takes KEY=VALUE, got {item!r}")
        try:
            out[key] = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            out[key] = text
    return out


def predict(
    config: Any, task_config: dict, model_config: Any, params: Any, examples: Any
) -> np.ndarray:
    """Argmax predictions [num, length] for a Batch (greedy decoding for autoregressive tasks)."""
    task = models.task_view(model_config, tasks.get(**task_config))
    model = models.build(model_config, task)

    @jax.jit
    def run(inputs, lengths, mask):
        def apply(x):
            return model.apply({"params": params}, x, lengths)

        if task.autoregressive:
            inputs = step_lib.greedy_inputs(apply, inputs, mask)
        return jnp.argmax(apply(inputs), -1)

    out = []
    num = examples.batch_size
    bs = int(config.eval.batch_size)
    for start, batch in zip(
        range(0, num, bs), eval_data.batches(examples, bs, config.data.buckets), strict=True
    ):
        pred = np.asarray(run(batch["inputs"], batch["lengths"], batch["mask"]))
        out.append(pred[: min(bs, num - start), : examples.length])
    return np.concatenate(out)


def wrong_positions(pred: np.ndarray, examples: Any) -> list[np.ndarray]:
    """Per example, the scored positions whose prediction differs from the target."""
    wrong = (pred != examples.targets) & examples.mask
    return [np.flatnonzero(row) for row in wrong]


def rows_wrong(pred: np.ndarray, examples: Any, pad_is_answer: bool) -> np.ndarray:
    """bool [num]: examples that seq_error counts as wrong (a wrong answer symbol; any wrong
    scored position where PAD is an answer), as training/step.py error_counts does."""
    scored = examples.mask if pad_is_answer else examples.mask & (examples.targets != PAD)
    return np.any((pred != examples.targets) & scored, axis=1)


def examine(
    workdir: str,
    length: int | None = None,
    num_examples: int = 64,
    variant: str | None = None,
    eval_set: str = eval_data.RANDOM,
    seed: int | None = None,
    step: int | None = None,
    model_overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Checkpoint `step`'s (default: the latest) predictions on `num_examples` evaluation
    examples, with `model_overrides` applied to the model's options.

    Returns {"step", "task", "difficulty", "variant", "eval_set", "examples" (Batch), "pred"
    [num, length], "wrong" (per example, the wrong scored positions, padding included),
    "rows_wrong" (bool [num], the examples seq_error counts as wrong)}.
    """
    config, task_config, model_config, eval_config = load_config(workdir, variant)
    params, step = load_params(config, workdir, step)
    if model_overrides:
        added = config_check.ADDED_MODEL_KEYS.get(model_config.name, {})  # older runs lack them
        known = set(model_config) | {k.removeprefix("model.") for k in added}
        unknown = sorted(set(model_overrides) - known)
        if unknown:
            raise ValueError(
                f"{workdir}'s model ({model_config.name!r}) has no option {unknown[0]!r}; "
                f"options: {', '.join(sorted(model_config))}"
            )
        model_config = ml_collections.ConfigDict({**model_config.to_dict(), **model_overrides})
    task = models.task_view(model_config, tasks.get(**task_config))
    difficulty = dict(eval_data.difficulties(eval_config)[0])
    if length is not None:
        difficulty["length"] = length
    task.check_difficulty(**difficulty)
    seed = int(eval_config.seed) if seed is None else seed
    examples = eval_data.generate(task, eval_set, seed, difficulty, num_examples)
    pred = predict(config, task_config, model_config, params, examples)
    return {
        "step": step,
        "task": task,
        "difficulty": difficulty,
        "variant": variant,
        "eval_set": eval_set,
        "examples": examples,
        "pred": pred,
        "wrong": wrong_positions(pred, examples),
        "rows_wrong": rows_wrong(pred, examples, task.pad_is_answer),
    }


def circuit(workdir: str, found: dict[str, Any], example: int = 0) -> str:
    """The circuit an NRAM run executes on one of `found`'s examples, one line per timestep."""
    config, task_config, model_config, _ = load_config(workdir, found["variant"])
    if model_config.name != "nram":
        raise ValueError(f"--circuit needs an NRAM run; {workdir} trains {model_config.name!r}")
    task = models.task_view(model_config, tasks.get(**task_config))
    model = models.build(model_config, task).clone(trace=True)
    params, _ = load_params(config, workdir, found["step"])
    rows = slice(example, example + 1)
    inputs = jnp.asarray(found["examples"].inputs[rows])
    lengths = jnp.asarray(found["examples"].lengths[rows])  # the row's memory size
    trace = model.apply({"params": params}, inputs, lengths, method="trace_circuit")
    return nram_circuit.format_circuit(
        jax.device_get(trace), tuple(model.machine_modules), model.num_registers
    )


def format_report(found: dict[str, Any], workdir: str, num: int) -> str:
    """Examples in full (input, target, output), then wrong-position counts over all."""
    task, examples, pred, wrong = found["task"], found["examples"], found["pred"], found["wrong"]
    variant = f", variant {found['variant']}" if found["variant"] else ""
    lines = [
        f"{workdir} step {found['step']}, {task.name} {found['eval_set']} "
        f"{found['difficulty']}{variant}"
    ]
    for i in range(min(num, examples.batch_size)):
        n = int(examples.lengths[i])
        scored = examples.mask[i, :n]
        lines += [
            f"--- example {i}: {len(wrong[i])} of {int(scored.sum())} scored positions wrong "
            f"{wrong[i].tolist()}",
            f"input : {task.decode(examples.inputs[i, :n])}",
            f"target: {task.decode(np.where(scored, examples.targets[i, :n], 0))}",
            f"output: {task.decode(np.where(scored, pred[i, :n], 0))}",
        ]
    counts = collections.Counter(int(p) for row in wrong for p in row)
    right = int(np.sum(~found["rows_wrong"]))
    solved = sum(len(row) == 0 for row in wrong)
    lines.append(
        f"=== {right} of {examples.batch_size} examples right ({solved} also on the answer's "
        f"padding); wrong positions (position: examples wrong there): "
        f"{dict(sorted(counts.items())) or 'none'}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str]) -> None:
    del argv
    if not _WORKDIR.value:
        raise app.UsageError("--workdir is required")
    logging.set_verbosity(logging.WARNING)  # Orbax logs every restore at INFO
    found = examine(
        _WORKDIR.value,
        _LENGTH.value,
        max(_NUM.value, _SUMMARY.value),
        _VARIANT.value,
        _EVAL_SET.value,
        _SEED.value,
        _STEP.value,
        parse_overrides(_MODEL.value),
    )
    print(format_report(found, _WORKDIR.value, _NUM.value))
    if _CIRCUIT.value:
        print("=== circuit of example 0 (sources r1..rR, module outputs; ~ = unsure choice)")
        print(circuit(_WORKDIR.value, found))


def run() -> None:
    """Console-script entry point (algolearn-inspect)."""
    app.run(main)


if __name__ == "__main__":
    run()
