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


def test_mobility_paths_rank_by_weighted_overlap():
    paths = mobility_paths(OCCUPATIONS, 1, sector_of=SECTORS)
    assert [p.occupation for p in paths] == [3, 2, 4]
    lead, care, welder = paths
    assert lead.score == 100 and lead.same_sector and lead.to_learn == ()
    # care: essential 1, 2 held (2 x 2), 5 missing, optional 3 held (1): 5 / 7
    assert care.score == pytest.approx(100 * 5 / 7)
    assert care.shared == (1, 2, 3) and care.to_learn == (5,) and not care.same_sector
    # welder: only its optional 10, an optional skill of the source (half): 0.5 / 5
    assert welder.score == pytest.approx(10)
    assert welder.to_learn == (7, 8)
    assert mobility_paths(OCCUPATIONS, 1, k=1)[0].occupation == 3


def test_mobility_from_a_passport_and_ties():
    paths = mobility_paths(OCCUPATIONS, {1: 3, 2: 2, 5: 1}, source_sector=200, sector_of=SECTORS)
    assert paths[0].occupation == 2 and paths[0].score == pytest.approx(100 * 6 / 7)
    assert paths[0].same_sector
    # occupations 1 and 3 tie on score: fewer skills to learn first, then id
    assert [p.occupation for p in paths[1:3]] == [3, 1]
    assert mobility_paths(OCCUPATIONS, {}) == []
    with pytest.raises(KeyError):
        mobility_paths(OCCUPATIONS, 99)
