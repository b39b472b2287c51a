"""Optimizer chain: gradient noise reaches the update, plateau decay, learning rate argument."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from algolearn.configs import neural_gpu_config
from algolearn.training import optim


def train_config(noise_scale: float = 0.0, **kwargs):
    c = neural_gpu_config().train
    c.grad_noise.scale = noise_scale
    c.update(kwargs)
    return c


GRADS = {"a": jnp.asarray([0.3, -0.2, 0.05], jnp.float32), "b": jnp.full((2, 2), -0.1)}
PARAMS = {"a": jnp.zeros(3), "b": jnp.zeros((2, 2))}


def first_update(config, seed=0, **extra):
    opt = optim.make_optimizer(config, seed)
    updates, _ = opt.update(GRADS, opt.init(PARAMS), PARAMS, **extra)
    return {k: np.asarray(v) for k, v in updates.items()}


def test_first_update_is_clipped_adam_times_minus_lr() -> None:
    updates = first_update(train_config(grad_clip_norm=0.1), learning_rate=1e-3, seq_error=1.0)
    norm = np.sqrt(sum(float(np.sum(np.square(g))) for g in GRADS.values()))
    for key, g in GRADS.items():
        clipped = np.asarray(g) * 0.1 / norm
        expected = -1e-3 * clipped / (np.abs(clipped) + 1e-4)  # Adam's bias-corrected first step
        np.testing.assert_allclose(updates[key], expected, rtol=1e-5)


def test_learning_rate_argument_scales_update() -> None:
    config = train_config()
    small = first_update(config, learning_rate=1e-3, seq_error=1.0)
    large = first_update(config, learning_rate=3e-3, seq_error=1.0)
    for key in GRADS:
        np.testing.assert_allclose(large[key], 3 * small[key], rtol=1e-6)
    with pytest.raises(ValueError, match="learning_rate"):
        first_update(config, seq_error=1.0)


def test_gradient_noise_reaches_applied_update() -> None:
    clean = first_update(train_config(0.0), learning_rate=1e-3, seq_error=1.0)
    noisy = first_update(train_config(0.5), learning_rate=1e-3, seq_error=1.0)
    for key in GRADS:
        assert not np.allclose(noisy[key], clean[key])
    # Reproducible for a seed, different for another.
    again = first_update(train_config(0.5), learning_rate=1e-3, seq_error=1.0)
    other = first_update(train_config(0.5), seed=1, learning_rate=1e-3, seq_error=1.0)
    np.testing.assert_array_equal(noisy["a"], again["a"])
    assert not np.allclose(noisy["a"], other["a"])
    # No sequence errors: no noise.
    silent = first_update(train_config(0.5), learning_rate=1e-3, seq_error=0.0)
    for key in GRADS:
        np.testing.assert_array_equal(silent[key], clean[key])


@pytest.mark.parametrize("error_scaled", [True, False])
def test_gradient_noise_std_follows_schedule(error_scaled: bool) -> None:
    scale, decay, err = 0.3, 0.55, 0.25
    noise = optim.gradient_noise(scale, decay, seed=3, error_scaled=error_scaled)
    zeros = {"x": jnp.zeros((200_000,)), "y": jnp.zeros((50_000,))}
    state = noise.init(zeros)
    previous = None
    for t in range(1, 5):
        out, state = noise.update(zeros, state, seq_error=err)
        factor = err if error_scaled else 1.0
        expected = scale * np.sqrt(t**-decay * factor)
        for leaf in out.values():
            leaf = np.asarray(leaf)
            assert abs(leaf.mean()) < 0.02 * expected
            assert leaf.std() == pytest.approx(expected, rel=0.02)
        # Fresh noise every step and for every leaf.
        assert not np.allclose(out["x"][:1000], out["y"][:1000])
        if previous is not None:
            assert not np.allclose(out["x"], previous)
        previous = np.asarray(out["x"])
    assert int(state.count) == 4


def test_gradient_noise_adds_to_gradient() -> None:
    noise = optim.gradient_noise(1e-3, seed=0)
    grads = {"x": jnp.full((1000,), 5.0)}
    out, _ = noise.update(grads, noise.init(grads), seq_error=1.0)
    assert np.asarray(out["x"]).mean() == pytest.approx(5.0, abs=1e-3)
    with pytest.raises(ValueError, match="seq_error"):
        noise.update(grads, noise.init(grads))


def test_plateau_decay_rule() -> None:
    decay = optim.PlateauDecay(1.0, factor=0.5, patience=3, min_lr=0.1)
    state = decay.initial_state()
    assert state == {"learning_rate": 1.0, "history": []}
    lrs = []
    # The first `patience` probes only fill the history, however large the loss.
    for loss in [5.0, 4.0, 3.0, 100.0, 2.0, 99.0, 100.5, 3.0, 101.0]:
        state = decay.update(state, loss)
        lrs.append(state["learning_rate"])
    # 100 > max(5, 4, 3): decay. 2: no. 99 <= max(3, 100, 2): no. 100.5 > max(100, 2, 99): decay.
    # 3: no. 101 > max(99, 100.5, 3): decay.
    assert lrs == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125]
    assert state["history"] == [100.5, 3.0, 101.0]


def test_plateau_decay_equal_loss_does_not_decay_and_min_lr_floor() -> None:
    decay = optim.PlateauDecay(1.0, factor=0.5, patience=2, min_lr=0.3)
    state = decay.initial_state()
    for loss in [1.0, 1.0, 1.0, 1.0]:
        state = decay.update(state, loss)
    assert state["learning_rate"] == 1.0
    loss = 1.0
    for _ in range(10):
        loss += 1.0
        state = decay.update(state, loss)
    assert state["learning_rate"] == pytest.approx(0.3)


def reference_trainer_lrs(losses, advances, factor: float) -> list[float]:
    """The 2015 trainer's rule, written out: prev_acc_perp starts as three 1e6 sentinels, an
    advance appends another before the comparison, decay when the loss exceeds the last 3."""
    prev, lr, lrs = [1e6] * 3, 1.0, []
    for loss, advanced in zip(losses, advances, strict=True):
        if advanced:
            prev.append(1e6)
        if loss > max(prev[-3:]):
            lr *= factor
        prev.append(loss)
        lrs.append(lr)
    return lrs


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_plateau_decay_forgetting_on_advance_is_the_reference_rule(seed: int) -> None:
    rng = np.random.default_rng(seed)
    losses = rng.random(60).tolist()
    advances = (rng.random(60) < 0.3).tolist()
    decay = optim.PlateauDecay(1.0, factor=0.5, patience=3, min_lr=0.0, forget_on_advance=True)
    state, lrs = decay.initial_state(), []
    for loss, advanced in zip(losses, advances, strict=True):
        state = decay.update(state, loss, advanced)
        lrs.append(state["learning_rate"])
    assert lrs == reference_trainer_lrs(losses, advances, 0.5)
    # Without forgetting, the advances make no difference (and here the rates differ).
    plain = optim.PlateauDecay(1.0, factor=0.5, patience=3, min_lr=0.0)
    state_a, state_b = plain.initial_state(), plain.initial_state()
    for loss, advanced in zip(losses, advances, strict=True):
        state_a, state_b = plain.update(state_a, loss, advanced), plain.update(state_b, loss)
    assert state_a == state_b and state_a["learning_rate"] != lrs[-1]
    assert decay.decay({"learning_rate": 0.5, "history": [1.0]}) == {
        "learning_rate": 0.25,
        "history": [1.0],
    }


def test_sgd_with_per_coordinate_then_global_clipping() -> None:
    """SGD, per-coordinate clip at 0.15, then global norm 0.1: the NRAM's clipping."""
    config = train_config(optimizer="sgd", grad_clip_value=0.15, grad_clip_norm=0.1)
    updates = first_update(config, learning_rate=2.0, seq_error=1.0)
    clipped = {k: np.clip(np.asarray(g), -0.15, 0.15) for k, g in GRADS.items()}
    norm = np.sqrt(sum(float(np.sum(np.square(g))) for g in clipped.values()))
    for key, g in clipped.items():
        np.testing.assert_allclose(updates[key], -2.0 * g * 0.1 / norm, rtol=1e-5)
    with pytest.raises(ValueError, match="unknown train.optimizer 'rmsprop'"):
        optim.make_optimizer(train_config(optimizer="rmsprop"), 0)
