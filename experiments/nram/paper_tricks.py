"""Table 1's perfect group with the details of Kurach et al. that the first protocol
(experiments/nram/<task>.py, 0 of 45 seeds on Copy, Reverse, Swap) left out, all at once:

- a controller with two hidden layers (Sec. 4.1: "MLPs with two hidden layers");
- gradients clipped per coordinate w.r.t. the activations during backpropagation (C1 = 10,
  our choice; the paper gives no value) instead of w.r.t. the parameters, then the global
  norm rescaled (C2 = 1);
- the paper's layouts: Copy/Reverse write right after A[n-1] (p = n + 1, Appendix A); Swap's
  error and loss count only the two cells that change (Sec. 4.2: c / m, m the cells that
  should be modified);
- two timesteps per element (the paper's Copy example: n = 5, T = 11).

Training size, memory and steps stay CPU-sized (size 6, M = 16, 3,000 steps); the paper
trained to 15 (Swap 20). Select the task, and optionally the training size, after the colon:

python -m algolearn.train --config=experiments/nram/paper_tricks.py:nram_copy --workdir=DIR
python -m algolearn.train --config=experiments/nram/paper_tricks.py:nram_copy,15 --workdir=DIR

Size 15 gives Copy M = 32 and T = 34 (the controller's parameters do not depend on either, so a
size-6 run can be branched into it with `--config.train.init_from`).
"""

from algolearn.configs.nram_paper import nram_paper_config


def get_config(arg: str = "nram_copy"):
    task, _, size = arg.partition(",")
    try:
        train_size = int(size) if size else 6
    except ValueError:
        raise ValueError(f"paper_tricks.py:TASK[,SIZE] needs an integer size: {arg!r}") from None
    c = nram_paper_config(task, train_size=train_size, time_factor=2)
    c.model.update(hidden_layers=2, activation_grad_clip=10.0)
    c.train.update(grad_clip_value=0.0, grad_clip_norm=1.0)
    if task in ("nram_copy", "nram_reverse"):
        c.task.destination = "adjacent"
    if task == "nram_swap":
        c.task.scored = "swapped"
    return c
