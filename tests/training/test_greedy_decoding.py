"""Free-running (greedy) evaluation equals decoding one character at a time in Python."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from algolearn import tasks
from algolearn.models import LSTMExecute
from algolearn.training import input_pipeline, sharding
from algolearn.training import step as step_lib


def reference_greedy(model, params, inputs, mask) -> list[list[int]]:
    """Feeds each row's program and GO, then its own argmax predictions, one at a time.

    The prefix is zero-padded to the row width so one compiled program serves every step; the
    model is causal (tested in test_lstm_execute), so the padding after the prefix is unseen.
    """
    width = np.asarray(inputs).shape[1]
    apply = jax.jit(lambda x, n: model.apply({"params": params}, x, n))
    out = []
    for row, row_mask in zip(np.asarray(inputs), np.asarray(mask), strict=True):
        start, count = int(np.argmax(row_mask)), int(row_mask.sum())
        seq = list(row[: start + 1])
        predictions = []
        for _ in range(count):
            x = np.zeros((1, width), np.int32)
            x[0, : len(seq)] = seq
            logits = apply(x, np.asarray([len(seq)], np.int32))
            predictions.append(int(jnp.argmax(logits[0, len(seq) - 1])))
            seq.append(predictions[-1])
        out.append(predictions)
    return out


def test_greedy_matches_step_by_step_decoding() -> None:
    task = tasks.get("lte_addition")
    model = LSTMExecute(
        task.input_vocab_size, task.output_vocab_size, embed_dim=8, hidden=16, init_scale=0.5
    )
    batch = task.sample(np.random.default_rng(0), 6, np.array([1, 3, 2, 4, 1, 2]))
    padded = input_pipeline.pad_batch(batch, batch.length + 3)
    params = model.init(jax.random.PRNGKey(1), padded["inputs"], padded["lengths"])["params"]

    def apply_fn(x):
        return model.apply({"params": params}, x, padded["lengths"])

    free = step_lib.greedy_inputs(apply_fn, jnp.asarray(padded["inputs"]), padded["mask"])
    ours = np.argmax(apply_fn(free), -1)
    expected = reference_greedy(model, params, padded["inputs"], padded["mask"])
    for row, mask, exp in zip(ours, padded["mask"], expected, strict=True):
        assert row[mask].tolist() == exp
    # The program part is never touched; teacher forcing would differ from free running.
    np.testing.assert_array_equal(
        np.asarray(free)[~padded["mask"]], padded["inputs"][~padded["mask"]]
    )

    eval_step = step_lib.make_eval_step(model, sharding.make_mesh(), autoregressive=True)
    counts = jax.device_get(eval_step(params, padded))
    wrong = sum(
        int(np.any(row[m] != t[m]))
        for row, m, t in zip(ours, padded["mask"], padded["targets"], strict=True)
    )
    assert counts["greedy_seqs_wrong"] == wrong and counts["greedy_seqs"] == 6
