"""MatchIndex: top-k equals brute force, updates equal a fresh build, erasure, batch."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from economie071.skills.engine import (
    Demand,
    MatchIndex,
    Profile,
    Requirement,
    ScoringConfig,
    demands_to_arrays,
    profiles_to_arrays,
    score_pair,
    weights_from_profiles,
)
from tests.skills.engine.conftest import make_demands, make_profiles, make_taxonomy


def brute_candidates(profiles, demand, taxonomy, k, config=None):
    w = weights_from_profiles(profiles, config)
    found = [
        m
        for p in profiles
        if p.discoverable and (m := score_pair(p, demand, taxonomy, w, config, explain=False))
    ]
    found.sort(key=lambda m: (-m.score, m.profile))
    return [(m.profile, m.score) for m in found[:k]]


def brute_demands(profiles, demands, profile, taxonomy, k, config=None):
    w = weights_from_profiles(profiles, config)
    found = [
        m for d in demands if (m := score_pair(profile, d, taxonomy, w, config, explain=False))
    ]
    found.sort(key=lambda m: (-m.score, m.demand))
    return [(m.demand, m.score) for m in found[:k]]


def pairs(matches):
    return [(m.profile, m.score) for m in matches]


def dpairs(matches):
    return [(m.demand, m.score) for m in matches]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_top_k_equals_brute_force_both_ways(seed):
    rng = random.Random(seed)
    taxonomy = make_taxonomy(rng)
    profiles = make_profiles(rng, 400)
    demands = make_demands(rng, 80)
    index = MatchIndex(taxonomy)
    index.bulk_load(profiles, demands)
    for k in (1, 5, 20):
        for d in demands[:40]:
            assert pairs(index.top_candidates(d.id, k, explain=False)) == brute_candidates(
                profiles, d, taxonomy, k
            )
        for p in profiles[:60]:
            assert dpairs(index.top_demands(p.id, k, explain=False)) == brute_demands(
                profiles, demands, p, taxonomy, k
            )


@pytest.mark.parametrize("small_blocks", [False, True])
def test_top_k_equals_brute_force_where_pruning_applies(small_blocks):
    """Many strong candidates: the k-th best direct score lets the index skip most rows.
    With small blocks the work is split into many pieces (as for very long lists)."""
    rng = random.Random(9)
    taxonomy = make_taxonomy(rng, n_skills=30, n_relations=40)
    core = list(range(1, 9))
    profiles = []
    for i in range(1, 1501):
        skills = {s: rng.randint(2, 4) for s in core if rng.random() < 0.8}
        skills.update({s: rng.randint(1, 4) for s in rng.sample(range(9, 31), 3)})
        profiles.append(Profile(id=i, skills=skills, discoverable=rng.random() < 0.9))
    demands = [
        Demand(
            id=5000 + j,
            requirements=tuple(Requirement(s, rng.randint(1, 4), True) for s in core[:6])
            + (Requirement(rng.randint(9, 30), 2, False),),
            hours=rng.choice([None, 20]),
        )
        for j in range(30)
    ]
    index = MatchIndex(taxonomy)
    if small_blocks:
        index.rescore_block, index.full_block = 5, 3
    index.bulk_load(profiles, demands)
    for d in demands:
        for k in (3, 20):
            assert pairs(index.top_candidates(d.id, k)) == brute_candidates(
                profiles, d, taxonomy, k
            )
    for p in profiles[:50]:
        assert dpairs(index.top_demands(p.id, 5)) == brute_demands(
            profiles, demands, p, taxonomy, 5
        )


def test_explanations_from_the_index_equal_the_pair_rule(rng):
    taxonomy = make_taxonomy(rng)
    profiles = make_profiles(rng, 200)
    demands = make_demands(rng, 30)
    index = MatchIndex(taxonomy)
    index.bulk_load(profiles, demands)
    by_id = {p.id: p for p in profiles}
    for d in demands:
        for m in index.top_candidates(d.id, 10):
            ref = index.score(by_id[m.profile], d)
            assert ref.score == m.score
            assert ref.explanation == m.explanation
    for p in profiles[:40]:
        for m in index.top_demands(p.id, 10):
            ref = index.score(p, next(d for d in demands if d.id == m.demand))
            assert ref.score == m.score and ref.explanation == m.explanation


def test_only_discoverable_profiles_are_candidates_but_everyone_sees_demands():
    from economie071.skills.engine import Taxonomy

    index = MatchIndex(Taxonomy([1, 2]))
    hidden = Profile(id=1, skills={1: 3}, discoverable=False)
    index.bulk_load([hidden, Profile(id=2, skills={2: 1})], [Demand(10, (Requirement(1),))])
    assert index.top_candidates(10) == []
    assert [m.demand for m in index.top_demands(1)] == [10]


def test_ties_are_broken_by_id_and_stable():
    from economie071.skills.engine import Taxonomy

    index = MatchIndex(Taxonomy([1, 2]))
    index.bulk_load(
        [Profile(id=i, skills={1: 2}) for i in (9, 3, 7, 5)],
        [Demand(i, (Requirement(1, 2),)) for i in (40, 20, 30)],
    )
    assert [m.profile for m in index.top_candidates(20, k=3)] == [3, 5, 7]
    assert [m.demand for m in index.top_demands(9)] == [20, 30, 40]
    assert [m.profile for m in index.top_candidates(20, k=3)] == [3, 5, 7]


def test_empty_profile_and_unknown_ids():
    from economie071.skills.engine import Taxonomy

    index = MatchIndex(Taxonomy([1]))
    index.bulk_load([Profile(id=1, skills={})], [Demand(5, (Requirement(1, 1, False),))])
    assert index.top_demands(1) == []
    assert index.top_candidates(5) == []
    with pytest.raises(KeyError):
        index.top_candidates(6)
    with pytest.raises(KeyError):
        index.top_demands(2)
    index.remove_profile(99)  # unknown: nothing happens


def snapshot(index, profiles, demands, k=7):
    return (
        {d.id: pairs(index.top_candidates(d, k)) for d in demands},
        {p.id: dpairs(index.top_demands(p, k)) for p in profiles},
    )


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), ops=st.integers(5, 60), delta_limit=st.sampled_from([3, 50]))
def test_incremental_updates_equal_a_fresh_build(seed, ops, delta_limit):
    rng = random.Random(seed)
    taxonomy = make_taxonomy(rng, n_skills=25, n_relations=15)
    profiles = {p.id: p for p in make_profiles(rng, 60, n_skills=25)}
    demands = {d.id: d for d in make_demands(rng, 15, n_skills=25)}
    index = MatchIndex(taxonomy)
    index.delta_limit = delta_limit  # small: compaction happens during the test too
    index.bulk_load(profiles.values(), demands.values())
    next_p, next_d = 500, 5000
    for _ in range(ops):
        action = rng.random()
        if action < 0.35:
            p = make_profiles(rng, 1, n_skills=25, start=rng.choice([next_p, *profiles]))[0]
            next_p += 1
            profiles[p.id] = p
            index.upsert_profile(p)
        elif action < 0.55 and profiles:
            pid = rng.choice(sorted(profiles))
            del profiles[pid]
            index.remove_profile(pid)
        elif action < 0.8:
            d = make_demands(rng, 1, n_skills=25, start=rng.choice([next_d, *demands]))[0]
            next_d += 1
            demands[d.id] = d
            index.upsert_demand(d)
        elif demands:
            did = rng.choice(sorted(demands))
            del demands[did]
            index.remove_demand(did)
    fresh = MatchIndex(taxonomy)
    fresh.bulk_load(profiles.values(), demands.values())
    probe_profiles = list(profiles.values())[:20] + make_profiles(rng, 3, 25, start=9000)
    probe_demands = list(demands.values()) + make_demands(rng, 3, 25, start=90000)
    assert snapshot(index, probe_profiles, probe_demands) == snapshot(
        fresh, probe_profiles, probe_demands
    )
    assert sorted(index.profile_ids().tolist()) == sorted(profiles)
    assert sorted(index.demand_ids().tolist()) == sorted(demands)
    for d in list(demands.values())[:5]:
        assert pairs(index.top_candidates(d.id, 7)) == brute_candidates(
            list(profiles.values()), d, taxonomy, 7
        )


def test_a_removed_profile_is_really_gone(rng):
    taxonomy = make_taxonomy(rng)
    profiles = make_profiles(rng, 100)
    demands = make_demands(rng, 20)
    index = MatchIndex(taxonomy)
    index.bulk_load(profiles, demands)
    target = next(m.profile for d in demands for m in index.top_candidates(d.id, 1) if m.profile)
    index.remove_profile(target)
    assert not index.has_profile(target)
    for d in demands:
        assert target not in [m.profile for m in index.top_candidates(d.id, 100)]
        assert target not in [m.profile for m, _ in [(m, 0) for m in index.top_candidates(d, 100)]]
    with pytest.raises(KeyError):
        index.top_demands(target)
    # its levels are wiped from the arrays too, not only hidden
    assert not index._f_level.v[index._f_skill.v < 0].any()


def test_an_upsert_is_visible_in_the_next_query():
    from economie071.skills.engine import Taxonomy

    index = MatchIndex(Taxonomy([1, 2, 3]))
    index.bulk_load([Profile(id=1, skills={1: 1})], [Demand(7, (Requirement(2, 2),))])
    assert index.top_candidates(7) == []
    index.upsert_profile(Profile(id=1, skills={2: 2}))
    assert [m.profile for m in index.top_candidates(7)] == [1]
    index.upsert_demand(Demand(7, (Requirement(3, 2),)))
    assert index.top_candidates(7) == []
    index.upsert_profile(Profile(id=2, skills={5: 3}))  # a skill the taxonomy lacks
    index.upsert_demand(Demand(8, (Requirement(5, 1),)))
    assert [m.profile for m in index.top_candidates(8)] == [2]


def test_idf_follows_the_pool(rng):
    from economie071.skills.engine import Taxonomy

    index = MatchIndex(Taxonomy([1, 2]))
    index.bulk_load([Profile(id=i, skills={1: 1}) for i in range(10)], [])
    rare, common = index.weight_of(2), index.weight_of(1)
    assert rare > common
    index.upsert_profile(Profile(id=99, skills={2: 1}))
    assert index.weight_of(2) < rare


def test_batch_equals_single_queries(rng):
    taxonomy = make_taxonomy(rng)
    profiles = make_profiles(rng, 300)
    demands = make_demands(rng, 60)
    index = MatchIndex(taxonomy)
    index.bulk_load(profiles, demands)
    single = {d.id: pairs(index.top_candidates(d.id, 9, explain=False)) for d in demands}
    for workers in (1, 2):
        batch = {
            did: pairs(ms) for did, ms in index.batch_top_candidates(9, workers=workers, chunk=7)
        }
        assert batch == single
    some = [d.id for d in demands[:5]]
    explained = dict(index.batch_top_candidates(9, demand_ids=some, explain=True))
    assert all(m.explanation is not None for ms in explained.values() for m in ms)
    with pytest.raises(KeyError):
        list(index.batch_top_candidates(9, demand_ids=[123456]))


def test_the_array_path_equals_the_object_path(rng):
    taxonomy = make_taxonomy(rng)
    profiles = make_profiles(rng, 150)
    demands = make_demands(rng, 25)
    a = MatchIndex(taxonomy)
    a.bulk_load(profiles, demands)
    b = MatchIndex.from_arrays(taxonomy, profiles_to_arrays(profiles), demands_to_arrays(demands))
    assert snapshot(a, profiles, demands) == snapshot(b, profiles, demands)
    assert b.get_profile(profiles[3].id) == profiles[3]
    got = b.get_demand(demands[2].id)
    assert got.requirements == demands[2].requirements
    assert (got.municipality, got.hours, got.sector) == (
        demands[2].municipality,
        demands[2].hours,
        demands[2].sector,
    )


def test_bad_bulk_input_names_the_record():
    from economie071.skills.engine import ProfileArrays, Taxonomy

    index = MatchIndex(Taxonomy([1, 2]))
    dup = ProfileArrays(
        ids=np.array([4, 5]),
        indptr=np.array([0, 1, 3]),
        skills=np.array([1, 2, 2]),
        levels=np.array([1, 2, 3], dtype=np.int8),
    )
    with pytest.raises(ValueError, match="profile 5: skill 2 is listed twice"):
        index.load_arrays(dup, None)
    bad = ProfileArrays(
        ids=np.array([4]),
        indptr=np.array([0, 1]),
        skills=np.array([1]),
        levels=np.array([7], dtype=np.int8),
    )
    with pytest.raises(ValueError, match="profile 4: level"):
        index.load_arrays(bad, None)
    with pytest.raises(ValueError, match="profile 3, skill 1"):
        index.upsert_profile(Profile(id=3, skills={1: 0}))
    with pytest.raises(ValueError, match="hours"):
        index.upsert_demand(Demand(3, (Requirement(1),), hours=500))


def test_fixed_weights_from_the_config():
    from economie071.skills.engine import Taxonomy

    config = ScoringConfig(idf=False, skill_weights={2: 3.0})
    index = MatchIndex(Taxonomy([1, 2]), config)
    index.bulk_load([Profile(id=1, skills={1: 1})], [Demand(1, (Requirement(1), Requirement(2)))])
    assert index.top_candidates(1)[0].score == pytest.approx(100 * 1 / 4)


def test_large_fixed_weights_give_the_same_results_as_the_rule():
    """Sums beyond 2**31 per vacancy: the first pass keeps its two sums apart."""
    rng = random.Random(21)
    taxonomy = make_taxonomy(rng)
    profiles = make_profiles(rng, 300)
    demands = make_demands(rng, 40)
    config = ScoringConfig(
        skill_weights={s: rng.choice([1.5, 700.0, 1000.0]) for s in taxonomy.skills},
        must_weight=100,
    )
    assert 1000 * 1_000_000 * 100 > 2**31  # one must-have skill of weight 1000 is enough
    index = MatchIndex(taxonomy, config)
    index.bulk_load(profiles, demands)
    for d in demands:
        assert pairs(index.top_candidates(d.id, 10, explain=False)) == brute_candidates(
            profiles, d, taxonomy, 10, config
        )
    for p in profiles[:60]:
        assert dpairs(index.top_demands(p.id, 10, explain=False)) == brute_demands(
            profiles, demands, p, taxonomy, 10, config
        )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"must_weight": 101},
        {"nice_weight": 0},
        {"skill_weights": {1: 1000.5}},
        {"skill_weights": {1: 0}},
    ],
)
def test_scoring_config_bounds(kwargs):
    with pytest.raises(ValueError, match="must"):
        ScoringConfig(**kwargs)
