"""eval.variants: bad variants fail before training, naming the problem."""

from __future__ import annotations

import pytest

from algolearn.configs import nram_config
from algolearn.evaluation import variants
from algolearn.tasks import LengthError


def config(**variant):
    c = nram_config("nram_copy", memory_size=16, size=3)
    c.eval.variants = {"v": variant}
    return c


def test_valid_variants_pass() -> None:
    variants.validate(config(model={"discretize": True}))
    variants.validate(config(task={"memory_size": 16}, eval={"lengths": (5,)}))


@pytest.mark.parametrize(
    "variant,error,match",
    [
        ({"modle": {}}, ValueError, r"eval.variants.v has unknown keys \['modle'\]"),
        ({"task": {"memory_size": 16}, "eval": {"lengths": (9,)}}, LengthError, "size 9 needs"),
        ({"task": {"memory_sise": 32}}, ValueError, "bad options.*nram_copy"),
        ({"model": {"filters": 3}}, ValueError, "bad config.model for 'nram'"),
        ({"task": {"memory_size": 64}, "eval": {"lengths": (20,)}}, ValueError, "bucket"),
    ],
)
def test_bad_variant_is_named(variant, error, match) -> None:
    with pytest.raises(error, match=match):
        variants.validate(config(**variant))


def test_evaluation_runs_on_the_full_memory_when_training_mixes_sizes() -> None:
    """task.min_memory_size shapes only the training data; every evaluation, the main one and
    each variant's, uses memory_size cells unless the variant sets the mixture itself."""
    c = config(model={"discretize": True})
    c.task.min_memory_size = 8
    c.eval.variants["mixed"] = {"task": {"min_memory_size": 10}}
    specs = {name: task for name, task, *_ in variants._specs(c)}
    assert specs[None]["min_memory_size"] == specs["v"]["min_memory_size"] == 0
    assert specs["v"]["memory_size"] == 16
    assert specs["mixed"]["min_memory_size"] == 10
    variants.validate(c)
