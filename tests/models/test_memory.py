"""Training memory of the Neural GPU must not grow quadratically with length under remat.

Measured from XLA's compiled memory analysis (temporary buffers of the gradient computation).
Without remat the n steps each store [n, w, m] activations: 4x the length costs ~16x memory.
"""

import jax
import jax.numpy as jnp
import pytest

from algolearn.models.neural_gpu import NeuralGPU, resolve_remat, stored_activation_bytes


def _grad_temp_bytes(remat: str, n: int) -> int:
    # One CGRU per step and 2 relaxation copies: the same scan structure, a third of the
    # compile time of the paper's 2 CGRUs x 6 copies.
    model = NeuralGPU(
        13, 13, filters=4, cgrus_per_step=1, num_param_sets=2, remat=remat, dropout=0.0
    )
    x = jnp.ones((2, n), jnp.int32)
    lengths = jnp.full((2,), n, jnp.int32)
    variables = model.init({"params": jax.random.PRNGKey(0)}, x[:, :3], lengths)
    grad = jax.jit(jax.grad(lambda v: jnp.sum(model.apply(v, x, lengths))))
    analysis = grad.lower(variables).compile().memory_analysis()
    if analysis is None:
        pytest.skip("this backend reports no memory analysis")
    return analysis.temp_size_in_bytes


def test_remat_memory_grows_subquadratically():
    temp = {(r, n): _grad_temp_bytes(r, n) for r in ("none", "nested") for n in (36, 144)}
    growth = {r: temp[r, 144] / temp[r, 36] for r in ("none", "nested")}
    assert growth["none"] > 12.0, growth  # quadratic: 16x for 4x the length
    assert growth["nested"] < 6.0, growth  # at most n^1.5 (8x); measured ~4x
    # remat="auto" decides from this estimate of the no-remat memory: it must be close.
    for n in (36, 144):
        estimate = stored_activation_bytes(2, n, 4, 4, 1)
        assert 0.5 < temp["none", n] / estimate < 1.5, (n, temp["none", n], estimate)


def test_auto_remat_recomputes_only_over_the_budget():
    # The speed benchmark's shapes fit in 2 GiB: no recomputation, the fastest step.
    assert resolve_remat(32, 20, 4, 128, 2, 2**31) == "none"
    assert resolve_remat(32, 41, 4, 24, 2, 2**31) == "none"
    # 128 filters at the curriculum's length 41 fit too (~1.1 GB); longer sequences: nested.
    assert resolve_remat(32, 41, 4, 128, 2, 2**31) == "none"
    assert resolve_remat(32, 101, 4, 128, 2, 2**31) == "nested"
    assert resolve_remat(32, 401, 4, 24, 2, 2**31) == "nested"
