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
