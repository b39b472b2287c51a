"""Reverse trained on memories of several sizes (`task.min_memory_size`), against the same
larger memory at one size.

Under experiments/nram/paper_tricks.py (M = 16) Reverse met Table 1's bar in 0 of 12 seeds;
the one seed that reached the top training size (6) wrote each element to -(c + 3) mod 16,
right only because M = 2n + 4 there: a circuit that uses the wrap-around of one fixed M
(WORKSPACE_NOTES.md, "Why Reverse seed 2 fits size 6 and nothing else"). Here each training
example has its own memory of k cells, k uniform in [max(8, cells its layout needs), 20], and
the NRAM computes modulo k, so no such circuit fits the data. The control trains on every
example at M = 20 (min_memory_size 0). Evaluation, both arms: M = 20 at sizes 1-6, and
complexity 10-50 on the 108-cell memory, fuzzy and discretized. Seed-major, the two arms
side by side: a partial sweep still pairs them.

python -m launch.sweep --sweep=launch/sweeps/nram_mixed_memory.py --launcher=local
"""

from launch import hyper

NAME = "nram_mixed_memory"


def members(
    task: str, seeds: tuple[int, ...], min_memory_sizes: tuple[int, ...] = (8, 0)
) -> list[dict]:
    """`task` under paper_tricks at M = 20, each seed with and without the mixture (or with
    the given `min_memory_sizes` only)."""
    return hyper.product(
        hyper.sweep("seed", seeds),
        hyper.fixed("config", f"experiments/nram/paper_tricks.py:{task}"),
        hyper.fixed("task.memory_size", 20),
        hyper.fixed("data.buckets", (20, 108)),
        hyper.sweep("task.min_memory_size", min_memory_sizes),
    )


def get_sweep() -> list[dict]:
    return members("nram_reverse", seeds=tuple(range(8)))
