"""Default experiment (`make train`): Neural GPU on binary addition on the local CPU.

Reference architecture and optimizer (24 filters, r=6 relaxation, dropout 0.15 * 8 / length,
Adam 1e-3), trained on operands up to 20 bits (length 41) with a faster curriculum than the
reference (probe every 100 steps, +2 per advance = +1 bit) and a 5% (not 25%) share of batches
beyond the current curriculum length (a length-41 step costs ~17x a length-10 one), so that the
whole run, evaluation included, fits in 20 minutes on a 2-core CPU. Evaluated at 20, 50, 100
and 200 bits (lengths 41, 101, 201, 401) and on the adversarial sets at 20 and 200 bits.
For the paper's protocol use experiments/neural_gpu/ks2015_badd.py.
"""

from algolearn.configs import neural_gpu_config


def get_config():
    c = neural_gpu_config("badd")
    c.train.num_steps = 5000
    c.train.checkpoint_every = 500
    c.curriculum.check_every = 100
    c.curriculum.increment = 2
    c.curriculum.longer_prob = 0.05
    c.eval.num_examples = 64
    c.eval.adversarial_num_examples = 8
    c.eval.batch_size = 32
    c.eval.adversarial_lengths = (41, 401)
    return c
