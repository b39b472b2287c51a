"""Defaults for a Neural GPU run (Kaiser & Sutskever 2015 reference hyperparameters).

Lengths are sequence lengths: for the arithmetic tasks length 2k+1 holds two k-digit operands,
so 41 = 20-bit operands, 401 = 200-bit, 4001 = 2000-bit.
"""

from __future__ import annotations

import ml_collections

# Train lengths up to 41 fall into 6 buckets; evaluation lengths get their own.
TRAIN_BUCKETS = (8, 12, 16, 24, 32, 41)
EVAL_BUCKETS = (64, 101, 128, 201, 256, 401, 512, 1024, 2001, 4001)
# Price et al. (2016)'s carry-chain test: badd_carry at length 41 (20-bit operands), every
# example holding one carry chain of exactly c positions.
CARRY_TEST_LENGTH = 41
CARRY_CHAINS = (1, 2, 3, 4, 6, 8, 12, 16, 20)


def carry_variant(num_examples: int | None = None) -> dict:
    """The `carry` eval variant of binary-addition runs: sequence error per carry-chain length.

    num_examples: per chain length (None: the run's eval.num_examples). The adversarial sets do
    not depend on the training data, so the run's own evaluation scores them once.
    """
    eval_overrides = {
        "lengths": (CARRY_TEST_LENGTH,),
        "params": {"carry": CARRY_CHAINS},
        "adversarial_sets": (),
    }
    if num_examples is not None:
        eval_overrides["num_examples"] = num_examples
    return {"task": {"name": "badd_carry"}, "eval": eval_overrides}


def stability_variant(extra_steps: int = CARRY_TEST_LENGTH) -> dict:
    """The `stability` eval variant: 20-bit examples run `extra_steps` steps past their length
    (default: twice the steps). A model whose answer is a fixed point of its step keeps it; one
    that only times its answer to the L-th step loses it, as it must at longer lengths."""
    return {
        "model": {"extra_steps": extra_steps},
        "eval": {"lengths": (CARRY_TEST_LENGTH,), "adversarial_sets": ()},
    }


def neural_gpu_config(task: str = "badd") -> ml_collections.ConfigDict:
    c = ml_collections.ConfigDict()
    c.seed = 0
    c.task = ml_collections.ConfigDict({"name": task})

    c.model = ml_collections.ConfigDict(
        {
            "name": "neural_gpu",
            "filters": 24,
            "width": 4,
            "kernel_size": (3, 3),
            "cgrus_per_step": 2,
            "num_param_sets": 6,  # relaxation copies r
            "cutoff": 1.2,
            "dropout": 0.15,  # rate = 0.15 * 8 / length, capped at max_dropout
            "dropout_ref_length": 8.0,
            "max_dropout": 0.5,
            "init_scale": 1.8,
            "embed_init": 1.7,
            "remat": "auto",  # none/step/nested; auto: none unless over the budget below
            "remat_budget_bytes": 2**31,
            "max_unroll_steps": 0,
            "batch_split": 0,  # independent batch chains per step; 0: 2 on one CPU device
            # Steps beyond the length (models/neural_gpu.py): all examples / random, training.
            "extra_steps": 0,
            "random_extra_steps": 0,
            # "embed" or "tanh_conv1x1" (the early 2015 reference code's input layer).
            "input_layer": "embed",
        }
    )

    c.train = ml_collections.ConfigDict(
        {
            "num_steps": 20000,
            "batch_size": 32,
            "learning_rate": 1e-3,
            "adam_eps": 1e-4,
            "grad_clip_norm": 1.0,
            "lr_decay_factor": 0.98,  # x0.98 when the probe loss exceeds the last 3 probes' max
            "lr_decay_patience": 3,
            # True: an advance forgets the earlier losses (the reference; optim.PlateauDecay).
            "lr_decay_forget_on_advance": False,
            "grad_noise": {"scale": 0.0, "decay": 0.55, "error_scaled": True},
            "log_every": 50,
            "checkpoint_every": 1000,
            "keep_checkpoints": 2,
            # Branch: start from another run's checkpoint (training/branch.py).
            "init_from": "",
            "init_from_step": -1,
        }
    )

    c.curriculum = ml_collections.ConfigDict(
        {
            "name": "length",
            "min_length": 3,
            "start_length": 6,
            "max_length": 41,
            "threshold": 0.15,
            "increment": 1,
            "bias_long_prob": 0.6,
            "longer_prob": 0.25,
            # Whose errors decide: "probe" (fresh batches at the current maximum) or "train"
            # (the reference: the training batches since the last check; curriculum.py).
            "signal": "probe",
            "check_every": 200,
            "probe_batches": 2,
        }
    )

    c.regularizers = ml_collections.ConfigDict(
        {
            "relaxation_pull": {
                "init": 0.0005,
                "growth": 1.2,
                "average_at": 0.1,
                "lr_decay_below": 0.0,  # the reference: 0.05 (regularizers.RelaxationPull)
            },
        }
    )

    # train_set_size: 0 streams fresh examples; N > 0 draws each training row from a fixed
    # pool of N examples per length (K&S 2015: "10k random training data examples for each
    # training length"; input_pipeline.pool_batch).
    c.data = ml_collections.ConfigDict(
        {"buckets": TRAIN_BUCKETS + EVAL_BUCKETS, "train_set_size": 0}
    )

    c.eval = ml_collections.ConfigDict(
        {
            "lengths": (41, 101, 201, 401),
            "num_examples": 128,
            "batch_size": 32,
            "seed": 1234,
            "adversarial_sets": ("all",),
            "adversarial_num_examples": 32,
            "adversarial_lengths": (41, 401),
            "frozen_dir": "",  # TFDS frozen sets (evaluation/frozen_sets.py); "" = generate
        }
    )
    return c


def ks2015_config(task: str) -> ml_collections.ConfigDict:
    """Kaiser & Sutskever (2015) protocol: train on <= 20-bit operands (length 41) with the
    reference curriculum (decided every 200 steps on the training batches, +1), test at 20,
    200 and 2000 bits
    (lengths 41, 401, 4001); binary addition is also scored per carry-chain length (Price et
    al.'s `carry` variant, 64 examples per chain length at 20-bit operands). A carry-heavy
    task (Price et al.'s training on hard examples, e.g. badd_carry) is also scored on random
    operands (variant `random`), the test that decides whether a seed succeeds.

    2000-bit evaluation costs ~4 TFLOP per example (4001 steps over 4001 positions), minutes per
    example on a 2-core CPU at 24 filters, so eval.num_examples is kept small (16).
    """
    c = neural_gpu_config(task)
    c.train.num_steps = 30000
    c.curriculum.check_every = 200
    c.curriculum.increment = 1
    # The reference trainer decides on its training batches' errors (since 2026-11-28 here;
    # the K&S runs archived before that decided on a probe at the current maximum).
    c.curriculum.signal = "train"
    # Its learning-rate details: an advance forgets the earlier losses, and a pass that
    # averages the relaxed copies with a sequence error below threshold / 3 decays the rate.
    c.train.lr_decay_forget_on_advance = True
    c.regularizers.relaxation_pull.lr_decay_below = 0.05
    c.eval.lengths = (41, 401, 4001)
    c.eval.num_examples = 16
    c.eval.adversarial_num_examples = 8
    c.eval.batch_size = 8
    c.eval.adversarial_lengths = (41, 401)
    c.eval.variants = {"stability": stability_variant()}
    if task in ("badd", "badd_carry"):
        c.eval.variants["carry"] = carry_variant(num_examples=64)
    if task.endswith("_carry"):  # trained on hard examples: also scored on random operands
        c.eval.variants["random"] = {
            "task": {"name": task.removesuffix("_carry")},
            "eval": {"adversarial_sets": ()},
        }
    return c
