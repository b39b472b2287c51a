"""Timing helpers shared by the speed benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], warmup: int, iters: int) -> float:
    """Median wall-clock of `fn()` in milliseconds after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000.0 * statistics.median(times)


def interleaved_ms(
    fns: dict[str, Callable[[], object]], rounds: int, iters: int, pause_s: float = 0.3
) -> dict[str, list[float]]:
    """Per-round median wall-clock (ms) of each fn, timed in interleaved blocks.

    Each round runs every fn in turn: a pause (PyTorch's spinning OpenMP threads slow whatever
    runs right after them), one untimed call, then `iters` timed calls. On a noisy machine the
    ratio within a round is far steadier than times taken minutes apart.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            time.sleep(pause_s)
            times[name].append(median_ms(fn, warmup=1, iters=iters))
    return times


def neural_gpu_train_flops(
    batch: int, length: int, filters: int, width: int = 4, kernel: int = 9, cgrus_per_step: int = 2
) -> float:
    """Useful FLOPs of one Neural GPU train step (forward + backward = 3x forward convs).

    Per CGRU: gate convolution (m -> 2m) and candidate convolution (m -> m) over [b, n, w];
    n steps of `cgrus_per_step` CGRUs. Recomputation from remat is not counted.
    """
    per_cgru = 2.0 * batch * length * width * kernel * filters * 3 * filters
    return 3.0 * length * cgrus_per_step * per_cgru
