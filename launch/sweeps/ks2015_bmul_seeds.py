"""More seeds of Kaiser & Sutskever's binary multiplication protocol
(experiments/neural_gpu/ks2015_bmul.py: curriculum to 20-bit operands, 30,000 steps), tested at
20 and 200 bits, for the fraction of seeds that succeed. Seed 0 is in WORKSPACE_NOTES.md ("bmul,
seed 0"), seed 1 in ks2015_table1; this sweep starts at 2. About an hour per member on the
AVX-512 EPYC beside one other job.

python -m launch.sweep --sweep=launch/sweeps/ks2015_bmul_seeds.py --launcher=local --max_parallel=2
python experiments/figures/error_vs_length.py \
    --runs=runs/sweeps/ks2015_table1,runs/sweeps/ks2015_bmul_seeds --out=x.png
Its runs predate the reference trainer's curriculum signal and learning-rate rules (the ks2015
configs' defaults since 2026-11-28): rerun or resume them as they ran with
`--extra=curriculum.signal=probe --extra=train.lr_decay_forget_on_advance=false
--extra=regularizers.relaxation_pull.lr_decay_below=0.0`.
"""

from launch import hyper

NAME = "ks2015_bmul_seeds"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.fixed("config", "experiments/neural_gpu/ks2015_bmul.py"),
        hyper.sweep("seed", range(2, 6)),
        hyper.fixed("eval.lengths", (41, 401)),
    )
