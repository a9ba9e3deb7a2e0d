"""Set cover (exact vs brute force, greedy beyond), gap plan, mobility paths."""

import itertools
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from economie071.skills.engine import (
    Demand,
    MatchIndex,
    Module,
    OccupationProfile,
    Profile,
    Relation,
    Requirement,
    ScoringConfig,
    Taxonomy,
    gap_plan,
    mobility_paths,
    training_cover,
)
from economie071.skills.engine.training import EXACT_LIMIT


def brute_cover(missing, modules, objective):
    best = None
    for r in range(len(modules) + 1):
        for combo in itertools.combinations(modules, r):
            covered = {s for m in combo for s, lv in missing.items() if m.skills.get(s, 0) >= lv}
            coverable = {
                s for m in modules for s, lv in missing.items() if m.skills.get(s, 0) >= lv
            }
            if covered != coverable:
                continue
            cost = sum(Decimal(str(m.cost)) for m in combo)
            hours = sum(Decimal(str(m.duration_hours)) for m in combo)
            key = (cost, hours) if objective == "cost" else (hours, cost)
            if best is None or key < best:
                best = key
    return best


modules_strategy = st.lists(
    st.builds(
        Module,
        id=st.integers(1, 10_000),
        skills=st.dictionaries(st.integers(1, 8), st.integers(1, 4), min_size=1, max_size=4),
        duration_hours=st.integers(1, 80),
        cost=st.integers(0, 2000),
    ),
    max_size=9,
    unique_by=lambda m: m.id,
)


@settings(max_examples=150, deadline=None)
@given(
    missing=st.dictionaries(st.integers(1, 8), st.integers(1, 4), min_size=1, max_size=6),
    modules=modules_strategy,
    objective=st.sampled_from(["cost", "duration"]),
)
def test_the_cover_is_optimal_on_small_cases(missing, modules, objective):
    plan = training_cover(missing, modules, objective)
    assert plan.exact
    by_id = {m.id: m for m in modules}
    chosen = [by_id[i] for i in plan.modules]
    covered = {s for m in chosen for s, lv in missing.items() if m.skills.get(s, 0) >= lv}
    assert covered == set(plan.covered)
    assert set(plan.covered) | set(plan.uncovered) == set(missing)
    assert not set(plan.covered) & set(plan.uncovered)
    key = (
        (plan.total_cost, Decimal(str(plan.total_hours)))
        if objective == "cost"
        else (Decimal(str(plan.total_hours)), plan.total_cost)
    )
    assert key == brute_cover(missing, modules, objective)


def test_a_module_covers_a_skill_only_at_the_missing_level_and_gaps_are_reported():
    modules = [
        Module(1, {10: 2}, 8, Decimal("100")),
        Module(2, {10: 3, 11: 1}, 40, Decimal("900")),
        Module(3, {11: 2}, 16, Decimal("150")),
    ]
    plan = training_cover({10: 3, 11: 2, 12: 1}, modules)
    assert plan.modules == (2, 3)
    assert plan.uncovered == frozenset({12})
    assert plan.total_cost == Decimal("1050")
    assert plan.total_hours == 56
    shortest = training_cover({10: 3, 11: 1}, modules, objective="duration")
    assert shortest.modules == (2,)
    with pytest.raises(ValueError, match="objective"):
        training_cover({1: 1}, modules, objective="fun")


def test_beyond_the_exact_limit_the_greedy_cover_states_its_bound():
    rng = random.Random(5)
    missing = {s: rng.randint(1, 3) for s in range(1, 41)}
    modules = [
        Module(
            i,
            {s: rng.randint(2, 4) for s in rng.sample(range(1, 41), 4)},
            10,
            rng.randint(50, 500),
        )
        for i in range(1, 3 * EXACT_LIMIT)
    ]
    plan = training_cover(missing, modules)
    assert not plan.exact
    assert plan.bound == pytest.approx(1 + 1 / 2 + 1 / 3 + 1 / 4)
    by_id = {m.id: m for m in modules}
    covered = {
        s for i in plan.modules for s, lv in missing.items() if by_id[i].skills.get(s, 0) >= lv
    }
    assert covered == set(plan.covered) == set(missing) - set(plan.uncovered)
    # no module in the plan is redundant
    for i in plan.modules:
        rest = {
            s
            for j in plan.modules
            if j != i
            for s, lv in missing.items()
            if by_id[j].skills.get(s, 0) >= lv
        }
        assert rest != covered


def test_the_gap_plan_finds_the_modules_that_open_most_vacancies():
    index = MatchIndex(Taxonomy(range(1, 10)), ScoringConfig(idf=False, open_threshold=60))
    person = Profile(id=1, skills={1: 3, 2: 3})
    others = [Profile(id=i, skills={1: 1}) for i in range(2, 6)]
    demands = [
        Demand(10, (Requirement(1, 2), Requirement(3, 2))),  # opens with skill 3
        Demand(11, (Requirement(2, 2), Requirement(3, 1))),  # opens with skill 3
        Demand(12, (Requirement(1, 2), Requirement(4, 2))),  # opens with skill 4
        Demand(13, (Requirement(5, 1), Requirement(6, 1))),  # nothing to do with the person
    ]
    index.bulk_load([person, *others], demands)
    modules = [
        Module(100, {3: 2}, 40, Decimal("500")),
        Module(101, {4: 2}, 8, Decimal("100")),
        Module(102, {3: 2, 4: 2}, 120, Decimal("2000")),
        Module(103, {9: 4}, 2, Decimal("10")),  # teaches nothing asked for
    ]
    options = gap_plan(index, person, modules)
    assert options[0].modules == (100, 101)
    assert options[0].opened == (10, 11, 12)
    assert options[0].total_hours == 48 and options[0].total_cost == Decimal("600")
    assert options[0].score_changes[10] == (50.0, 100.0)
    assert options[1].modules == (102,)
    assert options[2].modules == (100,) and options[2].opened == (10, 11)
    assert all(103 not in o.modules for o in options)
    assert gap_plan(index, person, [modules[3]]) == []


OCCUPATIONS = {
    1: OccupationProfile(frozenset({1, 2, 3, 4}), frozenset({10})),  # flight attendant
    2: OccupationProfile(frozenset({1, 2, 5}), frozenset({3})),  # care assistant
    3: OccupationProfile(frozenset({1, 2, 3, 4}), frozenset()),  # cabin crew lead
    4: OccupationProfile(frozenset({7, 8}), frozenset({10})),  # welder
    5: OccupationProfile(frozenset({9}), frozenset()),  # nothing shared
}
SECTORS = {1: 100, 2: 200, 3: 100, 4: 300, 5: 300}
PRIOR = 6  # mobility.PROFILE_PRIOR


def test_mobility_paths_rank_by_weighted_overlap():
    paths = mobility_paths(OCCUPATIONS, 1, sector_of=SECTORS)
    # the welder shares one optional skill only: below the two a path needs, and none of
    # its essential skills
    assert [p.occupation for p in paths] == [3, 2]
    lead, care = paths
    # lead: all four essential skills (8 of 8), with the prior in the denominator
    assert lead.score == pytest.approx(100 * 8 / (8 + PRIOR))
    assert lead.same_sector and lead.to_learn == () and lead.gains == {}
    # care: essential 1, 2 held (2 x 2), 5 missing, optional 3 held (1): 5 of 7
    assert care.score == pytest.approx(100 * 5 / (7 + PRIOR))
    assert care.shared == (1, 2, 3) and care.to_learn == (5,) and not care.same_sector
    # learning skill 5 would add its weight (2) to the sum
    assert care.gains == {5: pytest.approx(100 * 2 / (7 + PRIOR))}
    assert mobility_paths(OCCUPATIONS, 1, k=1)[0].occupation == 3
    assert [p.occupation for p in mobility_paths(OCCUPATIONS, 1, min_evidence=1)] == [3, 2]


def test_mobility_from_a_passport_and_ties():
    paths = mobility_paths(OCCUPATIONS, {1: 3, 2: 2, 5: 1}, source_sector=200, sector_of=SECTORS)
    assert paths[0].occupation == 2 and paths[0].score == pytest.approx(100 * 6 / (7 + PRIOR))
    assert paths[0].same_sector
    # occupations 1 and 3 share skills 1 and 2 alike; 3 is smaller, so it scores higher
    assert [p.occupation for p in paths[1:3]] == [3, 1]
    assert mobility_paths(OCCUPATIONS, {}) == []
    with pytest.raises(KeyError):
        mobility_paths(OCCUPATIONS, 99)


def test_mobility_credits_related_skills_like_matching():
    occupations = {
        1: OccupationProfile(frozenset({1, 2}), frozenset()),  # "assist passengers", "first aid"
        2: OccupationProfile(frozenset({3, 2, 4}), frozenset()),  # care: "assist patients"...
    }
    without = mobility_paths(occupations, 1, min_evidence=1)
    taxonomy = Taxonomy(range(1, 6), [Relation(1, 3, "broader", 0.5)])  # 3 is broader than 1
    with_relation = mobility_paths(occupations, 1, taxonomy=taxonomy)
    assert [p.occupation for p in with_relation] == [2]
    path = with_relation[0]
    assert path.score > without[0].score
    assert path.shared == (2,)
    (related,) = path.related
    assert (related.skill, related.via, related.kind, related.credit) == (3, 1, "narrower", 0.5)
    # half of skill 3 is there already: learning it adds the other half of its weight
    assert path.gains[3] == pytest.approx(100 * 1 / (6 + PRIOR))
    assert path.gains[4] == pytest.approx(100 * 2 / (6 + PRIOR))
    assert path.to_learn == (4,)  # 3 is not "to learn from scratch": it is related


def test_mobility_transversal_skills_transfer_whole_and_are_named():
    occupations = {
        1: OccupationProfile(frozenset({1}), frozenset({2, 3})),  # 2 transversal, 3 not
        2: OccupationProfile(frozenset({1, 2, 3}), frozenset()),
    }
    plain = mobility_paths(occupations, 1)[0]
    transferable = mobility_paths(occupations, 1, transversal={2})[0]
    # as an optional skill of the source, 2 counted half; as a transversal one, whole
    assert plain.score == pytest.approx(100 * (2 + 1 + 1) / (6 + PRIOR))
    assert transferable.score == pytest.approx(100 * (2 + 2 + 1) / (6 + PRIOR))
    assert plain.transferable == () and transferable.transferable == (2,)


def test_mobility_target_sector_and_exclusions():
    paths = mobility_paths(OCCUPATIONS, 1, sector_of=SECTORS, target_sectors={200})
    assert [p.occupation for p in paths] == [2]
    assert mobility_paths(OCCUPATIONS, 1, sector_of=SECTORS, target_sectors={300}) == []
    assert [p.occupation for p in mobility_paths(OCCUPATIONS, 1, exclude={3})] == [2]


def test_near_identical_targets_are_variants_of_one_path():
    skills = frozenset(range(1, 21))
    occupations = {
        1: OccupationProfile(frozenset(range(1, 11))),
        2: OccupationProfile(skills),
        3: OccupationProfile(skills - {20}, frozenset({21})),
        4: OccupationProfile(skills - {19, 20}, frozenset({21})),
        5: OccupationProfile(skills),  # identical to 2, but another ISCO unit group
    }
    isco = {2: "5321", 3: "5321", 4: "5321", 5: "5322"}
    paths = mobility_paths(occupations, 1, isco_of=isco, k=3)
    # 4 ranks first (smallest); 3 has 19 of their 20 skills in common with it (95 %): a
    # variant; 2 has 18 of 21 (86 %): a path of its own, and 5 is in another group
    assert [p.occupation for p in paths] == [4, 2, 5]
    assert paths[0].variants == (3,)
    assert paths[1].variants == () and paths[2].variants == ()
    # without ISCO codes nothing is folded
    assert len(mobility_paths(occupations, 1, k=10)) == 4
