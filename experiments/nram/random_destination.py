"""Copy or Reverse with a random destination p (uniform over every start in [n + 2, M - n])
instead of p = n + 2, otherwise experiments/nram/<task>.py's protocol. With p = n + 2, a
circuit that adds a constant to A's addresses solves one size and nothing else; learned
circuits do exactly that (see WORKSPACE_NOTES.md). Random p removes the shortcut: does the
general circuit (read p, then walk both pointers) train more easily? Select the task:

python -m algolearn.train --config=experiments/nram/random_destination.py:nram_reverse --workdir=DIR
"""

from algolearn.configs.nram_paper import nram_paper_config


def get_config(task: str = "nram_copy"):
    c = nram_paper_config(task)
    c.task.destination = "random"
    return c
