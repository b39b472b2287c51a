"""Learning to Execute: memorization (copy a number), with the input tricks as options.

lte_copy towards 20-digit numbers (the paper: 5-65 digits) with the combined curriculum.
Compare --config.task.reverse_input=True and/or --config.task.double_input=True.
"""

from algolearn.configs import lte_config


def get_config():
    c = lte_config("lte_copy", target_length=20)
    c.train.update(num_steps=1000, batch_size=32)
    c.model.update(embed_dim=128, hidden=128)
    c.curriculum.check_every = 100
    c.curriculum.min_length = 5
    return c
