"""Does averaging the relaxed copies at the top length help 200-bit generalization?

The reference trainer grows the relaxation pull, and once it is large averages the copies,
after every probe that passes the curriculum threshold, also at the top length (41); until
2026-11-27 ours did so only when the length went up (WORKSPACE_NOTES.md, "Reference trainer
details"). The two ks2015_seeds runs with Price et al.'s hard examples whose curriculum
reached 41 (seeds 5 and 8) are branched at their last step (14,600) for 2,000 more steps
under the reference rule, and, as the control, under the old behaviour at the top length
(growth 1, no averaging: a pass then leaves the pull and the copies alone).

Needs the sources in runs/sweeps/ks2015_seeds (launch/sweeps/ks2015_seeds.py).

python -m launch.sweep --sweep=launch/sweeps/ks2015_top_averaging.py --launcher=local
"""

NAME = "ks2015_top_averaging"
SOURCES = "runs/sweeps/ks2015_seeds"
SOURCE_STEPS = 14600
# Hard-example seeds whose curriculum reached 41, and their sweep members.
SEEDS = {5: 4, 8: 10}
ARMS = {  # the reference rule, and the control
    "reference": {},
    "no_top_averaging": {
        "regularizers.relaxation_pull.growth": 1.0,
        "regularizers.relaxation_pull.average_at": 1e9,
    },
}


def get_sweep() -> list[dict]:
    """Seed-major: each seed's two arms one after the other."""
    return [
        {
            "seed": seed,
            **overrides,
            "config": "experiments/neural_gpu/ks2015_badd_carry.py",
            "train.init_from": (
                f"{SOURCES}/{index:03d}-seed={seed},config=ks2015_badd_carry,"
                f"train.num_steps={SOURCE_STEPS},eval.lengths=41-401"
            ),
            "train.num_steps": SOURCE_STEPS + 2000,
            "eval.lengths": (41, 401),
        }
        for seed, index in SEEDS.items()
        for overrides in ARMS.values()
    ]
