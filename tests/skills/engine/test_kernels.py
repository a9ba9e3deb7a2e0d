"""The compiled posting-list kernel adds exactly what a plain loop adds, as does its
public-API fallback, and the index gives the same answers on either."""

import functools
import random

import numpy as np
import pytest

from economie071.skills.engine import MatchIndex
from economie071.skills.engine import index as index_module
from economie071.skills.engine._kernels import add_segments, add_segments_many
from tests.skills.engine.conftest import make_demands, make_profiles, make_taxonomy


def loop_sums(n_rows, indptr, rows, data, first, x):
    y = np.zeros(n_rows, dtype=x.dtype)
    for j, xj in enumerate(x):
        seg = first + j
        if seg + 1 >= len(indptr):
            continue
        for p in range(indptr[seg], indptr[seg + 1]):
            y[rows[p]] += data[p] * xj
    return y


@pytest.mark.parametrize("dtype", [np.int64, np.float64])
@pytest.mark.parametrize("kernel", ["compiled", "public"])
def test_add_segments_equals_a_plain_loop(kernel, dtype):
    rng = np.random.default_rng(5)
    n_rows, n_segments = 300, 40
    counts = rng.integers(0, 30, n_segments)
    counts[[3, 4, 17]] = 0  # empty segments
    indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    rows = np.concatenate([rng.choice(n_rows, c, replace=False) for c in counts]).astype(np.int32)
    data = rng.choice([0, 1, 2, 5], len(rows)).astype(dtype)
    kwargs = {} if kernel == "compiled" else {"kernel": None}
    for first, width in ((0, 4), (3, 2), (16, 4), (36, 4), (38, 4), (60, 4)):
        x = rng.integers(0, 75_000_000, width).astype(dtype)
        x[rng.random(width) < 0.3] = 0  # zero weights, at the ends too, are skipped
        y = np.full(n_rows, 7, dtype=dtype)  # the kernel adds to what is there
        add_segments(y, indptr, rows, data, first, x, **kwargs)
        expected = 7 + loop_sums(n_rows, indptr, rows, data, first, x)
        assert np.array_equal(y, expected)


@pytest.mark.parametrize("kernel", ["compiled", "public"])
def test_many_groups_in_one_walk_equal_one_walk_per_group(kernel):
    """Groups in any order (the index passes skills as a query names them), beyond the end
    of the index, with zero weights: the same sums as a loop per group."""
    rng = np.random.default_rng(6)
    n_rows, n_segments = 300, 48
    counts = rng.integers(0, 30, n_segments)
    counts[[4, 5, 6, 7, 21]] = 0  # an empty group and an empty segment
    indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    rows = np.concatenate([rng.choice(n_rows, c, replace=False) for c in counts]).astype(np.int32)
    data = rng.choice([0, 1, 2, 5], len(rows)).astype(np.int64)
    kwargs = {} if kernel == "compiled" else {"kernel": None}
    for firsts in ([0], [20, 4, 36, 8], [44, 0, 12, 52, 28], [60, 64]):
        xs = rng.integers(0, 75_000_000, (len(firsts), 4)).astype(np.int64)
        xs[rng.random(xs.shape) < 0.3] = 0
        y = np.full(n_rows, 7, dtype=np.int64)
        add_segments_many(y, indptr, rows, data, np.array(firsts), xs, **kwargs)
        expected = 7 + sum(
            loop_sums(n_rows, indptr, rows, data, first, x)
            for first, x in zip(firsts, xs, strict=True)
        )
        assert np.array_equal(y, expected)


def test_sums_of_large_integers_stay_exact():
    """Packed sums (direct << 31 plus the part above) go well beyond 2**53."""
    indptr = np.array([0, 3000], dtype=np.int32)
    rows = np.zeros(3000, dtype=np.int32)
    data = np.full(3000, 5, dtype=np.int64)
    y = np.zeros(1, dtype=np.int64)
    x = np.array([(14_816 << 31) + 7], dtype=np.int64)
    add_segments(y, indptr, rows, data, 0, x)
    assert y[0] == 3000 * 5 * ((14_816 << 31) + 7)


def test_the_index_answers_the_same_with_the_public_fallback(monkeypatch):
    rng = random.Random(11)
    taxonomy = make_taxonomy(rng)
    profiles = make_profiles(rng, 300)
    demands = make_demands(rng, 60)

    def answers():
        index = MatchIndex(taxonomy)
        index.bulk_load(profiles, demands)
        index.upsert_profile(make_profiles(rng, 1, start=profiles[0].id)[0])  # delta + retire
        return (
            [[(m.profile, m.score) for m in index.top_candidates(d.id, 10)] for d in demands],
            [[(m.demand, m.score) for m in index.top_demands(p.id, 10)] for p in profiles[:80]],
        )

    state = rng.getstate()
    compiled = answers()
    rng.setstate(state)
    monkeypatch.setattr(
        index_module, "add_segments_many", functools.partial(add_segments_many, kernel=None)
    )
    assert answers() == compiled
    assert any(compiled[0]) and any(compiled[1])
