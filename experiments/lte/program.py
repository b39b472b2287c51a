"""Learning to Execute: program evaluation with one of the four curricula.

lte_program towards (length 4, nesting 1) by default, a CPU-feasible target; the paper's grid
goes to length 9 and nesting 4. Select the strategy and the target with overrides:
  --config.curriculum.name=baseline|naive|mix|combined
  --config.curriculum.target_length=4 --config.curriculum.target_nesting=2
  --config.eval.lengths=4, --config.eval.params.nesting=2,
Evaluation: 1000 fresh programs at the target; teacher-forced and greedy accuracy.
"""

from algolearn.configs import lte_config


def get_config():
    c = lte_config("lte_program", target_length=4, target_nesting=1)
    # CPU-sized (the paper: 2 x 400, batch 100): ~3 minutes per run on a 2-core CPU.
    c.train.update(num_steps=2000, batch_size=32)
    c.model.update(embed_dim=128, hidden=128)
    c.curriculum.check_every = 100
    return c
