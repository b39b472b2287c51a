"""The NRAM module: shapes and normalisation, discretized mode, parameters independent of the
memory size, and a tiny NRAM that learns Access through the shared loop (fuzzy and discretized,
at a larger memory and size than it trained on)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from algolearn import inspect_run, models, tasks
from algolearn.configs import nram_config
from algolearn.models import NRAM
from algolearn.models import nram as nram_lib
from algolearn.training import loop
from tests.training.conftest import assert_states_equal, read_checkpoint

# Enough modules for Access (READ at ZERO, INC, READ, WRITE at ZERO) and Increment. XLA compile
# time grows with the number of modules (~1.5 s each for a gradient on CPU), so the tests that do
# not test the module list use this one; test_nram_machine covers all 14.
FEW_MODULES = ("read", "zero", "inc", "add", "write")
READ_INC_WRITE = ("read", "inc", "write")  # the fewest with a useful gradient: compile time


def batch(memory_size=8, size=3, n=4):
    return tasks.get("nram_access", memory_size=memory_size).sample(
        np.random.default_rng(0), n, size
    )


@pytest.mark.parametrize("controller", ["mlp", "lstm"])
def test_outputs_are_distributions_and_params_ignore_memory_size(controller) -> None:
    b = batch()
    model = NRAM(
        8, 8, timesteps=3, controller=controller, hidden=16, machine_modules=READ_INC_WRITE
    )
    variables = jax.jit(model.init)(jax.random.PRNGKey(0), b.inputs, b.lengths)
    logits = jax.jit(model.apply)(variables, b.inputs, b.lengths)
    assert logits.shape == (4, 8, 8)
    np.testing.assert_allclose(jnp.exp(logits).sum(-1), 1.0, atol=1e-4)
    big = batch(memory_size=32, size=10)
    bigger = NRAM(
        32, 32, timesteps=3, controller=controller, hidden=16, machine_modules=READ_INC_WRITE
    )
    assert bigger.apply(variables, big.inputs, big.lengths).shape == (4, 32, 32)
    training_loss = jax.jit(lambda v, *args: model.apply(v, *args, method="training_loss"))
    loss, _ = training_loss(variables, b.inputs, b.lengths, b.targets, b.mask)
    assert np.isfinite(loss) and loss > 0


def test_a_row_on_a_smaller_memory_runs_as_on_its_own_machine() -> None:
    """A batch mixing memory sizes (min_memory_size): each row, zero-padded to M = 12 with
    lengths = its k, computes exactly what an NRAM built for k cells computes on it alone."""
    modules = ("read", "inc", "add", "sub", "write")  # INC, ADD, SUB wrap around modulo k
    b = tasks.get("nram_copy", memory_size=12, min_memory_size=8).sample(
        np.random.default_rng(1), 16, 2
    )
    assert len(set(b.lengths.tolist())) > 2
    model = NRAM(12, 12, timesteps=3, hidden=16, machine_modules=modules)
    variables = jax.jit(model.init)(jax.random.PRNGKey(0), b.inputs, b.lengths)
    run = jax.jit(lambda m, x, n: m.apply(variables, x, n, method="run")[:2], static_argnums=0)
    memories, p_stop = run(model, b.inputs, b.lengths)
    alone = {12: run(model, b.inputs, None)}  # no lengths: every row modulo M = 12
    small = NRAM(8, 8, timesteps=3, hidden=16, machine_modules=modules)
    alone[8] = run(small, b.inputs[:, :8], None)
    for k, (alone_memories, alone_p) in alone.items():
        rows = b.lengths == k
        assert rows.any()
        got = np.asarray(memories[rows])
        np.testing.assert_allclose(got[..., :k, :k], alone_memories[rows], atol=1e-5)
        np.testing.assert_allclose(p_stop[rows], alone_p[rows], atol=1e-5)
        assert np.all(got[..., :k, k:] == 0)  # no value past k
    mixed = (b.lengths > 8) & (b.lengths < 12)
    assert not np.allclose(alone[12][0][mixed], memories[mixed])  # modulo 12 is not modulo k


def test_discretized_memory_is_one_hot() -> None:
    b = batch()
    model = NRAM(8, 8, timesteps=3, discretize=True, machine_modules=FEW_MODULES)
    variables = jax.jit(model.init)(jax.random.PRNGKey(0), b.inputs, b.lengths)
    memories, p_stop, _ = jax.jit(lambda v, x: model.apply(v, x, method="run"))(variables, b.inputs)
    np.testing.assert_array_equal(np.sort(np.asarray(memories), -1)[..., -1], 1.0)
    assert set(np.unique(np.asarray(p_stop)).tolist()) <= {0.0, 1.0}


def test_bad_model_config_is_named() -> None:
    task = tasks.get("nram_access")
    for bad, match in [
        ({"controller": "gru"}, "controller 'gru'"),
        ({"machine_modules": ("read", "mul")}, "module 'mul'"),
        ({"hidden_layers": 0}, "hidden_layers must be >= 1"),
        ({"controller_input": "round"}, "controller_input 'round'; valid: fuzzy, argmax"),
        ({"controller_input": "argmax", "argmax_input_weight": 1.5}, r"in \[0, 1\], got 1.5"),
    ]:
        model = models.build(ml_collections.ConfigDict({"name": "nram", **bad}), task)
        b = batch(memory_size=16)
        with pytest.raises(ValueError, match=match):
            model.init(jax.random.PRNGKey(0), b.inputs, b.lengths)


def test_argmax_controller_input_reads_what_a_discretized_machine_reads() -> None:
    """controller_input="argmax": 1[argmax r_i = 0] forward (the discretized machine's view of
    a register with the same argmax), P(r_i = 0)'s gradient backward; "fuzzy": P(r_i = 0)."""
    registers = jax.nn.softmax(jax.random.normal(jax.random.PRNGKey(0), (64, 3, 5)) * 2, -1)
    registers = registers.at[:8, :, 0].add(3.0)  # some rows whose argmax is 0
    fuzzy = nram_lib.zero_signal(registers, "fuzzy")
    hard = nram_lib.zero_signal(registers, "argmax")
    np.testing.assert_array_equal(fuzzy, registers[:, :, 0])
    expected = np.argmax(np.asarray(registers), -1) == 0
    assert 0 < expected.sum() < expected.size
    np.testing.assert_array_equal(hard, expected.astype(np.float32))
    w = jax.random.normal(jax.random.PRNGKey(1), (64, 3))
    grad = jax.grad(lambda r: jnp.sum(w * nram_lib.zero_signal(r, "argmax")))(registers)
    np.testing.assert_allclose(grad[:, :, 0], w)
    assert not np.any(grad[:, :, 1:])
    # A blend: (1 - 0.25) P(r_i = 0) + 0.25 1[argmax r_i = 0] forward, the same gradient.
    blend = nram_lib.zero_signal(registers, "argmax", 0.25)
    np.testing.assert_allclose(blend, 0.75 * fuzzy + 0.25 * hard, rtol=1e-6)
    grad = jax.grad(lambda r: jnp.sum(w * nram_lib.zero_signal(r, "argmax", 0.25)))(registers)
    np.testing.assert_allclose(grad[:, :, 0], w)
    # On one-hot registers (the discretized machine) both inputs are the same machine.
    b = batch()
    runs = []
    for mode in nram_lib.CONTROLLER_INPUTS:
        model = NRAM(
            8,
            8,
            timesteps=3,
            discretize=True,
            controller_input=mode,
            machine_modules=READ_INC_WRITE,
        )
        variables = model.init(jax.random.PRNGKey(0), b.inputs, b.lengths)
        runs.append(model.apply(variables, b.inputs, b.lengths))
    np.testing.assert_array_equal(*runs)


def test_clip_gradient_is_identity_forward_and_clips_each_coordinate_backward() -> None:
    x = jnp.array([1.0, -2.0, 3.0])
    limit = jnp.float32(0.5)
    np.testing.assert_array_equal(nram_lib.clip_gradient(x, limit), x)
    grad = jax.grad(lambda v: jnp.sum(nram_lib.clip_gradient(v, limit) * jnp.array([0.1, -4, 2])))
    np.testing.assert_allclose(grad(x), [0.1, -0.5, 0.5])


@pytest.mark.parametrize(
    "controller, layers, expected",
    [
        ("mlp", 1, {"hidden", "circuit"}),
        ("mlp", 2, {"hidden", "hidden_1", "circuit"}),
        ("lstm", 1, {"lstm", "circuit"}),
        ("lstm", 2, {"hidden", "lstm", "circuit"}),  # the paper's: a ReLU layer, then LSTM
    ],
)
def test_controller_depth(controller, layers, expected) -> None:
    b = batch()
    model = NRAM(
        8,
        8,
        timesteps=2,
        controller=controller,
        hidden=16,
        hidden_layers=layers,
        machine_modules=FEW_MODULES,
    )
    params = model.init(jax.random.PRNGKey(0), b.inputs, b.lengths)["params"]
    assert set(params["step"]) == expected


def test_activation_gradient_clipping_bounds_the_backward_pass() -> None:
    """A tight limit changes and shrinks the gradient (a limit above every coordinate is the
    identity: test_clip_gradient_is_identity_forward_and_clips_each_coordinate_backward; a third
    compile here to show it again cost ~10 s of the suite)."""
    b = batch()

    def grads(clip):
        model = NRAM(
            8, 8, timesteps=3, hidden=16, machine_modules=READ_INC_WRITE, activation_grad_clip=clip
        )
        params = model.init(jax.random.PRNGKey(0), b.inputs, b.lengths)["params"]

        def loss(p):
            return model.apply(
                {"params": p}, b.inputs, b.lengths, b.targets, b.mask, method="training_loss"
            )[0]

        return jax.tree.leaves(jax.jit(jax.grad(loss))(params))

    def norm(leaves):
        return float(np.sqrt(sum(np.sum(np.square(x)) for x in leaves)))

    plain, tight = grads(0.0), grads(1e-4)
    assert 0 < norm(tight) < 0.1 * norm(plain)


def test_tiny_nram_learns_access_and_generalizes(tmp_path) -> None:
    c = nram_config("nram_access", memory_size=8, size=3)
    c.model.update(timesteps=3, hidden=64, machine_modules=FEW_MODULES)
    c.train.update(num_steps=200, learning_rate=0.01, log_every=100)
    c.curriculum.check_every = 100
    c.data.buckets = (8, 24)
    c.eval.update(num_examples=64)
    c.eval.variants = {
        "discretized": {"model": {"discretize": True}},
        "memory24": {"task": {"memory_size": 24}, "eval": {"lengths": (20,)}},
    }
    records = loop.train_and_evaluate(c, str(tmp_path), show_progress=False)
    assert [(r.get("variant"), r["length"]) for r in records] == [
        (None, 3),
        ("discretized", 3),
        ("memory24", 20),
    ]
    # Seed 0 reaches 0 errors by step 200; the learned circuit is exact at size 20 too.
    for r in records[:2]:
        assert r["digit_error"] == 0.0, records
    assert records[2]["digit_error"] < 0.1, records
    state, _ = read_checkpoint(tmp_path, 200)
    assert int(state["step"]) == 200
    # The learned circuit, read back by algolearn.inspect_run: every example right, one line
    # per timestep, and every timestep reads memory (Access: cell 0 <- A[k]).
    found = inspect_run.examine(str(tmp_path), num_examples=8, variant="discretized")
    assert all(len(w) == 0 for w in found["wrong"])
    lines = inspect_run.circuit(str(tmp_path), found).splitlines()
    assert len(lines) == 3 and all("READ(" in line for line in lines)


def test_resume_is_exact(tmp_path) -> None:
    def config(steps):
        c = nram_config("nram_increment", memory_size=8, size=3)
        c.model.update(timesteps=3, hidden=16, machine_modules=READ_INC_WRITE)
        c.train.update(num_steps=steps, log_every=5, checkpoint_every=10, grad_clip_value=0.5)
        c.train.grad_noise.scale = 0.1  # noise is a function of (seed, step): replayed exactly
        c.curriculum = ml_collections.ConfigDict(
            {
                "name": "nram",
                "min_length": 1,
                "start_length": 1,
                "max_length": 4,
                "threshold": 1.1,
                "min_gap": 1,
                "check_every": 4,
                "probe_batches": 1,
            }
        )
        c.regularizers = ml_collections.ConfigDict({"entropy_bonus": {"init": 0.1}})
        c.eval.num_examples = 16
        return c

    full, half = tmp_path / "full", tmp_path / "half"
    records = loop.train_and_evaluate(config(20), str(full), show_progress=False)
    loop.train_and_evaluate(config(10), str(half), show_progress=False)
    assert loop.train_and_evaluate(config(20), str(half), show_progress=False) == records
    state, host = read_checkpoint(half, 20)
    expected_state, expected_host = read_checkpoint(full, 20)
    assert_states_equal(state, expected_state)
    del host["elapsed_s"], expected_host["elapsed_s"]
    assert host == expected_host and host["curriculum"]["current"] == 4  # advanced 3 times
    assert host["regularizers"]["entropy_bonus"]["weight"] < 0.1
