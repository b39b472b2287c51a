"""Learning to Execute memorization (experiments/lte/copy.py: lte_copy towards 20-digit
numbers, combined curriculum) with and without input reversal and doubling, seed 0: the four
variants of `experiments/lte/reproduce.sh copy`, two at a time. Longer runs with e.g.
--extra=train.num_steps=6000 (and a --sweep_dir of their own).

python -m launch.sweep --sweep=launch/sweeps/lte_copy.py --launcher=local --max_parallel=2
"""

from launch import hyper

NAME = "lte_copy"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.fixed("config", "experiments/lte/copy.py"),
        hyper.sweep("task.reverse_input", (False, True)),
        hyper.sweep("task.double_input", (False, True)),
    )
