"""Blending the controller onto the discrete view: a stage that branches from a converged (or
sharpened) NRAM run and shows the controller (1 - w) P(r_i = 0) + w 1[argmax r_i = 0] instead of
P(r_i = 0) (`model.controller_input=argmax`, `model.argmax_input_weight=w`; ours, not the
paper's; WORKSPACE_NOTES.md, "Blending the controller onto the discrete view"). A circuit that
steers by a half-set register (Reverse seed 4) must then find another signal, which the
discretized machine also shows it.

Otherwise the sharpening stage of experiments/nram/sharpen.py (entropy penalty -1e-5, lr 3e-4,
memories of 8-20 cells). Besides its evaluation, every stage scores the paper's fuzzy machine,
whose controller reads P(r_i = 0) (variants `fuzzy_input_sizes`, `fuzzy_input_large`): Table
1's bar asks for that machine and the discretized one. `train.num_steps` is absolute.

python -m algolearn.train --config=experiments/nram/blend.py:nram_reverse,0.25 --workdir=DIR \
    --config.seed=4 --config.train.init_from=SOURCE_RUN --config.train.num_steps=10000
"""

import importlib.util
from pathlib import Path


def _sharpen_config(arg: str):
    """sharpen.py's config, loaded by path (config files are not a package)."""
    path = Path(__file__).with_name("sharpen.py")
    spec = importlib.util.spec_from_file_location("_nram_sharpen", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.get_config(arg)


def get_config(arg: str = "nram_reverse,0.25"):
    task, _, weight = arg.partition(",")
    try:
        w = float(weight) if weight else 0.25
    except ValueError:
        raise ValueError(f"blend.py:TASK[,WEIGHT] needs a number for WEIGHT: {arg!r}") from None
    c = _sharpen_config(task)
    c.model.update(controller_input="argmax", argmax_input_weight=w)
    variants = c.eval.variants
    sizes, large = variants["sizes"].to_dict(), variants["large"].to_dict()
    variants["fuzzy_input_sizes"] = {**sizes, "model": {"controller_input": "fuzzy"}}
    variants["fuzzy_input_large"] = {
        **large,
        "model": {**large["model"], "controller_input": "fuzzy"},
    }
    return c
