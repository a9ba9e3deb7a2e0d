"""Benchmark: skills matching at regional scale, with a relational baseline in the same run.

Generates a synthetic but realistic population from the ESCO occupation profiles in
../shared/data/esco (occupations drawn with a Zipf-like frequency; each passport holds most
of its occupation's essential skills, some optional and transversal ones, with levels;
each vacancy asks about 12 must-have skills of its occupation and a few nice-to-haves),
then measures the engine (src/economie071/skills/engine):

- building the index from scratch;
- one vacancy -> top 20 of all passports, with explanations (p50/p95);
- one passport -> top 20 of all vacancies, with explanations (p50/p95);
- all vacancies -> their top 50 candidates in one batch (2 worker processes);
- peak memory (max RSS) of the benchmark process and of the batch workers;
- a plain scipy CSR sparse product (no levels, filters or explanations) for reference;
- the relational approach (passport skills joined to vacancy skills, GROUP BY) with the
  same scoring rule in SQLite and PostgreSQL at 100,000 passports, checked to give exactly
  the same top 20 as the engine (the run fails when they differ).

    .venv/bin/python bench/skills_matching.py [--profiles 1000000] [--demands 200000]
    .venv/bin/python bench/skills_matching.py --quick      # a small smoke run

Writes bench/results/skills_matching.json (not with --quick unless --save is given).
The synthetic population is example data, not a description of the region.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import platform
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from economie071.skills.engine import (  # noqa: E402
    Demand,
    DemandArrays,
    MatchIndex,
    ProfileArrays,
    Relation,
    Requirement,
    Taxonomy,
)

ESCO_DIR = ROOT.parent / "shared" / "data" / "esco" / "en"
PG_DSN = "postgresql://postgres@127.0.0.1:5432/test"
TARGETS = {
    "build_s": 60.0,
    "demand_top20_p95_ms": 10.0,
    "profile_top20_p95_ms": 5.0,
    "batch_s": 15 * 60.0,
    "peak_rss_mb": 3 * 1024.0,
}
MUNICIPALITIES = list(range(1, 11))  # 1..6: the region's six, 7..10: neighbours (example)
SAME_GROUP_MAX = 20  # same-group partial credit only within skill groups this small


def log(msg: str) -> None:
    print(msg, flush=True)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


RSS_STEPS: dict[str, float] = {}


def rss_step(name: str) -> None:
    RSS_STEPS[name] = round(rss_mb(), 1)


# --- taxonomy ---------------------------------------------------------------------------------


class World:
    """Skills (ints 1..S), occupations with essential/optional skills and a sector."""

    def __init__(self, n_skills, essential, optional, sector, transversal, relations, source):
        self.n_skills = n_skills
        self.essential = essential  # list of int32 arrays
        self.optional = optional
        self.sector = np.asarray(sector, dtype=np.int64)
        self.transversal = np.asarray(transversal, dtype=np.int64)
        self.relations = relations
        self.source = source


def load_esco(path: Path) -> World:
    def rows(name):
        with open(path / name, newline="", encoding="utf-8") as f:
            yield from csv.DictReader(f)

    occ_skills: dict[str, tuple[list, list]] = {}
    uris: set[str] = set()
    for r in rows("occupationSkillRelations_en.csv"):
        ess, opt = occ_skills.setdefault(r["occupationUri"], ([], []))
        (ess if r["relationType"] == "essential" else opt).append(r["skillUri"])
        uris.add(r["skillUri"])
    transversal_uris = [r["conceptUri"] for r in rows("transversalSkillsCollection_en.csv")]
    uris.update(transversal_uris)
    broader = []
    group_members: dict[str, list[str]] = {}
    for r in rows("broaderRelationsSkillPillar_en.csv"):
        if r["conceptType"] != "KnowledgeSkillCompetence":
            continue
        if r["broaderType"] == "KnowledgeSkillCompetence":
            broader.append((r["conceptUri"], r["broaderUri"]))
        elif r["broaderType"] == "SkillGroup":
            group_members.setdefault(r["broaderUri"], []).append(r["conceptUri"])
    related = [
        (r["originalSkillUri"], r["relatedSkillUri"]) for r in rows("skillSkillRelations_en.csv")
    ]
    for a, b in broader + related:
        uris.update((a, b))
    for members in group_members.values():
        if len(members) <= SAME_GROUP_MAX:
            uris.update(members)
    sid = {u: i + 1 for i, u in enumerate(sorted(uris))}
    isco = {r["conceptUri"]: r["iscoGroup"] for r in rows("occupations_en.csv")}
    essential, optional, sector = [], [], []
    for occ in sorted(occ_skills):
        ess, opt = occ_skills[occ]
        if not ess:
            continue
        e = sorted({sid[u] for u in ess})
        o = sorted({sid[u] for u in opt} - set(e))
        essential.append(np.array(e, dtype=np.int32))
        optional.append(np.array(o, dtype=np.int32))
        group = (isco.get(occ) or "9")[:1]
        sector.append(int(group) if group.isdigit() and group != "0" else 10)
    relations = {}
    for a, b in broader:
        if a != b:
            relations[(sid[a], sid[b])] = Relation(sid[a], sid[b], "broader", 0.5)
    for a, b in related:
        if a != b and (sid[a], sid[b]) not in relations and (sid[b], sid[a]) not in relations:
            relations[(sid[a], sid[b])] = Relation(sid[a], sid[b], "related", 0.4)
    for members in group_members.values():
        if len(members) > SAME_GROUP_MAX:
            continue
        ids = sorted(sid[m] for m in members)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if (a, b) not in relations and (b, a) not in relations:
                    relations[(a, b)] = Relation(a, b, "same_group", 0.25)
    transversal = sorted({sid[u] for u in transversal_uris})
    return World(
        len(sid),
        essential,
        optional,
        sector,
        transversal,
        list(relations.values()),
        f"ESCO v1.2 ({path})",
    )


def generated_world(seed: int = 7) -> World:
    """A generated taxonomy (used when the ESCO folder is missing)."""
    rng = np.random.default_rng(seed)
    n_skills, n_groups = 6000, 400
    group_of = rng.integers(0, n_groups, n_skills)
    members = [np.flatnonzero(group_of == g) + 1 for g in range(n_groups)]
    essential, optional, sector = [], [], []
    for _ in range(1500):
        gs = rng.choice(n_groups, 4, replace=False)
        pool = np.unique(np.concatenate([members[g] for g in gs]))
        e = np.sort(rng.choice(pool, min(len(pool), int(rng.integers(10, 30))), replace=False))
        rest = np.setdiff1d(np.arange(1, n_skills + 1), e)
        o = np.sort(rng.choice(rest, 20, replace=False))
        essential.append(e.astype(np.int32))
        optional.append(o.astype(np.int32))
        sector.append(int(rng.integers(1, 11)))
    relations = []
    for g in range(n_groups):
        m = members[g][:SAME_GROUP_MAX]
        for i, a in enumerate(m.tolist()):
            for b in m[i + 1 :].tolist():
                relations.append(Relation(a, b, "same_group", 0.25))
    transversal = np.arange(n_skills - 100, n_skills + 1)
    return World(n_skills, essential, optional, sector, transversal, relations, "generated")


# --- population -------------------------------------------------------------------------------


def zipf_probs(n: int, rng, s: float = 1.0) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** s
    p = p[rng.permutation(n)]
    return p / p.sum()


def _csr_small(rng, n, choices, counts_p):
    counts = rng.choice(len(counts_p), n, p=counts_p)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    values = rng.choice(choices, int(indptr[-1]))
    return indptr, values.astype(np.int64)


def generate_profiles(world: World, n: int, rng, occ_p) -> tuple[ProfileArrays, np.ndarray]:
    occ = rng.choice(len(world.essential), n, p=occ_p)
    order = np.argsort(occ, kind="stable")
    occ_sorted = occ[order]
    bounds = np.searchsorted(occ_sorted, np.arange(len(world.essential) + 1))
    trans = world.transversal
    trans_p = zipf_probs(len(trans), rng, 0.8)
    lv = np.array([1, 2, 3, 4], dtype=np.int8)
    parts_row, parts_skill, parts_level = [], [], []
    row0 = 0
    for o in range(len(world.essential)):
        c = int(bounds[o + 1] - bounds[o])
        if c == 0:
            continue
        e, opt = world.essential[o], world.optional[o]
        r, j = np.nonzero(rng.random((c, len(e))) < 0.8)
        parts_row.append(r + row0)
        parts_skill.append(e[j])
        parts_level.append(rng.choice(lv, len(r), p=[0.1, 0.3, 0.4, 0.2]))
        if len(opt):
            r, j = np.nonzero(rng.random((c, len(opt))) < min(0.15, 3.0 / len(opt)))
            parts_row.append(r + row0)
            parts_skill.append(opt[j])
            parts_level.append(rng.choice(lv, len(r), p=[0.3, 0.4, 0.2, 0.1]))
        nt = rng.choice(4, c, p=[0.25, 0.35, 0.25, 0.15])
        r = np.repeat(np.arange(c), nt)
        t = rng.choice(trans, len(r), p=trans_p)
        own = np.isin(t, e) | np.isin(t, opt)
        # the same transversal skill twice in one row: keep the first
        key = r.astype(np.int64) * (world.n_skills + 1) + t
        _, first = np.unique(key, return_index=True)
        keep = np.zeros(len(r), dtype=bool)
        keep[first] = True
        keep &= ~own
        parts_row.append(r[keep] + row0)
        parts_skill.append(t[keep].astype(np.int32))
        parts_level.append(rng.choice(lv, int(keep.sum()), p=[0.2, 0.4, 0.3, 0.1]))
        row0 += c
    rows = np.concatenate(parts_row)
    skills = np.concatenate(parts_skill).astype(np.int32)
    levels = np.concatenate(parts_level).astype(np.int8)
    del parts_row, parts_skill, parts_level
    srt = np.argsort(rows, kind="stable")
    skills, levels = skills[srt], levels[srt]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    del rows, srt
    ids = rng.permutation(n).astype(np.int64) + 1  # ids not correlated with occupation
    m_indptr, munis = _csr_small(rng, n, MUNICIPALITIES, [0.55, 0.25, 0.12, 0.08])
    sec_count = (rng.random(n) < 0.25).astype(np.int64)
    s_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sec_count, out=s_indptr[1:])
    sectors = world.sector[occ_sorted][sec_count.astype(bool)]
    has_min = rng.random(n) < 0.5
    min_h = np.where(has_min, rng.choice([8, 16, 24, 32], n), -1)
    has_max = rng.random(n) < 0.5
    max_h = np.where(has_max, np.maximum(min_h, 0) + rng.choice([8, 16, 24], n), -1)
    max_h = np.where(has_max & ~has_min, rng.choice([24, 32, 40], n), max_h)
    arrays = ProfileArrays(
        ids=ids,
        indptr=indptr,
        skills=skills,
        levels=levels,
        min_hours=min_h.astype(np.int16),
        max_hours=max_h.astype(np.int16),
        discoverable=rng.random(n) < 0.9,
        muni_indptr=m_indptr,
        munis=munis,
        sector_indptr=s_indptr,
        sectors=sectors,
    )
    return arrays, occ_sorted


def generate_demands(world: World, n: int, rng, occ_p) -> DemandArrays:
    occ = np.sort(rng.choice(len(world.essential), n, p=occ_p))
    bounds = np.searchsorted(occ, np.arange(len(world.essential) + 1))
    lv = np.array([1, 2, 3, 4], dtype=np.int8)
    parts_row, parts_skill, parts_level, parts_must = [], [], [], []
    for o in range(len(world.essential)):
        c = int(bounds[o + 1] - bounds[o])
        if c == 0:
            continue
        e, opt = world.essential[o], world.optional[o]
        pool = np.concatenate((e, opt))
        n_must = np.clip(np.rint(rng.normal(12, 2, c)), 6, 16).astype(np.int64)
        n_must = np.minimum(n_must, len(pool))
        # essential skills first (in random order), then optional ones
        keys = np.concatenate((rng.random((c, len(e))), 1 + rng.random((c, len(opt)))), axis=1)
        perm = np.argsort(keys, axis=1)
        col = np.arange(len(pool))
        must_mask = col[None, :] < n_must[:, None]
        n_nice = rng.integers(2, 5, c)
        nice_mask = (col[None, :] >= n_must[:, None]) & (col[None, :] < (n_must + n_nice)[:, None])
        for mask, is_must, p in (
            (must_mask, True, [0.15, 0.4, 0.35, 0.1]),
            (nice_mask, False, [0.4, 0.4, 0.2, 0.0]),
        ):
            r, j = np.nonzero(mask)
            parts_row.append(r + bounds[o])
            parts_skill.append(pool[perm[r, j]])
            parts_level.append(rng.choice(lv, len(r), p=p))
            parts_must.append(np.full(len(r), is_must))
    rows = np.concatenate(parts_row)
    srt = np.argsort(rows, kind="stable")
    skills = np.concatenate(parts_skill)[srt].astype(np.int32)
    levels = np.concatenate(parts_level)[srt]
    must = np.concatenate(parts_must)[srt]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    muni = rng.choice([1, 1, 1, 2, 3, 4, 5, 6, 7, 8], n).astype(np.int64)
    muni[rng.random(n) < 0.1] = -1
    hours = rng.choice([16, 24, 32, 36, 38, 40], n).astype(np.int16)
    hours[rng.random(n) < 0.1] = -1
    sector = np.where(rng.random(n) < 0.6, world.sector[occ], -1)
    return DemandArrays(
        ids=rng.permutation(n).astype(np.int64) + 1,
        indptr=indptr,
        skills=skills,
        levels=levels,
        must=must,
        municipality=muni,
        hours=hours,
        sector=sector,
        occupation=occ.astype(np.int64),
    )


def subset_profiles(pa: ProfileArrays, n: int) -> ProfileArrays:
    end = int(pa.indptr[n])
    return ProfileArrays(
        ids=pa.ids[:n].copy(),
        indptr=pa.indptr[: n + 1].copy(),
        skills=pa.skills[:end].copy(),
        levels=pa.levels[:end].copy(),
        min_hours=pa.min_hours[:n].copy(),
        max_hours=pa.max_hours[:n].copy(),
        discoverable=pa.discoverable[:n].copy(),
        muni_indptr=pa.muni_indptr[: n + 1].copy(),
        munis=pa.munis[: int(pa.muni_indptr[n])].copy(),
        sector_indptr=pa.sector_indptr[: n + 1].copy(),
        sectors=pa.sectors[: int(pa.sector_indptr[n])].copy(),
    )


def demand_object(da: DemandArrays, row: int) -> Demand:
    a, b = int(da.indptr[row]), int(da.indptr[row + 1])

    def opt(col):
        v = int(col[row])
        return None if v < 0 else v

    return Demand(
        id=int(da.ids[row]),
        requirements=tuple(
            Requirement(int(s), int(lv), bool(m))
            for s, lv, m in zip(da.skills[a:b], da.levels[a:b], da.must[a:b], strict=True)
        ),
        municipality=opt(da.municipality),
        hours=opt(da.hours),
        sector=opt(da.sector),
        occupation=opt(da.occupation),
    )


def percentiles(times: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    """Wall-clock percentiles, and those of the CPU time of this thread when given (the
    machine is shared: CPU time shows the work, wall time includes waiting for a core)."""
    arr = np.array(times) * 1000.0
    out = {
        "p50_ms": round(float(np.percentile(arr, 50)), 3),
        "p95_ms": round(float(np.percentile(arr, 95)), 3),
        "max_ms": round(float(arr.max()), 3),
        "n": len(times),
    }
    if cpu is not None:
        c = np.array(cpu) * 1000.0
        out["cpu_p50_ms"] = round(float(np.percentile(c, 50)), 3)
        out["cpu_p95_ms"] = round(float(np.percentile(c, 95)), 3)
    return out


def timed(fn, items):
    """Run fn on every item; (results, wall times, CPU times)."""
    wall, cpu, out = [], [], []
    for item in items:
        c0, t0 = time.thread_time(), time.perf_counter()
        out.append(fn(item))
        wall.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    return out, wall, cpu


def fmt(r: dict) -> str:
    text = f"p50 {r['p50_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms"
    if "cpu_p95_ms" in r:
        text += f" (CPU time: p50 {r['cpu_p50_ms']:.2f} ms, p95 {r['cpu_p95_ms']:.2f} ms)"
    return text


# --- relational baseline ----------------------------------------------------------------------

SQL_TEMPLATE = """
WITH req(skill, lvl, must, w) AS (
  SELECT r.skill, r.lvl, r.must, wt.w * (CASE WHEN r.must = 1 THEN {mw} ELSE {nw} END)
  FROM bench_demand_req r JOIN bench_weight wt ON wt.skill = r.skill WHERE r.did = {p}),
src(rskill, hskill, kappa) AS (
  SELECT skill, skill, 1000 FROM req
  UNION ALL
  SELECT req.skill, rel.held, rel.kappa FROM req JOIN bench_relation rel ON rel.req = req.skill),
cred(pid, rskill, c) AS (
  SELECT ps.pid, src.rskill,
         MAX((src.kappa * {least}(ps.lvl, req.lvl) * 2 + req.lvl) / (2 * req.lvl))
  FROM src JOIN bench_profile_skill ps ON ps.skill = src.hskill
           JOIN req ON req.skill = src.rskill
  GROUP BY ps.pid, src.rskill),
agg(pid, acc, musthit) AS (
  SELECT cred.pid, SUM(req.w * cred.c),
         MAX(CASE WHEN req.must = 1 AND cred.c > 0 THEN 1 ELSE 0 END)
  FROM cred JOIN req ON req.skill = cred.rskill GROUP BY cred.pid)
SELECT agg.pid, {ratio} AS score
FROM agg JOIN bench_profile p ON p.id = agg.pid
         JOIN bench_demand d ON d.id = {p}
WHERE p.discoverable = 1 AND agg.acc > 0
  AND (agg.musthit = 1 OR NOT EXISTS (SELECT 1 FROM req WHERE must = 1))
  AND (d.municipality IS NULL OR p.any_muni = 1 OR EXISTS (
        SELECT 1 FROM bench_profile_muni m WHERE m.pid = p.id AND m.muni = d.municipality))
  AND (d.hours IS NULL OR ((p.min_hours IS NULL OR d.hours >= p.min_hours)
                       AND (p.max_hours IS NULL OR d.hours <= p.max_hours)))
  AND (d.sector IS NULL OR p.any_sector = 1 OR EXISTS (
        SELECT 1 FROM bench_profile_sector s WHERE s.pid = p.id AND s.sector = d.sector))
ORDER BY score DESC, agg.pid ASC
LIMIT {k}
"""

IDF_SQL = "1000.0 * (1.0 + ln((1.0 + n.n) / (1.0 + COALESCE(df.df, 0)))) + 0.5"
WEIGHT_SQL = """
INSERT INTO bench_weight (skill, w)
SELECT s.skill, {weight}
FROM (SELECT DISTINCT skill FROM bench_demand_req) s
CROSS JOIN (SELECT COUNT(*) AS n FROM bench_profile) n
LEFT JOIN (SELECT skill, COUNT(*) AS df FROM bench_profile_skill GROUP BY skill) df
       ON df.skill = s.skill
"""

TABLES = [
    "bench_profile(id BIGINT PRIMARY KEY, discoverable INTEGER, min_hours INTEGER,"
    " max_hours INTEGER, any_muni INTEGER, any_sector INTEGER)",
    "bench_profile_skill(pid BIGINT, skill INTEGER, lvl INTEGER)",
    "bench_profile_muni(pid BIGINT, muni INTEGER)",
    "bench_profile_sector(pid BIGINT, sector INTEGER)",
    "bench_demand(id BIGINT PRIMARY KEY, municipality INTEGER, hours INTEGER, sector INTEGER)",
    "bench_demand_req(did BIGINT, skill INTEGER, lvl INTEGER, must INTEGER)",
    "bench_relation(req INTEGER, held INTEGER, kappa INTEGER)",
    "bench_weight(skill INTEGER PRIMARY KEY, w BIGINT)",
]
INDEXES = [
    "CREATE INDEX bench_ps_skill ON bench_profile_skill(skill, pid, lvl)",
    "CREATE INDEX bench_pm ON bench_profile_muni(pid, muni)",
    "CREATE INDEX bench_psec ON bench_profile_sector(pid, sector)",
    "CREATE INDEX bench_dr ON bench_demand_req(did, skill)",
    "CREATE INDEX bench_rel ON bench_relation(req, held)",
]


def relational_rows(pa: ProfileArrays, demands: list[Demand], taxonomy: Taxonomy):
    n = len(pa.ids)
    pid_of_posting = np.repeat(pa.ids, np.diff(pa.indptr))
    none = lambda v: None if v < 0 else int(v)  # noqa: E731
    profile = [
        (
            int(pa.ids[i]),
            int(pa.discoverable[i]),
            none(pa.min_hours[i]),
            none(pa.max_hours[i]),
            int(pa.muni_indptr[i + 1] == pa.muni_indptr[i]),
            int(pa.sector_indptr[i + 1] == pa.sector_indptr[i]),
        )
        for i in range(n)
    ]
    skills = list(zip(pid_of_posting.tolist(), pa.skills.tolist(), pa.levels.tolist(), strict=True))
    munis = sorted(
        set(
            zip(np.repeat(pa.ids, np.diff(pa.muni_indptr)).tolist(), pa.munis.tolist(), strict=True)
        )
    )
    sectors = sorted(
        set(
            zip(
                np.repeat(pa.ids, np.diff(pa.sector_indptr)).tolist(),
                pa.sectors.tolist(),
                strict=True,
            )
        )
    )
    demand = [(d.id, d.municipality, d.hours, d.sector) for d in demands]
    reqs = [(d.id, r.skill, r.min_level, int(r.must)) for d in demands for r in d.requirements]
    wanted = {r[1] for r in reqs}
    relation = [
        (s, held, kappa) for s in sorted(wanted) for held, _kind, kappa in taxonomy.neighbours(s)
    ]
    return {
        "bench_profile": profile,
        "bench_profile_skill": skills,
        "bench_profile_muni": munis,
        "bench_profile_sector": sectors,
        "bench_demand": demand,
        "bench_demand_req": reqs,
        "bench_relation": relation,
    }


def run_sqlite(data, demands, k, mw, nw):
    with tempfile.TemporaryDirectory() as tmp:
        con = sqlite3.connect(os.path.join(tmp, "bench.sqlite3"))
        t0 = time.perf_counter()
        for t in TABLES:
            con.execute(f"CREATE TABLE {t}")
        for name, rows in data.items():
            if rows:
                marks = ",".join("?" * len(rows[0]))
                con.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)  # noqa: S608
        for ix in INDEXES:
            con.execute(ix)
        con.execute(WEIGHT_SQL.format(weight=f"CAST({IDF_SQL} AS INTEGER)"))  # floor: > 0
        con.execute("ANALYZE")
        con.commit()
        load_s = time.perf_counter() - t0
        sql = SQL_TEMPLATE.format(
            p="?",
            least="MIN",
            ratio="CAST(agg.acc AS REAL) / (10 * (SELECT SUM(w) FROM req))",
            k=k,
            mw=mw,
            nw=nw,
        )
        results, times = {}, []
        for d in demands:
            t0 = time.perf_counter()
            rows = con.execute(sql, (d.id, d.id)).fetchall()
            times.append(time.perf_counter() - t0)
            results[d.id] = [(int(p), float(s)) for p, s in rows]
        con.close()
    return results, times, load_s


def run_postgres(data, demands, k, mw, nw):
    try:
        import psycopg
    except ImportError:
        return None, "psycopg is not installed"
    try:
        con = psycopg.connect(PG_DSN, connect_timeout=3, autocommit=True)
    except Exception as exc:  # noqa: BLE001 - any connection problem means: skip
        return None, f"PostgreSQL unreachable at {PG_DSN}: {exc.__class__.__name__}: {exc}"
    schema = f"bench_skills_{os.getpid()}"
    try:
        con.execute(f"CREATE SCHEMA {schema}")
        con.execute(f"SET search_path TO {schema}")
        t0 = time.perf_counter()
        for t in TABLES:
            con.execute(f"CREATE TABLE {t}")
        with con.cursor() as cur:
            for name, rows in data.items():
                with cur.copy(f"COPY {name} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        for ix in INDEXES:
            con.execute(ix)
        con.execute(WEIGHT_SQL.format(weight=f"floor({IDF_SQL})::bigint"))
        con.execute("ANALYZE")
        load_s = time.perf_counter() - t0
        sql = SQL_TEMPLATE.format(
            p="%(d)s",
            least="LEAST",
            ratio="agg.acc::float8 / (10 * (SELECT SUM(w) FROM req))::float8",
            k=k,
            mw=mw,
            nw=nw,
        )
        results, times = {}, []
        for d in demands:
            t0 = time.perf_counter()
            rows = con.execute(sql, {"d": d.id}).fetchall()
            times.append(time.perf_counter() - t0)
            results[d.id] = [(int(p), float(s)) for p, s in rows]
        return (results, times, load_s), None
    finally:
        con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        con.close()


# --- main -------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profiles", type=int, default=1_000_000)
    ap.add_argument("--demands", type=int, default=200_000)
    ap.add_argument("--baseline-profiles", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=1000, help="timed queries per direction")
    ap.add_argument("--sql-queries", type=int, default=30, help="demands checked against SQL")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-limit", type=int, default=0, help="batch only this many demands")
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    ap.add_argument("--save", action="store_true", help="also save the results of --quick")
    ap.add_argument("--esco", type=Path, default=ESCO_DIR)
    args = ap.parse_args()
    if args.quick:
        args.profiles, args.demands = min(args.profiles, 20_000), min(args.demands, 4_000)
        args.baseline_profiles = min(args.baseline_profiles, 5_000)
        args.queries, args.sql_queries = min(args.queries, 200), min(args.sql_queries, 10)
    results: dict = {
        "benchmark": "skills_matching",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "targets": TARGETS,
        "load_average_at_start": os.getloadavg(),
        "params": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
    }
    rng = np.random.default_rng(args.seed)

    t0 = time.perf_counter()
    if (args.esco / "occupationSkillRelations_en.csv").exists():
        world = load_esco(args.esco)
    else:
        log(f"ESCO folder {args.esco} not found: using a GENERATED taxonomy instead")
        world = generated_world(args.seed)
    taxonomy = Taxonomy(range(1, world.n_skills + 1), world.relations)
    log(
        f"taxonomy: {world.source}; {world.n_skills} skills, {len(world.essential)} occupations,"
        f" {taxonomy.relation_count} directed partial-credit relations"
        f" ({time.perf_counter() - t0:.1f} s)"
    )
    results["taxonomy"] = {
        "source": world.source,
        "skills": world.n_skills,
        "occupations": len(world.essential),
        "relations_directed": taxonomy.relation_count,
        "same_group_max_size": SAME_GROUP_MAX,
    }
    occ_p = zipf_probs(len(world.essential), rng, 1.0)
    t0 = time.perf_counter()
    pa, _ = generate_profiles(world, args.profiles, rng, occ_p)
    da = generate_demands(world, args.demands, rng, occ_p)
    gen_s = time.perf_counter() - t0
    lens = np.diff(pa.indptr)
    must_per = np.bincount(np.repeat(np.arange(args.demands), np.diff(da.indptr)), weights=da.must)
    log(
        f"population (example data): {args.profiles:,} passports (mean {lens.mean():.1f} skills,"
        f" {int((lens == 0).sum())} without skills), {args.demands:,} vacancies (mean"
        f" {must_per.mean():.1f} must-have, {np.diff(da.indptr).mean() - must_per.mean():.1f}"
        f" nice-to-have) generated in {gen_s:.1f} s"
    )
    results["population"] = {
        "profiles": args.profiles,
        "demands": args.demands,
        "profile_skills_mean": round(float(lens.mean()), 2),
        "profile_postings": int(lens.sum()),
        "demand_must_mean": round(float(must_per.mean()), 2),
        "demand_requirements": int(len(da.skills)),
        "generation_s": round(gen_s, 2),
    }

    # --- build ---------------------------------------------------------------------------
    gc.collect()
    t0 = time.perf_counter()
    index = MatchIndex.from_arrays(taxonomy, pa, da)
    build_s = time.perf_counter() - t0
    log(f"index build from scratch: {build_s:.2f} s   (target <= {TARGETS['build_s']:.0f} s)")
    results["build_s"] = round(build_s, 3)
    rss_step("after build")
    results["index"] = index.stats()

    # --- demand -> top 20 --------------------------------------------------------------------
    qrng = np.random.default_rng(args.seed + 1)
    d_rows = qrng.choice(args.demands, min(args.queries, args.demands), replace=False)
    d_ids = da.ids[d_rows].tolist()
    for did in d_ids[:20]:
        index.top_candidates(did, k=20)
    out, wall, cpu = timed(lambda did, ix=index: ix.top_candidates(did, 20, True), d_ids)
    r = percentiles(wall, cpu)
    r["mean_results"] = round(sum(map(len, out)) / len(d_ids), 2)
    results["demand_top20"] = r
    log(
        f"vacancy -> top 20 of {args.profiles:,} passports, with explanations: {fmt(r)}"
        f" (target p95 <= 10 ms; {r['n']} vacancies, {r['mean_results']} results each)"
    )

    rss_step("after vacancy queries")
    # --- scipy reference -----------------------------------------------------------------------
    # plain: the passports x skills matrix times the vacancy's weight vector (all 1,000,000
    # passports scored, no levels, filters or explanations), then the top 20 by argpartition
    nrows = index._p_ids.n
    p_indptr = np.append(index._p_start.v, index._p_end.v[-1] if nrows else 0)
    pm = sp.csr_matrix(
        (index._f_level.v.astype(np.float32), index._f_skill.v, p_indptr),
        shape=(nrows, index._skill_ids.n),
    )
    wv = index._weights().astype(np.float32)

    def plain(did, index=index, pm=pm):
        reqs, _, _ = index._demand_reqs(did)
        q = np.zeros(pm.shape[1], dtype=np.float32)
        for d, _, m in reqs:
            q[d] = wv[d] * (5.0 if m else 2.0)
        scores = pm @ q
        return np.argpartition(-scores, 19)[:20].copy()  # a copy: do not keep 1M-long arrays

    _, wall, cpu = timed(plain, d_ids)
    r = percentiles(wall, cpu)
    results["scipy_csr_reference"] = r
    pt = pm.T.tocsr()  # skills x passports: an inverted index
    del pm
    rss_step("after plain scipy reference")
    log(
        f"reference: plain scipy CSR product over all passports (no levels, filters,"
        f" explanations): {fmt(r)}"
    )

    def inverted(did, index=index, pt=pt):
        reqs, _, _ = index._demand_reqs(did)
        cols = np.array([d for d, _, _ in reqs])
        vals = np.array([wv[d] * (5.0 if m else 2.0) for d, _, m in reqs], dtype=np.float32)
        q = sp.csr_matrix((vals, cols, [0, len(cols)]), shape=(1, pt.shape[0]))
        res = q @ pt
        top = np.argpartition(-res.data, 19)[:20] if res.nnz > 20 else np.arange(res.nnz)
        return res.indices[top].copy()

    _, wall, cpu = timed(inverted, d_ids)
    r = percentiles(wall, cpu)
    results["scipy_inverted_reference"] = r
    del pt
    rss_step("after inverted scipy reference")
    log(
        f"reference: scipy sparse row x inverted index (only passports sharing a skill; no"
        f" levels, filters, explanations): {fmt(r)}"
    )
    ratio = results["scipy_csr_reference"]["p95_ms"] / results["demand_top20"]["p95_ms"]
    results["engine_vs_plain_scipy_p95_ratio"] = round(ratio, 2)
    log(f"  the engine's p95 is {ratio:.2f}x that of the plain sparse product (higher = faster)")

    # --- profile -> top 20 ---------------------------------------------------------------------
    p_rows = qrng.choice(args.profiles, min(args.queries, args.profiles), replace=False)
    p_ids = pa.ids[p_rows].tolist()
    for pid in p_ids[:20]:
        index.top_demands(pid, k=20)
    out, wall, cpu = timed(lambda pid, ix=index: ix.top_demands(pid, 20, True), p_ids)
    r = percentiles(wall, cpu)
    r["mean_results"] = round(sum(map(len, out)) / len(p_ids), 2)
    results["profile_top20"] = r
    log(
        f"passport -> top 20 of {args.demands:,} vacancies, with explanations: {fmt(r)}"
        f" (target p95 <= 5 ms; {r['n']} passports, {r['mean_results']} results each)"
    )

    rss_step("after passport queries")
    # --- incremental updates -------------------------------------------------------------------
    from economie071.skills.engine import Profile

    times = []
    urng = np.random.default_rng(args.seed + 2)
    for i in range(200):
        row = int(urng.integers(0, args.profiles))
        a, b = int(pa.indptr[row]), int(pa.indptr[row + 1])
        skills = dict(zip(pa.skills[a:b].tolist(), pa.levels[a:b].tolist(), strict=True))
        extra = int(urng.integers(1, world.n_skills + 1))
        skills.setdefault(extra, 2)
        t0 = time.perf_counter()
        index.upsert_profile(Profile(id=int(pa.ids[row]), skills=skills))
        if i % 2:
            index.top_candidates(d_ids[i % len(d_ids)], k=20)
        times.append(time.perf_counter() - t0)
    r = percentiles(times)
    results["upsert_profile_then_query"] = r
    log(
        f"upsert a passport (+ a query every other time, which sees it): p50 {r['p50_ms']:.2f} ms,"
        f" p95 {r['p95_ms']:.2f} ms"
    )

    rss_step("after updates")
    # --- batch ---------------------------------------------------------------------------------
    n_batch = args.demands if not args.batch_limit else min(args.batch_limit, args.demands)
    ids = None if n_batch == args.demands else da.ids[:n_batch].tolist()
    t0 = time.perf_counter()
    count, checksum = 0, 0
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for did, matches in index.batch_top_candidates(k=50, demand_ids=ids, workers=args.workers):
        count += len(matches)
        if matches:
            checksum = (checksum * 31 + did * 7 + matches[0].profile) % 1_000_000_007
    batch_s = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    children_mb = c1.ru_maxrss / 1024.0
    worker_cpu = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
    results["batch"] = {
        "demands": n_batch,
        "k": 50,
        "workers": args.workers,
        "seconds": round(batch_s, 2),
        "extrapolated": n_batch != args.demands,
        "seconds_for_all_extrapolated": round(batch_s * args.demands / n_batch, 1),
        "matches": count,
        "worker_peak_rss_mb": round(children_mb, 1),
        "worker_cpu_s": round(worker_cpu, 1),
    }
    note = "" if n_batch == args.demands else " (EXTRAPOLATED from a sample)"
    log(
        f"batch: {n_batch:,} vacancies -> top 50 with {args.workers} workers: {batch_s:.1f} s;"
        f" all {args.demands:,}: {batch_s * args.demands / n_batch:.1f} s{note}"
        f" (target <= 900 s); {count:,} matches; workers used {worker_cpu:.0f} s of CPU"
    )

    rss_step("after batch")
    # --- relational baseline at 100k ---------------------------------------------------------
    nb = min(args.baseline_profiles, args.profiles)
    sub = subset_profiles(pa, nb)
    brng = np.random.default_rng(args.seed + 3)
    sample_rows = brng.choice(args.demands, min(args.sql_queries, args.demands), replace=False)
    sample = [demand_object(da, int(r)) for r in sample_rows]
    del index
    gc.collect()
    small = MatchIndex.from_arrays(taxonomy, sub, None)
    for d in sample[:5]:
        small.top_candidates(d, k=20)
    out, wall, cpu = timed(lambda d: small.top_candidates(d, k=20), sample)
    engine_top = {
        d.id: [(m.profile, m.score) for m in ms] for d, ms in zip(sample, out, strict=True)
    }
    eng = percentiles(wall, cpu)
    results["baseline"] = {"profiles": nb, "demands_checked": len(sample), "engine": eng}
    log(
        f"baseline set: {nb:,} passports, {len(sample)} vacancies; engine p50 {eng['p50_ms']:.2f}"
        f" ms, p95 {eng['p95_ms']:.2f} ms"
    )
    data = relational_rows(sub, sample, taxonomy)
    mw, nw = small.config.must_weight, small.config.nice_weight
    failures = []

    def compare(name, got):
        bad = [d for d in engine_top if engine_top[d] != got.get(d)]
        if bad:
            d = bad[0]
            failures.append(name)
            log(f"  CHECK FAILED ({name}): {len(bad)} of {len(engine_top)} vacancies differ;")
            log(f"    vacancy {d}: engine {engine_top[d][:5]}")
            log(f"    vacancy {d}: {name:8} {got.get(d, [])[:5]}")
        else:
            log(f"  check: {name} top 20 == engine top 20 for all {len(engine_top)} vacancies: OK")
        return not bad

    got, times, load_s = run_sqlite(data, sample, 20, mw, nw)
    r = percentiles(times)
    r["load_s"] = round(load_s, 2)
    r["identical"] = compare("sqlite", got)
    r["ratio_p50"] = round(r["p50_ms"] / eng["p50_ms"], 1)
    results["baseline"]["sqlite"] = r
    log(
        f"SQLite GROUP BY, same rule: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms"
        f" -> engine is {r['ratio_p50']:.0f}x faster (p50)"
    )
    pg, why = run_postgres(data, sample, 20, mw, nw)
    if pg is None:
        log(f"PostgreSQL skipped: {why}")
        results["baseline"]["postgresql"] = {"skipped": why}
    else:
        got, times, load_s = pg
        r = percentiles(times)
        r["load_s"] = round(load_s, 2)
        r["identical"] = compare("postgres", got)
        r["ratio_p50"] = round(r["p50_ms"] / eng["p50_ms"], 1)
        results["baseline"]["postgresql"] = r
        log(
            f"PostgreSQL GROUP BY, same rule: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms"
            f" -> engine is {r['ratio_p50']:.0f}x faster (p50)"
        )

    results["load_average_at_end"] = os.getloadavg()
    log(
        f"load average (1, 5, 15 min) at start {results['load_average_at_start']}, at end"
        f" {results['load_average_at_end']} on {os.cpu_count()} cores: other work shares the"
        " machine, so wall-clock times include waiting for a core"
    )
    peak = rss_mb()
    rss_step("end")
    results["peak_rss_mb"] = round(peak, 1)
    results["max_rss_mb_by_step"] = RSS_STEPS
    log("max RSS by step (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in RSS_STEPS.items()))
    log(
        f"peak memory (max RSS) of the benchmark process: {peak:.0f} MB (target <= 3072 MB);"
        f" batch workers: {results['batch']['worker_peak_rss_mb']:.0f} MB each at most"
        " (mostly pages shared with the parent)"
    )
    checks = {
        "build": build_s <= TARGETS["build_s"],
        "demand_top20_p95": results["demand_top20"]["p95_ms"] <= TARGETS["demand_top20_p95_ms"],
        "profile_top20_p95": results["profile_top20"]["p95_ms"] <= TARGETS["profile_top20_p95_ms"],
        "batch": results["batch"]["seconds_for_all_extrapolated"] <= TARGETS["batch_s"],
        "peak_rss": peak <= TARGETS["peak_rss_mb"],
        "baseline_identical": not failures,
    }
    results["targets_met"] = checks
    log("targets: " + ", ".join(f"{k} {'OK' if v else 'MISSED'}" for k, v in checks.items()))
    if not args.quick or args.save:
        out = HERE / "results" / "skills_matching.json"
        out.write_text(json.dumps(results, indent=2) + "\n")
        log(f"written {out.relative_to(ROOT)}")
    if failures:
        log("FAILED: the engine and the relational baseline disagree")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
