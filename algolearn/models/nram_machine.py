"""The fuzzy machine of the Neural Random-Access Machine (Kurach et al. 2015), as pure functions.

Every value is a distribution over {0..M-1}: registers are [batch, M], memory is
[batch, M cells, M values]. A module m lifted to distributions is
P(m(A, B) = c) = sum_{a,b} P(A=a) P(B=b) [m(a, b) = c]; here each is computed in O(M^2) or
O(M) (circular convolutions for ADD/SUB, cumulative sums for the comparisons, MIN and MAX),
never with an M^3 tensor. `brute_force` is the definition, for tests.

A row may run on a smaller machine of k <= M cells (`modulus` [batch], k >= 3): its arithmetic
is modulo k and its distributions stay on {0..k-1}, the other M - k cells and values unused
(zero padding), so one batch can mix memory sizes (training over several M rules out circuits
that rely on wrapping around one fixed M).
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp

Array = jax.Array

# Module order of the paper; READ and WRITE touch the memory, the others are arithmetic.
MODULES = (
    "read",
    "zero",
    "one",
    "two",
    "inc",
    "add",
    "sub",
    "dec",
    "less_than",
    "less_or_equal",
    "equal",
    "min",
    "max",
    "write",
)

# Integer semantics of the arithmetic modules (mod M where a value could leave {0..M-1}).
INTEGER: dict[str, Callable[[int, int, int], int]] = {
    "zero": lambda a, b, m: 0,
    "one": lambda a, b, m: 1 % m,
    "two": lambda a, b, m: 2 % m,
    "inc": lambda a, b, m: (a + 1) % m,
    "add": lambda a, b, m: (a + b) % m,
    "sub": lambda a, b, m: (a - b) % m,
    "dec": lambda a, b, m: (a - 1) % m,
    "less_than": lambda a, b, m: int(a < b),
    "less_or_equal": lambda a, b, m: int(a <= b),
    "equal": lambda a, b, m: int(a == b),
    "min": lambda a, b, m: min(a, b),
    "max": lambda a, b, m: max(a, b),
}


def _constant(value: int, like: Array) -> Array:
    return jnp.broadcast_to(jax.nn.one_hot(value % like.shape[-1], like.shape[-1]), like.shape)


def _bool(p_true: Array, m: int) -> Array:
    """Distribution over {0..m-1} with mass 1 - p at 0 and p at 1. p_true: [batch]."""
    return jnp.zeros(p_true.shape + (m,)).at[..., 0].set(1 - p_true).at[..., 1].set(p_true)


def _shifted_index(modulus: Array | None, m: int, shape: tuple[int, ...], offset: Array) -> Array:
    """Index (offset mod k) where the output value c < k, and c itself (an empty value: no
    input mass lies there) elsewhere; `offset` broadcasts against c over `shape`."""
    c = jnp.arange(m).reshape((m,) + (1,) * (len(shape) - 1))
    if modulus is None:
        return jnp.broadcast_to(offset % m, shape)
    k = modulus.reshape((-1,) + (1,) * len(shape))
    return jnp.where(c < k, offset % k, c)


def _circulant(b: Array, sign: int, modulus: Array | None) -> Array:
    """[batch, c, x] = b[(c - x) mod k] (sign +1) or b[(x - c) mod k] (sign -1)."""
    m = b.shape[-1]
    c, x = jnp.arange(m)[:, None], jnp.arange(m)[None, :]
    index = _shifted_index(modulus, m, (m, m), sign * (c - x))
    if modulus is None:
        return b[:, index]
    return jnp.take_along_axis(b[:, None, :], index, axis=-1)  # index [b, M, M]


def _shift(a: Array, step: int, modulus: Array | None) -> Array:
    """P(out = c) = a[(c - step) mod k]: INC (step 1) and DEC (step -1)."""
    m = a.shape[-1]
    if modulus is None:
        return jnp.roll(a, step, axis=-1)
    return jnp.take_along_axis(a, _shifted_index(modulus, m, (m,), jnp.arange(m) - step), -1)


def _cdf(p: Array) -> Array:
    return jnp.cumsum(p, axis=-1)  # P(X <= c)


def apply_module(name: str, a: Array, b: Array, modulus: Array | None = None) -> Array:
    """An arithmetic module on distributions a, b: [batch, M] -> [batch, M], modulo each
    row's `modulus` [batch] (None: modulo M)."""
    m = a.shape[-1]
    if name in ("zero", "one", "two"):
        return _constant({"zero": 0, "one": 1, "two": 2}[name], a)
    if name == "inc":
        return _shift(a, 1, modulus)
    if name == "dec":
        return _shift(a, -1, modulus)
    if name == "add":  # P(c) = sum_x a[x] b[c - x]
        return jnp.einsum("bx,bcx->bc", a, _circulant(b, 1, modulus))
    if name == "sub":  # P(c) = sum_x a[x] b[x - c]
        return jnp.einsum("bx,bcx->bc", a, _circulant(b, -1, modulus))
    cdf_a, cdf_b = _cdf(a), _cdf(b)
    if name == "less_than":  # P(A < B) = sum_x a[x] P(B > x)
        return _bool(jnp.sum(a * (1 - cdf_b), -1), m)
    if name == "less_or_equal":  # sum_x a[x] P(B >= x)
        return _bool(jnp.sum(a * (1 - cdf_b + b), -1), m)
    if name == "equal":
        return _bool(jnp.sum(a * b, -1), m)
    if name == "min":  # P(A = c) P(B >= c) + P(B = c) P(A > c)
        return a * (1 - cdf_b + b) + b * (1 - cdf_a)
    if name == "max":  # P(A = c) P(B <= c) + P(B = c) P(A < c)
        return a * cdf_b + b * (cdf_a - a)
    raise KeyError(f"unknown arithmetic module {name!r}; valid: {', '.join(INTEGER)}")


def brute_force(name: str, a: Array, b: Array) -> Array:
    """The definition sum_{a,b} P(A=a) P(B=b) [m(a, b) = c], with an [M, M, M] indicator."""
    m = a.shape[-1]
    table = jnp.array([[INTEGER[name](x, y, m) for y in range(m)] for x in range(m)])
    indicator = jax.nn.one_hot(table, m)  # [a, b, c]
    return jnp.einsum("ia,ib,abc->ic", a, b, indicator)


def read(memory: Array, pointer: Array) -> Array:
    """READ(p) = M^T p: the value distribution at a fuzzy address. memory [b, M, M], p [b, M]."""
    return jnp.einsum("bi,biv->bv", pointer, memory)


def write(memory: Array, pointer: Array, value: Array) -> Array:
    """WRITE(p, a): M <- (J - p) J^T . M + p a^T (cell i keeps 1 - p_i of its old value)."""
    return (1 - pointer)[:, :, None] * memory + pointer[:, :, None] * value[:, None, :]


def stop_probabilities(f: Array) -> Array:
    """p_t = f_t prod_{i<t} (1 - f_i) for t < T, and the last step takes the rest.
    f: [batch, T] stop probabilities of each step -> p: [batch, T], summing to 1."""
    survive = jnp.cumprod(1 - f, axis=-1)  # prod_{i<=t} (1 - f_i)
    before = jnp.concatenate([jnp.ones_like(f[:, :1]), survive[:, :-1]], axis=-1)
    p = f * before
    return p.at[:, -1].set(before[:, -1])


def memory_loss(memories: Array, p_stop: Array, targets: Array, mask: Array, eps: float) -> Array:
    """-sum_t p_t sum_i log max(M_t[i, y_i], eps) over the scored cells, per example.
    memories [b, T, M, M]; p_stop [b, T]; targets [b, M] ints; mask [b, M] bool -> [b]."""
    picked = jnp.take_along_axis(memories, targets[:, None, :, None], axis=-1)[..., 0]  # [b,T,M]
    log_p = jnp.log(jnp.maximum(picked, eps)) * mask[:, None, :]
    return -jnp.sum(p_stop * jnp.sum(log_p, -1), -1)


def timestep(
    registers: Array,
    memory: Array,
    modules: tuple[str, ...],
    a_weights: list[Array],
    b_weights: list[Array],
    register_weights: Array,
    clip: Callable[[Array], Array] = lambda x: x,
    modulus: Array | None = None,
) -> tuple[Array, Array, Array]:
    """One step of the circuit the controller chose. registers [b, R, M]; memory [b, M, M].

    Module i reads its two arguments as mixtures of the R registers and the outputs of modules
    0..i-1 (a_weights[i], b_weights[i]: [b, R + i], rows summing to 1); then each register
    becomes a mixture of the registers and all module outputs (register_weights [b, R, R + Q]).
    Returns (new registers, new memory, module outputs [b, Q, M]). `clip` is applied to every
    module output and to the memory after each WRITE (NRAM's activation gradient clipping).
    `modulus` [b]: each row's memory size (None: M), see the module docstring.
    """
    candidates = registers  # [b, R + i, M]
    for i, name in enumerate(modules):
        a = jnp.einsum("bj,bjm->bm", a_weights[i], candidates)
        b = jnp.einsum("bj,bjm->bm", b_weights[i], candidates)
        if name == "read":
            out = read(memory, a)
        elif name == "write":
            memory, out = clip(write(memory, a, b)), b
        else:
            out = apply_module(name, a, b, modulus)
        out = clip(out)
        candidates = jnp.concatenate([candidates, out[:, None]], axis=1)
    new_registers = jnp.einsum("brj,bjm->brm", register_weights, candidates)
    # Renormalised: rounding leaves a sum of 1 + e, ADD(r, r) makes it 1 + 2e, and a circuit
    # that feeds such outputs back through its registers grows e geometrically over the steps
    # (a Merge run with T = 32 reached sums of 35, then NaN). Exact on one-hot registers.
    new_registers = new_registers / jnp.sum(new_registers, -1, keepdims=True)
    return new_registers, memory, candidates[:, registers.shape[1] :]
