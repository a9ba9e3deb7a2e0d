"""The per-process matching index, kept in step through the change journal, and the
match selectors on top: permissions, consent and discoverability, adviser overrides, the
match log, mobility, training and gap plans, and the matching plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from economie071.skills import matching, selectors, services
from economie071.skills.constants import MatchKind, OverrideAction
from economie071.skills.exceptions import NotAllowed, SkillsError
from economie071.skills.models import ChangeJournal, MatchLog
from tests.factories import UserFactory
from tests.skills.conftest import filler, make_passport, make_vacancy

pytestmark = pytest.mark.django_db


def ids(matches):
    return [(m.profile, m.demand) for m in matches]


def test_two_processes_stay_in_step(seeker, tax, employer_org):
    """Two MatchingState holders on one database (two app servers): a change made through
    the services is visible in both at their next query, without a rebuild."""
    first, second = matching.MatchingState(), matching.MatchingState()
    passport = make_passport(seeker, {tax.serve: 3})
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    for state in (first, second):
        assert ids(state.index().top_candidates(vacancy.pk)) == [(passport.pk, vacancy.pk)]
    other = make_passport(UserFactory(), {tax.serve: 4})
    assert (other.pk, vacancy.pk) in ids(second.index().top_candidates(vacancy.pk))
    assert (other.pk, vacancy.pk) in ids(first.index().top_candidates(vacancy.pk))
    services.passport_erase(passport=other, actor=other.user)
    services.vacancy_close(vacancy=vacancy, actor=None)
    assert first.index().top_demands(matching.profile_for(passport)) == []
    assert (other.pk, vacancy.pk) not in ids(
        second.index().top_candidates(matching.demand_for(vacancy))
    )  # erased: gone from the other process too
    services.passport_set_discoverable(passport=passport, actor=seeker, discoverable=False)
    reopened = make_vacancy(
        employer_org, tax.waiter, {tax.serve: (True, 1), **filler(tax)}, title="Nieuw"
    )
    assert first.index().top_candidates(reopened.pk) == []  # not discoverable
    assert ids(second.index().top_demands(passport.pk)) == [(passport.pk, reopened.pk)]
    assert first.builds == second.builds == 1  # kept in step, never rebuilt


def test_journal_going_back_rebuilds(seeker, tax):
    state = matching.MatchingState()
    make_passport(seeker, {tax.serve: 3})
    state.index()
    ChangeJournal.objects.all().delete()  # a restored database
    state.index()
    assert state.builds == 2


def test_pruning_the_journal_keeps_answers_the_same(seeker, tax, employer_org):
    import datetime

    from django.core.management import CommandError, call_command
    from django.utils import timezone

    idle, busy = matching.MatchingState(), matching.MatchingState()
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    passport = make_passport(seeker, {tax.serve: 3})
    idle.index()
    make_passport(UserFactory(), {tax.serve: 4})
    ChangeJournal.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    busy.index()
    newest = ChangeJournal.objects.order_by("-id").first()
    taxonomy = ChangeJournal.objects.filter(entity="taxonomy").order_by("-id").first()
    call_command("skills_prune_journal", "--days", "7")
    assert set(ChangeJournal.objects.values_list("id", flat=True)) == {newest.id, taxonomy.id}
    newer = make_passport(UserFactory(), {tax.serve: 2})
    expected = ids(matching.MatchingState().index().top_candidates(vacancy.pk))
    assert {(passport.pk, vacancy.pk), (newer.pk, vacancy.pk)} < set(expected)
    for state in (idle, busy):
        assert ids(state.index().top_candidates(vacancy.pk)) == expected
    assert idle.builds == 2  # its last row was pruned: rebuilt once
    assert busy.builds == 1  # it had seen the newest row: kept in step
    assert matching.journal_prune() == 1  # the old newest row is no longer the newest
    assert matching.journal_prune() == 0
    with pytest.raises(CommandError, match="at least 1 day"):
        call_command("skills_prune_journal", "--days", "0")


def test_late_commit_is_picked_up(seeker, tax, employer_org):
    """An id skipped because its transaction was still open is looked at again."""
    state = matching.MatchingState()
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    make_passport(UserFactory(), {tax.wiring: 2})  # someone, who does not match
    state.index()
    passport = make_passport(seeker, {tax.serve: 3})
    rows = list(
        ChangeJournal.objects.filter(entity="passport", object_id=passport.pk).order_by("id")
    )
    # Pretend the passport's journal rows arrived late: hide them, then show them.
    saved = [(r.entity, r.object_id) for r in rows]
    ChangeJournal.objects.filter(pk__in=[r.pk for r in rows]).delete()
    matching.journal("vacancy", vacancy.pk)
    state.index()
    assert state.index().top_candidates(vacancy.pk) == []
    for (entity, object_id), row in zip(saved, rows, strict=True):
        ChangeJournal.objects.create(id=row.pk, entity=entity, object_id=object_id)
    assert ids(state.index().top_candidates(vacancy.pk)) == [(passport.pk, vacancy.pk)]
    assert state.builds == 1 and not state._gaps


def test_taxonomy_change_rebuilds(seeker, tax):
    state = matching.MatchingState()
    state.index()
    services.skill_create(actor=None, label_nl="nieuw", label_en="new")
    state.index()
    assert state.builds == 2


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("anonymous", False),
        ("plain", False),
        ("other_employer", False),
        ("employer", True),
        ("adviser", True),
        ("office", True),
    ],
)
def test_who_sees_candidates(
    who,
    allowed,
    seeker,
    tax,
    employer_org,
    employer_user,
    other_employer_user,
    adviser_user,
    office_user,
    plain_user,
    anonymous_user,
):
    actor = {
        "anonymous": anonymous_user,
        "plain": plain_user,
        "employer": employer_user,
        "other_employer": other_employer_user,
        "adviser": adviser_user,
        "office": office_user,
    }[who]
    make_passport(seeker, {tax.serve: 3})
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    if allowed:
        shown = selectors.candidates_for_vacancy(vacancy=vacancy, actor=actor)
        assert len(shown) == 1
        assert not MatchLog.objects.exists()  # a selector never writes
        services.match_log_record(actor=actor, shown=shown)
        assert MatchLog.objects.get().viewer == actor
    else:
        with pytest.raises(NotAllowed):
            selectors.candidates_for_vacancy(vacancy=vacancy, actor=actor)
        assert not MatchLog.objects.exists()


@pytest.mark.parametrize(
    "who, allowed",
    [("owner", True), ("adviser", True), ("office", True), ("employer", False), ("plain", False)],
)
def test_who_sees_a_persons_matches(
    who, allowed, seeker, tax, employer_org, employer_user, adviser_user, office_user, plain_user
):
    passport = make_passport(seeker, {tax.serve: 3})
    make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    actor = {
        "owner": seeker,
        "adviser": adviser_user,
        "office": office_user,
        "employer": employer_user,
        "plain": plain_user,
    }[who]
    if allowed:
        assert selectors.vacancies_for_passport(passport=passport, actor=actor)
    else:
        with pytest.raises(NotAllowed):
            selectors.vacancies_for_passport(passport=passport, actor=actor)


def test_only_discoverable_people_are_candidates(seeker, tax, employer_org, employer_user):
    hidden = make_passport(seeker, {tax.serve: 4}, discoverable=False)
    shown = make_passport(UserFactory(), {tax.serve: 2})
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    found = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    assert [c.passport for c in found] == [shown]
    # The person who chose not to be found still sees the vacancy.
    assert [s.vacancy for s in selectors.vacancies_for_passport(passport=hidden, actor=seeker)] == [
        vacancy
    ]


def test_no_skills_no_match(seeker, tax, employer_org, employer_user):
    make_passport(seeker, {})
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    assert selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user) == []


def test_explanation_and_log(seeker, tax, employer_org, employer_user):
    passport = make_passport(seeker, {tax.serve: 1, tax.hospitable: 3})
    vacancy = make_vacancy(
        employer_org,
        tax.waiter,
        {tax.serve: (True, 2), tax.stress: (True, 1), tax.first_aid: (False, 1)},
    )
    [match] = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    e = match.explanation
    assert {m["label"] for m in e["matched"]} >= {tax.serve.label}
    assert [m["label"] for m in e["missing_must"]] == [tax.stress.label]
    assert [m["label"] for m in e["missing_nice"]] == [tax.first_aid.label]
    assert e["level_shortfalls"][0]["skill"] == tax.serve.pk
    assert e["gains"] and e["gains"][0]["points"] > 0
    services.match_log_record(actor=employer_user, shown=[match])
    log = MatchLog.objects.get()
    assert (log.kind, log.passport, log.vacancy, log.rank) == (
        MatchKind.CANDIDATES,
        passport,
        vacancy,
        1,
    )
    assert log.score == match.score and log.explanation == e
    assert log.viewer_role == "employer"


def test_overrides_hide_boost_annotate(tax, employer_org, employer_user, adviser_user):
    strong = make_passport(UserFactory(), {tax.serve: 4, tax.hospitable: 4})
    weak = make_passport(UserFactory(), {tax.serve: 2})
    vacancy = make_vacancy(
        employer_org,
        tax.waiter,
        {tax.serve: (True, 2), tax.hospitable: (True, 2), **filler(tax, 1)},
    )
    assert [
        c.passport for c in selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    ] == [strong, weak]
    services.adviser_override_record(
        actor=adviser_user,
        passport=weak,
        vacancy=vacancy,
        action=OverrideAction.BOOST,
        reason="Sterke motivatie",
    )
    found = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    assert [c.passport for c in found] == [weak, strong]
    assert found[0].boosted and found[0].notes == []  # an employer reads no reason
    as_adviser = selectors.candidates_for_vacancy(vacancy=vacancy, actor=adviser_user)
    assert as_adviser[0].notes[0]["reason"] == "Sterke motivatie"
    override = services.adviser_override_record(
        actor=adviser_user,
        passport=strong,
        vacancy=vacancy,
        action=OverrideAction.HIDE,
        reason="Heeft al een baan gevonden",
    )
    assert [
        c.passport for c in selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    ] == [weak]
    with_hidden = selectors.candidates_for_vacancy(
        vacancy=vacancy, actor=adviser_user, include_hidden=True
    )
    assert [c.hidden for c in with_hidden] == [False, True]
    services.match_log_record(actor=adviser_user, shown=with_hidden)
    assert [log.overrides[0]["action"] for log in MatchLog.objects.order_by("rank")] == [
        OverrideAction.BOOST,
        OverrideAction.HIDE,
    ]
    services.adviser_override_revoke(override=override, actor=adviser_user)
    assert len(selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)) == 2


def test_candidates_query_count_is_constant(tax, employer_org, employer_user):
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    make_passport(UserFactory(), {tax.serve: 3})
    selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)  # warm the index
    with CaptureQueriesContext(connection) as few:
        selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    for _ in range(5):
        make_passport(UserFactory(), {tax.serve: 3})
    selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    with CaptureQueriesContext(connection) as many:
        found = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    assert len(found) == 6
    assert len(many) == len(few)


def test_candidates_need_confirmed_skills(tax, employer_org, employer_user):
    vacancy = services.vacancy_create(organisation=employer_org, actor=None, title="Leeg")
    with pytest.raises(SkillsError) as info:
        selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    assert info.value.code == "demand"


def test_mobility_from_occupation_and_passport(seeker, tax):
    paths = selectors.mobility_for(actor=None, occupation=tax.waiter)
    assert services.match_log_record(actor=None, shown=paths) == []  # nobody's passport
    assert paths[0].occupation == tax.carer
    assert {s.pk for s in paths[0].shared} >= {tax.hospitable.pk}
    assert not paths[0].same_sector
    passport = make_passport(seeker, {tax.hospitable: 3, tax.stress: 3, tax.first_aid: 2})
    options = selectors.mobility_for(actor=seeker, passport=passport)
    assert options[0].occupation == tax.carer
    assert [s.pk for s in options[0].to_learn] == [tax.care.pk]
    services.match_log_record(actor=seeker, shown=options)
    assert MatchLog.objects.filter(kind=MatchKind.MOBILITY, passport=passport).count() == len(
        options
    )


def test_training_plan_covers_the_gap(seeker, tax, employer_org):
    provider = services.provider_create(organisation=employer_org, actor=None)
    cheap = services.module_create(
        provider=provider,
        actor=None,
        title="Basis zorg",
        skills={tax.care: 2},
        duration_hours=40,
        cost=300,
    )
    services.module_create(
        provider=provider,
        actor=None,
        title="Dure zorg",
        skills={tax.care: 2},
        duration_hours=10,
        cost=900,
    )
    passport = make_passport(seeker, {tax.hospitable: 3, tax.stress: 3})
    plan = selectors.training_plan(passport=passport, actor=seeker, occupation=tax.carer)
    assert [m.title for m in plan.modules] == [cheap.title]
    assert {s.pk for s in plan.uncovered} == {tax.first_aid.pk}
    assert plan.total_cost == 300
    shortest = selectors.training_plan(
        passport=passport, actor=seeker, occupation=tax.carer, objective="duration"
    )
    assert [m.title for m in shortest.modules] == ["Dure zorg"]


def test_gap_plan_opens_vacancies(seeker, tax, employer_org):
    provider = services.provider_create(organisation=employer_org, actor=None)
    module = services.module_create(
        provider=provider,
        actor=None,
        title="Zorg",
        skills={tax.care: 2},
        duration_hours=40,
        cost=300,
    )
    vacancy = make_vacancy(
        employer_org, tax.carer, {tax.care: (True, 2), tax.hospitable: (True, 2), **filler(tax, 1)}
    )
    passport = make_passport(seeker, {tax.hospitable: 3})
    options = selectors.gap_plan(passport=passport, actor=seeker)
    assert options and options[0].modules == [module]
    assert vacancy in options[0].opened
    before, after = next((b, a) for v, b, a in options[0].score_changes if v == vacancy)
    assert after > (before or 0)


def test_matching_plan(tax, employer_org, adviser_user, plain_user):
    make_passport(UserFactory(), {tax.serve: 3, tax.hospitable: 3})
    make_passport(UserFactory(), {tax.serve: 2})
    make_vacancy(
        employer_org, tax.carer, {tax.care: (True, 2), tax.hospitable: (True, 1), **filler(tax, 1)}
    )
    make_vacancy(employer_org, tax.carer, {tax.care: (True, 2), **filler(tax)}, title="Tweede")
    plan = selectors.matching_plan(actor=adviser_user, sector=tax.zorg)
    assert plan.shortage[0].skill == tax.care and plan.shortage[0].demand == 2
    assert plan.shortage[0].supply == 0
    assert plan.surplus[0].skill == tax.serve
    zorg = next(s for s in plan.sectors if s.sector == tax.zorg)
    # care and the nice-to-haves that fill the demand up (wiring, safety) are short
    assert zorg.open_vacancies == 2 and zorg.shortage_skills == 3
    assert tax.waiter in [f.occupation for f in plan.feeders]
    assert tax.carer not in [f.occupation for f in plan.feeders]
    with pytest.raises(NotAllowed):
        selectors.matching_plan(actor=plain_user)


def test_skill_search(tax):
    assert selectors.skill_search(query="gastvrij")[0] == tax.hospitable
    assert selectors.skill_search(query="EHBO") == [tax.first_aid]
    assert selectors.occupation_search(query="zorg")[0] == tax.carer


def test_no_passports_yet(tax, employer_org, employer_user):
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    assert selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user) == []
