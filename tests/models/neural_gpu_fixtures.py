"""The tiny Neural GPU the model tests share: filters 4, width 4, r = 2, random parameters, and a
jitted apply (compiling `init` costs ~10 s on CPU, so parameters are random numpy arrays of the
model's shapes)."""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from algolearn.models import NeuralGPU

VOCAB = 13
R = 2


def make_model(**kwargs) -> NeuralGPU:
    fields = dict(
        input_vocab_size=VOCAB,
        output_vocab_size=VOCAB,
        filters=4,
        width=4,
        num_param_sets=R,
        dropout=0.0,
    )
    return NeuralGPU(**{**fields, **kwargs})


def param_shapes(model: NeuralGPU):
    variables = jax.eval_shape(
        model.init, jax.random.PRNGKey(0), jnp.zeros((1, 3), jnp.int32), jnp.ones((1,), jnp.int32)
    )
    return jax.tree.map(lambda x: x.shape, variables["params"])


def random_params():
    """Random numpy parameters of make_model()'s shapes, the r relaxed copies all different."""
    rng = np.random.default_rng(0)
    shapes = param_shapes(make_model())
    out = jax.tree.map(
        lambda shape: (0.4 * rng.standard_normal(shape)).astype(np.float32),
        shapes,
        is_leaf=lambda x: isinstance(x, tuple),
    )
    out["relaxed"]["gates_bias"] += 1.0
    out["embed"]["embedding"] *= 2.5
    return out


def with_sets(params, r: int):
    """The same model with r relaxed copies (copy j = copy j mod 2 of `params`, perturbed)."""
    rng = np.random.default_rng(r)
    relaxed = {
        k: np.stack([v[j % v.shape[0]] for j in range(r)])
        + 0.2 * rng.standard_normal((r, *v.shape[1:])).astype(np.float32)
        for k, v in params["relaxed"].items()
    }
    return {**params, "relaxed": relaxed}


@functools.partial(jax.jit, static_argnums=(0, 4))
def _apply(model, params, inputs, lengths, train, dropout_key):
    rngs = {"dropout": dropout_key} if dropout_key is not None else None
    return model.apply({"params": params}, inputs, lengths, train=train, rngs=rngs)


def apply(model, params, inputs, lengths, train=False, dropout_key=None):
    """Jitted per (model, shapes): eager calls would re-trace and re-compile every scan."""
    inputs, lengths = jnp.asarray(inputs, jnp.int32), jnp.asarray(lengths, jnp.int32)
    return np.asarray(_apply(model, params, inputs, lengths, train, dropout_key))


def random_tokens(rng, batch, n):
    return rng.integers(1, VOCAB, size=(batch, n)).astype(np.int32)
