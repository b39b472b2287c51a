"""Learning to Execute addition: which input format makes the sum learnable? Two 5-digit
numbers at a fixed difficulty (baseline curriculum, so only the input differs), a 2 x 256 LSTM
at batch 64, 3,000 steps, with and without input reversal and doubling, seed 0. The winner is
the input of the long 9-digit run (experiments/lte/addition9.py).

python -m launch.sweep --sweep=launch/sweeps/lte_addition_inputs.py --launcher=local
"""

from launch import hyper

NAME = "lte_addition_inputs"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.fixed("config", "experiments/lte/addition9.py"),
        hyper.sweep("task.reverse_input", (False, True)),
        hyper.sweep("task.double_input", (False, True)),
        hyper.fixed("curriculum.name", "baseline"),
        hyper.fixed("curriculum.target_length", 5),
        hyper.fixed("eval.lengths", (5,)),
        hyper.fixed("model.hidden", 256),
        hyper.fixed("model.embed_dim", 256),
        hyper.fixed("train.batch_size", 64),
        hyper.fixed("train.num_steps", 3000),
    )
