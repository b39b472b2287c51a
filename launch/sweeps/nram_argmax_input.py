"""Reverse and Copy on memories of mixed sizes with the controller reading the registers'
argmax (`model.controller_input=argmax`) instead of P(r_i = 0).

Under launch/sweeps/nram_mixed_memory.py the two runs that generalized in the fuzzy machine
(Reverse seed 4, Copy seed 2) failed discretized, and Reverse seed 4's circuit steers by a
half-set register: P(r1 = 0) = 0.39 after step 1 tells the controller "set-up step", a value a
discretized machine never shows it (WORKSPACE_NOTES.md, "Discretized execution"). Here the
controller sees 1[argmax r_i = 0] in training too (straight-through gradient), so no circuit can
use such a signal. Same protocol otherwise (paper_tricks, M = 20, k in [8, 20]); seed-major,
Reverse and Copy side by side.

python -m launch.sweep --sweep=launch/sweeps/nram_argmax_input.py --launcher=local
"""

from launch import hyper

NAME = "nram_argmax_input"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", tuple(range(8))),
        hyper.sweep(
            "config",
            (
                "experiments/nram/paper_tricks.py:nram_reverse",
                "experiments/nram/paper_tricks.py:nram_copy",
            ),
        ),
        hyper.fixed("task.memory_size", 20),
        hyper.fixed("data.buckets", (20, 108)),
        hyper.fixed("task.min_memory_size", 8),
        hyper.fixed("model.controller_input", "argmax"),
    )
