"""The scoring rule on single pairs: properties, filters, explanations, bad input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from economie071.skills.engine import (
    SCORING_RULE,
    Demand,
    Profile,
    Relation,
    Requirement,
    ScoringConfig,
    Taxonomy,
    level_credit,
    score_pair,
)

SKILLS = list(range(1, 13))
TAXONOMY = Taxonomy(
    SKILLS,
    [
        Relation(1, 2, "broader", 0.5),  # 2 is broader than 1
        Relation(3, 4, "related", 0.4),
        Relation(5, 6, "same_group", 0.25),
        Relation(5, 7, "same_group", 0.25),
    ],
)
WEIGHTS = {s: 1000 + 250 * s for s in SKILLS}  # fixed weights: properties hold per pool


def weight_of(skill):
    return WEIGHTS[skill]


def score(profile, demand, taxonomy=TAXONOMY):
    return score_pair(profile, demand, taxonomy, weight_of)


levels = st.integers(1, 4)
held_skills = st.dictionaries(st.sampled_from(SKILLS), levels, max_size=8)
requirements = st.lists(
    st.builds(Requirement, st.sampled_from(SKILLS), levels, st.booleans()),
    min_size=1,
    max_size=7,
    unique_by=lambda r: r.skill,
)


@settings(max_examples=300, deadline=None)
@given(held=held_skills, reqs=requirements, extra=st.sampled_from(SKILLS), level=levels)
def test_adding_a_held_skill_never_lowers_the_score(held, reqs, extra, level):
    demand = Demand(id=1, requirements=tuple(reqs))
    before = score(Profile(id=1, skills=held), demand)
    more = dict(held)
    more[extra] = max(level, held.get(extra, 0))
    after = score(Profile(id=1, skills=more), demand)
    if before is not None:
        assert after is not None and after.score >= before.score


@settings(max_examples=300, deadline=None)
@given(held=held_skills.filter(bool), reqs=requirements, data=st.data())
def test_raising_a_level_never_lowers_the_score(held, reqs, data):
    skill = data.draw(st.sampled_from(sorted(held)))
    demand = Demand(id=1, requirements=tuple(reqs))
    before = score(Profile(id=1, skills=held), demand)
    raised = dict(held)
    raised[skill] = min(4, held[skill] + 1)
    after = score(Profile(id=1, skills=raised), demand)
    if before is not None:
        assert after is not None and after.score >= before.score


@settings(max_examples=200, deadline=None)
@given(held=held_skills, reqs=requirements)
def test_scores_are_between_0_and_100_and_explanations_add_up(held, reqs):
    match = score(Profile(id=1, skills=held), Demand(id=1, requirements=tuple(reqs)))
    if match is None:
        return
    assert 0 < match.score <= 100
    e = match.explanation
    total = sum(m.contribution for m in e.matched) + sum(p.contribution for p in e.partial)
    assert total == pytest.approx(match.score)
    # every requirement is in exactly one of matched / partial / missing
    listed = [m.skill for m in e.matched] + [p.skill for p in e.partial]
    listed += list(e.missing_must) + list(e.missing_nice)
    assert sorted(listed) == sorted(r.skill for r in reqs)
    # a gap closed gives the stated gain (or more: holding the skill at that level may also
    # raise the credit another requirement gets through a relation)
    for skill, gain in e.gains.items():
        req = next(r for r in reqs if r.skill == skill)
        closed = dict(held)
        closed[skill] = req.min_level
        again = score(Profile(id=1, skills=closed), Demand(id=1, requirements=tuple(reqs)))
        assert again.score >= match.score + gain - 1e-9
        assert gain > 0


def test_a_person_without_skills_never_matches():
    demand = Demand(id=1, requirements=(Requirement(1, 1, False), Requirement(2, 1, True)))
    assert score(Profile(id=1, skills={}), demand) is None


def test_hard_filters_give_no_match_not_a_low_score():
    demand = Demand(id=1, requirements=(Requirement(1, 2),), municipality=10, hours=36, sector=3)
    good = Profile(id=1, skills={1: 3})
    assert score(good, demand).score == 100
    for kwargs in (
        {"municipalities": frozenset({11})},
        {"min_hours": 38},
        {"max_hours": 32},
        {"sectors": frozenset({4})},
    ):
        assert score(Profile(id=1, skills={1: 3}, **kwargs), demand) is None
    # inside the preferences: a match
    ok = Profile(
        id=1,
        skills={1: 3},
        municipalities=frozenset({10, 11}),
        min_hours=36,
        max_hours=36,
        sectors=frozenset({3}),
    )
    assert score(ok, demand).score == 100


def test_a_must_have_must_be_credited():
    demand = Demand(id=1, requirements=(Requirement(1, 1, True), Requirement(8, 1, False)))
    assert score(Profile(id=1, skills={8: 4}), demand) is None
    only_nice = Demand(id=2, requirements=(Requirement(8, 1, False), Requirement(9, 1, False)))
    match = score(Profile(id=1, skills={8: 4}), only_nice)
    assert match.score == pytest.approx(100 * WEIGHTS[8] / (WEIGHTS[8] + WEIGHTS[9]))


def test_weights_levels_and_partial_credit_by_hand():
    demand = Demand(
        id=7,
        requirements=(
            Requirement(1, 2, True),  # held via broader skill 2 at level 4: 0.5
            Requirement(3, 4, True),  # held at 3 of 4: 0.75 (a level shortfall)
            Requirement(9, 1, True),  # missing must
            Requirement(10, 1, False),  # held: full
            Requirement(11, 1, False),  # missing nice
        ),
    )
    profile = Profile(id=3, skills={2: 4, 3: 3, 10: 1})
    match = score(profile, demand)
    w = {s: WEIGHTS[s] * (5 if s in (1, 3, 9) else 2) for s in (1, 3, 9, 10, 11)}
    expected = (w[1] * 500 + w[3] * 750 + w[10] * 1000) / (10 * sum(w.values()))
    assert match.score == expected
    e = match.explanation
    assert [(p.skill, p.via, p.kind, p.credit) for p in e.partial] == [(1, 2, "broader", 0.5)]
    assert [(m.skill, m.required, m.held) for m in e.matched] == [(3, 4, 3), (10, 1, 1)]
    assert e.missing_must == (9,)
    assert e.missing_nice == (11,)
    assert [(s.skill, s.required, s.held) for s in e.level_shortfalls] == [(3, 4, 3)]
    assert set(e.gains) == {1, 3, 9, 11}
    assert e.gains[9] == pytest.approx(100 * w[9] / sum(w.values()))
    assert e.gains[3] == pytest.approx(100 * w[3] * 0.25 / sum(w.values()))


def test_relations_work_both_ways_with_the_inverse_kind():
    demand = Demand(id=1, requirements=(Requirement(2, 1),))
    match = score(Profile(id=1, skills={1: 1}), demand)
    assert [(p.via, p.kind) for p in match.explanation.partial] == [(1, "narrower")]
    assert match.score == 50


def test_the_best_related_skill_counts_and_direct_beats_related_on_a_tie():
    demand = Demand(id=1, requirements=(Requirement(5, 2),))
    both = score(Profile(id=1, skills={6: 2, 7: 1}), demand)
    assert both.explanation.partial[0].via == 6
    assert both.score == 25
    direct = score(Profile(id=1, skills={5: 1, 6: 4}), demand)
    assert direct.explanation.matched and not direct.explanation.partial
    assert direct.score == 50


def test_level_credit_rounds_half_up_in_thousandths():
    assert level_credit(1000, 1, 3) == 333
    assert level_credit(1000, 2, 3) == 667
    assert level_credit(500, 4, 3) == 500
    assert level_credit(250, 1, 4) == 63  # 62.5 rounds up
    assert level_credit(1000, 0, 2) == 0


def test_idf_weights_make_rare_skills_weigh_more():
    from economie071.skills.engine import weights_from_profiles

    pool = [Profile(id=i, skills={1: 2, **({2: 2} if i == 0 else {})}) for i in range(50)]
    w = weights_from_profiles(pool)
    assert w(2) > w(1) > 0
    assert w(3) > w(2)  # nobody holds it
    flat = weights_from_profiles(pool, ScoringConfig(idf=False))
    assert flat(1) == flat(2) == 1000
    fixed = weights_from_profiles(pool, ScoringConfig(skill_weights={1: 2.5}))
    assert fixed(1) == 2500


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: score(Profile(id=4, skills={1: 5}), Demand(1, (Requirement(1),))), "level"),
        (lambda: score(Profile(id=4, skills={1: 2}), Demand(9, (Requirement(1, 0),))), "demand 9"),
        (lambda: Taxonomy([1, 2], [Relation(1, 2, "cousin", 0.5)]), "kind"),
        (lambda: Taxonomy([1, 2], [Relation(1, 2, "related", 1.5)]), "credit"),
        (lambda: Taxonomy([1, 2], [Relation(1, 3, "related", 0.5)]), "skill 3"),
        (lambda: ScoringConfig(must_weight=0), "must_weight"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_the_rule_is_written_down():
    assert "must-have" in SCORING_RULE and "ln(" in SCORING_RULE
    assert "protected" in SCORING_RULE
