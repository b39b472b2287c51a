"""Learning to Execute headline: 9-digit addition (Zaremba & Sutskever 2014, Sec. 5).

lte_addition (print(a+b), two 9-digit numbers), combined curriculum towards 9 digits, the
paper's 2 x 400 LSTM. Reported metric: teacher-forced character accuracy (1 - digit_error at
length 9 in eval.json); greedy_* is free-running decoding. The CPU runs in WORKSPACE_NOTES.md used
--config.model.hidden=256 --config.model.embed_dim=256 and --config.train.batch_size=32, or 64
with --config.task.reverse_input=True (64% of characters at 20,301 steps; not the paper's 99%).
"""

from algolearn.configs import lte_config


def get_config():
    c = lte_config("lte_addition", target_length=9)
    c.train.num_steps = 20000
    c.eval.num_examples = 2000
    c.eval.batch_size = 100
    return c
