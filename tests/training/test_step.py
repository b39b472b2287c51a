"""Error counts of train_step/eval_step: the Neural GPU reference's scoring, and the strict one."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from algolearn import tasks
from algolearn.tasks import PAD, views
from algolearn.training import step


def reference_accuracy(outputs: np.ndarray, targets: np.ndarray) -> tuple[int, int, int]:
    """(digit errors, digits, wrong sequences) as the Neural GPU's data_utils.accuracy counts
    them, written out position by position: only positions whose target is a symbol count."""
    errors = total = 0
    seq = [0] * len(targets)
    for b, (out_row, tgt_row) in enumerate(zip(outputs.tolist(), targets.tolist(), strict=True)):
        for out, tgt in zip(out_row, tgt_row, strict=True):
            if tgt > 0:
                total += 1
                if out != tgt:
                    seq[b] = 1
                    errors += 1
    return errors, total, sum(seq)


def logits_for(predictions: np.ndarray, vocab: int) -> jax.Array:
    return jax.nn.one_hot(jnp.asarray(predictions), vocab) * 10.0


@pytest.mark.parametrize("task_name", ["badd", "bmul", "add", "dup"])
@pytest.mark.parametrize("seed", [0, 1])
def test_counts_equal_the_reference_accuracy(task_name: str, seed: int) -> None:
    task = tasks.get(task_name)
    rng = np.random.default_rng(seed)
    batch = task.sample(rng, 64, 21)
    # Predictions right except at a few random positions, symbol and PAD alike.
    predictions = batch.targets.copy()
    flip = rng.random(predictions.shape) < 0.02
    predictions[flip] = (predictions[flip] + 1) % task.output_vocab_size
    counts = step.error_counts(
        logits_for(predictions, task.output_vocab_size), batch.targets, batch.mask
    )
    errors, total, seqs_wrong = reference_accuracy(predictions, batch.targets)
    assert counts["digits_wrong"] == errors
    assert counts["digits"] == total
    assert counts["seqs_wrong"] == seqs_wrong
    assert counts["padded_seqs_wrong"] == int(np.any(flip, axis=1).sum())
    assert counts["padded_seqs_wrong"] >= counts["seqs_wrong"]


def test_pad_only_errors_count_only_where_pad_is_an_answer() -> None:
    targets = np.array([[2, 3, PAD, PAD], [2, 3, PAD, PAD], [2, 3, PAD, PAD]], np.int32)
    mask = np.ones_like(targets, bool)
    predictions = targets.copy()
    predictions[0, 3] = 1  # a digit where the answer's padding belongs
    predictions[1, 0] = 3  # a wrong digit
    logits = logits_for(predictions, 4)
    reference = step.error_counts(logits, targets, mask)
    assert (reference["seqs_wrong"], reference["padded_seqs_wrong"]) == (1, 2)
    assert (reference["digits_wrong"], reference["digits"], reference["seqs"]) == (1, 6, 3)
    nram = step.error_counts(logits, targets, mask, pad_is_answer=True)
    assert (nram["seqs_wrong"], nram["padded_seqs_wrong"]) == (2, 2)
    _, metrics = step.loss_and_metrics(logits, targets, mask)
    assert float(metrics["seq_error"]) == pytest.approx(1 / 3)
    assert float(metrics["padded_seq_error"]) == pytest.approx(2 / 3)
    # Unscored positions never count, PAD or not.
    unscored = step.error_counts(logits, targets, mask & (np.arange(4) < 3))
    assert (unscored["seqs_wrong"], unscored["padded_seqs_wrong"]) == (1, 1)


def test_which_tasks_score_pad() -> None:
    for name in ("badd", "bmul", "mul", "copy", "rev", "dup", "badd_carry"):
        assert not tasks.get(name).pad_is_answer, name
    nram = tasks.get("nram_copy")
    assert nram.pad_is_answer
    assert views.view_for(nram, "causal").pad_is_answer
    assert not views.view_for(tasks.get("badd"), "causal").pad_is_answer
