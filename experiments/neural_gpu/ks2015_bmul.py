"""Kaiser & Sutskever (2015), binary multiplication: train on <= 20-bit operands (length 41),
test at 20, 200 and 2000 bits (lengths 41, 401, 4001). Reference hyperparameters: 24 filters,
batch 32, Adam 1e-3, curriculum every 200 steps by +1, relaxation r=6, pull 0.0005 x1.2.

2000-bit evaluation costs ~4 TFLOP per example (4001 steps over 4001 positions), ~2 min per
example on a 2-core CPU at m=24, so eval.num_examples is kept small (16).
"""

from algolearn.configs import neural_gpu_config


def get_config():
    c = neural_gpu_config("bmul")
    c.train.num_steps = 30000
    c.curriculum.check_every = 200
    c.curriculum.increment = 1
    c.eval.lengths = (41, 401, 4001)
    c.eval.num_examples = 16
    c.eval.adversarial_num_examples = 8
    c.eval.batch_size = 8
    c.eval.adversarial_lengths = (41, 401)
    return c
