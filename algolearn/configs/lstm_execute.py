"""Defaults for a Learning-to-Execute run (Zaremba & Sutskever 2014): the LSTM on a program task.

`length` is the number of digits of the literals and `nesting` the number of composed
operations (programs only). The curriculum strategies are baseline | naive | mix | combined;
one config serves all four (override --config.curriculum.name).

Deviation, for CPU time: Adam (lr 2e-3) instead of the paper's SGD at lr 0.5 (available as
--config.train.optimizer=sgd --config.train.learning_rate=0.5). As in the paper the norm of the
gradient is rescaled above 5 and the learning rate decays (x0.8) when the probe loss at the
target difficulty stops improving (the paper validates once per epoch; we probe every 200 steps,
so "stops improving" is read with a patience of 10 probes).
"""

from __future__ import annotations

import ml_collections

BUCKETS = (16, 24, 32, 48, 64, 96, 128, 160, 192, 256, 320, 384, 512)


def lte_config(
    task: str = "lte_program", target_length: int = 4, target_nesting: int = 1
) -> ml_collections.ConfigDict:
    nested = task == "lte_program"
    c = ml_collections.ConfigDict()
    c.seed = 0
    c.task = ml_collections.ConfigDict(
        {"name": task, "reverse_input": False, "double_input": False}
    )
    c.model = ml_collections.ConfigDict(
        {
            "name": "lstm_execute",
            "embed_dim": 400,
            "hidden": 400,
            "num_layers": 2,
            "init_scale": 0.08,
            "dropout": 0.0,
            "forget_bias": 0.0,  # the paper; 1.0 is the usual LSTM trick
        }
    )
    c.train = ml_collections.ConfigDict(
        {
            "num_steps": 10000,
            "batch_size": 100,
            "optimizer": "adam",
            "learning_rate": 2e-3,
            "adam_eps": 1e-8,
            "grad_clip_norm": 5.0,
            "lr_decay_factor": 0.8,
            # Decay when the probe loss is the highest of the last 11 probes. Patience 1 (decay
            # whenever it exceeds the previous probe's) decayed at 4 of 8 noisy 200-step probes
            # on a plateau (2e-3 -> 8e-4 in 1,600 steps) and made the strategies that start at
            # the target look worse (WORKSPACE_NOTES.md, 2026-11-27).
            "lr_decay_patience": 10,
            "lr_decay_at_target_only": True,
            "grad_noise": {"scale": 0.0, "decay": 0.55, "error_scaled": False},
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
            "name": "combined",
            "target_length": target_length,
            "target_nesting": target_nesting if nested else 0,
            "min_length": 1,
            "threshold": 0.95,
            "patience": 3,
            "mix_prob": 0.2,
            "check_every": 200,
            "probe_batches": 2,
        }
    )
    c.regularizers = ml_collections.ConfigDict()
    c.data = ml_collections.ConfigDict({"buckets": BUCKETS, "train_set_size": 0})
    c.eval = ml_collections.ConfigDict(
        {
            "lengths": (target_length,),
            "params": {"nesting": (target_nesting,)} if nested else {},
            "num_examples": 1000,
            "batch_size": 100,
            "seed": 1234,
            "adversarial_sets": (),
            "adversarial_num_examples": 0,
            "adversarial_lengths": (),
            "frozen_dir": "",  # TFDS frozen sets (evaluation/frozen_sets.py); "" = generate
        }
    )
    return c
