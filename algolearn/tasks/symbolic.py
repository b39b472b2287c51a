"""Symbol-list tasks of the Neural GPU suite: copy, rev, dup, sort, kvsort, search.

Symbols are tokens 1..num_symbols and 0 is padding, so both vocabularies have num_symbols + 1
entries. The default, 32 symbols, matches the reference code (tensorflow/models neural_gpu, 2015
trainer): --niclass = --noclass = 33 classes including pad, symbols drawn as randint(nclass-1)+1.
(The 2016 "extended" trainer instead defaults to vocab_size 16, i.e. 15 symbols.)

Definitions for sequence length L, following the reference data_utils:
  copy (reference "id"): L uniform symbols; target = input.
  rev: L uniform symbols; target = the input reversed.
  sort: L uniform symbols; target = the input sorted ascending.
  dup: x = k = L//2 symbols; input = x then pads; target = x + x then pads (if L is odd).
  kvsort: p = L//2 (key, value) pairs laid out k0 v0 k1 v1 ...; target = the pairs stably sorted
      by key (equal keys keep input order, as sorting (key, index) tuples in the reference does);
      an odd L ends in one pad on both sides.
  search: p = (L-1)//2 (key, value) pairs, then a query key at position 2p, then pads. The target
      is the value of the FIRST pair whose key equals the query at position 0, or PAD if no key
      matches; the rest is pad. As in the reference the query is a uniform symbol (so it is often
      absent at short lengths); query_from_keys=True instead picks the key of a uniformly chosen
      pair, so every example has an answer. (The reference draws l - 1/2 pairs, which in Python 2
      is l pairs and overflows the length; (L-1)//2 is the evident intent.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from algolearn.tasks.base import PAD, Batch, Task

DEFAULT_NUM_SYMBOLS = 32  # reference nclass = 33 including pad


class SymbolTask(Task):
    """Base for tasks over uniformly random symbols 1..num_symbols."""

    def __init__(self, num_symbols: int = DEFAULT_NUM_SYMBOLS) -> None:
        if int(num_symbols) < 1:
            raise ValueError(f"num_symbols must be >= 1, got {num_symbols}")
        self.num_symbols = int(num_symbols)
        self.input_vocab_size = self.num_symbols + 1
        self.output_vocab_size = self.num_symbols + 1

    def _symbols(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        """Uniform symbols in 1..num_symbols."""
        return rng.integers(1, self.num_symbols + 1, size=shape, dtype=np.int64)

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        """Space-separated symbol numbers in stored order, pad shown as '_' (e.g. '3 17 _')."""
        return " ".join("_" if t == PAD else str(t) for t in np.asarray(ids).reshape(-1).tolist())


class Copy(SymbolTask):
    """Target = input (the reference calls this task 'id')."""

    name = "copy"
    min_length = 1

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        x = self._symbols(rng, (batch_size, length))  # [batch, L]
        return Batch(inputs=x, targets=x.copy())


class Reverse(SymbolTask):
    """Target = the input reversed."""

    name = "rev"
    min_length = 1

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        x = self._symbols(rng, (batch_size, length))  # [batch, L]
        return Batch(inputs=x, targets=x[:, ::-1].copy())


class Sort(SymbolTask):
    """Target = the input sorted ascending."""

    name = "sort"
    min_length = 1

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        x = self._symbols(rng, (batch_size, length))  # [batch, L]
        return Batch(inputs=x, targets=np.sort(x, axis=1))


class Duplicate(SymbolTask):
    """Input = x (L//2 symbols) then pads; target = x + x then pads."""

    name = "dup"
    min_length = 2  # at least one symbol

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        k = length // 2
        x = self._symbols(rng, (batch_size, k))  # [batch, k]
        inputs = np.full((batch_size, length), PAD, dtype=np.int64)
        targets = np.full((batch_size, length), PAD, dtype=np.int64)
        inputs[:, :k] = x
        targets[:, :k] = x
        targets[:, k : 2 * k] = x
        return Batch(inputs=inputs, targets=targets)


class KeyValueSort(SymbolTask):
    """L//2 (key, value) pairs; target = the pairs stably sorted by key."""

    name = "kvsort"
    min_length = 2  # at least one pair

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        p = length // 2
        keys = self._symbols(rng, (batch_size, p))  # [batch, p]
        values = self._symbols(rng, (batch_size, p))  # [batch, p]
        order = np.argsort(keys, axis=1, kind="stable")  # [batch, p]
        inputs = np.full((batch_size, length), PAD, dtype=np.int64)
        targets = np.full((batch_size, length), PAD, dtype=np.int64)
        inputs[:, 0 : 2 * p : 2] = keys
        inputs[:, 1 : 2 * p : 2] = values
        targets[:, 0 : 2 * p : 2] = np.take_along_axis(keys, order, axis=1)
        targets[:, 1 : 2 * p : 2] = np.take_along_axis(values, order, axis=1)
        return Batch(inputs=inputs, targets=targets)


class Search(SymbolTask):
    """(L-1)//2 (key, value) pairs and a query key; target[0] = value of the first match or PAD."""

    name = "search"
    min_length = 3  # one pair and the query

    def __init__(
        self, num_symbols: int = DEFAULT_NUM_SYMBOLS, query_from_keys: bool = False
    ) -> None:
        super().__init__(num_symbols)
        self.query_from_keys = bool(query_from_keys)

    def _sample(self, rng: np.random.Generator, batch_size: int, length: int) -> Batch:
        p = (length - 1) // 2
        rows = np.arange(batch_size)
        keys = self._symbols(rng, (batch_size, p))  # [batch, p]
        values = self._symbols(rng, (batch_size, p))  # [batch, p]
        if self.query_from_keys:
            query = keys[rows, rng.integers(0, p, size=batch_size)]  # [batch]
        else:
            query = self._symbols(rng, (batch_size,))  # [batch]
        match = keys == query[:, None]  # [batch, p]
        first = np.argmax(match, axis=1)  # [batch] first matching pair (0 if none)
        answer = np.where(match.any(axis=1), values[rows, first], PAD)  # [batch]
        inputs = np.full((batch_size, length), PAD, dtype=np.int64)
        targets = np.full((batch_size, length), PAD, dtype=np.int64)
        inputs[:, 0 : 2 * p : 2] = keys
        inputs[:, 1 : 2 * p : 2] = values
        inputs[:, 2 * p] = query
        targets[:, 0] = answer
        return Batch(inputs=inputs, targets=targets)
