"""experiments/nram/paper_tricks.py with the LSTM controller (Sec. 4.1 allows either), seeds
0-3 of Swap and Reverse. An MLP controller sees only which registers hold 0, so its phase must
be encoded in that zero pattern: Swap, which needs a fixed sequence of distinct steps (read p,
read q, read both values, write both) rather than a loop, never leaves size 2 with it. The
LSTM's state can count timesteps. Seed-major. ~2-4 CPU minutes per member.

python -m launch.sweep --sweep=launch/sweeps/nram_paper_tricks_lstm.py --launcher=local
"""

from launch import hyper

NAME = "nram_paper_tricks_lstm"
TASKS = ("nram_swap", "nram_reverse")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1, 2, 3)),
        hyper.fixed("model.controller", "lstm"),
        hyper.sweep("config", [f"experiments/nram/paper_tricks.py:{t}" for t in TASKS]),
    )
