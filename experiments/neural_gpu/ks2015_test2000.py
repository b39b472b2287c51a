"""Kaiser & Sutskever's 2000-bit test, scored after training: variant `bits2000` (8 random
examples at length 4001, no adversarial sets) for K&S runs trained with eval.lengths=(41, 401)
(ks2015_seeds, ks2015_table1, ks2015_bmul_seeds). It changes only the evaluation, so figures draw
it as one more length of the run's curve.

  python -m algolearn.evaluate --workdir=RUN --variant=bits2000 \
      --config=experiments/neural_gpu/ks2015_test2000.py:badd
"""

from algolearn.configs import ks2015_config

TEST = {"lengths": (4001,), "num_examples": 8, "adversarial_sets": ()}


def get_config(task: str = "badd"):
    c = ks2015_config(task)
    c.eval.variants = {"bits2000": {"eval": TEST}}
    return c
