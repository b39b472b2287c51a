"""NRAM machine: every module against its brute-force definition and integer arithmetic,
READ/WRITE algebra, stop probabilities, and hand-written circuits for Access, Increment, Copy,
Reverse and Swap (the last three on the tasks' own samples)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from algolearn.models import nram_machine as nm

ARITHMETIC = tuple(nm.INTEGER)
M = 7
timestep = jax.jit(nm.timestep, static_argnums=2)


def random_distributions(key, batch=5, m=M) -> jax.Array:
    return jax.nn.softmax(2.0 * jax.random.normal(key, (batch, m)), axis=-1)


@pytest.mark.parametrize("name", ARITHMETIC)
def test_module_equals_brute_force_on_random_distributions(name: str) -> None:
    a = random_distributions(jax.random.PRNGKey(0))
    b = random_distributions(jax.random.PRNGKey(1))
    out = nm.apply_module(name, a, b)
    np.testing.assert_allclose(out, nm.brute_force(name, a, b), atol=1e-6)
    np.testing.assert_allclose(out.sum(-1), 1.0, atol=1e-6)  # still a distribution


@pytest.mark.parametrize("name", ARITHMETIC)
def test_module_equals_integer_arithmetic_on_one_hot(name: str) -> None:
    xs, ys = np.meshgrid(np.arange(M), np.arange(M), indexing="ij")
    a, b = jax.nn.one_hot(xs.ravel(), M), jax.nn.one_hot(ys.ravel(), M)  # every pair at once
    result = np.asarray(nm.apply_module(name, a, b))
    expected = [nm.INTEGER[name](x, y, M) for x, y in zip(xs.ravel(), ys.ravel(), strict=True)]
    np.testing.assert_allclose(result, np.eye(M)[expected], atol=1e-6)


@pytest.mark.parametrize("name", ARITHMETIC)
def test_module_is_modulo_each_rows_memory_size(name: str) -> None:
    """Rows on smaller machines (k cells, zero-padded to M): the definition modulo k, on
    random distributions over {0..k-1} and on every one-hot pair."""
    ks = np.array([4, 5, 7, 6])
    keys = jax.random.split(jax.random.PRNGKey(5), 2)
    on_k = np.arange(M)[None] < ks[:, None]
    a, b = (jnp.where(on_k, random_distributions(key, 4), 0.0) for key in keys)
    a, b = a / a.sum(-1, keepdims=True), b / b.sum(-1, keepdims=True)
    out = np.asarray(nm.apply_module(name, a, b, jnp.asarray(ks)))
    a, b = np.asarray(a), np.asarray(b)
    for i, k in enumerate(ks):
        expected = np.zeros(M)  # the definition, summed over every pair in plain numpy
        for x in range(M):
            for y in range(M):
                expected[nm.INTEGER[name](x, y, k)] += a[i, x] * b[i, y]
        np.testing.assert_allclose(out[i], expected, atol=1e-6)
        assert np.all(out[i, k:] == 0)  # nothing leaves the row's machine
    k = 5
    xs, ys = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    one_hot_a, one_hot_b = jax.nn.one_hot(xs.ravel(), M), jax.nn.one_hot(ys.ravel(), M)
    result = nm.apply_module(name, one_hot_a, one_hot_b, jnp.full((k * k,), k))
    expected = [nm.INTEGER[name](x, y, k) for x, y in zip(xs.ravel(), ys.ravel(), strict=True)]
    np.testing.assert_allclose(result, np.eye(M)[expected], atol=1e-6)


def test_read_write_algebra() -> None:
    key = jax.random.PRNGKey(2)
    memory = jax.nn.softmax(jax.random.normal(key, (3, M, M)), -1)
    value = random_distributions(jax.random.PRNGKey(3), 3)
    cell = jax.nn.one_hot(jnp.array([0, 4, 6]), M)
    written = nm.write(memory, cell, value)
    np.testing.assert_allclose(nm.read(written, cell), value, atol=1e-6)  # read after write
    others = np.ones((3, M), bool)
    others[np.arange(3), [0, 4, 6]] = False
    np.testing.assert_array_equal(np.asarray(written)[others], np.asarray(memory)[others])
    # A fuzzy pointer mixes: cell i keeps (1 - p_i) of its old value.
    p = random_distributions(jax.random.PRNGKey(4), 3)
    fuzzy = nm.write(memory, p, value)
    expected = (1 - p)[..., None] * memory + p[..., None] * value[:, None, :]
    np.testing.assert_allclose(fuzzy, expected, atol=1e-6)
    np.testing.assert_allclose(fuzzy.sum(-1), 1.0, atol=1e-6)
    np.testing.assert_allclose(nm.read(memory, p), np.einsum("bi,biv->bv", p, memory), atol=1e-6)


def test_stop_probabilities_sum_to_one() -> None:
    f = jax.nn.sigmoid(jax.random.normal(jax.random.PRNGKey(5), (4, 6)))
    p = nm.stop_probabilities(f)
    np.testing.assert_allclose(p.sum(-1), 1.0, atol=1e-6)
    np.testing.assert_allclose(p[:, 1], f[:, 1] * (1 - f[:, 0]), atol=1e-6)
    np.testing.assert_allclose(p[:, -1], np.prod(1 - np.asarray(f[:, :-1]), -1), atol=1e-6)


def test_registers_stay_distributions_over_many_steps() -> None:
    """r0 <- ADD(r0, r0) for 40 steps from registers whose sums are off by rounding (1 + 1e-6):
    unnormalised, the error would double every step (sum (1 + 1e-6)^(2^40), then NaN, as a
    T = 32 Merge run did); the machine keeps each register a distribution, equal to the same
    chain computed in float64 and normalised."""
    m = 29
    r = random_distributions(jax.random.PRNGKey(8), batch=3 * 2, m=m).reshape(3, 2, m)
    r = r * (1 + 1e-6)
    a_weights = [jnp.tile(jnp.asarray([[1.0, 0.0]]), (3, 1))]
    register_weights = jnp.tile(jnp.asarray([[[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]]), (3, 1, 1))
    memory = jax.nn.one_hot(jnp.zeros((3, m), jnp.int32), m)
    expected = np.asarray(r, np.float64)[:, 0]
    for _ in range(40):
        r, memory, _ = timestep(r, memory, ("add",), a_weights, a_weights, register_weights)
        expected = np.stack([np.convolve(np.tile(e, 2), e)[m : 2 * m] for e in expected])
        expected /= expected.sum(-1, keepdims=True)
    np.testing.assert_allclose(np.sum(r, -1), 1.0, atol=1e-5)
    np.testing.assert_allclose(r[:, 0], expected, atol=1e-5)


def test_memory_loss_uses_eps_and_mask() -> None:
    memory = jnp.full((1, 1, 3, 3), 1 / 3).at[0, 0, 0].set(jnp.array([1.0, 0.0, 0.0]))
    targets = jnp.array([[1, 2, 0]])
    loss = nm.memory_loss(memory, jnp.ones((1, 1)), targets, jnp.array([[True, True, False]]), 1e-6)
    np.testing.assert_allclose(loss, [-np.log(1e-6) - np.log(1 / 3)], rtol=1e-5)


def one_hot_circuit(choices, registers: int, batch: int, modules=nm.MODULES):
    """Controller outputs from integer choices: per module (a, b) indices into
    registers + earlier outputs, and per register an index into registers + all outputs.
    choices["args"] is keyed by module name, or by (name, k) for the k-th of a repeated one."""
    q = len(modules)
    seen: dict[str, int] = {}
    keys = []
    for name in modules:
        keys.append(name if name not in seen else (name, seen[name]))
        seen[name] = seen.get(name, 0) + 1
    args = [choices["args"].get(k, (0, 0)) for k in keys]
    a_w = [jnp.tile(jax.nn.one_hot(a[0], registers + i), (batch, 1)) for i, a in enumerate(args)]
    b_w = [jnp.tile(jax.nn.one_hot(a[1], registers + i), (batch, 1)) for i, a in enumerate(args)]
    r_w = jnp.tile(jax.nn.one_hot(jnp.array(choices["registers"]), registers + q), (batch, 1, 1))
    return a_w, b_w, r_w


def out(name: str, registers: int, modules=nm.MODULES, k: int = 0) -> int:
    """Index of the k-th module `name`'s output among the candidates."""
    return registers + [i for i, n in enumerate(modules) if n == name][k]


def test_hand_written_access_circuit() -> None:
    """Access: memory (k, A[0..n-1], 0...) -> cell 0 holds A[k]. Two steps, one register:
    t=1: r0 <- INC(READ(r0)) = k + 1 (WRITE(ZERO, READ) rewrites k: a no-op);
    t=2: WRITE(ZERO, READ(r0)) puts A[k] in cell 0."""
    rng = np.random.default_rng(0)
    batch, m, r = 6, 10, 1
    values = rng.integers(1, m, (batch, 5))
    k = rng.integers(0, 5, batch)
    cells = np.zeros((batch, m), int)
    cells[:, 0], cells[:, 1:6] = k, values
    memory = jax.nn.one_hot(cells, m)
    registers = jax.nn.one_hot(jnp.zeros((batch, r), int), m)
    step1 = {
        "args": {"inc": (out("read", r), 0), "write": (out("zero", r), out("read", r))},
        "registers": [out("inc", r)],
    }
    step2 = {"args": {"write": (out("zero", r), out("read", r))}, "registers": [0]}
    for choices in (step1, step2):
        registers, memory, _ = timestep(
            registers, memory, nm.MODULES, *one_hot_circuit(choices, r, batch)
        )
    result = np.argmax(np.asarray(memory), -1)
    np.testing.assert_array_equal(result[:, 0], values[np.arange(batch), k])
    np.testing.assert_array_equal(result[:, 1:], cells[:, 1:])


def test_hand_written_increment_circuit() -> None:
    """Increment: A[i] -> A[i] + 1 for the n cells of A. Each step: WRITE(r0, INC(READ(r0)))
    and r0 <- ADD(r0, ONE); n steps. Exact in the fuzzy machine (all weights one-hot)."""
    rng = np.random.default_rng(1)
    batch, m, r, n = 4, 12, 1, 6
    cells = np.zeros((batch, m), int)
    cells[:, :n] = rng.integers(1, m - 1, (batch, n))
    memory = jax.nn.one_hot(cells, m)
    registers = jax.nn.one_hot(jnp.zeros((batch, r), int), m)
    choices = {
        "args": {
            "inc": (out("read", r), 0),
            "add": (0, out("one", r)),
            "write": (0, out("inc", r)),
        },
        "registers": [out("add", r)],
    }
    for _ in range(n):
        registers, memory, _ = timestep(
            registers, memory, nm.MODULES, *one_hot_circuit(choices, r, batch)
        )
    expected = cells.copy()
    expected[:, :n] += 1
    np.testing.assert_allclose(memory, jax.nn.one_hot(expected, m), atol=1e-6)


def run_two_phase_circuit(task: str, m: int, sizes: np.ndarray, first, loop, registers: int):
    """Runs a circuit whose choices depend only on what the NRAM controller sees: `first`
    while P(r1 = 0) > 0.5, else `loop`, chosen per example; T = max size + 2 steps (the
    protocol's T). Returns (final memory [b, M, M], the task's batch)."""
    from algolearn import tasks

    batch_size = len(sizes)
    batch = tasks.get(task, memory_size=m).sample(np.random.default_rng(3), batch_size, sizes)
    memory = jax.nn.one_hot(batch.inputs, m)
    regs = jax.nn.one_hot(jnp.zeros((batch_size, registers), int), m)
    circuits = [one_hot_circuit(c, registers, batch_size) for c in (first, loop)]
    for _ in range(int(sizes.max()) + 2):
        in_first = regs[:, 0, 0] > 0.5  # [b]: the controller's view of register r1

        def pick(a, b, in_first=in_first):
            return jnp.where(in_first.reshape((-1,) + (1,) * (a.ndim - 1)), a, b)

        weights = jax.tree_util.tree_map(pick, *circuits)
        regs, memory, _ = timestep(regs, memory, nm.MODULES, *weights)
    return memory, batch


@pytest.mark.parametrize("m, sizes", [(16, np.arange(1, 7).repeat(2)), (108, np.array([50, 37]))])
def test_hand_written_copy_circuit_solves_the_copy_task(m: int, sizes: np.ndarray) -> None:
    """Copy (p, A[0..n-1], NULL -> A at p..): r1 walks A from cell 1, r2 walks p.., and the
    first step (all registers 0) loads p. Run on the task's own samples, mixed sizes in one
    batch: the circuit exists for a controller that sees only which registers hold 0."""
    r = 2
    first = {
        "args": {"inc": (0, 0), "write": (0, out("read", r))},  # cell 0 rewritten with p
        "registers": [out("inc", r), out("read", r)],  # r1 <- 1, r2 <- p
    }
    loop = {
        "args": {"inc": (0, 0), "add": (1, out("one", r)), "write": (1, out("read", r))},
        "registers": [out("inc", r), out("add", r)],  # M[r2] <- M[r1]; r1, r2 += 1
    }
    memory, batch = run_two_phase_circuit("nram_copy", m, sizes, first, loop, r)
    result = np.argmax(np.asarray(memory), -1)
    np.testing.assert_array_equal(result[batch.mask], batch.targets[batch.mask])
    np.testing.assert_allclose(np.asarray(memory).max(-1), 1.0, atol=1e-5)  # still exact


@pytest.mark.parametrize("m, sizes", [(16, np.arange(1, 7).repeat(2)), (108, np.array([50, 37]))])
def test_hand_written_reverse_circuit_solves_the_reverse_task(m: int, sizes: np.ndarray) -> None:
    """Reverse: the first step loads r2 = p and r1 = p - 2 = n (the last element's cell);
    then M[r2] <- M[r1], r1 -= 1, r2 += 1. When r1 reaches 0 the first phase runs again,
    harmlessly (it rewrites cell 0 and overwrites nothing scored)."""
    r = 2
    first = {
        "args": {
            "read": (0, 0),
            "sub": (out("read", r), out("two", r)),
            "write": (0, out("read", r)),
        },
        "registers": [out("sub", r), out("read", r)],
    }
    loop = {
        "args": {"read": (0, 0), "dec": (0, 0), "inc": (1, 0), "write": (1, out("read", r))},
        "registers": [out("dec", r), out("inc", r)],
    }
    memory, batch = run_two_phase_circuit("nram_reverse", m, sizes, first, loop, r)
    result = np.argmax(np.asarray(memory), -1)
    np.testing.assert_array_equal(result[batch.mask], batch.targets[batch.mask])


def run_zero_pattern_swap(m: int, sizes: np.ndarray, phases: dict, r: int, modules, steps: int):
    """Runs Swap on the task's own samples with each example's circuit chosen, at each step,
    by which of its registers hold 0 (all the MLP controller sees; A's values are never 0).
    Checks every cell against the target and that the memory stays one-hot."""
    from algolearn import tasks

    batch = tasks.get("nram_swap", memory_size=m).sample(
        np.random.default_rng(4), len(sizes), sizes
    )
    memory = jax.nn.one_hot(batch.inputs, m)
    regs = jax.nn.one_hot(jnp.zeros((len(sizes), r), int), m)
    circuits = {  # numpy: picking rows below is host work, not hundreds of tiny XLA programs
        k: jax.tree_util.tree_map(np.asarray, one_hot_circuit(c, r, len(sizes), modules))
        for k, c in phases.items()
    }
    for _ in range(steps):
        zero = np.asarray(regs[:, :, 0]) > 0.5  # [b, r]: the controller's view
        rows = [circuits[tuple(z)] for z in zero.tolist()]  # KeyError: an unplanned state
        weights = jax.tree_util.tree_map(
            lambda *per_row: np.stack([x[i] for i, x in enumerate(per_row)]), *rows
        )
        regs, memory, _ = timestep(regs, memory, tuple(modules), *weights)
    result = np.argmax(np.asarray(memory), -1)
    np.testing.assert_array_equal(result, batch.targets)  # every cell, scored or not
    np.testing.assert_allclose(np.asarray(memory).max(-1), 1.0, atol=1e-5)  # still exact


SWAP_SIZES = [(16, np.arange(2, 7).repeat(2)), (108, np.array([50, 37]))]


@pytest.mark.parametrize("m, sizes", SWAP_SIZES)
def test_hand_written_swap_circuit_solves_the_swap_task(m: int, sizes: np.ndarray) -> None:
    """Swap (p, q, A -> A[p] and A[q] exchanged) with the paper's modules (one READ, one
    WRITE) takes 5 steps and 4 registers, a different circuit at each:
    (0,0,0,0) r1 <- READ(r1) = p, r2 <- 1; (p,1,0,0) r2 <- READ(r2) = q, r4 <- 1;
    (p,q,0,1) r3 <- READ(r1) = A[p]; (p,q,A[p],1) WRITE(r1, READ(r2) = A[q]), r4 <- 0;
    (p,q,A[p],0) WRITE(r2, r3), a fixed point for any further steps."""
    r = 4
    keep = [0, 1, 2, 3]  # each register keeps its value unless a phase says otherwise
    phases = {
        (True, True, True, True): {
            "args": {"read": (0, 0), "write": (0, out("read", r))},  # rewrites p
            "registers": [out("read", r), out("one", r), 2, 3],
        },
        (False, False, True, True): {
            "args": {"read": (1, 0), "write": (1, out("read", r))},  # rewrites q
            "registers": [0, out("read", r), 2, out("one", r)],
        },
        (False, False, True, False): {
            "args": {"read": (0, 0), "write": (0, out("read", r))},  # rewrites A[p]
            "registers": [0, 1, out("read", r), 3],
        },
        (False, False, False, False): {
            "args": {"read": (1, 0), "write": (0, out("read", r))},  # M[p] <- A[q]
            "registers": [*keep[:3], out("zero", r)],
        },
        (False, False, False, True): {
            "args": {"read": (1, 0), "write": (1, 2)},  # M[q] <- A[p] (r3)
            "registers": keep,
        },
    }
    run_zero_pattern_swap(m, sizes, phases, r, nm.MODULES, steps=8)


@pytest.mark.parametrize("m, sizes", SWAP_SIZES)
def test_two_reads_and_two_writes_swap_in_two_steps(m: int, sizes: np.ndarray) -> None:
    """With READ and WRITE repeated (model.machine_modules), the second READ can take the
    first's output as its address and both cells are written in one step: (0,0,0)
    r1 <- READ(r1) = p, r2 <- READ(p) = A[p], r3 <- 1; (p,A[p],1) READ(r3) = q,
    READ(q) = A[q], WRITE(r1, A[q]), WRITE(q, r2), r3 <- 0; (p,A[p],0) rewrites M[p]: a
    fixed point. Two circuits do the work where the paper's modules need five."""
    modules = ("read", "read", *nm.MODULES[1:-1], "write", "write")
    r = 3
    read1, read2 = out("read", r, modules, 0), out("read", r, modules, 1)
    phases = {
        (True, True, True): {
            "args": {
                "read": (0, 0),
                ("read", 1): (read1, 0),
                "write": (read1, read2),  # rewrites A[p]
                ("write", 1): (0, read1),  # rewrites p
            },
            "registers": [read1, read2, out("one", r, modules)],
        },
        (False, False, False): {
            "args": {
                "read": (2, 0),
                ("read", 1): (read1, 0),
                "write": (0, read2),  # M[p] <- A[q]
                ("write", 1): (read1, 1),  # M[q] <- A[p] (r2)
            },
            "registers": [0, 1, out("zero", r, modules)],
        },
        (False, False, True): {
            "args": {"read": (0, 0), "write": (0, read1), ("write", 1): (0, read1)},
            "registers": [0, 1, 2],
        },
    }
    run_zero_pattern_swap(m, sizes, phases, r, modules, steps=5)
