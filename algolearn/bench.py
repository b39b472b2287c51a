"""Speed benchmark CLI: python -m algolearn.bench neural_gpu --filters F --length N --batch B.

Prints one JSON object per measurement; the last line is algolearn's own result (with
`speedup_vs_torch` when --torch also timed the eager PyTorch baseline in the same process).
"""

from __future__ import annotations

import argparse
import json


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="algolearn.bench", description=__doc__)
    parser.add_argument("model", choices=["neural_gpu"])
    parser.add_argument("--filters", type=int, default=24)
    parser.add_argument("--length", type=int, default=20)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--iters", type=int, default=5)
    parser.add_argument("--remat", default="auto", choices=["auto", "none", "step", "nested"])
    parser.add_argument("--max_unroll_steps", type=int, default=0)
    parser.add_argument("--batch_split", type=int, default=0, help="0: the model's auto choice")
    parser.add_argument("--torch", action="store_true", help="also time eager PyTorch")
    args = parser.parse_args(argv)
    if min(args.filters, args.length, args.batch, args.iters) < 1:
        parser.error("--filters, --length, --batch and --iters must be positive")

    from algolearn.benchmarks import neural_gpu_speed  # noqa: PLC0415  (imports jax)

    baseline = None
    if args.torch:
        from algolearn.benchmarks import torch_reference  # noqa: PLC0415

        baseline = torch_reference.measure(args.filters, args.length, args.batch, args.iters)
        print(json.dumps(baseline), flush=True)
    result = neural_gpu_speed.measure(
        args.filters,
        args.length,
        args.batch,
        args.iters,
        remat=args.remat,
        max_unroll_steps=args.max_unroll_steps,
        batch_split=args.batch_split,
    )
    if baseline is not None:
        result["torch_step_ms"] = baseline["step_ms"]
        result["speedup_vs_torch"] = baseline["step_ms"] / result["step_ms"]
    print(json.dumps(result), flush=True)
    return result


def run() -> None:
    """Console-script entry point (algolearn-bench)."""
    main()


if __name__ == "__main__":
    run()
