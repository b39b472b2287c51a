"""More seeds of Kaiser & Sutskever's binary addition protocol, with random training data
(experiments/neural_gpu/ks2015_badd.py) and with Price et al.'s hard examples
(ks2015_badd_carry.py), for the seeds-that-succeed panel of experiments/figures/carry_chains.py.
Seeds 0-2 (random) and 0 (hard examples) are in WORKSPACE_NOTES.md; this sweep starts at 3.
Same budget as those: 14,600 steps, tested at 20 and 200 bits (and per carry-chain length).
One member at a time (each uses both cores); a member runs 0.5-1.5 h on a fast 2-core CPU, so
carry unfinished ones to the next machine with algolearn.carry_runs (README).

python -m launch.sweep --sweep=launch/sweeps/ks2015_seeds.py --launcher=local
python experiments/figures/carry_chains.py --runs=runs/sweeps/ks2015_seeds --out=x.png
Its runs predate the reference trainer's curriculum signal and learning-rate rules (the ks2015
configs' defaults since 2026-11-28): rerun or resume them as they ran with
`--extra=curriculum.signal=probe --extra=train.lr_decay_forget_on_advance=false
--extra=regularizers.relaxation_pull.lr_decay_below=0.0`.
"""

from launch import hyper

NAME = "ks2015_seeds"
CONFIGS = ("experiments/neural_gpu/ks2015_badd_carry.py", "experiments/neural_gpu/ks2015_badd.py")


def get_sweep() -> list[dict]:
    """Seed-major: each seed's hard-example and random-data runs come one after the other."""
    return hyper.product(
        hyper.sweep("seed", range(3, 9)),
        hyper.sweep("config", CONFIGS),
        hyper.fixed("train.num_steps", 14600),
        hyper.fixed("eval.lengths", (41, 401)),
    )
