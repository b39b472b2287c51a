"""Task registry: name -> task instance. Adding a task is one file plus one line here."""

from __future__ import annotations

from collections.abc import Callable

from algolearn.tasks import arithmetic, lte_numbers, lte_program, nram_tasks, symbolic
from algolearn.tasks.base import Task

_FACTORIES: dict[str, Callable[[], Task]] = {
    # Kaiser & Sutskever 2015 / Price et al. 2016 arithmetic (base 2, 4, 10).
    "badd": lambda: arithmetic.Addition(base=2),
    "qadd": lambda: arithmetic.Addition(base=4),
    "add": lambda: arithmetic.Addition(base=10),
    "bmul": lambda: arithmetic.Multiplication(base=2),
    "qmul": lambda: arithmetic.Multiplication(base=4),
    "mul": lambda: arithmetic.Multiplication(base=10),
    # Price et al.'s carry-heavy training data.
    "badd_carry": lambda: arithmetic.Addition(base=2, carry_heavy=True),
    "qadd_carry": lambda: arithmetic.Addition(base=4, carry_heavy=True),
    "add_carry": lambda: arithmetic.Addition(base=10, carry_heavy=True),
    # Symbol tasks.
    "copy": symbolic.Copy,
    "rev": symbolic.Reverse,
    "dup": symbolic.Duplicate,
    "sort": symbolic.Sort,
    "kvsort": symbolic.KeyValueSort,
    "search": symbolic.Search,
    # Zaremba & Sutskever 2014 (options: reverse_input, double_input).
    "lte_program": lte_program.ProgramExecution,
    "lte_addition": lte_numbers.Addition,
    "lte_copy": lte_numbers.Copy,
    # Kurach et al. 2015, the NRAM memory view (option: memory_size).
    "nram_access": nram_tasks.Access,
    "nram_increment": nram_tasks.Increment,
    "nram_copy": nram_tasks.Copy,
    "nram_reverse": nram_tasks.Reverse,
    "nram_swap": nram_tasks.Swap,
    "nram_permutation": nram_tasks.Permutation,
    "nram_list_k": nram_tasks.ListK,
    "nram_list_search": nram_tasks.ListSearch,
    "nram_merge": nram_tasks.Merge,
    "nram_walk_bst": nram_tasks.WalkBST,
}


def names() -> list[str]:
    """All registered task names, sorted."""
    return sorted(_FACTORIES)


def get(name: str, **options: object) -> Task:
    """Returns a fresh instance of the task called `name`, built with `options`.

    Options are the task's constructor arguments, e.g. `reverse_input=True` for the
    Learning-to-Execute tasks (from config.task); an option the task lacks is an error."""
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise KeyError(f"unknown task {name!r}; valid tasks: {', '.join(names())}") from None
    try:
        return factory(**options)
    except TypeError as e:
        raise ValueError(f"bad options {sorted(options)} for task {name!r}: {e}") from None
