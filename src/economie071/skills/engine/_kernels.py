"""The one compiled loop the index needs: add weighted posting lists into a dense vector.

A query adds, for each skill it asks for, a credit to every row on that skill's posting
list, the credit depending on the level the row holds (or, from the vacancy side, the
level the requirement asks). With the postings of a skill split into four segments by
level (see MatchIndex), that is y += A @ x for a sparse matrix A whose columns are the
segments and x the four credits. scipy's compiled CSC kernel does it in about a
nanosecond per posting, several times faster than numpy's scatter-add; with slices of the
index as A nothing is copied, and y is reused between queries. (Several sums in one walk,
with scipy's csc_matvecs, were measured: the walk is a little faster but every later scan
of the strided result slower, a loss overall.)

The kernel lives in scipy.sparse._sparsetools, which scipy has kept for many years but does
not document; should a scipy release move it, the public sparse product gives the same sums
(with a temporary vector per call, so somewhat slower).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

try:  # pragma: no branch
    from scipy.sparse._sparsetools import csc_matvec as _csc_matvec
except ImportError:  # pragma: no cover - depends on the installed scipy
    _csc_matvec = None


def add_segments(y, indptr, rows, data, first: int, x, kernel=_csc_matvec) -> None:
    """y[rows[p]] += data[p] * x[j] for every posting p of segment first + j, j < len(x).

    y, data and x share one dtype (the index uses int64: exact sums); `indptr` holds the
    segment boundaries in `rows` and `data`, in the dtype of `rows`; segments beyond it
    are empty. With kernel=None the public sparse product is used (the fallback; the tests
    compare both). Called a few hundred times per query, so it avoids numpy calls on the
    small arguments where plain Python is cheaper.
    """
    weights = x.tolist()
    n = min(len(weights), len(indptr) - 1 - first)
    lo, hi = 0, n
    while lo < hi and not weights[lo]:  # segments with weight 0 at either end: skipped
        lo += 1
    while hi > lo and not weights[hi - 1]:
        hi -= 1
    if lo >= hi:
        return
    first, x, n = first + lo, x[lo:hi], hi - lo
    ptr = indptr[first : first + n + 1]
    if ptr[0] == ptr[-1]:
        return
    if kernel is not None:
        # the kernel reads postings ptr[j] .. ptr[j + 1] of the whole arrays: no copies
        kernel(len(y), n, ptr, rows, data, x, y)
    else:
        a, b = int(ptr[0]), int(ptr[-1])
        matrix = sp.csc_matrix((data[a:b], rows[a:b], ptr - a), shape=(len(y), n))
        y += matrix @ x


def add_segments_many(y, indptr, rows, data, firsts, xs, kernel=_csc_matvec) -> None:
    """add_segments for several groups of segments in one kernel call: for each group g,
    y[rows[p]] += data[p] * xs[g, j] for every posting p of segment firsts[g] + j.

    A query walks one group of segments per skill (its four level segments); calling the
    kernel once per skill costs more in Python than the walk of most skills. The kernel
    walks columns j from ptr[j] to ptr[j + 1], and walks nothing where ptr[j + 1] <= ptr[j].
    So the groups' boundaries are laid end to end in ptr, the group that starts furthest
    in the postings first: the column between one group's end and the next group's start
    then runs backwards, and is empty (the groups of different skills do not overlap).
    Unlike add_segments, zero weights are walked (with weight 0), not skipped.
    """
    firsts = np.asarray(firsts, dtype=np.int64)
    if len(firsts) == 0:
        return
    if kernel is None:
        for first, x in zip(firsts.tolist(), xs, strict=True):
            add_segments(y, indptr, rows, data, first, x, kernel=None)
        return
    width = xs.shape[1]
    last = len(indptr) - 1  # segments beyond the index are empty: both ends at its end
    bounds = indptr[np.minimum(firsts[:, None] + np.arange(width + 1), last)]
    order = np.argsort(-bounds[:, 0].astype(np.int64), kind="stable")
    weights = np.zeros((len(firsts), width + 1), dtype=y.dtype)
    weights[:, :width] = xs[order]
    ptr = bounds[order].ravel()
    kernel(len(y), len(ptr) - 1, ptr, rows, data, weights.ravel()[:-1], y)
