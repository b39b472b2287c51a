"""Every other Copy seed of the size-6 paper_tricks sweep whose curriculum reached size 6,
branched into the paper's training size 15 (M = 32, T = 34) for 8,000 more steps. Of the
three branched before (seeds 2, 4, 6: launch/sweeps/nram_size15_branches.py and
WORKSPACE_NOTES.md), seed 2 met Table 1's bar at one checkpoint; this sweep asks how many of
the ten size-6 Copy seeds do. Checkpoints every 1,000 steps are all kept; choose one on the
training sizes only, then test that one:

python -m algolearn.select_checkpoint --workdir=RUN --variants=sizes,sizes_discretized \
    --test_variants=large,large_discretized

Needs the sources in runs/sweeps/nram_paper_tricks (launch/sweeps/nram_paper_tricks.py).

python -m launch.sweep --sweep=launch/sweeps/nram_size15_copy_seeds.py --launcher=local
"""

NAME = "nram_size15_copy_seeds"
SOURCES = "runs/sweeps/nram_paper_tricks"
SOURCE_STEPS = 3000
# Copy seeds whose size-6 curriculum reached 6, not yet branched, and their sweep members.
SEEDS = {0: 0, 5: 15, 7: 21, 8: 24, 9: 27, 10: 30, 11: 33}


def get_sweep() -> list[dict]:
    return [
        {
            "config": "experiments/nram/paper_tricks.py:nram_copy,15",
            "seed": seed,
            "train.init_from": f"{SOURCES}/{index:03d}-seed={seed},config=paper_tricks_nram_copy",
            "train.num_steps": SOURCE_STEPS + 8000,
            "train.checkpoint_every": 1000,
            "train.keep_checkpoints": 20,
        }
        for seed, index in SEEDS.items()
    ]
