"""The ten NRAM tasks (Kurach, Andrychowicz & Sutskever 2015, Appendix A) in the memory view.

Layouts (0 is NULL; `n` is the difficulty):
  access       k, A[0..n-1], NULL                 -> cell 0 holds A[k]
  increment    A[0..n-1], NULL                    -> A[i] + 1 in place
  copy         p, A[0..n-1], NULL ... (p = n + 2; n + 1, the paper's; or random: see Copy)
                                                  -> A at p..p+n-1
  reverse      same layout as copy                -> A reversed at p..p+n-1
  swap         p, q, A[0..n-1], NULL (p, q: addresses inside A) -> A[p], A[q] swapped
               (scored: all of A, or only the two swapped cells: see Swap)
  permutation  a, P[0..n-1], A[0..n-1], NULL (P permutes 0..n-1, a: address of A)
                                                  -> P[i] replaced by A[P[i]]
  list_k       p, k, NULL, then n two-cell nodes (next, value) in random slots; the last
               node's next is NULL                -> cell 2 holds the value of node k
  list_search  p, v, NULL, nodes as in list_k     -> cell 2 holds the address of the first
                                                     node whose value is v
  merge        a, b, o, A[0..n-1], NULL, B[0..n-1], NULL, output area (A, B sorted)
                                                  -> the 2n merged values at o..o+2n-1
  walk_bst     p, q, NULL, then n three-cell nodes (value, left, right) in random slots, then
               at q a path of 1 (left) / 2 (right) ending in NULL
                                                  -> cell 2 holds the value at the path's end
Values are drawn from [1, M-1] (never NULL) unless the layout says otherwise.
"""

from __future__ import annotations

import numpy as np

from algolearn.tasks.memory import Example, MemoryTask


class Access(MemoryTask):
    name = "nram_access"

    def cells_needed(self, length: int) -> int:
        return length + 2

    def example(self, rng, length) -> Example:
        a, k = self.values(rng, length), int(rng.integers(length))
        memory = self.empty()
        memory[0], memory[1 : length + 1] = k, a
        target = list(memory)
        target[0] = a[k]
        return memory, target, [0]


class Increment(MemoryTask):
    name = "nram_increment"

    def cells_needed(self, length: int) -> int:
        return length + 1

    def example(self, rng, length) -> Example:
        a = rng.integers(1, self.memory_size - 1, size=length).tolist()  # A[i] + 1 < M
        memory = self.empty()
        memory[:length] = a
        target = list(memory)
        target[:length] = [x + 1 for x in a]
        return memory, target, list(range(length))


class Copy(MemoryTask):
    """destination "after": p = n + 2, right after A's NULL (the default layout). "adjacent":
    p = n + 1, right after A[n-1], overwriting the NULL (the paper's Appendix A and Table 2).
    "random": p uniform over every start in [n + 2, M - n], so no circuit can find the
    destination by adding a constant to A's addresses (a shortcut that fits one size only); it
    must read p."""

    name = "nram_copy"
    reverse = False
    DESTINATIONS = ("after", "adjacent", "random")

    def __init__(
        self,
        memory_size: int = 16,
        vocab_size: int | None = None,
        destination: str = "after",
        min_memory_size: int = 0,
    ) -> None:
        super().__init__(memory_size, vocab_size, min_memory_size)
        if destination not in self.DESTINATIONS:
            raise ValueError(
                f"unknown {self.name} destination {destination!r}; valid: {self.DESTINATIONS}"
            )
        self.destination = destination

    def cells_needed(self, length: int) -> int:
        return 2 * length + 2

    def example(self, rng, length) -> Example:
        a, p = self.values(rng, length), length + 2
        if self.destination == "adjacent":
            p = length + 1
        elif self.destination == "random":
            p = int(rng.integers(length + 2, self.memory_size - length + 1))
        memory = self.empty()
        memory[0], memory[1 : length + 1] = p, a
        target = list(memory)
        target[p : p + length] = a[::-1] if self.reverse else a
        return memory, target, list(range(p, p + length))


class Reverse(Copy):
    name = "nram_reverse"
    reverse = True


class Swap(MemoryTask):
    """scored "array": every cell of A (a circuit that leaves A alone is right on n - 2 of n).
    "swapped": only A[p] and A[q], the cells the task modifies (the paper's error, c/m with m
    the cells that should be modified)."""

    name = "nram_swap"
    min_length = 2
    SCORED = ("array", "swapped")

    def __init__(
        self,
        memory_size: int = 16,
        vocab_size: int | None = None,
        scored: str = "array",
        min_memory_size: int = 0,
    ) -> None:
        super().__init__(memory_size, vocab_size, min_memory_size)
        if scored not in self.SCORED:
            raise ValueError(f"unknown {self.name} scored {scored!r}; valid: {self.SCORED}")
        self.scored = scored

    def cells_needed(self, length: int) -> int:
        return length + 3

    def example(self, rng, length) -> Example:
        a = self.values(rng, length)
        p, q = (2 + rng.choice(length, size=2, replace=False)).tolist()
        memory = self.empty()
        memory[0], memory[1], memory[2 : length + 2] = p, q, a
        target = list(memory)
        target[p], target[q] = memory[q], memory[p]
        scored = sorted([p, q]) if self.scored == "swapped" else list(range(2, length + 2))
        return memory, target, scored


class Permutation(MemoryTask):
    name = "nram_permutation"

    def cells_needed(self, length: int) -> int:
        return 2 * length + 2

    def example(self, rng, length) -> Example:
        perm, a = rng.permutation(length).tolist(), self.values(rng, length)
        base = length + 1
        memory = self.empty()
        memory[0], memory[1:base], memory[base : base + length] = base, perm, a
        target = list(memory)
        target[1:base] = [a[i] for i in perm]
        return memory, target, list(range(1, base))


def _place_nodes(rng, length: int, node_size: int, first: int, slots: int) -> list[int]:
    """Random distinct node addresses: node j occupies address..address+node_size-1."""
    return (first + node_size * rng.choice(slots, size=length, replace=False)).tolist()


class ListK(MemoryTask):
    name = "nram_list_k"
    search = False

    def cells_needed(self, length: int) -> int:
        return 3 + 2 * length + 1  # header, n nodes, at least one spare cell

    def example(self, rng, length) -> Example:
        slots = (self.memory_size - 3) // 2
        addresses = _place_nodes(rng, length, 2, 3, slots)
        values = self.values(rng, length)
        memory = self.empty()
        for j, address in enumerate(addresses):
            memory[address] = addresses[j + 1] if j + 1 < length else 0
            memory[address + 1] = values[j]
        memory[0] = addresses[0]
        target = list(memory)
        if self.search:
            v = values[int(rng.integers(length))]
            memory[1] = target[1] = v
            target[2] = addresses[values.index(v)]
        else:
            k = int(rng.integers(length))
            memory[1] = target[1] = k
            target[2] = values[k]
        return memory, target, [2]


class ListSearch(ListK):
    name = "nram_list_search"
    search = True


class Merge(MemoryTask):
    name = "nram_merge"

    def cells_needed(self, length: int) -> int:
        return 3 + 2 * (length + 1) + 2 * length

    def example(self, rng, length) -> Example:
        a, b = sorted(self.values(rng, length)), sorted(self.values(rng, length))
        pa, pb = 3, 3 + length + 1
        o = pb + length + 1
        memory = self.empty()
        memory[:3] = [pa, pb, o]
        memory[pa : pa + length], memory[pb : pb + length] = a, b
        target = list(memory)
        target[o : o + 2 * length] = sorted(a + b)
        return memory, target, list(range(o, o + 2 * length))


class WalkBST(MemoryTask):
    name = "nram_walk_bst"

    def cells_needed(self, length: int) -> int:
        return 3 + 3 * length + length + 1  # header, nodes, longest path plus NULL

    def example(self, rng, length) -> Example:
        keys = rng.choice(np.arange(1, self.memory_size), size=length, replace=False).tolist()
        left, right = {}, {}
        for key in keys[1:]:  # insertion order = keys order; keys[0] is the root
            node = keys[0]
            while True:
                side = left if key < node else right
                if node not in side:
                    side[node] = key
                    break
                node = side[node]
        path_room = length + 1
        slots = (self.memory_size - 3 - path_room) // 3
        addresses = dict(zip(keys, _place_nodes(rng, length, 3, 3, slots), strict=True))
        memory = self.empty()
        for key, address in addresses.items():
            memory[address] = key
            memory[address + 1] = addresses.get(left.get(key), 0)
            memory[address + 2] = addresses.get(right.get(key), 0)
        # A random walk from the root that stops at a random depth or where the tree ends.
        path, node = [], keys[0]
        while rng.random() < 0.75:
            options = [(1, left), (2, right)]
            options = [(bit, side) for bit, side in options if node in side]
            if not options:
                break
            bit, side = options[int(rng.integers(len(options)))]
            path.append(bit)
            node = side[node]
        q = self.memory_size - path_room
        memory[q : q + len(path)] = path
        memory[0], memory[1] = addresses[keys[0]], q
        target = list(memory)
        target[2] = node
        return memory, target, [2]
