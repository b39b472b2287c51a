"""Sharpening: a branch of a converged NRAM run that turns the entropy bonus into a penalty,
so that the circuit's choices become one-hot and the discretized machine runs what the fuzzy
one learned (ours, not the paper's; WORKSPACE_NOTES.md, "Discretized execution").

The source is a paper_tricks run on memories of mixed sizes (launch/sweeps/nram_mixed_memory*.py:
M = 20, k in [8, 20]); this config repeats its settings and changes only the stage: entropy
weight -1e-5, constant (decay 1.0; the branch restarts the regulariser since its options
changed), learning rate 3e-4 (at the source's 3e-3 the new term wrecks the circuit within 50
steps), checkpoints every 500 steps. `train.num_steps` is absolute: the default 7,000 is a
3,000-step source plus 4,000.

python -m algolearn.train --config=experiments/nram/sharpen.py:nram_copy --workdir=DIR \
    --config.seed=2 --config.train.init_from=SOURCE_RUN
"""

import importlib.util
from pathlib import Path


def _paper_tricks_config(arg: str):
    """paper_tricks.py's config, loaded by path (config files are not a package)."""
    path = Path(__file__).with_name("paper_tricks.py")
    spec = importlib.util.spec_from_file_location("_nram_paper_tricks", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.get_config(arg)


def get_config(arg: str = "nram_copy"):
    c = _paper_tricks_config(arg)
    c.task.update(memory_size=20, min_memory_size=8)
    c.data.buckets = (20, 108)
    c.regularizers.entropy_bonus.update(init=-1e-5, decay=1.0)
    c.train.update(learning_rate=3e-4, num_steps=7000, checkpoint_every=500, keep_checkpoints=30)
    return c
