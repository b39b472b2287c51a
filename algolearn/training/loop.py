"""The one training loop, shared by every model: train_and_evaluate(config, workdir).

Each step: the curriculum picks a difficulty, the task generates the batch from (seed, step,
difficulty),
the batch is sharded over the mesh and `train_step` updates the replicated state. Every
`curriculum.check_every` steps a probe at the curriculum's length drives the curriculum, the
regularisers and the learning-rate decay. Checkpoints every `train.checkpoint_every` steps and on
SIGTERM/SIGINT; rerunning with the same workdir resumes exactly; a new workdir with
`train.init_from` branches from another run's checkpoint (branch.py). At the end: eval.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from typing import Any

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import tqdm

from algolearn import models, tasks
from algolearn.evaluation import length_generalization, variants
from algolearn.training import (
    branch,
    checkpoint,
    config_check,
    curriculum_signal,
    input_pipeline,
    optim,
    sharding,
)
from algolearn.training import (
    curricula as curricula_lib,
)
from algolearn.training import (
    metrics as metrics_lib,
)
from algolearn.training import (
    regularizers as regularizers_lib,
)
from algolearn.training import (
    step as step_lib,
)


@contextlib.contextmanager
def _stop_on_signals():
    """Turns SIGTERM/SIGINT into a flag the loop checks between steps (then it checkpoints)."""
    flag = {"stop": None}
    previous = {}

    def handler(signum, frame):
        del frame
        flag["stop"] = signal.Signals(signum).name

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(ValueError):  # not in the main thread: no handlers
            previous[sig] = signal.signal(sig, handler)
    try:
        yield flag
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _probe(eval_step, params, mesh, task, config, step: int, difficulty) -> dict[str, float]:
    """Sequence/digit error and loss at `difficulty` on fresh probe batches of `step`."""
    totals: dict[str, float] = {}
    bs = int(config.train.batch_size)
    for index in range(int(config.curriculum.probe_batches)):
        batch = input_pipeline.fixed_batch(
            task,
            config.seed,
            step,
            input_pipeline.PROBE_STREAM,
            difficulty,
            bs,
            config.data.buckets,
            index,
        )
        counts = jax.device_get(eval_step(params, sharding.shard_batch(batch, mesh)))
        for key, value in counts.items():
            totals[key] = totals.get(key, 0.0) + float(value)
    return {
        "seq_error": totals["seqs_wrong"] / totals["seqs"],
        "padded_seq_error": totals["padded_seqs_wrong"] / totals["seqs"],
        "digit_error": totals["digits_wrong"] / max(totals["digits"], 1.0),
        "loss": totals["loss"] / int(config.curriculum.probe_batches),
    }


def initial_state(model, optimizer, mesh, seed: int, min_length: int) -> step_lib.TrainState:
    """Parameters from `seed` (their shapes never depend on the sequence length)."""
    key = jax.random.PRNGKey(seed)
    init_key, dropout_key = jax.random.split(key)
    inputs = jnp.zeros((1, min_length), jnp.int32)
    lengths = jnp.full((1,), min_length, jnp.int32)

    def init():
        params = model.init({"params": init_key}, inputs, lengths)["params"]
        return step_lib.TrainState(
            step=jnp.zeros([], jnp.int32),
            params=params,
            opt_state=optimizer.init(params),
            rng=dropout_key,
        )

    return jax.jit(init, out_shardings=sharding.replicated(mesh))()


class NonFiniteLossError(FloatingPointError):
    """The training loss or gradient became NaN or infinite: every later update is lost."""


def _check_finite(
    scalars: dict[str, Any], first: int, step: int, ckpt: Any, workdir: str, writer: Any
) -> None:
    """Stops the run, without checkpointing, once the loss or gradient norm of steps
    first..step is not finite; the checkpoints already written hold finite parameters."""
    bad = {k: float(scalars[k]) for k in ("loss", "grad_norm") if k in scalars}
    if all(np.isfinite(v) for v in bad.values()):
        return
    writer.close()
    latest = ckpt.latest_step()
    ckpt.close()  # lets a checkpoint still being written finish
    shown = ", ".join(f"{k} {v}" for k, v in bad.items())
    raise NonFiniteLossError(
        f"training became non-finite within steps {first}-{step} ({shown}); stopped without "
        f"checkpointing it. The latest checkpoint of {workdir} is step {latest}, "
        "saved before: branch from a kept step with a lower learning rate or stronger "
        "clipping (--config.train.init_from=RUN --config.train.init_from_step=S)."
    )


def train_and_evaluate(
    config: ml_collections.ConfigDict, workdir: str, show_progress: bool = True
) -> list[dict[str, Any]] | None:
    """Trains (or resumes) the run in `workdir`, evaluates it, returns the eval records.

    Returns None when the run was interrupted by a signal (after saving a checkpoint).
    """
    config_check.validate(config)
    task = models.task_view(config.model, tasks.get(**config.task))
    curriculum = curricula_lib.make(config.curriculum)
    difficulties = curriculum.difficulties()
    for difficulty in difficulties:
        task.check_difficulty(**difficulty)
    for difficulty in difficulties:
        input_pipeline.bucket_for(task.max_sequence_length(**difficulty), config.data.buckets)
    variants.validate(config)
    mesh = sharding.make_mesh()
    sharding.check_batch_size(int(config.train.batch_size), mesh)
    sharding.check_batch_size(int(config.eval.batch_size), mesh, "eval.batch_size")
    model = models.build(config.model, task)
    regularizers = regularizers_lib.make_all(config.regularizers)
    optimizer = optim.make_optimizer(config.train, config.seed)
    plateau = optim.PlateauDecay(
        config.train.learning_rate,
        config.train.lr_decay_factor,
        config.train.lr_decay_patience,
        forget_on_advance=config.train.get("lr_decay_forget_on_advance", False),
    )

    primary = sharding.is_primary()  # the one process that writes files (multi-host runs)
    os.makedirs(workdir, exist_ok=True)
    config_check.write_or_compare(config, workdir, write=False)  # refuse a conflicting config
    run_path = os.path.join(workdir, "run.json")
    eval_path = os.path.join(workdir, "eval.json")
    num_steps = int(config.train.num_steps)
    if os.path.exists(run_path) and os.path.exists(eval_path):
        with open(run_path) as f:
            run_info = json.load(f)
        same_eval = run_info.get("eval") == json.loads(config.eval.to_json())
        if run_info.get("finished") and run_info["step"] == num_steps and same_eval:
            with open(eval_path) as f:
                records = json.load(f)
            if primary:
                print(f"{workdir} already finished {num_steps} steps; eval.json:")
                print(length_generalization.format_table(records))
            return records

    state = initial_state(model, optimizer, mesh, config.seed, min(config.data.buckets))
    ckpt = checkpoint.Checkpointer(workdir, int(config.train.keep_checkpoints))
    restored = ckpt.restore(state)
    if restored is None:
        host = {
            "curriculum": curriculum.initial_state(),
            "plateau": plateau.initial_state(),
            "regularizers": {r.name: r.initial_state() for r in regularizers},
            "elapsed_s": 0.0,
            "first_solved_step": None,
            "curriculum_signal": curriculum_signal.initial_state(),
        }
        if config.train.get("init_from", ""):
            state, host = branch.restore(config, state, host)
    else:
        state, host = restored
    start_step = int(jax.device_get(state.step))
    if start_step > num_steps:
        source = workdir if restored else config.train.init_from
        raise ValueError(
            f"{source} holds a checkpoint at step {start_step} > train.num_steps={num_steps}"
        )
    # Written once the state is in hand: a branch that cannot start leaves no config.json behind.
    config_check.write_or_compare(config, workdir, write=primary)

    train_step = step_lib.make_train_step(
        model, optimizer, regularizers, mesh, pad_is_answer=task.pad_is_answer
    )
    probe_step = step_lib.make_eval_step(model, mesh, pad_is_answer=task.pad_is_answer)
    writer = metrics_lib.MetricWriter(workdir, enabled=primary)
    writer.truncate_after(start_step)
    bs = int(config.train.batch_size)
    check_every = int(config.curriculum.check_every)
    log_every = int(config.train.log_every)
    ckpt_every = int(config.train.checkpoint_every)
    pending: list[dict[str, jax.Array]] = []
    batch_signal = curriculum_signal.TrainingBatchSignal()
    host.setdefault("curriculum_signal", curriculum_signal.initial_state())  # older checkpoints
    gen_time = 0.0
    interval_start = time.perf_counter()
    run_start = time.perf_counter() - float(host["elapsed_s"])

    def hparams() -> dict[str, np.ndarray]:
        values = {"learning_rate": host["plateau"]["learning_rate"]}
        for r in regularizers:
            values.update(r.coefficients(host["regularizers"][r.name]))
        return {k: np.float32(v) for k, v in values.items()}

    bar = tqdm.tqdm(
        total=num_steps,
        initial=start_step,
        disable=not (show_progress and primary),
        dynamic_ncols=True,
        desc=config.task.name,
    )
    interrupted = None
    with _stop_on_signals() as stop:
        for step in range(start_step + 1, num_steps + 1):
            t0 = time.perf_counter()
            batch, difficulty = input_pipeline.train_batch_and_difficulty(
                task,
                curriculum,
                host["curriculum"],
                config.seed,
                step,
                bs,
                config.data.buckets,
                config.data.get("train_set_size", 0),
            )
            gen_time += time.perf_counter() - t0
            state, step_metrics = train_step(state, sharding.shard_batch(batch, mesh), hparams())
            pending.append(step_metrics)
            if curriculum.counts_training_batch(host["curriculum"], difficulty):
                batch_signal.add(step_metrics)
            # Read the signal flag once per step, and agree on it: every process must stop at
            # the same step (a signal may arrive mid-step, or reach only some hosts).
            stopping = sharding.any_process(stop["stop"] is not None)

            if step % check_every == 0:
                probe = _probe(
                    probe_step,
                    state.params,
                    mesh,
                    task,
                    config,
                    step,
                    curriculum.probe_difficulty(host["curriculum"]),
                )
                at_target = curriculum.at_target(host["curriculum"])
                if at_target and probe["seq_error"] == 0.0 and host["first_solved_step"] is None:
                    host["first_solved_step"] = step
                    host["first_solved_s"] = time.perf_counter() - run_start
                # The errors the curriculum and the LR plateau decide on: the probe's, or the
                # training batches' since the last check (None if none counted: no decision).
                decision, decided_on = probe, {}
                if curriculum.decides_on_training_batches():
                    decision, host["curriculum_signal"] = batch_signal.decide(
                        host["curriculum_signal"]
                    )
                    decided_on = {f"signal_{k}": v for k, v in (decision or {}).items()}
                passed = False
                if decision is not None:
                    host["curriculum"], advanced = curriculum.update(host["curriculum"], decision)
                    if at_target or not config.train.get("lr_decay_at_target_only", False):
                        host["plateau"] = plateau.update(
                            host["plateau"], decision["loss"], advanced
                        )
                    # Like the reference trainer, a check that passes at the target length
                    # still grows the relaxation pull (or averages the copies).
                    passed = advanced or curriculum.passed(decision)
                params = state.params
                for r in regularizers:
                    rs = host["regularizers"][r.name]
                    if passed:
                        rs = r.on_curriculum_pass(rs)
                        if r.lowers_learning_rate(rs, decision["seq_error"]):
                            host["plateau"] = plateau.decay(host["plateau"])
                    params, rs = r.project(params, rs)
                    host["regularizers"][r.name] = rs
                if params is not state.params:
                    state = state.replace(params=params)
                pending_probe = {f"probe_{k}": v for k, v in probe.items()} | decided_on
            else:
                pending_probe = {}

            if step % log_every == 0 or step == num_steps or pending_probe or stopping:
                first = step - len(pending) + 1
                values = jax.device_get(pending)
                now = time.perf_counter()
                scalars = {k: float(np.mean([v[k] for v in values])) for k in values[0]}
                scalars.update(pending_probe)
                scalars.update(curriculum.describe(host["curriculum"]))
                scalars["learning_rate"] = host["plateau"]["learning_rate"]
                scalars["examples_per_sec"] = len(values) * bs / (now - interval_start)
                scalars["generated_examples_per_sec"] = len(values) * bs / max(gen_time, 1e-9)
                for r in regularizers:
                    scalars.update(r.coefficients(host["regularizers"][r.name]))
                writer.write(step, scalars)
                _check_finite(scalars, first, step, ckpt, workdir, writer)
                difficulty = {
                    k.removeprefix("curriculum_")[:3]: int(v)
                    for k, v in curriculum.describe(host["curriculum"]).items()
                }
                bar.set_postfix(
                    loss=f"{scalars['loss']:.3f}",
                    err=f"{scalars['seq_error']:.3f}",
                    **difficulty,
                    refresh=False,
                )
                pending, gen_time, interval_start = [], 0.0, now
            bar.update(1)

            if step % ckpt_every == 0 or step == num_steps or stopping:
                # Never checkpoint parameters that a non-finite update has already ruined.
                _check_finite(jax.device_get(step_metrics), step, step, ckpt, workdir, writer)
                host["elapsed_s"] = time.perf_counter() - run_start
                host["curriculum_signal"] = batch_signal.fold(host["curriculum_signal"])
                ckpt.save(step, state, host)
            if stopping:
                interrupted = stop["stop"] or "a signal to another process"
                break
    bar.close()
    writer.flush()
    if interrupted:
        writer.close()
        ckpt.close()
        if primary:
            print(
                f"{interrupted}: checkpointed step {step} in {workdir}; rerun the same command "
                "to resume."
            )
        return None

    params = state.params
    for r in regularizers:
        params = r.finalize(params)
    records = variants.evaluate_all(config, params, mesh, show_progress and primary)
    ckpt.close()
    writer.write(num_steps, length_generalization.summarize(records))
    writer.close()
    if not primary:
        return records
    length_generalization.write_json(records, eval_path)
    run_info = {
        "finished": True,
        "step": num_steps,
        "wall_clock_s": float(host["elapsed_s"]),
        "first_solved_step": host["first_solved_step"],
        "first_solved_s": host.get("first_solved_s"),
        "curriculum": host["curriculum"],
        "branched_from": host.get("branched_from"),
        # The largest difficulty the curriculum trains at (benchmark.py's 1x length).
        "train_length": max(int(np.max(d["length"])) for d in difficulties),
        "eval": json.loads(config.eval.to_json()),
        "num_devices": int(mesh.devices.size),
        "device_kind": jax.devices()[0].device_kind,
    }
    tmp = run_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(run_info, f, indent=1)
    os.replace(tmp, run_path)
    print(length_generalization.format_table(records))
    return records
