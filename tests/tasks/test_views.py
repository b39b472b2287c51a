"""Sequence views: every task in every model layout, laid out exactly as documented."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from algolearn import tasks
from algolearn.tasks import PAD, characters, registry, views
from algolearn.training import step as step_lib
from tests.tasks.test_registry import capped

NAMES = registry.names()
LENGTH = 9


def sample(task: tasks.Task, seed: int = 0, length: int = LENGTH, batch_size: int = 6):
    size = capped(getattr(task, "base", task), length)
    return task.sample(np.random.default_rng(seed), batch_size, size)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("layout", ["bidirectional", "causal"])
def test_every_task_in_every_sequence_layout(name: str, layout: str) -> None:
    base = tasks.get(name)
    task = views.view_for(base, layout)
    batch = sample(task)
    assert batch.inputs.shape == batch.targets.shape == batch.mask.shape
    assert batch.length <= task.max_sequence_length(capped(base, LENGTH))
    assert batch.inputs.min() >= 0 and batch.inputs.max() < task.input_vocab_size
    assert batch.targets[batch.mask].max() < task.output_vocab_size
    assert batch.mask.any(axis=1).all()
    assert task.autoregressive == (layout == "causal")
    if layout == "causal":
        assert task.go_token is not None and (batch.inputs == task.go_token).any(axis=1).all()
    # The same examples as the base task: a view changes the layout, never the data.
    raw = sample(base)
    again = task.convert(raw) if isinstance(task, views.View) else raw
    np.testing.assert_array_equal(again.inputs, batch.inputs)
    np.testing.assert_array_equal(again.targets, batch.targets)


def test_read_then_write_layout_of_binary_addition() -> None:
    base = tasks.get("badd")
    task = views.ReadThenWrite(base)
    raw = sample(base, length=7)
    batch = task.convert(raw)
    go = task.go_token
    assert go == max(base.input_vocab_size, base.output_vocab_size)
    assert task.input_vocab_size == go + 1 and task.output_vocab_size == base.output_vocab_size
    for i in range(raw.batch_size):
        x, y = raw.inputs[i].tolist(), raw.targets[i].tolist()
        assert batch.inputs[i].tolist() == x + [go] + y[:-1]
        assert batch.targets[i].tolist() == [PAD] * 7 + y
        assert batch.mask[i].tolist() == [False] * 7 + [True] * 7
    assert batch.lengths.tolist() == [14] * raw.batch_size
    assert task.max_sequence_length(7) == 14
    assert task.decode(batch.inputs[0]) == (
        f"{base.decode(raw.inputs[0])} | {base.decode(raw.targets[0][:-1])}"
    )


def test_read_then_write_keeps_each_rows_own_length_and_scored_cells() -> None:
    raw = tasks.Batch(
        inputs=np.array([[3, 4, 5], [6, 7, 0]], np.int32),
        targets=np.array([[1, 2, 3], [4, 5, 0]], np.int32),
        lengths=np.array([3, 2], np.int32),
        mask=np.array([[True, False, True], [True, True, False]]),
    )
    task = views.ReadThenWrite(tasks.get("copy"))
    go = task.go_token
    batch = task.convert(raw)
    assert batch.inputs.tolist() == [[3, 4, 5, go, 1, 2], [6, 7, go, 4, 0, 0]]
    assert batch.targets.tolist() == [[0, 0, 0, 1, 2, 3], [0, 0, 4, 5, 0, 0]]
    assert batch.mask.tolist() == [[0, 0, 0, 1, 0, 1], [0, 0, 1, 1, 0, 0]]
    assert batch.lengths.tolist() == [6, 4]


def test_greedy_decoding_of_a_perfect_model_reproduces_the_teacher_forced_inputs() -> None:
    """In the read-then-write layout the model's own predictions are fed back: an oracle that
    always predicts the target makes free-running inputs equal the teacher-forced ones."""
    task = views.ReadThenWrite(tasks.get("badd"))
    batch = sample(task, length=7)
    targets = jnp.asarray(batch.targets)

    def oracle(x):
        return jax.nn.one_hot(targets, task.input_vocab_size)

    blanked = jnp.where(jnp.asarray(batch.mask), task.go_token, jnp.asarray(batch.inputs))
    blanked = blanked.at[:, 7].set(task.go_token)
    free = step_lib.greedy_inputs(oracle, blanked, jnp.asarray(batch.mask))
    np.testing.assert_array_equal(np.asarray(free), batch.inputs)


@pytest.mark.parametrize("name", ["lte_addition", "lte_program", "lte_copy"])
def test_parallel_view_hides_every_target_character(name: str) -> None:
    base = tasks.get(name)
    raw = sample(base, length=3)
    batch = views.Parallel(base).convert(raw)
    np.testing.assert_array_equal(batch.targets, raw.targets)
    np.testing.assert_array_equal(batch.mask, raw.mask)
    for i in range(raw.batch_size):
        go = int(np.flatnonzero(raw.inputs[i] == characters.GO)[0])
        assert raw.mask[i, go] and not raw.mask[i, :go].any()
        np.testing.assert_array_equal(batch.inputs[i, : go + 1], raw.inputs[i, : go + 1])
        assert (batch.inputs[i, go + 1 :] == PAD).all()  # no target character is visible
        assert set(raw.targets[i][raw.mask[i]].tolist()) - {PAD}  # there was something to hide


def test_view_for_picks_the_layout_each_model_needs() -> None:
    badd, lte, nram = tasks.get("badd"), tasks.get("lte_addition"), tasks.get("nram_copy")
    assert views.view_for(badd, "bidirectional") is badd
    assert isinstance(views.view_for(badd, "causal"), views.ReadThenWrite)
    assert views.view_for(lte, "causal") is lte
    assert isinstance(views.view_for(lte, "bidirectional"), views.Parallel)
    assert views.view_for(nram, "memory") is nram
    assert isinstance(views.view_for(nram, "causal"), views.ReadThenWrite)
    with pytest.raises(ValueError, match="'badd' has no memory view"):
        views.view_for(badd, "memory")
    with pytest.raises(ValueError, match="unknown layout 'sideways'"):
        views.view_for(badd, "sideways")
    with pytest.raises(ValueError, match="already in a read-then-write layout"):
        views.ReadThenWrite(lte)
    with pytest.raises(ValueError, match="no teacher-forced target"):
        views.Parallel(badd)


def test_views_delegate_difficulty_checks_and_adversarial_sets() -> None:
    task = views.ReadThenWrite(tasks.get("badd"))
    assert task.adversarial_sets() == tasks.get("badd").adversarial_sets()
    with pytest.raises(tasks.LengthError, match="'badd'"):
        task.sample(np.random.default_rng(0), 2, 1)
    hard = task.sample_adversarial("all_zeros", np.random.default_rng(0), 2, 9)
    assert hard.length == 18 and (hard.inputs[:, 9] == task.go_token).all()
