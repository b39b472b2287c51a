"""The size-6 paper_tricks runs that came closest, branched into training size 15 (M = 32,
T = 34) for 4,000 more steps: Copy seed 4 generalized further that way (0.241 -> 0.119 fuzzy
error at 50), while training at size 15 from scratch stays at curriculum size 2. Reverse seed
2's size-6 circuit relies on M = 2n + 4 (WORKSPACE_NOTES.md); at M = 32 it must change.

Needs the sources in runs/sweeps/nram_paper_tricks (launch/sweeps/nram_paper_tricks.py).

python -m launch.sweep --sweep=launch/sweeps/nram_size15_branches.py --launcher=local
"""

NAME = "nram_size15_branches"
SOURCES = "runs/sweeps/nram_paper_tricks"
# (task, seed, source member, its last step), most promising first.
BRANCHES = (
    ("nram_reverse", 2, "007-seed=2,config=paper_tricks_nram_reverse", 3000),
    ("nram_copy", 6, "018-seed=6,config=paper_tricks_nram_copy", 3000),
    ("nram_reverse", 11, "034-seed=11,config=paper_tricks_nram_reverse", 3000),
    ("nram_copy", 2, "006-seed=2,config=paper_tricks_nram_copy", 3000),
    ("nram_reverse", 10, "031-seed=10,config=paper_tricks_nram_reverse", 3000),
)


def get_sweep() -> list[dict]:
    return [
        {
            "config": f"experiments/nram/paper_tricks.py:{task},15",
            "seed": seed,
            "train.init_from": f"{SOURCES}/{member}",
            "train.num_steps": step + 4000,
        }
        for task, seed, member, step in BRANCHES
    ]
