"""Speed benchmark CLI: python -m algolearn.bench neural_gpu --filters F --length N --batch B.

Prints one JSON object per measurement; the last line is algolearn's own result (with
`speedup_vs_torch` when --torch also timed the eager PyTorch baseline in the same process).
`--torch --rounds R` times the two in R alternating blocks (the way to compare on a noisy
machine) and reports medians over rounds and each round's speedup.
"""

from __future__ import annotations

import argparse
import json
import statistics


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
    parser.add_argument(
        "--dropout",
        type=float,
        default=0.15,
        help="recurrent dropout of both implementations (the model's default; 0: none)",
    )
    parser.add_argument("--torch", action="store_true", help="also time eager PyTorch")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="with --torch: time both in this many interleaved rounds (medians over rounds)",
    )
    args = parser.parse_args(argv)
    if min(args.filters, args.length, args.batch, args.iters) < 1:
        parser.error("--filters, --length, --batch and --iters must be positive")
    if args.rounds < 1 or (args.rounds > 1 and not args.torch):
        parser.error("--rounds must be positive, and above 1 only with --torch")
    if not 0.0 <= args.dropout < 1.0:
        parser.error(f"--dropout must be in [0, 1), got {args.dropout}")

    from algolearn.benchmarks import neural_gpu_speed  # noqa: PLC0415  (imports jax)

    model_kwargs = {
        "remat": args.remat,
        "max_unroll_steps": args.max_unroll_steps,
        "batch_split": args.batch_split,
        "dropout": args.dropout,
    }
    shape = (args.filters, args.length, args.batch)
    if args.torch and args.rounds > 1:
        return _interleaved(args, shape, model_kwargs)
    baseline = None
    if args.torch:
        from algolearn.benchmarks import torch_reference  # noqa: PLC0415

        baseline = torch_reference.measure(*shape, args.iters, dropout=args.dropout)
        print(json.dumps(baseline), flush=True)
    result = neural_gpu_speed.measure(*shape, args.iters, **model_kwargs)
    if baseline is not None:
        result["torch_step_ms"] = baseline["step_ms"]
        result["speedup_vs_torch"] = baseline["step_ms"] / result["step_ms"]
    print(json.dumps(result), flush=True)
    return result


def _interleaved(args: argparse.Namespace, shape: tuple[int, int, int], model_kwargs) -> dict:
    """Both steps timed in alternating blocks; step_ms are medians of the per-round medians."""
    from algolearn.benchmarks import neural_gpu_speed, timing, torch_reference  # noqa: PLC0415

    ours, compile_s, model, mesh = neural_gpu_speed.make_step(*shape, **model_kwargs)
    theirs = torch_reference.make_step(*shape, dropout=args.dropout)
    times = timing.interleaved_ms({"torch": theirs, "ours": ours}, args.rounds, args.iters)
    median = {name: statistics.median(t) for name, t in times.items()}
    baseline = torch_reference.result(median["torch"], *shape, dropout=args.dropout)
    print(json.dumps({**baseline, "rounds_ms": times["torch"]}), flush=True)
    result = neural_gpu_speed.result(median["ours"], compile_s, model, mesh, *shape[1:])
    result.update(
        rounds_ms=times["ours"],
        torch_step_ms=median["torch"],
        speedup_vs_torch=median["torch"] / median["ours"],
        speedup_per_round=[t / o for t, o in zip(times["torch"], times["ours"], strict=True)],
    )
    print(json.dumps(result), flush=True)
    return result


def run() -> None:
    """Console-script entry point (algolearn-bench)."""
    main()


if __name__ == "__main__":
    run()
