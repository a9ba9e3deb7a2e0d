"""Small numpy building blocks for the index: growable arrays, bit sets, range gathers."""

from __future__ import annotations

import numpy as np


class Grow:
    """A 1-D numpy array that grows by doubling (append-only, amortised O(1))."""

    __slots__ = ("a", "n")

    def __init__(self, dtype, data=None, cap: int = 16):
        if data is not None:
            data = np.asarray(data, dtype=dtype)
            self.a = data
            self.n = len(data)
        else:
            self.a = np.zeros(cap, dtype=dtype)
            self.n = 0

    def reserve(self, n: int) -> None:
        if n > len(self.a):
            new = np.zeros(max(n, 2 * len(self.a), 16), dtype=self.a.dtype)
            new[: self.n] = self.a[: self.n]
            self.a = new

    def append(self, value) -> int:
        self.reserve(self.n + 1)
        self.a[self.n] = value
        self.n += 1
        return self.n - 1

    def extend(self, values) -> tuple[int, int]:
        values = np.asarray(values)
        start = self.n
        self.reserve(start + len(values))
        self.a[start : start + len(values)] = values
        self.n = start + len(values)
        return start, self.n

    @property
    def v(self) -> np.ndarray:
        return self.a[: self.n]


class BitSets:
    """One small set of interned ints per row, as rows x words uint64 bit masks."""

    __slots__ = ("words", "n")

    def __init__(self, n: int = 0, nwords: int = 1):
        self.words = np.zeros((max(n, 16), max(nwords, 1)), dtype=np.uint64)
        self.n = n

    def reserve(self, n: int, nwords: int | None = None) -> None:
        rows, words = self.words.shape
        nwords = max(words, nwords or words)
        if n > rows or nwords > words:
            new = np.zeros((max(n, 2 * rows if n > rows else rows), nwords), dtype=np.uint64)
            new[: self.n, :words] = self.words[: self.n]
            self.words = new

    def append_row(self, bits) -> int:
        bits = list(bits)
        self.reserve(self.n + 1, (max(bits) // 64 + 1) if bits else None)
        row = self.n
        self.words[row] = 0
        for b in bits:
            self.words[row, b // 64] |= np.uint64(1) << np.uint64(b % 64)
        self.n += 1
        return row

    def set_from_csr(self, start_row: int, indptr: np.ndarray, bits: np.ndarray) -> None:
        """Set rows start_row.. from a CSR of bit numbers (rows must already be reserved)."""
        if len(bits) == 0:
            return
        self.reserve(self.n, int(bits.max()) // 64 + 1)
        rows = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr)) + start_row
        word = (bits // 64).astype(np.int64)
        mask = np.left_shift(np.uint64(1), (bits % 64).astype(np.uint64))
        np.bitwise_or.at(self.words, (rows, word), mask)

    def test(self, rows: np.ndarray, bit: int) -> np.ndarray:
        if bit // 64 >= self.words.shape[1]:
            return np.zeros(len(rows), dtype=bool)
        col = self.words[rows, bit // 64]
        return ((col >> np.uint64(bit % 64)) & np.uint64(1)).astype(bool)

    def row_bits(self, row: int) -> list[int]:
        out = []
        for w, word in enumerate(self.words[row]):
            word = int(word)
            b = 0
            while word:
                if word & 1:
                    out.append(64 * w + b)
                word >>= 1
                b += 1
        return out

    def clear_row(self, row: int) -> None:
        self.words[row] = 0

    def take(self, rows: np.ndarray) -> BitSets:
        out = BitSets(0, self.words.shape[1])
        out.words = self.words[rows].copy()
        if len(out.words) == 0:
            out.words = np.zeros((16, self.words.shape[1]), dtype=np.uint64)
        out.n = len(rows)
        return out


def multi_range(indptr: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of all postings of `keys` in a CSR (keys beyond the CSR have none).

    Returns (positions, lengths per key)."""
    nkeys = len(indptr) - 1
    keys = np.asarray(keys, dtype=np.int64)
    inside = keys < nkeys
    k = np.where(inside, keys, 0)
    starts = indptr[k]
    lens = np.where(inside, indptr[k + 1] - starts, 0)
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), lens
    offsets = np.cumsum(lens) - lens
    pos = np.repeat(starts - offsets, lens) + np.arange(total, dtype=np.int64)
    return pos, lens


def csr_from_keys(keys: np.ndarray, nkeys: int) -> tuple[np.ndarray, np.ndarray]:
    """(indptr, order): a stable grouping of positions by key."""
    order = np.argsort(keys, kind="stable")
    counts = np.bincount(keys, minlength=nkeys)
    indptr = np.zeros(nkeys + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return indptr, order
