"""The ten NRAM tasks: each target equals an independent plain-Python solver that reads the
same initial memory; only scored cells change; layouts that do not fit are named errors."""

from __future__ import annotations

import heapq

import numpy as np
import pytest

from algolearn import tasks
from algolearn.tasks import LengthError


def until_null(memory, start):
    out = []
    while start < len(memory) and memory[start] != 0:
        out.append(memory[start])
        start += 1
    return out


def access(m):
    m[0] = m[1 + m[0]]


def increment(m):
    for i, v in enumerate(until_null(m, 0)):
        m[i] = v + 1


def copy(m, reverse=False):
    a = until_null(m, 1)
    p = m[0]
    m[p : p + len(a)] = a[::-1] if reverse else a


def swap(m):
    p, q = m[0], m[1]
    m[p], m[q] = m[q], m[p]


def permutation(m):
    a = m[0]
    perm = m[1:a]
    values = m[a : a + len(perm)]
    m[1:a] = [values[i] for i in perm]


def list_k(m):
    node = m[0]
    for _ in range(m[1]):
        node = m[node]
    m[2] = m[node + 1]


def list_search(m):
    node = m[0]
    while m[node + 1] != m[1]:
        node = m[node]
    m[2] = node


def merge(m):
    a, b, o = until_null(m, m[0]), until_null(m, m[1]), m[2]
    merged = list(heapq.merge(a, b))
    m[o : o + len(merged)] = merged


def walk_bst(m):
    node, q = m[0], m[1]
    while m[q] != 0:
        node = m[node + m[q]]  # 1: left child pointer at node + 1, 2: right at node + 2
        q += 1
    m[2] = m[node]


SOLVERS = {
    "nram_access": access,
    "nram_increment": increment,
    "nram_copy": copy,
    "nram_reverse": lambda m: copy(m, reverse=True),
    "nram_swap": swap,
    "nram_permutation": permutation,
    "nram_list_k": list_k,
    "nram_list_search": list_search,
    "nram_merge": merge,
    "nram_walk_bst": walk_bst,
}


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_target_equals_independent_solver(name: str) -> None:
    for memory_size, sizes in [(16, (2, 3)), (32, (4, 6)), (64, (11, 14))]:
        task = tasks.get(name, memory_size=memory_size)
        sizes = [n for n in sizes if task.cells_needed(n) <= memory_size]
        assert sizes, (name, memory_size)
        for n in sizes:
            batch = task.sample(np.random.default_rng([memory_size, n]), 50, n)
            assert batch.inputs.shape == (50, memory_size)
            assert batch.inputs.max() < memory_size and batch.targets.max() < memory_size
            for memory, target, mask in zip(batch.inputs, batch.targets, batch.mask, strict=True):
                solved = memory.tolist()
                SOLVERS[name](solved)
                np.testing.assert_array_equal(target, solved, err_msg=task.decode(memory))
                # Only scored cells may change, and at least one cell is scored.
                assert mask.any() and np.all(memory[~mask] == target[~mask])


def test_walk_bst_is_a_search_tree() -> None:
    task = tasks.get("nram_walk_bst", memory_size=64)
    batch = task.sample(np.random.default_rng(0), 20, 10)

    def check(memory, node, low, high) -> int:
        """Nodes in the subtree at `node`, asserting low < value < high throughout."""
        if node == 0:
            return 0
        assert low < memory[node] < high
        left = check(memory, memory[node + 1], low, memory[node])
        return 1 + left + check(memory, memory[node + 2], memory[node], high)

    for memory in batch.inputs.tolist():
        assert check(memory, memory[0], 0, 64) == 10


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_layout_that_does_not_fit_is_named(name: str) -> None:
    task = tasks.get(name, memory_size=16)
    with pytest.raises(LengthError, match=rf"{name}.*size 20 needs \d+ memory cells.*16"):
        task.sample(np.random.default_rng(0), 2, 20)
    with pytest.raises(ValueError, match="memory_size must be >= 4"):
        tasks.get(name, memory_size=2)


def test_vocab_size_fixes_the_token_vocabulary_across_memory_sizes() -> None:
    small = tasks.get("nram_copy", memory_size=16, vocab_size=40)
    large = tasks.get("nram_copy", memory_size=40, vocab_size=40)
    assert small.input_vocab_size == small.output_vocab_size == large.input_vocab_size == 40
    batch = small.sample(np.random.default_rng(0), 8, 4)
    assert batch.length == 16 and batch.inputs.max() < 16  # values stay within the memory
    with pytest.raises(ValueError, match="vocab_size 8 must be >= memory_size 16"):
        tasks.get("nram_copy", memory_size=16, vocab_size=8)


@pytest.mark.parametrize("name", ["nram_copy", "nram_reverse"])
def test_random_destination_covers_every_start_and_matches_the_solver(name: str) -> None:
    task = tasks.get(name, memory_size=16, destination="random")
    for n in (1, 3, 7):
        batch = task.sample(np.random.default_rng(n), 400, n)
        starts = batch.inputs[:, 0]
        assert set(starts.tolist()) == set(range(n + 2, 16 - n + 1)), n
        for memory, target in zip(batch.inputs, batch.targets, strict=True):
            solved = memory.tolist()
            SOLVERS[name](solved)
            np.testing.assert_array_equal(target, solved)
    default = tasks.get(name, memory_size=16).sample(np.random.default_rng(0), 20, 3)
    assert np.all(default.inputs[:, 0] == 5)  # "after": p = n + 2
    with pytest.raises(ValueError, match=r"destination 'left'.*after.*adjacent.*random"):
        tasks.get(name, destination="left")


@pytest.mark.parametrize("name", ["nram_copy", "nram_reverse"])
def test_adjacent_destination_is_the_papers_layout(name: str) -> None:
    """Kurach et al. Appendix A: p points one element after A[n-1]."""
    task = tasks.get(name, memory_size=12, destination="adjacent")
    batch = task.sample(np.random.default_rng(0), 50, 5)
    assert np.all(batch.inputs[:, 0] == 6)  # the paper's Table 2: n = 5, p = 6, M = 12
    for memory, target, mask in zip(batch.inputs, batch.targets, batch.mask, strict=True):
        solved = memory.tolist()
        SOLVERS[name](solved)
        np.testing.assert_array_equal(target, solved)
        assert np.flatnonzero(mask).tolist() == list(range(6, 11))


def test_swap_can_score_only_the_swapped_cells() -> None:
    task = tasks.get("nram_swap", memory_size=16, scored="swapped")
    batch = task.sample(np.random.default_rng(0), 50, 6)
    for memory, target, mask in zip(batch.inputs, batch.targets, batch.mask, strict=True):
        solved = memory.tolist()
        swap(solved)
        np.testing.assert_array_equal(target, solved)
        assert np.flatnonzero(mask).tolist() == sorted(memory[:2].tolist())
    with pytest.raises(ValueError, match=r"scored 'all'.*array.*swapped"):
        tasks.get("nram_swap", scored="all")


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_mixed_memory_sizes_lay_each_row_out_in_its_own_memory(name: str) -> None:
    """min_memory_size: row i is a task on lengths[i] = k cells (values < k, layout within k),
    zero-padded to memory_size, and every k the layout fits in occurs."""
    n = 3
    task = tasks.get(name, memory_size=40, min_memory_size=8)
    low = max(8, task.cells_needed(n))
    batch = task.sample(np.random.default_rng(5), 300, n)
    assert batch.inputs.shape == (300, 40)
    assert set(batch.lengths.tolist()) == set(range(low, 41))
    for memory, target, mask, k in zip(
        batch.inputs, batch.targets, batch.mask, batch.lengths, strict=True
    ):
        assert np.all(memory[k:] == 0) and np.all(target[k:] == 0) and not mask[k:].any()
        assert memory.max() < k and target.max() < k
        solved = memory[:k].tolist()
        SOLVERS[name](solved)
        np.testing.assert_array_equal(target[:k], solved, err_msg=f"k={k}: {task.decode(memory)}")
    # Off (the default): every row has memory_size cells.
    assert np.all(
        tasks.get(name, memory_size=40).sample(np.random.default_rng(5), 4, n).lengths == 40
    )


def test_min_memory_size_out_of_range_is_named() -> None:
    for bad in (3, 17):
        with pytest.raises(ValueError, match=rf"min_memory_size must be 0 \(off\).*16.*got {bad}"):
            tasks.get("nram_copy", memory_size=16, min_memory_size=bad)
