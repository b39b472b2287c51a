"""lte_program: every generated program is valid Python whose printed output is the target."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest

from algolearn import tasks
from algolearn.tasks import LengthError, characters, lte_program

PAIRS = [(length, nesting) for length in range(1, 10) for nesting in range(1, 5)]


def run_python(source: str) -> str:
    """What Python 3 prints when it runs `source`, without the final newline."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<program>", "exec"), {})  # noqa: S102 - the point of the test
    return out.getvalue().removesuffix("\n")


def check_batch(task, batch) -> None:
    for i in range(batch.batch_size):
        program, target = characters.split_row(batch.inputs[i], batch.targets[i], batch.mask[i])
        assert target.endswith(".")
        assert run_python(program) == target[:-1], program
        assert batch.lengths[i] == len(program) + len(target)
        assert batch.inputs[i, len(program)] == characters.GO


@pytest.mark.parametrize("length,nesting", PAIRS)
def test_programs_print_their_target(length: int, nesting: int) -> None:
    """Fixed seeds: 40 programs per (length, nesting) pair, 1440 in all, through the task."""
    task = tasks.get("lte_program")
    batch = task.sample(np.random.default_rng([length, nesting]), 40, length, nesting=nesting)
    check_batch(task, batch)
    bound = task.max_sequence_length(length, nesting=nesting)
    assert batch.length <= bound


def test_random_seeds_and_per_example_difficulty() -> None:
    seed = int(np.random.default_rng().integers(2**31))
    rng = np.random.default_rng(seed)
    task = tasks.get("lte_program")
    for _ in range(10):
        lengths = rng.integers(1, 10, size=100)
        nestings = rng.integers(1, 5, size=100)
        batch = task.sample(rng, 100, lengths, nesting=nestings)
        check_batch(task, batch)


def test_direct_generator_over_many_programs() -> None:
    rng = np.random.default_rng(7)
    for _ in range(2000):
        length, nesting = int(rng.integers(1, 10)), int(rng.integers(1, 6))
        program, output = lte_program.generate(rng, length, nesting)
        assert run_python(program) == output
        max_program, max_output = lte_program.max_text_lengths(length, nesting)
        assert len(program) <= max_program and len(output) <= max_output


def test_every_operation_appears_with_distinct_variables() -> None:
    rng = np.random.default_rng(0)
    programs = [lte_program.generate(rng, 3, 3)[0] for _ in range(500)]
    text = "\n".join(programs)
    assert re.search(r"\(\d+\+", text) and re.search(r"-\d+\)", text)  # add / sub
    assert re.search(r"\*\d+\)", text)  # small multiplication
    assert re.search(r"^for [a-j] in range\(\d+\):[a-j][+-]=", text, re.M)  # for-loop
    assert re.search(r" if \S+[<>]\S+ else ", text)  # if-expression
    assert re.search(r"^[a-j]=", text, re.M)  # assignment
    plain = [lte_program.generate(rng, 3, 1)[0] for _ in range(200)]
    assert any(re.fullmatch(r"print\(\d+\)", p) for p in plain)  # plain operand
    for program in programs:
        assigned = re.findall(r"^([a-j])=", program, re.M) + re.findall(r"for ([a-j]) in", program)
        assert len(assigned) == len(set(assigned)), program


def test_literal_digits_follow_length() -> None:
    rng = np.random.default_rng(1)
    for length in (1, 4, 9):
        literals = []
        for _ in range(200):
            program, _ = lte_program.generate(rng, length, 1)
            literals += [int(x) for x in re.findall(r"(?<![a-z(])\d+|(?<=\()\d+", program)]
        big = [x for x in literals if x > 4 * length]  # small numbers k, n are <= 4 * length
        assert max(big) <= 10**length and min(literals) >= 1


def test_same_rng_same_batch() -> None:
    task = tasks.get("lte_program")
    a = task.sample(np.random.default_rng(3), 8, 5, nesting=2)
    b = task.sample(np.random.default_rng(3), 8, 5, nesting=2)
    np.testing.assert_array_equal(a.inputs, b.inputs)
    np.testing.assert_array_equal(a.mask, b.mask)


@pytest.mark.parametrize(
    "length,nesting,match",
    [
        (0, 1, "lte_program.*length 0"),
        (19, 1, "length 19.*\\[1, 18\\]"),
        (3, 0, "nesting 0.*\\[1, 5\\]"),
        (3, 6, "nesting 6"),
        (3, 1.5, "nesting 1.5"),
    ],
)
def test_bad_difficulty_is_named(length, nesting, match) -> None:
    with pytest.raises((LengthError, ValueError), match=match):
        tasks.get("lte_program").sample(np.random.default_rng(0), 2, length, nesting=nesting)


def test_vocabulary_round_trip() -> None:
    rng = np.random.default_rng(2)
    for _ in range(200):
        program, output = lte_program.generate(rng, 4, 3)
        for text in (program, output + "."):
            assert characters.decode_ids(characters.encode(text)) == text
    with pytest.raises(ValueError, match="'#' is not in the program vocabulary"):
        characters.encode("a#b")
