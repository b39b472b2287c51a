"""Kaiser & Sutskever's binary addition protocol (random training data, 14,600 steps, tested at
20 and 200 bits) with sequence errors scored as the reference scores them: the answer's
trailing padding no longer counts, in the curriculum's probes or the final test (before
2026-11-28 it did; ks2015_seeds.py ran under that stricter rule). The curriculum still decides
on its probe (`curriculum.signal=probe`), as those runs did, so this sweep isolates the scoring;
ks2015_reference_curriculum.py adds the reference's training-batch signal. Seeds 0-5.

The learning-rate rules the ks2015 configs took on later the same day stay off through extras
(which do not change member names), as for the carried seed 0:

python -m launch.sweep --sweep=launch/sweeps/ks2015_reference_scoring.py --launcher=local \
    --extra=train.lr_decay_forget_on_advance=false \
    --extra=regularizers.relaxation_pull.lr_decay_below=0.0
"""

from launch import hyper

NAME = "ks2015_reference_scoring"


def get_sweep() -> list[dict]:
    return hyper.product(
        hyper.sweep("seed", range(6)),
        hyper.fixed("config", "experiments/neural_gpu/ks2015_badd.py"),
        hyper.fixed("train.num_steps", 14600),
        hyper.fixed("eval.lengths", (41, 401)),
        hyper.fixed("curriculum.signal", "probe"),
    )
