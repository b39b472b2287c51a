"""Training memory of the Neural GPU must not grow quadratically with length under remat.

Measured from XLA's compiled memory analysis (temporary buffers of the gradient computation).
Without remat the n steps each store [n, w, m] activations: 4x the length costs ~16x memory.
"""

import jax
import jax.numpy as jnp
import pytest

from algolearn.models.neural_gpu import NeuralGPU


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
    growth = {r: _grad_temp_bytes(r, 144) / _grad_temp_bytes(r, 36) for r in ("none", "nested")}
    assert growth["none"] > 12.0, growth  # quadratic: 16x for 4x the length
    assert growth["nested"] < 6.0, growth  # at most n^1.5 (8x); measured ~4x
