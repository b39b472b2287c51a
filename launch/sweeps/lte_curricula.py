"""The Learning-to-Execute curriculum comparison as a sweep: baseline, naive, mix and combined
on program evaluation (experiments/lte/program.py: target length 4, nesting 1), seeds 0-2.
The same runs as `experiments/lte/reproduce.sh curricula`, two at a time; longer runs with
e.g. --extra=train.num_steps=6000 (and a --sweep_dir of their own). Seed-major: a partial sweep
covers every strategy equally. ~2-6 CPU minutes per member at the config's 2,000 steps.

python -m launch.sweep --sweep=launch/sweeps/lte_curricula.py --launcher=local --max_parallel=2
python experiments/figures/lte_curricula.py --runs=runs/sweeps/lte_curricula \
    --out=experiments/figures/lte_curricula.png
"""

from launch import hyper

NAME = "lte_curricula"
STRATEGIES = ("baseline", "naive", "mix", "combined")


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.fixed("config", "experiments/lte/program.py"),
        hyper.sweep("seed", (0, 1, 2)),
        hyper.sweep("curriculum.name", STRATEGIES),
    )
