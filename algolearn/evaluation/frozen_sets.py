"""Frozen, versioned evaluation sets: TFDS datasets in array_record format (no TensorFlow).

Generated evaluation data are already a pure function of (eval.seed, set, difficulty); freezing
them in files pins them against future changes of a generator (a new NumPy, a fixed bug) and
lets other code bases score on exactly our examples. One TFDS dataset per (task, options,
eval spec); one split per (set, difficulty), e.g. `random_length41`, `all_max_length401`,
`random_length4_nesting2`. Build the sets of an experiment with

    python -m algolearn.evaluation.frozen_sets --config=experiments/x.py --data_dir=DIR

and evaluate on them with --config.eval.frozen_dir=DIR (a missing set is an error that says
how to build it). Rows are stored unpadded, with their index; reading pads them exactly like
the generated batches.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import tensorflow_datasets as tfds

from algolearn import tasks
from algolearn.evaluation import eval_data
from algolearn.tasks import Batch
from algolearn.training import input_pipeline

# Bump when the stored layout or any generator's output changes: old files stay readable by name.
VERSION = "1.0.0"


def split_name(eval_set: str, difficulty: dict[str, int]) -> str:
    key = input_pipeline.difficulty_key(difficulty)
    names = ["length", *sorted(k for k in difficulty if k != "length")]
    return eval_set + "".join(f"_{n}{v}" for n, v in zip(names, key, strict=True))


@dataclasses.dataclass(eq=False)
class EvalSetConfig(tfds.core.BuilderConfig):
    """What one frozen dataset holds: a task (with options) and its evaluation jobs."""

    task: dict[str, Any] = dataclasses.field(default_factory=dict)  # config.task
    jobs: tuple = ()  # ((eval_set, difficulty dict, num_examples), ...)
    seed: int = 0


def config_name(task: dict[str, Any], jobs: Sequence, seed: int) -> str:
    """A readable, content-addressed dataset config name."""
    spec = json.dumps({"task": task, "jobs": list(jobs), "seed": seed}, sort_keys=True)
    return f"{task['name']}_{hashlib.sha256(spec.encode()).hexdigest()[:12]}"


class AlgolearnEval(tfds.core.GeneratorBasedBuilder):
    """Frozen algolearn evaluation examples."""

    VERSION = tfds.core.Version(VERSION)
    BUILDER_CONFIGS: list = []

    def _info(self) -> tfds.core.DatasetInfo:
        features = tfds.features.FeaturesDict(
            {
                "index": np.int64,
                "inputs": tfds.features.Tensor(shape=(None,), dtype=np.int32),
                "targets": tfds.features.Tensor(shape=(None,), dtype=np.int32),
                "mask": tfds.features.Tensor(shape=(None,), dtype=np.bool_),
            }
        )
        spec = {"task": self.builder_config.task, "seed": self.builder_config.seed}
        return tfds.core.DatasetInfo(builder=self, description=json.dumps(spec), features=features)

    def _split_generators(self, dl_manager):
        del dl_manager
        return {
            split_name(eval_set, difficulty): self._generate_examples(eval_set, difficulty, num)
            for eval_set, difficulty, num in self.builder_config.jobs
        }

    def _generate_examples(self, eval_set: str, difficulty: dict[str, int], num: int) -> Iterator:
        config = self.builder_config
        task = tasks.get(**config.task)
        batch = eval_data.generate(task, eval_set, config.seed, difficulty, num)
        for i in range(num):
            n = int(batch.lengths[i])
            yield (
                i,
                {
                    "index": i,
                    "inputs": batch.inputs[i, :n],
                    "targets": batch.targets[i, :n],
                    "mask": batch.mask[i, :n],
                },
            )


def builder(task: dict[str, Any], jobs: Sequence, seed: int, data_dir: str) -> AlgolearnEval:
    jobs = tuple((s, dict(d), int(n)) for s, d, n in jobs)
    config = EvalSetConfig(
        name=config_name(task, jobs, seed), version=VERSION, task=dict(task), jobs=jobs, seed=seed
    )
    return AlgolearnEval(config=config, data_dir=data_dir, file_format="array_record")


def build(task: dict[str, Any], jobs: Sequence, seed: int, data_dir: str) -> str:
    """Writes (once) the frozen dataset of these jobs; returns its directory."""
    b = builder(task, jobs, seed, data_dir)
    b.download_and_prepare()
    return str(b.data_dir)


def spec(config: Any) -> tuple[dict[str, Any], list, int]:
    """(task config, jobs, seed) of an experiment config's evaluation."""
    task_config = config.task.to_dict() if hasattr(config.task, "to_dict") else dict(config.task)
    jobs = eval_data.jobs(tasks.get(**task_config), config.eval)
    return task_config, jobs, int(config.eval.seed)


def _missing(task: dict[str, Any], data_dir: str) -> FileNotFoundError:
    return FileNotFoundError(
        f"no frozen evaluation set for task {task} (version {VERSION}) in {data_dir}; build "
        "it with: python -m algolearn.evaluation.frozen_sets --config=<experiment> "
        f"--data_dir={data_dir}"
    )


def check_prepared(config: Any) -> None:
    """Raises (before any training) when config.eval.frozen_dir lacks this config's sets."""
    task, jobs, seed = spec(config)
    if not builder(task, jobs, seed, config.eval.frozen_dir).is_prepared():
        raise _missing(task, config.eval.frozen_dir)


def read(
    task: dict[str, Any],
    jobs: Sequence,
    seed: int,
    data_dir: str,
    eval_set: str,
    difficulty: dict[str, int],
) -> Batch:
    """All examples of one (set, difficulty) from the frozen dataset, in index order."""
    b = builder(task, jobs, seed, data_dir)
    if not b.is_prepared():
        raise _missing(task, data_dir)
    source = b.as_data_source(split=split_name(eval_set, difficulty))
    rows = sorted((source[i] for i in range(len(source))), key=lambda r: int(r["index"]))
    n = max(len(r["inputs"]) for r in rows)

    def stack(key, dtype):
        out = np.zeros((len(rows), n), dtype)
        for i, r in enumerate(rows):
            out[i, : len(r[key])] = r[key]
        return out

    return Batch(
        inputs=stack("inputs", np.int32),
        targets=stack("targets", np.int32),
        lengths=np.array([len(r["inputs"]) for r in rows], np.int32),
        mask=stack("mask", bool),
    )


def main(argv: Sequence[str]) -> None:
    del argv
    from absl import flags  # noqa: PLC0415 (only the command line needs flags)

    config = flags.FLAGS.config
    task, jobs, seed = spec(config)
    path = build(task, jobs, seed, flags.FLAGS.data_dir)
    print(f"frozen evaluation sets (version {VERSION}) in {path}:")
    for eval_set, difficulty, num in jobs:
        print(f"  {split_name(eval_set, difficulty)}: {num} examples")
    print(f"evaluate on them with --config.eval.frozen_dir={flags.FLAGS.data_dir}")


if __name__ == "__main__":
    from absl import app, flags
    from ml_collections import config_flags

    config_flags.DEFINE_config_file("config", None, "Experiment config file.", lock_config=False)
    flags.DEFINE_string("data_dir", None, "Where to write the TFDS datasets.", required=True)
    app.run(main)
