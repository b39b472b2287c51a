"""Kaiser & Sutskever Table 1's baselines on binary addition: each architecture trained like the
Neural GPU of experiments/neural_gpu/ks2015_badd.py (curriculum to 20-bit operands) and tested
at 20 and 200 bits (and 2000 for the bidirectional ones).

python -m launch.sweep --sweep=launch/sweeps/ks2015_baselines.py --launcher=local
python experiments/figures/error_vs_length.py --runs=runs/ks2015 \
    --out=experiments/figures/ks2015_error_vs_length.png
(runs/ks2015 holds this sweep's directory and the Neural GPU runs; WORKSPACE_NOTES.md.)
Add "bmul" to TASKS for multiplication (ks2015_bmul.py for the Neural GPU).
"""

from launch import hyper

NAME = "ks2015_baselines"
CONFIG = "experiments/neural_gpu/ks2015_baseline.py"
TASKS = ("badd",)
ARCHITECTURES = ("lstm_attention", "transformer_randomized", "transformer_sinusoidal")


def get_sweep() -> list[dict]:
    configs = [f"{CONFIG}:{task},{arch}" for task in TASKS for arch in ARCHITECTURES]
    return hyper.product(hyper.sweep("config", configs), hyper.sweep("seed", [0]))
