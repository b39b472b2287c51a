"""experiments/nram/paper_tricks.py with a smaller floor in the loss's log(max(x, eps)) (ours was
1e-6; the paper gives no value). Swap's shortcuts overwrite A[q] before reading it; the circuit
that saves A[q] first is a chain of four or five soft choices (read q, keep it in a register
for a step or two, write it at p), whose product starts far below 1e-6, where the floor makes
the loss flat: no gradient toward it. Does a lower floor let Swap and Reverse out?
Seeds 0-3; ~1 CPU minute per member.

python -m launch.sweep --sweep=launch/sweeps/nram_loss_eps.py --launcher=local
"""

from launch import hyper

NAME = "nram_loss_eps"
TASKS = ("nram_swap", "nram_reverse")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (0, 1, 2, 3)),
        hyper.sweep("model.eps", (1e-12, 1e-30)),
        hyper.sweep("config", [f"experiments/nram/paper_tricks.py:{t}" for t in TASKS]),
    )
