"""Price et al.'s hard examples (badd_carry) under the reference trainer's rules.

Under the first protocol (a probe decides the curriculum, the old relaxation rule) the two
hard-example seeds that reached length 41, 5 and 0, came closest to K&S's 200-bit result (seed
5: 6 of 16 wrong at 200 bits, digit error 0.004; 4 of 16 after 8,000 more steps), while the
random-data seeds under the reference trainer's rules (ks2015_reference_curriculum, seeds 0
and 1) are at chance there. Same seeds, same 14,600 steps, now with the ks2015 configs'
defaults (decisions on the training batches, the reference's learning-rate rules, averaging at
every pass): does the combination reach 0 errors at 200 bits, and do the rules help or hurt the
hard-example seeds? Seed 5 first. Scored on random operands at 20 and 200 bits (variant
`random`), per carry chain and on the `stability` variant.

python -m launch.sweep --sweep=launch/sweeps/ks2015_reference_carry.py --launcher=local
"""

from launch import hyper

NAME = "ks2015_reference_carry"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", (5, 0)),
        hyper.fixed("config", "experiments/neural_gpu/ks2015_badd_carry.py"),
        hyper.fixed("train.num_steps", 14600),
        hyper.fixed("eval.lengths", (41, 401)),
    )
