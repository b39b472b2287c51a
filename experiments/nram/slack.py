"""An NRAM perfect-group task with twice the timesteps of experiments/nram/<task>.py (training
and test): does a circuit with spare steps train more easily than one with none (Swap needs
exactly its 5 steps, Copy one step per element)? Select the task after a colon:

python -m algolearn.train --config=experiments/nram/slack.py:nram_swap --workdir=DIR
"""

from algolearn.configs.nram_paper import nram_paper_config


def get_config(task: str = "nram_copy"):
    return nram_paper_config(task, time_factor=2)
