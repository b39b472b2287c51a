"""Does training for steps past the length bring 200-bit generalization?

K&S badd seed 0 under the reference trainer's rules (ks2015_reference_curriculum, member 000)
adds 20-bit numbers perfectly but is at chance at 200 bits. Run for more steps than its length
(`model.extra_steps`), it keeps its 20-bit answers for about 7 extra steps and loses them by 20
(WORKSPACE_NOTES.md, "Steps past the length"): its answer is timed to the L-th step, not a fixed
point of the step, and a 200-bit input needs 401 steps of dynamics it never ran. The treatment
branches it at its last step (14,600) for 2,000 more steps in which every training example runs
a further U{0..41} steps (`model.random_extra_steps=41`, at most twice the steps at the top
length), so the loss asks the answer to hold; the control branches it for the same 2,000 steps
unchanged. Both are tested at 20 and 200 bits and on the `stability` variant (20-bit examples
run 41 steps past their length).

Needs the source in runs/sweeps/ks2015_reference_curriculum (member 000, seed 0).

python -m launch.sweep --sweep=launch/sweeps/ks2015_extra_steps.py --launcher=local
"""

NAME = "ks2015_extra_steps"
SOURCE = (
    "runs/sweeps/ks2015_reference_curriculum/"
    "000-seed=0,config=ks2015_badd,train.num_steps=14600,eval.lengths=41-401"
)
SOURCE_STEPS = 14600
MORE_STEPS = 2000
ARMS = (41, 0)  # model.random_extra_steps: the treatment, then the control


def get_sweep() -> list[dict]:
    """The treatment first: it is the question; the control repeats the source's training."""
    return [
        {
            "seed": 0,
            "config": "experiments/neural_gpu/ks2015_badd.py",
            "model.random_extra_steps": extra,
            "train.init_from": SOURCE,
            "train.num_steps": SOURCE_STEPS + MORE_STEPS,
            "eval.lengths": (41, 401),
        }
        for extra in ARMS
    ]
