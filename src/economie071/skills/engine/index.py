"""MatchIndex: top-k matching both ways over an inverted index, kept up to date in place.

Layout (all numpy, int32/int8 where it fits):

- profiles are rows. Their skills are kept twice: forward (row -> skills, levels) for
  explanations and profile -> demands, and inverted in a main CSR plus a small delta of
  postings added since the last build. The main CSR has four segments per skill, one per
  held level (segment 4 x skill + level - 1), each listing rows in order with a weight of
  1 (0 once retired), so that a requirement's credits are one compiled sparse product
  over its skill's segments (_kernels.add_segments_many). An upsert appends a new row
  and retires the old one: its postings are zeroed in both stores at once (so it earns
  nothing and the person's skills are no longer in memory) and its id unmapped. When the
  delta or the retired rows grow past a limit the main CSR is rebuilt from the live rows.
- demands likewise: requirements in flat arrays (one global requirement id per
  requirement), an inverted index skill -> requirement ids, main + delta. The main one
  has four segments per skill, one per required level, holding each requirement's demand
  row and its must-have or nice-to-have multiplier for the kernel.
- scoring is integer arithmetic (weights and credits in thousandths), so the vectorised
  path, the explained path and the SQL baseline give identical scores; the top k is
  picked with np.argpartition and only the k winners are explained.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from economie071.skills.engine._arrays import BitSets, Grow, csr_from_keys, multi_range
from economie071.skills.engine._kernels import add_segments_many
from economie071.skills.engine.scoring import (
    check_profile_skills,
    explain_pair,
    fixed_weight,
    idf_weight,
    level_credit,
    normalize_requirements,
)
from economie071.skills.engine.taxonomy import Taxonomy
from economie071.skills.engine.types import Demand, Match, Profile, ScoringConfig

NONE = -1
_LOOKUP_LIMIT = 1 << 25  # ids below this are mapped through a dense array, others a dict


@dataclass
class ProfileArrays:
    """Profiles in bulk (the fast path for loading a million): CSR of skill ids per profile.

    Optional columns may be None. Hours use -1 for "no limit"; municipality and sector
    preferences are CSRs of ids per profile (an empty row accepts any).
    """

    ids: np.ndarray
    indptr: np.ndarray
    skills: np.ndarray
    levels: np.ndarray
    min_hours: np.ndarray | None = None
    max_hours: np.ndarray | None = None
    discoverable: np.ndarray | None = None
    muni_indptr: np.ndarray | None = None
    munis: np.ndarray | None = None
    sector_indptr: np.ndarray | None = None
    sectors: np.ndarray | None = None


@dataclass
class DemandArrays:
    """Demands in bulk: CSR of requirements per demand; -1 means "none" in the columns."""

    ids: np.ndarray
    indptr: np.ndarray
    skills: np.ndarray
    levels: np.ndarray
    must: np.ndarray
    municipality: np.ndarray | None = None
    hours: np.ndarray | None = None
    sector: np.ndarray | None = None
    occupation: np.ndarray | None = None


class _IdMap:
    """id -> row, a dense int32 array for ordinary ids and a dict for huge ones."""

    def __init__(self):
        self.dense = np.full(16, -1, dtype=np.int32)
        self.extra: dict[int, int] = {}

    def get(self, key: int) -> int:
        if 0 <= key < len(self.dense):
            return int(self.dense[key])
        return self.extra.get(key, -1)

    def set(self, key: int, row: int) -> None:
        if 0 <= key < _LOOKUP_LIMIT:
            if key >= len(self.dense):
                new = np.full(max(key + 1, 2 * len(self.dense)), -1, dtype=np.int32)
                new[: len(self.dense)] = self.dense
                self.dense = new
            self.dense[key] = row
        else:
            self.extra[key] = row

    def delete(self, key: int) -> None:
        if 0 <= key < len(self.dense):
            self.dense[key] = -1
        self.extra.pop(key, None)

    def set_many(self, keys: np.ndarray, rows: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        small = (keys >= 0) & (keys < _LOOKUP_LIMIT)
        if small.any():
            top = int(keys[small].max()) + 1
            if top > len(self.dense):
                new = np.full(max(top, 2 * len(self.dense)), -1, dtype=np.int32)
                new[: len(self.dense)] = self.dense
                self.dense = new
            self.dense[keys[small]] = rows[small]
        for k, r in zip(keys[~small].tolist(), rows[~small].tolist(), strict=True):
            self.extra[k] = r

    def clear(self) -> None:
        self.dense = np.full(16, -1, dtype=np.int32)
        self.extra = {}


class _Interner:
    """Ids (municipalities, sectors) -> small bit numbers."""

    def __init__(self):
        self.bits: dict[int, int] = {}

    def bit(self, key: int) -> int:
        b = self.bits.get(key)
        if b is None:
            b = self.bits[key] = len(self.bits)
        return b

    def bits_of(self, values: np.ndarray) -> np.ndarray:
        uniq, inv = np.unique(np.asarray(values, dtype=np.int64), return_inverse=True)
        mapped = np.array([self.bit(int(u)) for u in uniq], dtype=np.int64)
        return mapped[inv] if len(uniq) else np.zeros(0, dtype=np.int64)


def _credit_table() -> np.ndarray:
    """CREDIT[L][h]: direct credit in thousandths for held level h (0..4), required L."""
    table = np.zeros((5, 5), dtype=np.int64)
    for req in range(1, 5):
        for held in range(5):
            table[req, held] = level_credit(1000, held, req)
    return table


_CREDIT = _credit_table()


def _topk(keys_desc: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best: key descending, then id ascending (no full sort)."""
    n = len(keys_desc)
    if n == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    if n > k:
        part = np.argpartition(-keys_desc, k - 1)[:k]
        threshold = keys_desc[part].min()
        sel = np.flatnonzero(keys_desc >= threshold)
    else:
        sel = np.arange(n)
    order = np.lexsort((ids[sel], -keys_desc[sel]))[:k]
    return sel[order]


def _allowed(bits, nbits: int) -> np.ndarray:
    """Lookup table over bit numbers: True for the given ones and for -1 (the last entry,
    "no value", which every preference accepts)."""
    table = np.zeros(nbits + 1, dtype=bool)
    table[list(bits)] = True
    table[-1] = True
    return table


def _without(rows: np.ndarray, exclude: np.ndarray, mark: np.ndarray) -> np.ndarray:
    """rows not in exclude, using a scratch bool array indexed by row (left all False)."""
    mark[exclude] = True
    out = rows[~mark[rows]]
    mark[exclude] = False
    return out


def _checked_bulk(kind: str, arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, indptr, levels) of ProfileArrays or DemandArrays, checked: an indptr that fits
    the ids, unique ids, levels 1..4 (the error names the record)."""
    ids = np.asarray(arrays.ids, dtype=np.int64)
    n = len(ids)
    indptr = np.asarray(arrays.indptr, dtype=np.int64)
    if len(indptr) != n + 1 or (n and indptr[0] != 0):
        raise ValueError(f"{kind}s: indptr must have one more entry than ids, starting at 0")
    if n and len(np.unique(ids)) != n:
        raise ValueError(f"{kind}s: ids must be unique")
    levels = np.asarray(arrays.levels, dtype=np.int8)
    if len(levels) and (levels.min() < 1 or levels.max() > 4):
        bad = int(np.flatnonzero((levels < 1) | (levels > 4))[0])
        row = int(np.searchsorted(indptr, bad, side="right")) - 1
        raise ValueError(
            f"{kind} {int(ids[row])}: level must be between 1 and 4, not {int(levels[bad])}"
        )
    return ids, indptr, levels


class _RowSums:
    """The two sums per row of a query's first pass (profile rows for a vacancy, vacancy
    rows for a passport): the direct credit, and the part of it above what related skills
    could give. Both are whole numbers no larger than the largest possible direct sum of a
    row (`limit`). Below 2**31 they are packed in one int64, direct << 31 plus above
    (above never exceeds direct, so neither carries into the other), and the kernel walks
    every posting list once; otherwise (very many rare requirements, or large fixed
    weights) they are kept in two arrays and walked twice."""

    SHIFT = 31
    MASK = (1 << SHIFT) - 1

    def __init__(self, y: np.ndarray, y2: np.ndarray, n: int, limit: int):
        self.packed = limit <= self.MASK
        self.y = y[:n]
        self.y2 = y2[:n]  # used only when not packed

    def add(self, add_postings, keys: np.ndarray, direct: np.ndarray, above: np.ndarray) -> None:
        """Walk the postings of every key once: direct[i] and above[i] are key i's credits
        by level."""
        if self.packed:
            add_postings(self.y, keys, (direct << self.SHIFT) + above)
        else:
            add_postings(self.y, keys, direct)
            add_postings(self.y2, keys, above)

    def max_direct(self) -> int:
        top = int(self.y.max()) if len(self.y) else 0
        return top >> self.SHIFT if self.packed else top

    def rows_direct_at_least(self, value: int) -> np.ndarray:
        return np.flatnonzero(self.y >= (value << self.SHIFT if self.packed else value))

    def direct_of(self, rows: np.ndarray | slice) -> np.ndarray:
        return self.y[rows] >> self.SHIFT if self.packed else self.y[rows]

    def above_of(self, rows: np.ndarray) -> np.ndarray:
        return self.y[rows] & self.MASK if self.packed else self.y2[rows]

    def rows_above_at_least(self, value: int) -> np.ndarray:
        if not self.packed:
            return np.flatnonzero(self.y2 >= value)
        rows = self.rows_direct_at_least(value)  # above <= direct
        return rows[(self.y[rows] & self.MASK) >= value]

    def clear(self) -> None:
        self.y[:] = 0
        if self.y2 is not None:
            self.y2[:] = 0


class MatchIndex:
    """Top-k matching between profiles (passports) and demands (vacancies)."""

    #: rebuild the main CSR when the delta holds more postings than this (or 5% of main)
    delta_limit = 200_000
    #: rows rescored at once, and postings walked at once on the full path (memory bounds)
    rescore_block = 32_768
    full_block = 1 << 20

    def __init__(self, taxonomy: Taxonomy, config: ScoringConfig | None = None):
        self.taxonomy = taxonomy
        self.config = config or ScoringConfig()
        self._mult = np.array([self.config.nice_weight, self.config.must_weight], dtype=np.int64)
        fixed = self.config.skill_weights or {}
        self._fixed = {int(s): fixed_weight(w) for s, w in fixed.items()}
        # skill space: dense numbers for skill ids
        ids = sorted(taxonomy.skills)
        self._skill_ids = Grow(np.int64, np.array(ids, dtype=np.int64))
        self._skill_map = _IdMap()
        self._skill_map.set_many(np.array(ids, dtype=np.int64), np.arange(len(ids), dtype=np.int32))
        self._build_neighbours()
        # held skill -> the required skills it earns related credit for, as (required, kind,
        # kappa); filled as profiles are explained (at most one entry per skill)
        self._credits_for: dict[int, tuple[tuple[int, str, int], ...]] = {}
        self._munis = _Interner()
        self._sectors = _Interner()
        self._df = Grow(np.int64, np.zeros(len(ids), dtype=np.int64))
        self._df_version = 0
        self._wcache: tuple[int, int, np.ndarray] | None = None
        self._reset_profiles()
        self._reset_demands()

    # --- skill space ------------------------------------------------------------------------

    def _build_neighbours(self) -> None:
        indptr = [0]
        idx: list[int] = []
        kappa: list[int] = []
        for s in self._skill_ids.v.tolist():
            for other, _kind, k in self.taxonomy.neighbours(s):
                idx.append(self._skill_map.get(other))
                kappa.append(k)
            indptr.append(len(idx))
        self._nb_indptr = np.array(indptr, dtype=np.int64)
        self._nb_idx = np.array(idx, dtype=np.int64)
        self._nb_kappa = np.array(kappa, dtype=np.int64)

    def _dense(self, skill: int) -> int:
        d = self._skill_map.get(skill)
        if d < 0:
            if isinstance(skill, bool) or not isinstance(skill, int) or skill < 0:
                raise ValueError(f"skill id must be a non-negative whole number, not {skill!r}")
            d = self._skill_ids.append(skill)
            self._skill_map.set(skill, d)
            self._df.append(0)
            self._nb_indptr = np.append(self._nb_indptr, self._nb_indptr[-1])
        return d

    def _dense_many(self, skills: np.ndarray) -> np.ndarray:
        skills = np.asarray(skills, dtype=np.int64)
        if len(skills) == 0:
            return np.zeros(0, dtype=np.int32)
        if skills.min() < 0:
            raise ValueError("skill ids must be non-negative")
        uniq = np.unique(skills)
        for s in uniq.tolist():
            if self._skill_map.get(s) < 0:
                self._dense(s)
        if int(uniq[-1]) < len(self._skill_map.dense) and not self._skill_map.extra:
            return self._skill_map.dense[skills]
        return np.array([self._skill_map.get(s) for s in skills.tolist()], dtype=np.int32)

    def _nbrs(self, d: int) -> tuple[np.ndarray, np.ndarray]:
        if d + 1 >= len(self._nb_indptr):
            return self._nb_idx[:0], self._nb_kappa[:0]
        a, b = self._nb_indptr[d], self._nb_indptr[d + 1]
        return self._nb_idx[a:b], self._nb_kappa[a:b]

    def _weights(self) -> np.ndarray:
        """Weight per dense skill (thousandths), recomputed when the pool changed."""
        nskills = self._skill_ids.n
        key = (self._df_version, nskills)
        if self._wcache is not None and self._wcache[:2] == key:
            return self._wcache[2]
        n = self._n_alive
        if not self.config.idf:
            arr = np.full(nskills, 1000, dtype=np.int64)
        else:
            # the same operations, in the same order, as scoring.idf_weight
            df = self._df.v.astype(np.float64)
            arr = np.floor(1000.0 * (1.0 + np.log((1.0 + n) / (1.0 + df))) + 0.5)
            arr = arr.astype(np.int64)
        for s, w in self._fixed.items():
            d = self._skill_map.get(s)
            if 0 <= d < nskills:
                arr[d] = w
        self._wcache = (key[0], key[1], arr)
        return arr

    def weight_of(self, skill: int) -> int:
        """The current weight (thousandths) of one skill."""
        d = self._skill_map.get(skill)
        if d < 0:
            if skill in self._fixed:
                return self._fixed[skill]
            return idf_weight(self._n_alive, 0) if self.config.idf else 1000
        return int(self._weights()[d])

    # --- profiles: storage ------------------------------------------------------------------

    def _reset_profiles(self) -> None:
        self._p_ids = Grow(np.int64)
        self._p_alive = Grow(np.bool_)
        self._p_disc = Grow(np.bool_)
        self._p_minh = Grow(np.int16)
        self._p_maxh = Grow(np.int16)
        self._p_start = Grow(np.int64)
        self._p_end = Grow(np.int64)
        self._p_dstart = Grow(np.int64)  # delta posting range, -1 when in the main CSR
        self._p_dend = Grow(np.int64)
        self._p_muni_any = Grow(np.bool_)
        self._p_sec_any = Grow(np.bool_)
        self._p_muni = BitSets()
        self._p_sec = BitSets()
        self._f_skill = Grow(np.int32)
        self._f_level = Grow(np.int8)
        self._pi_indptr = np.zeros(1, dtype=np.int64)  # by segment: 4 x skill + level - 1
        self._pi_kptr = self._pi_indptr.astype(np.int32)  # the same, for the kernel
        self._pi_row = np.zeros(0, dtype=np.int32)
        self._pi_live = np.zeros(0, dtype=np.int64)  # 1, or 0 for a retired row
        self._pd_key = Grow(np.int32)
        self._pd_row = Grow(np.intp)
        self._pd_level = Grow(np.int8)
        self._pd_csr = None
        self._p_map = _IdMap()
        self._n_alive = 0
        self._p_dead = 0
        self._df.v[:] = 0
        self._df_version += 1
        self._scratch_n = 0

    def _load_profile_arrays(self, pa: ProfileArrays) -> None:
        """Fresh build of the profile side from arrays (replaces all profiles)."""
        self._reset_profiles()
        ids, indptr, levels = _checked_bulk("profile", pa)
        n = len(ids)
        dense = self._dense_many(pa.skills).astype(np.int32, copy=False)
        self._p_ids = Grow(np.int64, ids)
        self._p_alive = Grow(np.bool_, np.ones(n, dtype=bool))
        disc = pa.discoverable if pa.discoverable is not None else np.ones(n, dtype=bool)
        self._p_disc = Grow(np.bool_, np.asarray(disc, dtype=bool))
        minh = pa.min_hours if pa.min_hours is not None else np.full(n, NONE)
        maxh = pa.max_hours if pa.max_hours is not None else np.full(n, NONE)
        self._p_minh = Grow(np.int16, np.asarray(minh, dtype=np.int16))
        self._p_maxh = Grow(np.int16, np.asarray(maxh, dtype=np.int16))
        self._p_start = Grow(np.int64, indptr[:-1].copy())
        self._p_end = Grow(np.int64, indptr[1:].copy())
        self._p_dstart = Grow(np.int64, np.full(n, NONE, dtype=np.int64))
        self._p_dend = Grow(np.int64, np.full(n, NONE, dtype=np.int64))
        self._p_muni, any_m = self._bitsets_from(pa.muni_indptr, pa.munis, n, self._munis)
        self._p_sec, any_s = self._bitsets_from(pa.sector_indptr, pa.sectors, n, self._sectors)
        self._p_muni_any = Grow(np.bool_, any_m)
        self._p_sec_any = Grow(np.bool_, any_s)
        self._f_skill = Grow(np.int32, dense)
        self._f_level = Grow(np.int8, levels)
        self._build_profile_inverted()
        self._p_map.set_many(ids, np.arange(n, dtype=np.int32))
        self._n_alive = n  # profiles without skills count in the pool but never match
        self._df = Grow(np.int64, np.bincount(dense, minlength=self._skill_ids.n).astype(np.int64))
        self._df_version += 1

    @staticmethod
    def _bitsets_from(indptr, values, n: int, interner: _Interner):
        bits = BitSets(n)
        if indptr is None:
            return bits, np.ones(n, dtype=bool)
        indptr = np.asarray(indptr, dtype=np.int64)
        mapped = interner.bits_of(values)
        bits.set_from_csr(0, indptr, mapped)
        return bits, np.diff(indptr) == 0

    def _build_profile_inverted(self) -> None:
        """Main inverted CSR from the forward store (rows contiguous, in row order)."""
        nrows = self._p_ids.n
        starts, ends = self._p_start.v, self._p_end.v
        skills, levels = self._f_skill.v, self._f_level.v
        # int32 row numbers and offsets for the kernel, unless there are too many postings
        index_type = np.int32 if len(skills) < 2**31 else np.int64
        rows = np.repeat(np.arange(nrows, dtype=index_type), (ends - starts))
        # the same skill twice in one profile would be counted twice: refuse it
        order = np.argsort(skills, kind="stable")
        s_sorted, r_sorted = skills[order], rows[order]
        dup = (s_sorted[1:] == s_sorted[:-1]) & (r_sorted[1:] == r_sorted[:-1])
        if dup.any():
            p = int(np.flatnonzero(dup)[0])
            raise ValueError(
                f"profile {int(self._p_ids.v[r_sorted[p]])}: skill "
                f"{int(self._skill_ids.v[s_sorted[p]])} is listed twice"
            )
        del order, s_sorted, r_sorted, dup
        segment = skills.astype(np.int64) * 4 + (levels.astype(np.int64) - 1)
        indptr, by_segment = csr_from_keys(segment, 4 * self._skill_ids.n)
        del segment
        self._pi_indptr = indptr
        self._pi_row = rows[by_segment]
        self._pi_kptr = indptr.astype(self._pi_row.dtype)
        self._pi_live = np.ones(len(by_segment), dtype=np.int64)
        del rows, by_segment
        self._pd_key = Grow(np.int32)
        self._pd_row = Grow(np.intp)
        self._pd_level = Grow(np.int8)
        self._pd_csr = None
        self._p_dstart.v[:] = NONE
        self._p_dend.v[:] = NONE

    def _compact_profiles(self) -> None:
        """Drop retired rows and fold the delta into a new main CSR."""
        alive = np.flatnonzero(self._p_alive.v)
        starts, ends = self._p_start.v[alive], self._p_end.v[alive]
        lens = ends - starts
        total = int(lens.sum())
        offsets = np.cumsum(lens) - lens
        pos = np.repeat(starts - offsets, lens) + np.arange(total, dtype=np.int64)
        f_skill = self._f_skill.a[pos]
        f_level = self._f_level.a[pos]
        n = len(alive)
        ids = self._p_ids.v[alive]
        keep = {
            name: getattr(self, name).v[alive].copy()
            for name in ("_p_disc", "_p_minh", "_p_maxh", "_p_muni_any", "_p_sec_any")
        }
        muni = self._p_muni.take(alive)
        sec = self._p_sec.take(alive)
        self._p_ids = Grow(np.int64, ids.copy())
        self._p_alive = Grow(np.bool_, np.ones(n, dtype=bool))
        for name, arr in keep.items():
            setattr(self, name, Grow(arr.dtype, arr))
        self._p_muni, self._p_sec = muni, sec
        self._f_skill = Grow(np.int32, f_skill)
        self._f_level = Grow(np.int8, f_level)
        self._p_start = Grow(np.int64, offsets)
        self._p_end = Grow(np.int64, offsets + lens)
        self._p_dstart = Grow(np.int64, np.full(n, NONE, dtype=np.int64))
        self._p_dend = Grow(np.int64, np.full(n, NONE, dtype=np.int64))
        self._build_profile_inverted()
        self._p_map.clear()
        self._p_map.set_many(ids, np.arange(n, dtype=np.int32))
        self._p_dead = 0
        self._scratch_n = 0

    def _p_delta_csr(self):
        if self._pd_csr is None:
            keys = self._pd_key.v
            indptr, order = csr_from_keys(keys, self._skill_ids.n)
            self._pd_csr = (indptr, self._pd_row.v[order], self._pd_level.v[order])
        return self._pd_csr

    def _maybe_compact_profiles(self) -> None:
        limit = max(self.delta_limit, len(self._pi_row) // 20)
        if self._pd_key.n > limit or self._p_dead > max(1000, self._p_ids.n // 4):
            self._compact_profiles()

    # --- profiles: public updates -----------------------------------------------------------

    def _retire_profile_row(self, row: int) -> None:
        start, end = int(self._p_start.a[row]), int(self._p_end.a[row])
        skills = self._f_skill.a[start:end]
        ds, de = int(self._p_dstart.a[row]), int(self._p_dend.a[row])
        if ds >= 0:
            self._pd_level.a[ds:de] = 0
            self._pd_csr = None
        else:
            levels = self._f_level.a[start:end].tolist()
            for d, level in zip(skills.tolist(), levels, strict=True):
                seg = 4 * d + level - 1
                if seg + 1 < len(self._pi_indptr):
                    a, b = self._pi_indptr[seg], self._pi_indptr[seg + 1]
                    i = a + int(np.searchsorted(self._pi_row[a:b], row))
                    if i < b and self._pi_row[i] == row:
                        self._pi_live[i] = 0
        np.subtract.at(self._df.a, skills.astype(np.int64), 1)
        self._f_level.a[start:end] = 0
        self._f_skill.a[start:end] = -1
        self._p_alive.a[row] = False
        self._p_muni.clear_row(row)
        self._p_sec.clear_row(row)
        self._p_map.delete(int(self._p_ids.a[row]))
        self._p_ids.a[row] = -1
        self._n_alive -= 1
        self._p_dead += 1
        self._df_version += 1

    def upsert_profile(self, profile: Profile) -> None:
        """Add or replace a profile; visible in the next query."""
        held = check_profile_skills(profile)
        for name in ("min_hours", "max_hours"):
            v = getattr(profile, name)
            if v is not None and not 0 <= v <= 168:
                raise ValueError(f"profile {profile.id}: {name} must be 0..168, not {v!r}")
        old = self._p_map.get(profile.id)
        if old >= 0:
            self._retire_profile_row(old)
        dense = [self._dense(s) for s in held]
        levels = list(held.values())
        row = self._p_ids.append(profile.id)
        self._p_alive.append(True)
        self._p_disc.append(bool(profile.discoverable))
        self._p_minh.append(NONE if profile.min_hours is None else profile.min_hours)
        self._p_maxh.append(NONE if profile.max_hours is None else profile.max_hours)
        start, end = self._f_skill.extend(np.array(dense, dtype=np.int32))
        self._f_level.extend(np.array(levels, dtype=np.int8))
        self._p_start.append(start)
        self._p_end.append(end)
        ds, de = self._pd_key.extend(np.array(dense, dtype=np.int32))
        self._pd_row.extend(np.full(len(dense), row, dtype=np.intp))
        self._pd_level.extend(np.array(levels, dtype=np.int8))
        self._p_dstart.append(ds)
        self._p_dend.append(de)
        self._p_muni_any.append(not profile.municipalities)
        self._p_sec_any.append(not profile.sectors)
        self._p_muni.append_row(self._munis.bit(m) for m in sorted(profile.municipalities))
        self._p_sec.append_row(self._sectors.bit(s) for s in sorted(profile.sectors))
        self._p_map.set(profile.id, row)
        if dense:
            np.add.at(self._df.a, np.array(dense, dtype=np.int64), 1)
        self._n_alive += 1
        self._df_version += 1
        self._pd_csr = None
        self._maybe_compact_profiles()

    def remove_profile(self, profile_id: int) -> None:
        """Erase a profile: gone from every later result (no error when unknown)."""
        row = self._p_map.get(profile_id)
        if row >= 0:
            self._retire_profile_row(row)
            self._maybe_compact_profiles()

    def has_profile(self, profile_id: int) -> bool:
        return self._p_map.get(profile_id) >= 0

    def profile_ids(self) -> np.ndarray:
        return self._p_ids.v[self._p_alive.v].copy()

    def get_profile(self, profile_id: int) -> Profile:
        row = self._p_map.get(profile_id)
        if row < 0:
            raise KeyError(profile_id)
        return self._profile_of_row(row)

    def _profile_of_row(self, row: int) -> Profile:
        start, end = int(self._p_start.a[row]), int(self._p_end.a[row])
        skill_ids = self._skill_ids.a[self._f_skill.a[start:end]].tolist()
        levels = self._f_level.a[start:end].tolist()
        inv_m = {b: m for m, b in self._munis.bits.items()}
        inv_s = {b: s for s, b in self._sectors.bits.items()}
        minh, maxh = int(self._p_minh.a[row]), int(self._p_maxh.a[row])
        return Profile(
            id=int(self._p_ids.a[row]),
            skills=dict(zip(skill_ids, levels, strict=True)),
            municipalities=frozenset(inv_m[b] for b in self._p_muni.row_bits(row)),
            min_hours=None if minh < 0 else minh,
            max_hours=None if maxh < 0 else maxh,
            sectors=frozenset(inv_s[b] for b in self._p_sec.row_bits(row)),
            discoverable=bool(self._p_disc.a[row]),
        )

    # --- demands: storage -------------------------------------------------------------------

    def _reset_demands(self) -> None:
        self._d_ids = Grow(np.int64)
        self._d_alive = Grow(np.bool_)
        self._d_muni = Grow(np.int32)  # bit number, -1 none
        self._d_hours = Grow(np.int16)
        self._d_sector = Grow(np.int32)
        self._d_occ = Grow(np.int64)
        self._d_start = Grow(np.int64)
        self._d_end = Grow(np.int64)
        self._d_hasmust = Grow(np.bool_)
        self._r_skill = Grow(np.int32)
        self._r_level = Grow(np.int8)
        self._r_must = Grow(np.bool_)
        self._r_drow = Grow(np.int32)
        self._di_indptr = np.zeros(1, dtype=np.int64)  # by segment: 4 x skill + level - 1
        self._di_gid = np.zeros(0, dtype=np.int32)
        self._di_row = np.zeros(0, dtype=np.int32)
        self._di_kptr = self._di_indptr.astype(np.int32)
        self._di_mult = np.zeros(0, dtype=np.int64)
        self._dd_key = Grow(np.int32)
        self._dd_gid = Grow(np.int32)
        self._dd_csr = None
        self._d_map = _IdMap()
        self._d_dead = 0
        self._wtot_cache = None

    def _load_demand_arrays(self, da: DemandArrays) -> None:
        self._reset_demands()
        ids, indptr, levels = _checked_bulk("demand", da)
        n = len(ids)
        dense = self._dense_many(da.skills).astype(np.int32, copy=False)
        must = np.asarray(da.must, dtype=bool)
        drow = np.repeat(np.arange(n, dtype=np.int32), np.diff(indptr))
        # the same skill twice in one demand is refused (merge it before loading)
        key = drow.astype(np.int64) * (self._skill_ids.n + 1) + dense
        if len(np.unique(key)) != len(key):
            srt = np.sort(key)
            dupkey = int(srt[np.flatnonzero(srt[1:] == srt[:-1])[0]])
            r, d = divmod(dupkey, self._skill_ids.n + 1)
            raise ValueError(
                f"demand {int(ids[r])}: skill {int(self._skill_ids.v[d])} is listed twice"
            )

        def col(values, dtype):
            if values is None:
                return np.full(n, NONE, dtype=dtype)
            return np.asarray(values, dtype=dtype)

        muni = col(da.municipality, np.int64)
        sector = col(da.sector, np.int64)
        self._d_ids = Grow(np.int64, ids)
        self._d_alive = Grow(np.bool_, np.ones(n, dtype=bool))
        self._d_muni = Grow(np.int32, self._bits_or_none(muni, self._munis))
        self._d_sector = Grow(np.int32, self._bits_or_none(sector, self._sectors))
        self._d_hours = Grow(np.int16, col(da.hours, np.int16))
        self._d_occ = Grow(np.int64, col(da.occupation, np.int64))
        self._d_start = Grow(np.int64, indptr[:-1].copy())
        self._d_end = Grow(np.int64, indptr[1:].copy())
        self._d_hasmust = Grow(np.bool_, np.bincount(drow, weights=must, minlength=n) > 0)
        self._r_skill = Grow(np.int32, dense)
        self._r_level = Grow(np.int8, levels)
        self._r_must = Grow(np.bool_, must)
        self._r_drow = Grow(np.int32, drow)
        self._build_demand_inverted()
        self._d_map.set_many(ids, np.arange(n, dtype=np.int32))

    @staticmethod
    def _bits_or_none(values: np.ndarray, interner: _Interner) -> np.ndarray:
        out = np.full(len(values), NONE, dtype=np.int32)
        has = values >= 0
        if has.any():
            out[has] = interner.bits_of(values[has])
        return out

    def _build_demand_inverted(self) -> None:
        nseg = 4 * self._skill_ids.n
        keys = self._r_skill.v.astype(np.int64) * 4 + (self._r_level.v.astype(np.int64) - 1)
        gid = np.arange(len(keys), dtype=np.int32)
        alive_req = self._d_alive.v[self._r_drow.v] if len(keys) else np.zeros(0, bool)
        if not alive_req.all():  # leave retired demands out of the main CSR
            keys, gid = keys[alive_req], gid[alive_req]
        indptr, order = csr_from_keys(keys, nseg)
        self._di_indptr = indptr
        self._di_gid = gid[order]
        self._di_row = self._r_drow.v[self._di_gid]
        self._di_kptr = indptr.astype(self._di_row.dtype)
        self._di_mult = self._mult[self._r_must.v[self._di_gid].astype(np.intp)]
        self._dd_key = Grow(np.int32)
        self._dd_gid = Grow(np.int32)
        self._dd_csr = None

    def _d_delta_csr(self):
        if self._dd_csr is None:
            indptr, order = csr_from_keys(self._dd_key.v, self._skill_ids.n)
            self._dd_csr = (indptr, self._dd_gid.v[order])
        return self._dd_csr

    def _compact_demands(self) -> None:
        alive = np.flatnonzero(self._d_alive.v)
        starts, ends = self._d_start.v[alive], self._d_end.v[alive]
        lens = ends - starts
        total = int(lens.sum())
        offsets = np.cumsum(lens) - lens
        pos = np.repeat(starts - offsets, lens) + np.arange(total, dtype=np.int64)
        n = len(alive)
        ids = self._d_ids.v[alive].copy()
        for name in ("_d_muni", "_d_hours", "_d_sector", "_d_occ", "_d_hasmust"):
            arr = getattr(self, name).v[alive].copy()
            setattr(self, name, Grow(arr.dtype, arr))
        for name in ("_r_skill", "_r_level", "_r_must"):
            arr = getattr(self, name).a[pos]
            setattr(self, name, Grow(arr.dtype, arr))
        self._r_drow = Grow(np.int32, np.repeat(np.arange(n, dtype=np.int32), lens))
        self._d_ids = Grow(np.int64, ids)
        self._d_alive = Grow(np.bool_, np.ones(n, dtype=bool))
        self._d_start = Grow(np.int64, offsets)
        self._d_end = Grow(np.int64, offsets + lens)
        self._build_demand_inverted()
        self._d_map.clear()
        self._d_map.set_many(ids, np.arange(n, dtype=np.int32))
        self._d_dead = 0
        self._wtot_cache = None

    def _maybe_compact_demands(self) -> None:
        limit = max(self.delta_limit // 4, len(self._di_gid) // 20)
        if self._dd_key.n > limit or self._d_dead > max(1000, self._d_ids.n // 4):
            self._compact_demands()

    # --- demands: public updates ------------------------------------------------------------

    def upsert_demand(self, demand: Demand) -> None:
        reqs = normalize_requirements(demand.requirements, f"demand {demand.id}")
        if demand.hours is not None and not 0 <= demand.hours <= 168:
            raise ValueError(f"demand {demand.id}: hours must be 0..168, not {demand.hours!r}")
        old = self._d_map.get(demand.id)
        if old >= 0:
            self._retire_demand_row(old)
        row = self._d_ids.append(demand.id)
        self._d_alive.append(True)
        muni = demand.municipality
        self._d_muni.append(NONE if muni is None else self._munis.bit(muni))
        self._d_sector.append(NONE if demand.sector is None else self._sectors.bit(demand.sector))
        self._d_hours.append(NONE if demand.hours is None else demand.hours)
        self._d_occ.append(NONE if demand.occupation is None else demand.occupation)
        self._d_hasmust.append(any(m for _, _, m in reqs))
        dense = np.array([self._dense(s) for s, _, _ in reqs], dtype=np.int32)
        start, end = self._r_skill.extend(dense)
        self._r_level.extend(np.array([lv for _, lv, _ in reqs], dtype=np.int8))
        self._r_must.extend(np.array([m for _, _, m in reqs], dtype=bool))
        self._r_drow.extend(np.full(len(reqs), row, dtype=np.int32))
        self._d_start.append(start)
        self._d_end.append(end)
        self._dd_key.extend(dense)
        self._dd_gid.extend(np.arange(start, end, dtype=np.int32))
        self._dd_csr = None
        self._d_map.set(demand.id, row)
        self._wtot_cache = None
        self._maybe_compact_demands()

    def _retire_demand_row(self, row: int) -> None:
        self._d_alive.a[row] = False
        self._d_map.delete(int(self._d_ids.a[row]))
        self._d_ids.a[row] = -1
        self._d_dead += 1

    def remove_demand(self, demand_id: int) -> None:
        row = self._d_map.get(demand_id)
        if row >= 0:
            self._retire_demand_row(row)
            self._maybe_compact_demands()

    def has_demand(self, demand_id: int) -> bool:
        return self._d_map.get(demand_id) >= 0

    def demand_ids(self) -> np.ndarray:
        return self._d_ids.v[self._d_alive.v].copy()

    def get_demand(self, demand_id: int) -> Demand:
        row = self._d_map.get(demand_id)
        if row < 0:
            raise KeyError(demand_id)
        return self._demand_of_row(row)

    def _demand_of_row(self, row: int) -> Demand:
        from economie071.skills.engine.types import Requirement

        start, end = int(self._d_start.a[row]), int(self._d_end.a[row])
        inv_m = {b: m for m, b in self._munis.bits.items()}
        inv_s = {b: s for s, b in self._sectors.bits.items()}
        cols = (self._d_muni, self._d_sector, self._d_hours, self._d_occ)
        m, s, h, o = (int(x.a[row]) for x in cols)
        return Demand(
            id=int(self._d_ids.a[row]),
            requirements=tuple(
                Requirement(skill=int(self._skill_ids.a[k]), min_level=int(lv), must=bool(mu))
                for k, lv, mu in zip(
                    self._r_skill.a[start:end].tolist(),
                    self._r_level.a[start:end].tolist(),
                    self._r_must.a[start:end].tolist(),
                    strict=True,
                )
            ),
            municipality=None if m < 0 else inv_m[m],
            hours=None if h < 0 else h,
            sector=None if s < 0 else inv_s[s],
            occupation=None if o < 0 else o,
        )

    # --- bulk -------------------------------------------------------------------------------

    def bulk_load(self, profiles: Iterable[Profile], demands: Iterable[Demand]) -> None:
        """Replace everything with these profiles and demands (a build from scratch)."""
        self.load_arrays(profiles_to_arrays(profiles), demands_to_arrays(demands))

    def load_arrays(self, profiles: ProfileArrays | None, demands: DemandArrays | None) -> None:
        if profiles is not None:
            self._load_profile_arrays(profiles)
        if demands is not None:
            self._load_demand_arrays(demands)

    @classmethod
    def from_arrays(
        cls,
        taxonomy: Taxonomy,
        profiles: ProfileArrays | None,
        demands: DemandArrays | None,
        config: ScoringConfig | None = None,
    ) -> MatchIndex:
        index = cls(taxonomy, config)
        index.load_arrays(profiles, demands)
        return index

    def stats(self) -> dict[str, int]:
        return {
            "profiles": self._n_alive,
            "profile_rows": self._p_ids.n,
            "profile_postings_main": len(self._pi_row),
            "profile_postings_delta": self._pd_key.n,
            "demands": int(self._d_alive.v.sum()),
            "demand_requirements": self._r_skill.n,
            "demand_postings_delta": self._dd_key.n,
            "skills": self._skill_ids.n,
        }

    # --- demand -> candidates ---------------------------------------------------------------

    def _ensure_scratch(self) -> None:
        n = self._p_ids.n
        if len(getattr(self, "_mark", ())) < self._skill_ids.n:
            self._mark = np.full(self._skill_ids.n + 1024, -1, dtype=np.int32)
        # `not self._scratch_n`: an empty index (no passports yet) still needs its arrays.
        if self._scratch_n < n or not self._scratch_n:
            cap = max(n, 16) + n // 8
            self._y_direct = np.zeros(cap, dtype=np.int64)
            self._y_above = np.zeros(cap, dtype=np.int64)
            self._acc = np.zeros(cap, dtype=np.int64)
            self._cur = np.zeros(cap, dtype=np.int64)
            self._flag = np.zeros(cap, dtype=bool)
            self._touched = np.zeros(cap, dtype=bool)
            self._scratch_n = cap

    def _main_postings(self, keys: np.ndarray):
        """Main-CSR postings of the given skills: (positions, held level, postings per key).

        A retired row's postings have level 0."""
        keys = np.asarray(keys, dtype=np.int64)
        segments = (keys[:, None] * 4 + np.arange(4)).ravel()
        pos, lens = multi_range(self._pi_indptr, segments)
        levels = np.repeat(np.tile(np.arange(1, 5, dtype=np.int8), len(keys)), lens)
        levels[self._pi_live[pos] == 0] = 0
        return pos, levels, lens.reshape(len(keys), 4).sum(axis=1)

    def _p_postings(self, d: int):
        """(rows, levels) of every posting of one skill, main and delta."""
        rows, levels, _ = self._p_postings_many(np.array([d]), np.zeros(1, dtype=np.int64))
        return rows, levels

    def _posting_counts(self, keys: np.ndarray) -> np.ndarray:
        """Number of postings (main + delta) per key."""
        lens = np.diff(self._pi_indptr)
        segments = np.asarray(keys, dtype=np.int64)[:, None] * 4 + np.arange(4)
        inside = segments < len(lens)
        counts = np.where(inside, lens[np.where(inside, segments, 0)], 0).sum(axis=1)
        if self._pd_key.n:
            _, dlens = multi_range(self._p_delta_csr()[0], keys)
            counts = counts + dlens
        return counts

    def _p_postings_many(self, keys: np.ndarray, kappa: np.ndarray):
        """(rows, levels, kappa per posting) of the given skills, main and delta."""
        pos, levels, lens = self._main_postings(keys)
        rows = self._pi_row[pos].astype(np.intp)
        kap = np.repeat(kappa, lens)
        if self._pd_key.n:
            indptr, drows, dlevels = self._p_delta_csr()
            pos, lens = multi_range(indptr, keys)
            if len(pos):
                rows = np.concatenate((rows, drows[pos]))
                levels = np.concatenate((levels, dlevels[pos]))
                kap = np.concatenate((kap, np.repeat(kappa, lens)))
        return rows, levels, kap

    def _demand_reqs(self, demand: int | Demand):
        """(reqs as (dense, level, must), filters, demand id, Demand or None)."""
        if isinstance(demand, Demand):
            reqs = normalize_requirements(demand.requirements, f"demand {demand.id}")
            dense = [(self._dense(s), lv, m) for s, lv, m in reqs]
            muni = NONE if demand.municipality is None else self._munis.bit(demand.municipality)
            sector = NONE if demand.sector is None else self._sectors.bit(demand.sector)
            hours = NONE if demand.hours is None else demand.hours
            return dense, (muni, hours, sector), demand.id
        row = self._d_map.get(demand)
        if row < 0:
            raise KeyError(f"demand {demand} is not in the index")
        start, end = int(self._d_start.a[row]), int(self._d_end.a[row])
        dense = list(
            zip(
                self._r_skill.a[start:end].tolist(),
                self._r_level.a[start:end].tolist(),
                self._r_must.a[start:end].tolist(),
                strict=True,
            )
        )
        filters = (int(self._d_muni.a[row]), int(self._d_hours.a[row]), int(self._d_sector.a[row]))
        return dense, filters, int(demand)

    def _eligible(self, rows: np.ndarray, filters, discoverable_only: bool) -> np.ndarray:
        ok = self._p_alive.a[rows].copy()
        if discoverable_only:
            ok &= self._p_disc.a[rows]
        muni, hours, sector = filters
        if muni >= 0:
            ok &= self._p_muni_any.a[rows] | self._p_muni.test(rows, muni)
        if hours >= 0:
            minh, maxh = self._p_minh.a[rows], self._p_maxh.a[rows]
            ok &= ((minh < 0) | (minh <= hours)) & ((maxh < 0) | (maxh >= hours))
        if sector >= 0:
            ok &= self._p_sec_any.a[rows] | self._p_sec.test(rows, sector)
        return ok

    def _rank_profiles(self, reqs, filters, k: int, discoverable_only: bool = True):
        """(rows, acc, total) of the k best profiles for dense requirements.

        Pass 1 adds up, per row, the direct credit of every requirement and the part of it
        above the best credit a related skill could give for that requirement (_RowSums),
        walking each requirement's posting lists with the compiled kernel. A row's exact
        score lies between its direct sum and its above sum + `bound`, where `bound` is
        what related skills could add to every requirement. The exact k-th best score of
        the rows with the highest direct sums gives a floor theta; when theta exceeds
        `bound`, only rows with above + bound >= theta can still make the top k, and those
        few are scored exactly from their own skills (phase 2). Without such a floor (rare:
        fewer than k good candidates) the related skills' posting lists are walked as
        well. Both ways give exactly the scores of the rule.
        """
        if self._pd_key.n:
            self._p_delta_csr()
        wv = self._weights()
        kmax = self._kmax()
        self._ensure_scratch()
        any_must = any(m for _, _, m in reqs)
        mw, nw = self.config.must_weight, self.config.nice_weight
        weights = [int(wv[d]) * (mw if must else nw) for d, _, must in reqs]
        total = sum(weights)
        bound = sum(w * int(kmax[d]) for (d, _, _), w in zip(reqs, weights, strict=True))
        sums = _RowSums(self._y_direct, self._y_above, self._p_ids.n, 1000 * total)
        keys = np.array([d for d, _, _ in reqs], dtype=np.int64)
        credit = _CREDIT[[level for _, level, _ in reqs]]  # per requirement, by held level
        w = np.array(weights, dtype=np.int64)[:, None]
        # the direct credit, and the part above the related bound
        above = np.maximum(credit - kmax[keys][:, None], 0) * w
        sums.add(self._add_postings_many, keys, credit * w, above)
        try:
            sources = self._req_sources(reqs)
            # One scan for both phases in the usual case: when the floor comes from the rows
            # within 90% of the best direct sum (each scoring at least that much), theta is
            # at least that, and every row that can still make the top k has a direct sum
            # of at least theta - bound. So the rows with direct >= 90% of the best - bound
            # hold the floor's rows and phase 2's; other cases scan again.
            best_direct = sums.max_direct()
            first = -(-best_direct * 9 // 10)
            near = sums.rows_direct_at_least(max(1, first - bound))
            floor = self._floor(
                sums,
                k,
                filters,
                discoverable_only,
                reqs,
                weights,
                any_must,
                sources,
                best_direct,
                near,
            )
            if floor is not None and floor[0] > bound:
                theta, scored, f_cand, f_scores = floor
                if theta >= first:
                    in_reach = near[sums.above_of(near) >= theta - bound]
                else:
                    in_reach = sums.rows_above_at_least(theta - bound)
                kept = _without(in_reach, scored, self._flag)
                kept = kept[self._eligible(kept, filters, discoverable_only)]
                cand, scores = self._rescore_rows(kept, reqs, weights, any_must, sources)
                cand, scores = np.concatenate((f_cand, cand)), np.concatenate((f_scores, scores))
            else:
                cand, scores = self._rank_profiles_full(
                    reqs, weights, any_must, filters, discoverable_only
                )
        finally:
            sums.clear()
        top = _topk(scores, self._p_ids.a[cand], k)
        return cand[top], scores[top], total

    def _add_postings_many(self, y: np.ndarray, keys: np.ndarray, credit: np.ndarray) -> None:
        """y[row] += credit[i, held level] for every posting of skill keys[i] (main and delta)."""
        add_segments_many(y, self._pi_kptr, self._pi_row, self._pi_live, 4 * keys, credit[:, 1:])
        if self._pd_key.n:
            indptr, drows, dlevels = self._p_delta_csr()
            for i, d in enumerate(keys.tolist()):
                if d + 1 < len(indptr) and indptr[d + 1] > indptr[d]:
                    a, b = indptr[d], indptr[d + 1]
                    y[drows[a:b]] += credit[i][dlevels[a:b]]

    def _floor(
        self, sums, k, filters, discoverable_only, reqs, weights, any_must, sources, top, near
    ):
        """A floor for the final k-th best score: the k-th best exact score among the
        eligible rows with the highest direct sums (exact >= direct for every row), with
        the rows scored and the matches among them, or None when fewer than k rows with
        direct credit are matches. `top`: the best direct sum; `near`: the rows with a
        direct sum of at least 90% of it (and maybe more rows)."""
        if top <= 0:
            return None
        for tenths in (9, 7, 5, 2, 0):
            # a compare pass is much cheaper than partitioning every row with credit
            at_least = max(1, -(-top * tenths // 10))
            if tenths == 9:
                part = near[sums.direct_of(near) >= at_least]
            else:
                part = sums.rows_direct_at_least(at_least)
            if len(part) < k and tenths:
                continue
            part = part[self._eligible(part, filters, discoverable_only)]
            if len(part) < k and tenths:
                continue
            if tenths and len(part) > 4 * k:
                part = part[np.argpartition(-sums.direct_of(part), 4 * k - 1)[: 4 * k]]
            cand, exact = self._rescore_rows(part, reqs, weights, any_must, sources)
            if len(exact) >= k:
                return int(np.partition(exact, len(exact) - k)[len(exact) - k]), part, cand, exact
        return None

    def _req_sources(self, reqs):
        """Per query: held skill -> (requirement index, kappa) pairs, as a small CSR."""
        src_skill, src_req, src_kappa = [], [], []
        for r, (d, _level, _must) in enumerate(reqs):
            src_skill.append(d)
            src_req.append(r)
            src_kappa.append(1000)
            nb_keys, nb_kappa = self._nbrs(d)
            if len(nb_keys):
                src_skill.extend(nb_keys.tolist())
                src_req.extend([r] * len(nb_keys))
                src_kappa.extend(nb_kappa.tolist())
        src_skill = np.array(src_skill, dtype=np.int64)
        order = np.argsort(src_skill, kind="stable")
        src_skill = src_skill[order]
        src_req = np.array(src_req, dtype=np.int64)[order]
        src_kappa = np.array(src_kappa, dtype=np.int64)[order]
        uniq, start = np.unique(src_skill, return_index=True)
        indptr = np.append(start, len(src_skill)).astype(np.int64)
        return uniq, indptr, src_req, src_kappa

    def _rescore_rows(self, rows, reqs, weights, any_must, sources=None):
        """Exact scores of the given profile rows from their own skills (vectorised, in
        blocks so that the temporary arrays stay small). `sources`: _req_sources(reqs)."""
        block = self.rescore_block
        sources = sources or self._req_sources(reqs)
        if len(rows) > block:
            parts = [
                self._rescore_rows(rows[i : i + block], reqs, weights, any_must, sources)
                for i in range(0, len(rows), block)
            ]
            return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        n_req = len(reqs)
        if len(rows) == 0:
            return rows.astype(np.int64), np.zeros(0, dtype=np.int64)
        uniq, indptr, src_req, src_kappa = sources
        mark = self._mark
        mark[uniq] = np.arange(len(uniq), dtype=np.int32)
        starts, ends = self._p_start.a[rows], self._p_end.a[rows]
        lens = ends - starts
        offsets = np.cumsum(lens) - lens
        pos = np.repeat(starts - offsets, lens) + np.arange(int(lens.sum()), dtype=np.int64)
        local = np.repeat(np.arange(len(rows), dtype=np.int64), lens)
        fs = self._f_skill.a[pos]
        g = mark[np.maximum(fs, 0)]
        mark[uniq] = -1
        hit = np.flatnonzero((g >= 0) & (fs >= 0))
        g, local, held = g[hit], local[hit], self._f_level.a[pos[hit]]
        ppos, plens = multi_range(indptr, g)
        # credit of each (source, requirement) pair by held level 0..4, computed once per
        # query instead of once per posting
        level = np.array([lv for _, lv, _ in reqs], dtype=np.int64)[src_req]
        by_held = np.minimum(np.arange(5), level[:, None])
        table = (src_kappa[:, None] * by_held * 2 + level[:, None]) // (2 * level[:, None])
        credit = table.ravel()[ppos * 5 + np.repeat(held, plens)]
        best = np.zeros(len(rows) * n_req, dtype=np.int64)
        np.maximum.at(best, np.repeat(local, plens) * n_req + src_req[ppos], credit)
        best = best.reshape(len(rows), n_req)
        scores = best @ np.array(weights, dtype=np.int64)
        gate = np.array([m or not any_must for _, _, m in reqs], dtype=bool)
        ok = (best[:, gate] > 0).any(axis=1) & (scores > 0)
        return rows[ok].astype(np.int64), scores[ok]

    def _rank_profiles_full(self, reqs, weights, any_must, filters, discoverable_only):
        """All rows with any credit, walking the related skills' posting lists too (in
        blocks of about `block` postings, so that memory stays bounded)."""
        acc, cur, flag, touched = self._acc, self._cur, self._flag, self._touched
        for (d, level, must), w in zip(reqs, weights, strict=True):
            gate = must or not any_must
            rows, levels = self._p_postings(d)
            if len(rows):
                acc[rows] += (_CREDIT[level] * w)[levels]
                touched[rows] = True
                if gate:
                    flag[rows] = True
            nb_keys, nb_kappa = self._nbrs(d)
            if not len(nb_keys):
                continue
            lens = self._posting_counts(nb_keys)
            groups = np.cumsum(lens) // self.full_block
            used = []
            for g in np.unique(groups).tolist():
                sel = groups == g
                rrows, rlevels, rkappa = self._p_postings_many(nb_keys[sel], nb_kappa[sel])
                if len(rrows) == 0:
                    continue
                if not used:
                    cur[rows] = _CREDIT[level][levels]
                used.append(rrows)
                held = np.minimum(rlevels.astype(np.int64), level)
                credit = (rkappa * held * 2 + level) // (2 * level)
                old = cur[rrows]
                np.maximum.at(cur, rrows, credit)
                acc[rrows] += w * (cur[rrows] - old)  # a repeated row adds once (same value)
                touched[rrows] = True
                if gate:
                    flag[rrows] = True
            if used:
                cur[rows] = 0
                for rrows in used:
                    cur[rrows] = 0
        nrows = self._p_ids.n
        seen = np.flatnonzero(touched[:nrows])
        touched[seen] = False
        cand = seen[flag[seen]]
        flag[seen] = False
        scores = acc[cand]
        acc[seen] = 0
        ok = self._eligible(cand, filters, discoverable_only) & (scores > 0)
        return cand[ok], scores[ok]

    def top_candidates(
        self, demand: int | Demand, k: int = 20, explain: bool = True
    ) -> list[Match]:
        """The k best discoverable profiles for a demand: score desc, then profile id."""
        reqs, filters, demand_id = self._demand_reqs(demand)
        rows, accs, total = self._rank_profiles(reqs, filters, k)
        return self._profile_matches(rows, accs, total, reqs, demand_id, explain)

    def _profile_matches(self, rows, accs, total, reqs, demand_id, explain) -> list[Match]:
        out = []
        denom = 10 * total
        context = None
        for row, a in zip(rows.tolist(), accs.tolist(), strict=True):
            score = a / denom
            explanation = None
            if explain:
                if context is None:
                    context = self._demand_context(reqs)
                explanation = self._explain_row(row, context, score)
            out.append(
                Match(
                    profile=int(self._p_ids.a[row]),
                    demand=demand_id,
                    score=score,
                    explanation=explanation,
                )
            )
        return out

    def _demand_context(self, reqs):
        """For explaining many profiles against one demand: requirement ids, weights, and
        held skill -> [(required skill, kind, kappa)]."""
        wv = self._weights()
        mw, nw = self.config.must_weight, self.config.nice_weight
        req_ids = tuple((int(self._skill_ids.a[d]), lv, m) for d, lv, m in reqs)
        weights = [int(wv[d]) * (mw if m else nw) for d, _, m in reqs]
        reverse: dict[int, list] = {}
        for skill, _lv, _m in req_ids:
            for other, kind, kappa in self.taxonomy.neighbours(skill):
                reverse.setdefault(other, []).append((skill, kind, kappa))
        return req_ids, weights, reverse

    def _explain_with_context(self, held, context):
        req_ids, weights, reverse = context
        related: dict[int, list] = {}
        for t in held:
            for skill, kind, kappa in reverse.get(t, ()):
                related.setdefault(skill, []).append((t, kind, kappa))
        return explain_pair(
            held, req_ids, None, self.taxonomy, self.config, weights=weights, related=related
        )

    def _held_of_row(self, row: int) -> dict[int, int]:
        start, end = int(self._p_start.a[row]), int(self._p_end.a[row])
        return dict(
            zip(
                self._skill_ids.a[self._f_skill.a[start:end]].tolist(),
                self._f_level.a[start:end].tolist(),
                strict=True,
            )
        )

    def _explain_row(self, row: int, context, score: float):
        result = self._explain_with_context(self._held_of_row(row), context)
        if result is None or result[0] != score:  # pragma: no cover - a bug, not bad input
            raise AssertionError(f"index and explanation disagree for profile row {row}")
        return result[1]

    def score(self, profile: Profile, demand: Demand) -> Match | None:
        """One pair scored with the index's current weights, with its explanation."""
        from economie071.skills.engine.scoring import score_pair

        return score_pair(profile, demand, self.taxonomy, self.weight_of, self.config)

    # --- profile -> demands -----------------------------------------------------------------

    def _profile_input(self, profile: int | Profile):
        if isinstance(profile, Profile):
            held = check_profile_skills(profile)
            for name in ("min_hours", "max_hours"):
                v = getattr(profile, name)
                if v is not None and not 0 <= v <= 168:
                    raise ValueError(f"profile {profile.id}: {name} must be 0..168, not {v!r}")
            munis = (
                None
                if not profile.municipalities
                else {self._munis.bit(m) for m in profile.municipalities}
            )
            sectors = (
                None if not profile.sectors else {self._sectors.bit(s) for s in profile.sectors}
            )
            minh = NONE if profile.min_hours is None else profile.min_hours
            maxh = NONE if profile.max_hours is None else profile.max_hours
            return held, (munis, minh, maxh, sectors), profile.id
        row = self._p_map.get(profile)
        if row < 0:
            raise KeyError(f"profile {profile} is not in the index")
        held = self._held_of_row(row)
        munis = None if self._p_muni_any.a[row] else set(self._p_muni.row_bits(row))
        sectors = None if self._p_sec_any.a[row] else set(self._p_sec.row_bits(row))
        hours = int(self._p_minh.a[row]), int(self._p_maxh.a[row])
        return held, (munis, hours[0], hours[1], sectors), int(profile)

    def _req_weights(self):
        """Per requirement: weight; per demand: total weight and related-credit bound."""
        wv = self._weights()
        key = (self._df_version, self._skill_ids.n, self._r_skill.n)
        if self._wtot_cache is None or self._wtot_cache[0] != key:
            skills = self._r_skill.v.astype(np.intp)
            rw = wv[skills] * self._mult[self._r_must.v.astype(np.intp)]
            nd = self._d_ids.n
            tot = np.bincount(self._r_drow.v, weights=rw, minlength=nd)
            kmax = self._kmax()[skills]
            dbound = np.bincount(self._r_drow.v, weights=rw * kmax, minlength=nd)
            self._wtot_cache = (key, tot, rw, dbound)
        return self._wtot_cache[1:]

    def _kmax(self) -> np.ndarray:
        """Best relation credit (thousandths) per dense skill, 0 without relations."""
        n = self._skill_ids.n
        cached: np.ndarray | None = getattr(self, "_kmax_cache", None)
        if cached is None or len(cached) != n:
            cached = np.zeros(n, dtype=np.int64)
            lens = np.diff(self._nb_indptr)
            has = np.flatnonzero(lens > 0)
            if len(has):
                cached[has] = np.maximum.reduceat(self._nb_kappa, self._nb_indptr[has])
            self._kmax_cache = cached
        return cached

    def _demand_eligible(self, cand, filters, must_hit=None) -> np.ndarray:
        """Which demand rows (an index array, or a slice) pass the profile's filters and,
        given the must-have skills hit per row, the must-have gate."""
        ok = self._d_alive.a[cand].copy()
        if must_hit is not None:
            ok &= ~self._d_hasmust.a[cand] | (must_hit > 0)
        munis, minh, maxh, sectors = filters
        if munis is not None:
            ok &= _allowed(munis, len(self._munis.bits))[self._d_muni.a[cand]]
        if minh >= 0 or maxh >= 0:
            dh = self._d_hours.a[cand]
            if minh >= 0:
                ok &= (dh < 0) | (dh >= minh)
            if maxh >= 0:
                ok &= (dh < 0) | (dh <= maxh)
        if sectors is not None:
            ok &= _allowed(sectors, len(self._sectors.bits))[self._d_sector.a[cand]]
        return ok

    def _d_postings_many(self, keys: np.ndarray, values: np.ndarray):
        """Requirement ids on the given skills (main + delta), with each key's value."""
        keys = np.asarray(keys, dtype=np.int64)
        values = np.asarray(values)
        pos, lens = multi_range(self._di_indptr, (keys[:, None] * 4 + np.arange(4)).ravel())
        gid = self._di_gid[pos]
        val = np.repeat(np.repeat(values, 4, axis=0), lens, axis=0)
        if self._dd_key.n:
            indptr, dgid = self._d_delta_csr()
            pos, lens = multi_range(indptr, keys)
            if len(pos):
                gid = np.concatenate((gid, dgid[pos]))
                val = np.concatenate((val, np.repeat(values, lens, axis=0)))
        return gid.astype(np.intp), val

    def _add_demand_postings_many(self, y: np.ndarray, keys: np.ndarray, by_level) -> None:
        """y[demand row] += multiplier x by_level[i, required level] for every requirement on
        skill keys[i] (main and delta), all keys in one walk; by_level is indexed 0..4."""
        add_segments_many(y, self._di_kptr, self._di_row, self._di_mult, 4 * keys, by_level[:, 1:])
        if self._dd_key.n:
            indptr, dgid = self._d_delta_csr()
            for i, d in enumerate(keys.tolist()):
                if d + 1 < len(indptr) and indptr[d + 1] > indptr[d]:
                    gid = dgid[indptr[d] : indptr[d + 1]]
                    mult = self._mult[self._r_must.a[gid].astype(np.intp)]
                    y[self._r_drow.a[gid]] += mult * by_level[i][self._r_level.a[gid]]

    def _score_demands(self, held: Mapping[int, int], filters, k: int | None = None):
        """(demand rows, acc, totals) of the demands the held skills match after filters.

        With k: only a superset of the k best, found as for candidates. Pass 1 adds up per
        demand the direct credit of the held skills (y_direct) and the part above what a
        related skill could give (y_above) with the compiled kernel; a demand's exact
        score then lies between y_direct and y_above + its related-credit bound (dbound),
        over its total weight. The exact scores of the demands with the best direct
        scores give a floor theta; only demands whose bound reaches it are scored exactly.
        Demands with related credit only can reach at most the best relation credit: when
        theta is not above that, their bound comes from walking the related skills'
        posting lists as well."""
        nd = self._d_ids.n
        empty = np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
        if not held or nd == 0:
            return empty
        hkeys = np.array([self._dense(s) for s in held], dtype=np.int64)
        hlev = np.array(list(held.values()), dtype=np.int64)
        if k is None:
            return self._score_demands_full(hkeys, hlev, filters)
        wtot, _, dbound = self._req_weights()
        wv, kmax = self._weights(), self._kmax()
        if self._dd_key.n:
            self._d_delta_csr()
        y_direct, y_above, y_related, mark = self._demand_scratch()
        limit = 1000 * int(wtot.max()) if nd else 0
        sums = _RowSums(y_direct, y_above, nd, limit)
        credit = _CREDIT[:, hlev].T  # per held skill, by required level 0..4
        w = wv[hkeys][:, None]
        # the direct credit, and the part above the related bound
        above = np.maximum(credit - kmax[hkeys][:, None], 0) * w
        sums.add(self._add_demand_postings_many, hkeys, credit * w, above)
        try:
            direct = sums.direct_of(slice(0, nd))
            # the filters over every row at once: cheaper than on the rows with credit
            eligible = self._demand_eligible(slice(0, nd), filters)
            touched = np.flatnonzero((direct > 0) & eligible)
            floor = self._demand_floor(touched, direct, wtot, k, hkeys, hlev, filters)
            if floor is None:
                return self._score_demands_full(hkeys, hlev, filters)
            theta, scored, f_rows, f_acc, f_tot = floor
            related_max = self._kmax().max(initial=0) / 10.0
            if theta > related_max:
                # related credit alone stays below theta: only demands with direct credit
                ub = (sums.above_of(touched) + dbound[touched]) / (10.0 * wtot[touched])
                kept = touched[ub >= theta]
            else:
                # related credit alone could reach theta: bound it per demand by walking
                # the related skills' posting lists (weight x kappa, no level fractions)
                related_skills = self._related_skills(hkeys)
                if related_skills:
                    okeys = np.array([o for o, _ in related_skills], dtype=np.int64)
                    kappas = np.array([kappa for _, kappa in related_skills], dtype=np.int64)
                    by_level = np.repeat((wv[okeys] * kappas)[:, None], 5, axis=1)
                    self._add_demand_postings_many(y_related, okeys, by_level)
                related = y_related[:nd]
                with np.errstate(invalid="ignore", divide="ignore"):
                    # a cheap first cut (related >= what related credit can add)
                    cand = np.flatnonzero(
                        eligible & ((direct + related) / (10.0 * wtot[:nd]) >= theta)
                    )
                slack = np.minimum(sums.above_of(cand) + dbound[cand] - direct[cand], related[cand])
                kept = cand[(direct[cand] + slack) / (10.0 * wtot[cand]) >= theta]
            kept = _without(kept, scored, mark)
            rows, acc, tot = self._rescore_demands(kept, hkeys, hlev, filters)
            return (
                np.concatenate((f_rows, rows)),
                np.concatenate((f_acc, acc)),
                np.concatenate((f_tot, tot)),
            )
        finally:
            sums.clear()
            y_related[:nd] = 0

    def _related_skills(self, hkeys: np.ndarray) -> list[tuple[int, int]]:
        """(skill, best kappa) for the skills related to the held ones."""
        nb_pos, _ = multi_range(self._nb_indptr, hkeys)
        best: dict[int, int] = {}
        for o, kappa in zip(
            self._nb_idx[nb_pos].tolist(), self._nb_kappa[nb_pos].tolist(), strict=True
        ):
            if kappa > best.get(o, 0):
                best[o] = kappa
        return list(best.items())

    def _demand_floor(self, touched, direct, wtot, k, hkeys, hlev, filters):
        """The k-th best exact score among the eligible demands with the best direct
        scores (`touched`: those with direct credit), with the demands scored and the
        exact results among them (rows, acc, totals), or None when fewer than k demands
        with direct credit are matches."""
        if len(touched) < k:
            return None
        ratio = direct[touched] / (10.0 * wtot[touched])
        for m in (4 * k, len(touched)):
            best = touched if m >= len(touched) else touched[np.argpartition(-ratio, m - 1)[:m]]
            rows, acc, tot = self._rescore_demands(best, hkeys, hlev, filters)
            if len(acc) >= k:
                exact = acc / (10.0 * tot)
                theta = float(np.partition(exact, len(exact) - k)[len(exact) - k])
                return theta, best, rows, acc, tot
        return None

    def _demand_scratch(self):
        """Per demand row: accumulators for direct credit, the part above and related
        credit, and a mark."""
        nd = self._d_ids.n
        sc = getattr(self, "_dscratch", None)
        if sc is None or len(sc[0]) < nd:
            size = nd + nd // 8 + 16
            sc = (*(np.zeros(size, dtype=np.int64) for _ in range(3)), np.zeros(size, dtype=bool))
            self._dscratch = sc
        return sc

    def _rescore_demands(self, rows, hkeys, hlev, filters):
        """Exact scores of the given demand rows for these held skills (vectorised)."""
        wtot, rw, _ = self._req_weights()
        if len(rows) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
        self._ensure_scratch()
        nskills = self._skill_ids.n
        if getattr(self, "_relc", None) is None or self._relc.shape[1] < nskills:
            self._relc = np.zeros((5, nskills + 1024), dtype=np.int64)
            self._hl = np.zeros(nskills + 1024, dtype=np.int64)
        relc, hl = self._relc, self._hl
        hl[hkeys] = hlev
        # best related credit per required skill and required level
        nb_pos, nb_lens = multi_range(self._nb_indptr, hkeys)
        nb_skill = self._nb_idx[nb_pos]
        nb_kappa = self._nb_kappa[nb_pos]
        nb_held = np.repeat(hlev, nb_lens)
        for level in range(1, 5):
            c = (nb_kappa * np.minimum(nb_held, level) * 2 + level) // (2 * level)
            np.maximum.at(relc[level], nb_skill, c)
        starts, ends = self._d_start.a[rows], self._d_end.a[rows]
        lens = ends - starts
        offsets = np.cumsum(lens) - lens
        gid = np.repeat(starts - offsets, lens) + np.arange(int(lens.sum()), dtype=np.int64)
        local = np.repeat(np.arange(len(rows), dtype=np.int64), lens)
        skill = self._r_skill.a[gid].astype(np.intp)
        level = self._r_level.a[gid].astype(np.intp)
        credit = np.maximum(_CREDIT[level, hl[skill]], relc[level, skill])
        hl[hkeys] = 0
        relc[:, nb_skill] = 0
        acc = np.bincount(local, weights=rw[gid] * credit, minlength=len(rows))
        must_hit = np.bincount(
            local, weights=self._r_must.a[gid] & (credit > 0), minlength=len(rows)
        )
        ok = (acc > 0) & self._demand_eligible(rows, filters, must_hit)
        rows = rows[ok]
        return rows, acc[ok], wtot[rows]

    def _score_demands_full(self, hkeys, hlev, filters):
        """Every demand matched, walking the related skills' posting lists too."""
        nd = self._d_ids.n
        wtot, rw, _ = self._req_weights()
        keys, kap, lev = [], [], []
        for d, h in zip(hkeys.tolist(), hlev.tolist(), strict=True):
            keys.append(d)
            kap.append(1000)
            lev.append(h)
            nb_keys, nb_kappa = self._nbrs(d)
            if len(nb_keys):
                keys.extend(nb_keys.tolist())
                kap.extend(nb_kappa.tolist())
                lev.extend([h] * len(nb_keys))
        keys = np.array(keys, dtype=np.int64)
        vals = np.stack((np.array(kap, dtype=np.int64), np.array(lev, dtype=np.int64)), axis=1)
        gid, kv = self._d_postings_many(keys, vals)
        if len(gid) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
        ekap, elev = kv[:, 0], kv[:, 1]
        req_level = self._r_level.a[gid].astype(np.int64)
        credit = (ekap * np.minimum(elev, req_level) * 2 + req_level) // (2 * req_level)
        nreq = self._r_skill.n
        if getattr(self, "_creq_n", 0) < nreq:
            size = nreq + nreq // 8 + 16
            self._creq = np.zeros(size, dtype=np.int64)
            self._owner = np.zeros(size, dtype=np.int64)
            self._creq_n = size
        creq, owner = self._creq, self._owner
        np.maximum.at(creq, gid, credit)
        seq = np.arange(len(gid), dtype=np.int64)
        owner[gid] = seq
        ug = gid[owner[gid] == seq]  # each requirement once
        cval = creq[ug]
        creq[ug] = 0
        drow = self._r_drow.a[ug]
        acc = np.bincount(drow, weights=rw[ug] * cval, minlength=nd)
        must_hit = np.bincount(drow, weights=self._r_must.a[ug] & (cval > 0), minlength=nd)
        cand = np.flatnonzero(acc > 0)
        cand = cand[self._demand_eligible(cand, filters, must_hit[cand])]
        return cand, acc[cand], wtot[cand]

    def top_demands(self, profile: int | Profile, k: int = 20, explain: bool = True) -> list[Match]:
        """The k best demands for a profile (always allowed for the person themself)."""
        held, filters, profile_id = self._profile_input(profile)
        rows, accs, totals = self._score_demands(held, filters, k)
        scores = accs / (10.0 * totals)
        top = _topk(scores, self._d_ids.a[rows], k)
        out = []
        if explain and len(top):
            _, req_weight, _ = self._req_weights()  # per requirement: weight x must/nice
            # required skill -> [(held skill, kind, kappa)] for everything this person holds
            forward: dict[int, list] = {}
            for t in held:
                for skill, kind, kappa in self._credits_of(t):
                    forward.setdefault(skill, []).append((t, kind, kappa))
        for row, score in zip(rows[top].tolist(), scores[top].tolist(), strict=True):
            explanation = None
            if explain:
                start, end = int(self._d_start.a[row]), int(self._d_end.a[row])
                req_ids = tuple(
                    zip(
                        self._skill_ids.a[self._r_skill.a[start:end]].tolist(),
                        self._r_level.a[start:end].tolist(),
                        self._r_must.a[start:end].tolist(),
                        strict=True,
                    )
                )
                weights = req_weight[start:end].astype(np.int64).tolist()
                related = {s: forward[s] for s, _, _ in req_ids if s in forward}
                result = explain_pair(
                    held,
                    req_ids,
                    None,
                    self.taxonomy,
                    self.config,
                    weights=weights,
                    related=related,
                )
                if result is None or result[0] != score:  # pragma: no cover
                    raise AssertionError(f"index and explanation disagree for demand row {row}")
                explanation = result[1]
            out.append(
                Match(
                    profile=profile_id,
                    demand=int(self._d_ids.a[row]),
                    score=score,
                    explanation=explanation,
                )
            )
        return out

    def _credits_of(self, held_skill: int) -> tuple[tuple[int, str, int], ...]:
        """(required skill, kind, kappa) for every skill that holding `held_skill` gives
        related credit for, the kind as seen from the requirement (memoised)."""
        got = self._credits_for.get(held_skill)
        if got is None:
            found = []
            for skill, _kind, kappa in self.taxonomy.neighbours(held_skill):
                relation = self.taxonomy.relation(skill, held_skill)
                assert relation is not None  # a neighbour is related by definition
                found.append((skill, relation[1], kappa))
            got = self._credits_for[held_skill] = tuple(found)
        return got

    def requested_skills(self) -> frozenset[int]:
        """Skill ids some live demand asks for."""
        alive = self._d_alive.v[self._r_drow.v]
        dense = np.unique(self._r_skill.v[alive])
        return frozenset(self._skill_ids.a[dense].tolist())

    def demand_scores(self, profile: int | Profile) -> dict[int, float]:
        """Every demand the profile matches, with its score (for the gap plan)."""
        held, filters, _ = self._profile_input(profile)
        rows, accs, totals = self._score_demands(held, filters)
        scores = accs / (10.0 * totals)
        return dict(zip(self._d_ids.a[rows].tolist(), scores.tolist(), strict=True))

    # --- batch ------------------------------------------------------------------------------

    def _prepare_for_readers(self) -> None:
        """Materialise lazy caches (before forking workers that share the arrays)."""
        if self._pd_key.n:
            self._p_delta_csr()
        if self._dd_key.n:
            self._d_delta_csr()
        self._weights()
        self._ensure_scratch()

    def _batch_chunk(self, rows: np.ndarray, k: int):
        out = []
        for row in rows.tolist():
            demand_id = int(self._d_ids.a[row])
            reqs, filters, _ = self._demand_reqs(demand_id)
            prow, accs, total = self._rank_profiles(reqs, filters, k)
            scores = accs / float(10 * total) if total else accs.astype(float)
            out.append((demand_id, self._p_ids.a[prow].copy(), scores, prow, accs, total))
        return out

    def batch_top_candidates(
        self,
        k: int = 50,
        demand_ids=None,
        explain: bool = False,
        workers: int = 1,
        chunk: int = 256,
    ) -> Iterator[tuple[int, list[Match]]]:
        """Top k candidates of every (or the given) demand, in demand order.

        workers > 1 forks that many processes that share the index read-only (POSIX).
        """
        if demand_ids is None:
            rows = np.flatnonzero(self._d_alive.v)
        else:
            rows = np.array([self._d_map.get(int(i)) for i in demand_ids], dtype=np.int64)
            if (rows < 0).any():
                missing = [i for i, r in zip(demand_ids, rows.tolist(), strict=True) if r < 0]
                raise KeyError(f"demands not in the index: {missing[:5]}")
        self._prepare_for_readers()
        chunks = [rows[i : i + chunk] for i in range(0, len(rows), chunk)]
        if workers > 1 and len(chunks) > 1 and hasattr(os, "fork"):
            results = _parallel_chunks(self, chunks, k, workers)
        else:
            results = (self._batch_chunk(c, k) for c in chunks)
        for chunk_result in results:
            for demand_id, pids, scores, prow, accs, total in chunk_result:
                if explain:
                    reqs, _, _ = self._demand_reqs(demand_id)
                    yield demand_id, self._profile_matches(prow, accs, total, reqs, demand_id, True)
                else:
                    yield (
                        demand_id,
                        [
                            Match(profile=p, demand=demand_id, score=s, explanation=None)
                            for p, s in zip(pids.tolist(), scores.tolist(), strict=True)
                        ],
                    )


_SHARED: MatchIndex | None = None


def _worker_chunk(args):
    rows, k = args
    result = _SHARED._batch_chunk(rows, k)
    # the parent does not need the row numbers of a worker's copy; keep them (same layout)
    return result


def _parallel_chunks(index: MatchIndex, chunks, k: int, workers: int):
    global _SHARED
    _SHARED = index
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_worker_chunk, [(c, k) for c in chunks])
    _SHARED = None


# --- converting objects to arrays ------------------------------------------------------------


def profiles_to_arrays(profiles: Iterable[Profile]) -> ProfileArrays:
    ids: list[int] = []
    indptr = [0]
    skills: list[int] = []
    levels: list[int] = []
    minh, maxh, disc = [], [], []
    m_indptr, munis, s_indptr, sectors = [0], [], [0], []
    for p in profiles:
        held = check_profile_skills(p)
        for name in ("min_hours", "max_hours"):
            v = getattr(p, name)
            if v is not None and not 0 <= v <= 168:
                raise ValueError(f"profile {p.id}: {name} must be 0..168, not {v!r}")
        ids.append(p.id)
        skills.extend(held.keys())
        levels.extend(held.values())
        indptr.append(len(skills))
        minh.append(NONE if p.min_hours is None else p.min_hours)
        maxh.append(NONE if p.max_hours is None else p.max_hours)
        disc.append(bool(p.discoverable))
        munis.extend(sorted(p.municipalities))
        m_indptr.append(len(munis))
        sectors.extend(sorted(p.sectors))
        s_indptr.append(len(sectors))
    return ProfileArrays(
        ids=np.array(ids, dtype=np.int64),
        indptr=np.array(indptr, dtype=np.int64),
        skills=np.array(skills, dtype=np.int64),
        levels=np.array(levels, dtype=np.int8),
        min_hours=np.array(minh, dtype=np.int16),
        max_hours=np.array(maxh, dtype=np.int16),
        discoverable=np.array(disc, dtype=bool),
        muni_indptr=np.array(m_indptr, dtype=np.int64),
        munis=np.array(munis, dtype=np.int64),
        sector_indptr=np.array(s_indptr, dtype=np.int64),
        sectors=np.array(sectors, dtype=np.int64),
    )


def demands_to_arrays(demands: Iterable[Demand]) -> DemandArrays:
    ids, indptr, skills, levels, must = [], [0], [], [], []
    muni, hours, sector, occ = [], [], [], []
    for d in demands:
        reqs = normalize_requirements(d.requirements, f"demand {d.id}")
        if d.hours is not None and not 0 <= d.hours <= 168:
            raise ValueError(f"demand {d.id}: hours must be 0..168, not {d.hours!r}")
        ids.append(d.id)
        for s, lv, m in reqs:
            skills.append(s)
            levels.append(lv)
            must.append(m)
        indptr.append(len(skills))
        muni.append(NONE if d.municipality is None else d.municipality)
        hours.append(NONE if d.hours is None else d.hours)
        sector.append(NONE if d.sector is None else d.sector)
        occ.append(NONE if d.occupation is None else d.occupation)
    return DemandArrays(
        ids=np.array(ids, dtype=np.int64),
        indptr=np.array(indptr, dtype=np.int64),
        skills=np.array(skills, dtype=np.int64),
        levels=np.array(levels, dtype=np.int8),
        must=np.array(must, dtype=bool),
        municipality=np.array(muni, dtype=np.int64),
        hours=np.array(hours, dtype=np.int16),
        sector=np.array(sector, dtype=np.int64),
        occupation=np.array(occ, dtype=np.int64),
    )
