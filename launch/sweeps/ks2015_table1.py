"""Kaiser & Sutskever's Table 1 as a figure, both panels: the baselines (LSTM+A and the
Transformers) on binary addition and multiplication under the Neural GPU's protocol
(experiments/neural_gpu/ks2015_baseline.py), and the Neural GPU on bmul (ks2015_bmul.py, tested
at 20 and 200 bits). Every member gets the Neural GPU's step budget: 14,600 on badd (as
ks2015_seeds, whose archive in experiments/results/runs/ks2015_seeds holds the Neural GPU's badd
runs) and 30,000 on bmul.

The Neural GPU member comes first and runs for hours on a 2-core CPU; the six baselines share
the second slot (tens of minutes each).

python -m launch.sweep --sweep=launch/sweeps/ks2015_table1.py --launcher=local --max_parallel=2
python experiments/figures/error_vs_length.py --runs=runs/sweeps/ks2015_table1 \
    --out=experiments/figures/ks2015_error_vs_length.png
Its runs predate the reference trainer's curriculum signal and learning-rate rules (the ks2015
configs' defaults since 2026-11-28): rerun or resume them as they ran with
`--extra=curriculum.signal=probe --extra=train.lr_decay_forget_on_advance=false
--extra=regularizers.relaxation_pull.lr_decay_below=0.0`.
"""

from launch import hyper

NAME = "ks2015_table1"
BASELINE = "experiments/neural_gpu/ks2015_baseline.py"
TASKS = ("badd", "bmul")
ARCHITECTURES = ("lstm_attention", "transformer_randomized", "transformer_sinusoidal")
STEPS = {"badd": 14600, "bmul": 30000}  # the Neural GPU's budgets


def get_sweep() -> list[dict]:
    neural_gpu = hyper.product(
        hyper.fixed("config", "experiments/neural_gpu/ks2015_bmul.py"),
        hyper.fixed("seed", 1),
        hyper.fixed("train.num_steps", STEPS["bmul"]),
        hyper.fixed("eval.lengths", (41, 401)),
    )
    baselines = [
        hyper.product(
            hyper.sweep("config", [f"{BASELINE}:{task},{a}" for a in ARCHITECTURES]),
            hyper.fixed("seed", 0),
            hyper.fixed("train.num_steps", STEPS[task]),
        )
        for task in TASKS
    ]
    return hyper.chain(neural_gpu, *baselines)
