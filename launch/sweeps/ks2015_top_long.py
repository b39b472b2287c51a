"""Longer training at the top length: does it bring 200-bit generalization?

Kaiser & Sutskever trained far longer than our 14,600-step K&S budget, most of it at the top
length (41). The two hard-example seeds at 41 (5 and 8) are continued from their
reference-rule branches of ks2015_top_averaging (step 16,600) for 6,000 more steps under the
reference rule (the default), then tested at 20 and 200 bits.

Needs the sources in runs/sweeps/ks2015_top_averaging (launch/sweeps/ks2015_top_averaging.py).

python -m launch.sweep --sweep=launch/sweeps/ks2015_top_long.py --launcher=local --max_parallel=2
"""

NAME = "ks2015_top_long"
SOURCES = "runs/sweeps/ks2015_top_averaging"
SOURCE_STEPS = 16600
MORE_STEPS = 6000
# Seed -> its reference-rule member directory in SOURCES.
SOURCE_MEMBERS = {
    5: "000-seed=5,config=ks2015_badd_carry,train.init_from=runs_sweeps_ks2015_-2f617fa4",
    8: "002-seed=8,config=ks2015_badd_carry,train.init_from=runs_sweeps_ks2015_-0e113d46",
}


def get_sweep() -> list[dict]:
    """One member per seed."""
    return [
        {
            "seed": seed,
            "config": "experiments/neural_gpu/ks2015_badd_carry.py",
            "train.init_from": f"{SOURCES}/{member}",
            "train.num_steps": SOURCE_STEPS + MORE_STEPS,
            "eval.lengths": (41, 401),
        }
        for seed, member in SOURCE_MEMBERS.items()
    ]
