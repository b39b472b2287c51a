"""Kaiser & Sutskever's long tests, scored after training, for K&S runs trained with
eval.lengths=(41, 401) (ks2015_seeds, ks2015_table1, ks2015_bmul_seeds, ks2015_grad_noise):

- `bits2000`: 8 random examples at length 4001 (2000-bit operands), no adversarial sets. It
  changes only the evaluation, so figures draw it as one more length of the run's curve.
- `bits200`: the run's own 200-bit test (16 random examples at length 401 and the adversarial
  sets at 401), for a run stopped before its final evaluation (e.g. to be carried).

  python -m algolearn.evaluate --workdir=RUN --variant=bits2000 \
      --config=experiments/neural_gpu/ks2015_test2000.py:badd
"""

from algolearn.configs import ks2015_config

TEST = {"lengths": (4001,), "num_examples": 8, "adversarial_sets": ()}
TEST_200 = {"lengths": (401,), "adversarial_lengths": (401,)}


def get_config(task: str = "badd"):
    c = ks2015_config(task)
    c.eval.variants = {"bits2000": {"eval": TEST}, "bits200": {"eval": TEST_200}}
    return c
