"""Defaults for an NRAM run (Kurach et al. 2015) on a task's memory view.

`length` is the task's size (array, list or tree), `task.memory_size` the machine's M. The
loss is the model's own (NRAM.training_loss). The paper's training tricks are options:
per-coordinate clipping (train.grad_clip_value) before the global-norm rescaling, gradient
noise decaying with the step (train.grad_noise), the entropy bonus with a decaying weight
(regularizers.entropy_bonus) and the NRAM curriculum (curriculum.name="nram"). The default is a
fixed size with none of them, which already learns Access at M=8 in a few hundred steps.
"""

from __future__ import annotations

import ml_collections

from algolearn.models.nram_machine import MODULES


def nram_config(task: str = "nram_access", memory_size: int = 8, size: int = 3):
    c = ml_collections.ConfigDict()
    c.seed = 0
    # min_memory_size > 0: each training example gets its own memory of k cells, k from
    # [min_memory_size, memory_size] (the NRAM computes modulo k); evaluation uses memory_size.
    c.task = ml_collections.ConfigDict(
        {"name": task, "memory_size": memory_size, "min_memory_size": 0}
    )
    c.model = ml_collections.ConfigDict(
        {
            "name": "nram",
            "num_registers": 2,
            # The paper's 14 modules, each once; repeats allowed (e.g. two READs, two WRITEs).
            "machine_modules": MODULES,
            "timesteps": 4,
            "controller": "mlp",
            "hidden": 64,
            "hidden_layers": 1,
            "activation_grad_clip": 0.0,
            "eps": 1e-6,
            "discretize": False,
            # "argmax": the controller reads 1[argmax r_i = 0] (straight-through), as the
            # discretized machine would; "fuzzy": P(r_i = 0), the paper's.
            "controller_input": "fuzzy",
            # With "argmax": (1 - w) P(r_i = 0) + w 1[argmax r_i = 0]; w < 1 eases a
            # fuzzy-trained controller onto the discrete view in stages (branches).
            "argmax_input_weight": 1.0,
        }
    )
    c.train = ml_collections.ConfigDict(
        {
            "num_steps": 2000,
            "batch_size": 32,
            "optimizer": "adam",
            "learning_rate": 3e-3,
            "adam_eps": 1e-8,
            "grad_clip_norm": 1.0,
            "lr_decay_factor": 1.0,
            "lr_decay_patience": 3,
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
        {"name": "fixed", "length": size, "check_every": 100, "probe_batches": 2}
    )
    c.regularizers = ml_collections.ConfigDict()
    c.data = ml_collections.ConfigDict({"buckets": (memory_size,), "train_set_size": 0})
    c.eval = ml_collections.ConfigDict(
        {
            "lengths": (size,),
            "num_examples": 256,
            "batch_size": 32,
            "seed": 1234,
            "adversarial_sets": (),
            "adversarial_num_examples": 0,
            "adversarial_lengths": (),
            "frozen_dir": "",
        }
    )
    return c
