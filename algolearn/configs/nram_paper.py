"""Kurach et al. (2015) Table 1 protocol, CPU-sized: train with the NRAM curriculum on small
memories, test the same controller at complexity 50 on a larger memory, fuzzy and discretized.

Timesteps: the number of steps a task needs grows with its size (Increment writes one cell per
step), so training uses `steps_per_size` x the largest training size + `extra_steps`, and the
complexity-50 variants scale the same way (the controller's parameters do not depend on M or
T). These multipliers are ours; the paper does not give per-task T.
"""

from __future__ import annotations

from algolearn import tasks
from algolearn.configs.nram import nram_config

# (steps per unit of size, extra steps): Access reads twice; array tasks touch each cell.
STEPS = {
    "nram_access": (0, 3),
    "nram_increment": (1, 2),
    "nram_copy": (1, 2),
    "nram_reverse": (1, 2),
    "nram_swap": (0, 5),
}


def nram_paper_config(
    task: str,
    train_size: int = 6,
    test_size: int = 50,
    memory: int | None = None,
    time_factor: int = 1,
):
    """memory: training memory size M (default: 16, or what `task` needs at train_size).
    time_factor: multiplies every T (training and test), to give the circuit slack steps."""
    per_size, extra = STEPS.get(task, (2, 4))
    per_size, extra = time_factor * per_size, time_factor * extra
    layout = tasks.get(task, memory_size=4)  # only for its cells_needed(size)
    if memory is None:
        memory = max(16, layout.cells_needed(train_size))
    c = nram_config(task, memory_size=memory, size=train_size)
    c.model.update(num_registers=4, timesteps=per_size * train_size + extra, hidden=64)
    c.train.update(num_steps=3000, learning_rate=3e-3, grad_clip_value=1.0, grad_clip_norm=1.0)
    c.train.grad_noise.update(scale=0.01, decay=0.55, error_scaled=False)
    c.curriculum = type(c.curriculum)(
        {
            "name": "nram",
            "min_length": 1 if task != "nram_swap" else 2,
            "start_length": 2,
            "max_length": train_size,
            "threshold": 0.05,
            "min_gap": 2,
            "check_every": 100,
            "probe_batches": 2,
        }
    )
    c.regularizers = type(c.regularizers)({"entropy_bonus": {"init": 0.01, "decay": 0.95}})
    # Room for every layout of size test_size (Merge and WalkBST need ~4 cells per element).
    big = max(2 * test_size + 8, layout.cells_needed(test_size))
    c.data.buckets = (memory, big)
    c.eval.lengths = (train_size,)
    test_lengths = tuple(range(10, test_size + 1, 10))
    large = {
        "task": {"memory_size": big},
        "model": {"timesteps": per_size * test_size + extra},
        "eval": {"lengths": test_lengths, "num_examples": 64},
    }
    # Every training size, not only the largest: a circuit can fit size 6 (and 10-50 on the
    # large memory) and still miss size 5 (tests and WORKSPACE_NOTES.md, 2026-11-27).
    sizes = {"eval": {"lengths": tuple(range(layout.min_length, train_size + 1))}}
    c.eval.variants = {
        "discretized": {"model": {"discretize": True}},
        "sizes": sizes,
        "sizes_discretized": {**sizes, "model": {"discretize": True}},
        "large": large,
        "large_discretized": {**large, "model": {**large["model"], "discretize": True}},
    }
    return c
