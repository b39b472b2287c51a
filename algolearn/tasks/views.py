"""Sequence views: one task, laid out for the kind of model that reads it.

Every task yields (inputs, targets, mask) rows; what differs is whether a model may see a
target while predicting it. Two views adapt a task to a model that needs the other layout:

  ReadThenWrite (causal models on per-position tasks): the source, a GO token, then the
    teacher-forced target:   inputs  x_0 .. x_{n-1} GO y_0 .. y_{n-2}
                             targets  .  ..  .      y_0 y_1 .. y_{n-1}
    so the model reads the whole input before it writes, and greedy decoding feeds its own
    predictions back (the task becomes autoregressive). Inputs and targets share one
    vocabulary (max of the two) plus GO.
  Parallel (bidirectional models on teacher-forced tasks): the teacher-forced target tokens in
    the input are blanked (PAD), so a model that sees the whole row predicts every target
    symbol at once from the source alone.

Examples are those of the base task (same rng, same rows), so every architecture is scored on
the same examples; frozen evaluation sets store the base rows and are converted on reading.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from algolearn.tasks.base import PAD, Batch, Task


class View(Task):
    """A task seen through a layout: delegates difficulty and data to `base`, converts rows."""

    def __init__(self, base: Task) -> None:
        self.base = base
        self.name = base.name
        self.min_length = base.min_length
        self.per_example_difficulty = base.per_example_difficulty
        self.pad_is_answer = base.pad_is_answer
        self.input_vocab_size = base.input_vocab_size
        self.output_vocab_size = base.output_vocab_size

    def convert(self, batch: Batch) -> Batch:
        """The base task's rows in this view's layout."""
        raise NotImplementedError

    def check_difficulty(self, length, **params) -> None:
        self.base.check_difficulty(length, **params)

    def max_sequence_length(self, length, **params) -> int:
        return self.base.max_sequence_length(length, **params)

    def sample(self, rng: np.random.Generator, batch_size: int, length, **params) -> Batch:
        return self.convert(self.base.sample(rng, batch_size, length, **params))

    def _sample(self, rng, batch_size, length, **params) -> Batch:  # pragma: no cover
        raise AssertionError("View.sample converts the base task's sample")

    def adversarial_sets(self) -> tuple[str, ...]:
        return self.base.adversarial_sets()

    def sample_adversarial(self, set_name, rng, batch_size, length) -> Batch:
        return self.convert(self.base.sample_adversarial(set_name, rng, batch_size, length))

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        return self.base.decode(ids)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base.name})"


class ReadThenWrite(View):
    """Source, GO, teacher-forced target: a per-position task for causal models."""

    autoregressive = True

    def __init__(self, base: Task) -> None:
        if base.autoregressive:
            raise ValueError(f"task {base.name!r} is already in a read-then-write layout")
        super().__init__(base)
        shared = max(base.input_vocab_size, base.output_vocab_size)
        self.go_token = shared
        self.input_vocab_size = shared + 1

    def max_sequence_length(self, length, **params) -> int:
        return 2 * self.base.max_sequence_length(length, **params)

    def convert(self, batch: Batch) -> Batch:
        b, n = batch.inputs.shape
        inputs = np.zeros((b, 2 * n), np.int32)  # [b, 2n]
        targets = np.zeros((b, 2 * n), np.int32)  # [b, 2n]
        mask = np.zeros((b, 2 * n), bool)  # [b, 2n]
        for i, k in enumerate(batch.lengths.tolist()):  # row i reads k tokens, then writes k
            inputs[i, :k] = batch.inputs[i, :k]
            inputs[i, k] = self.go_token
            inputs[i, k + 1 : 2 * k] = batch.targets[i, : k - 1]
            targets[i, k : 2 * k] = batch.targets[i, :k]
            mask[i, k : 2 * k] = batch.mask[i, :k]
        return Batch(inputs=inputs, targets=targets, lengths=2 * batch.lengths, mask=mask)

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        ids = np.asarray(ids)
        cut = np.flatnonzero(ids == self.go_token)
        if not cut.size:
            return self.base.decode(ids)
        return f"{self.base.decode(ids[: cut[0]])} | {self.base.decode(ids[cut[0] + 1 :])}"


class Parallel(View):
    """A teacher-forced task with its target tokens blanked: for bidirectional models."""

    autoregressive = False

    def __init__(self, base: Task) -> None:
        if not base.autoregressive:
            raise ValueError(f"task {base.name!r} has no teacher-forced target to blank")
        super().__init__(base)

    def convert(self, batch: Batch) -> Batch:
        scored_before = np.cumsum(batch.mask, axis=1) - batch.mask  # [b, n]
        # Teacher-forced inputs follow the first scored position (e.g. the chars after GO).
        blank = (scored_before > 0) & (np.arange(batch.length)[None] < batch.lengths[:, None])
        inputs = np.where(blank, PAD, batch.inputs).astype(np.int32)
        return Batch(inputs=inputs, targets=batch.targets, lengths=batch.lengths, mask=batch.mask)


LAYOUTS = ("bidirectional", "causal", "memory")


def view_for(task: Task, layout: str) -> Task:
    """`task` in the layout a model needs: "bidirectional" (sees the whole row), "causal"
    (sees only the past: reads, then writes) or "memory" (the NRAM's memory view)."""
    if layout == "bidirectional":
        return Parallel(task) if task.autoregressive else task
    if layout == "causal":
        return task if task.autoregressive else ReadThenWrite(task)
    if layout == "memory":
        if not task.memory_view:
            raise ValueError(
                f"the NRAM reads a memory, and task {task.name!r} has no memory view; "
                "use an nram_* task"
            )
        return task
    raise ValueError(f"unknown layout {layout!r}; valid layouts: {', '.join(LAYOUTS)}")
