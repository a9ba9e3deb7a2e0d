"""Passport, vacancy, training and adviser services: rules, clear errors naming the field,
nothing half-written, and the privacy duties (consent, export, erasure)."""

import json

import pytest
from django.db import IntegrityError, transaction

from economie071.audit.models import AuditEntry
from economie071.skills import selectors, services
from economie071.skills.constants import DemandSource, DemandStatus, Evidence, OverrideAction
from economie071.skills.exceptions import NoConsent, NotAllowed, PassportErased, SkillsError
from economie071.skills.models import (
    ChangeJournal,
    MatchLog,
    Passport,
    PassportSkill,
    TrainingProvider,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.skills.conftest import filler, make_passport, make_vacancy

pytestmark = pytest.mark.django_db


def test_passport_requires_consent(seeker):
    with pytest.raises(NoConsent) as info:
        services.passport_create(user=seeker, actor=seeker, consent=False)
    assert info.value.code == "consent"
    assert not Passport.objects.exists()


def test_consent_is_given_to_the_privacy_statement_as_it_reads_now(seeker):
    with pytest.raises(SkillsError) as info:
        services.passport_create(user=seeker, actor=seeker, consent=True, consent_version="2000-1")
    assert info.value.code == "consent_version"
    assert not Passport.objects.exists()
    passport = services.passport_create(user=seeker, actor=seeker, consent=True)
    services.passport_consent_withdraw(passport=passport, actor=seeker)
    with pytest.raises(SkillsError) as info:
        services.passport_consent_give(
            passport=passport, actor=seeker, consent=True, consent_version="2000-1"
        )
    assert info.value.code == "consent_version"
    passport.refresh_from_db()
    assert not passport.has_consent


def test_passport_records_consent_and_journal(seeker):
    passport = services.passport_create(user=seeker, actor=seeker, consent=True)
    assert passport.consent_at and passport.consent_version
    assert not passport.discoverable  # people opt in to being found
    assert ChangeJournal.objects.filter(entity="passport", object_id=passport.pk).exists()
    assert AuditEntry.objects.filter(action="skills.passport.created").exists()


def test_only_the_person_makes_their_passport(seeker, adviser_user):
    with pytest.raises(NotAllowed):
        services.passport_create(user=seeker, actor=adviser_user, consent=True)


def test_no_protected_attributes_anywhere():
    fields = {f.name for model in (Passport, PassportSkill) for f in model._meta.get_fields()}
    for word in ("age", "birth", "gender", "sex", "nationality", "ethnic"):
        assert not any(word in name for name in fields), word


@pytest.mark.parametrize("level", [0, 5, "3", 2.5, None])
def test_level_out_of_range_names_the_field(seeker, tax, level):
    passport = make_passport(seeker, {})
    with pytest.raises(SkillsError) as info:
        services.passport_skill_set(passport=passport, actor=seeker, skill=tax.serve, level=level)
    assert info.value.code == "level"
    assert "1" in info.value.messages[0] and "4" in info.value.messages[0]
    assert not passport.skills.exists()


def test_level_check_constraint_in_the_database(seeker, tax):
    passport = make_passport(seeker, {tax.serve: 2})
    with pytest.raises(IntegrityError), transaction.atomic():
        PassportSkill.objects.filter(passport=passport).update(level=7)


def test_hours_must_be_in_order(seeker):
    with pytest.raises(SkillsError) as info:
        services.passport_create(
            user=seeker, actor=seeker, consent=True, min_hours=30, max_hours=20
        )
    assert info.value.code == "max_hours"


def test_training_module_evidence_needs_the_module(seeker, tax):
    passport = make_passport(seeker, {})
    with pytest.raises(SkillsError) as info:
        services.passport_skill_set(
            passport=passport,
            actor=seeker,
            skill=tax.serve,
            level=2,
            evidence=Evidence.TRAINING_MODULE,
        )
    assert info.value.code == "module"


def test_export_contains_everything(seeker, tax, employer_org, employer_user, adviser_user):
    passport = make_passport(
        seeker, {tax.serve: 3, tax.hospitable: 4}, min_hours=20, sectors=[tax.horeca]
    )
    services.passport_experience_set(
        passport=passport, actor=seeker, occupation=tax.waiter, years=4
    )
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    shown = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    services.match_log_record(actor=employer_user, shown=shown)
    services.adviser_override_record(
        actor=adviser_user,
        passport=passport,
        vacancy=vacancy,
        action=OverrideAction.ANNOTATE,
        reason="Goed gesprek gehad",
    )
    data = services.passport_export(passport=passport, actor=seeker)
    json.dumps(data)  # JSON-ready
    assert data["account"]["username"] == "werkzoekende"
    assert data["passport"]["consent_version"] == passport.consent_version
    assert {s["label_nl"]: s["level"] for s in data["skills"]} == {
        "serveren": 3,
        "gastvrij zijn": 4,
    }
    assert data["work_experience"][0]["years"] == 4
    assert data["preferences"]["sectors"] == ["Horeca"]
    assert data["preferences"]["min_hours"] == 20
    assert data["adviser_overrides"][0]["reason"] == "Goed gesprek gehad"
    assert data["match_log"][0]["shown_to"] == "employer"
    assert data["match_log"][0]["vacancy"] == vacancy.title
    assert {a["action"] for a in data["audit"]} >= {"skills.passport.created"}


def test_only_the_person_exports(seeker, adviser_user):
    passport = make_passport(seeker, {})
    with pytest.raises(NotAllowed):
        services.passport_export(passport=passport, actor=adviser_user)


def test_erase_removes_the_person_from_matching(seeker, tax, employer_org, employer_user):
    passport = make_passport(seeker, {tax.serve: 3, tax.hospitable: 3})
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    shown = selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    assert [c.passport for c in shown] == [passport]
    services.match_log_record(actor=employer_user, shown=shown)
    pk = passport.pk
    counts = services.passport_erase(passport=passport, actor=seeker)
    assert counts["skills"] == 2 and counts["match_log_anonymised"] == 1
    assert not Passport.objects.filter(pk=pk).exists()
    assert not PassportSkill.objects.filter(passport_id=pk).exists()
    assert selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user) == []
    log = MatchLog.objects.get()
    assert log.passport is None and log.subject_erased and log.explanation == {}
    # An old link to the erased person: a clear outcome, not a crash.
    with pytest.raises(PassportErased):
        selectors.match_detail(vacancy=vacancy, passport_id=pk, actor=employer_user)
    with pytest.raises(PassportErased):
        selectors.passport_get(passport_id=pk, actor=employer_user)


def test_withdrawn_consent_stops_matching(seeker, tax, employer_org, employer_user):
    passport = make_passport(seeker, {tax.serve: 3})
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    assert selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user)
    services.passport_consent_withdraw(passport=passport, actor=seeker)
    assert selectors.candidates_for_vacancy(vacancy=vacancy, actor=employer_user) == []
    with pytest.raises(NoConsent):
        selectors.vacancies_for_passport(passport=passport, actor=seeker)
    services.passport_consent_give(passport=passport, actor=seeker, consent=True)
    assert selectors.vacancies_for_passport(passport=passport, actor=seeker)


def test_purge_erases_long_withdrawn_passports(seeker):
    import datetime

    from django.utils import timezone

    passport = make_passport(seeker, {})
    services.passport_consent_withdraw(passport=passport, actor=seeker)
    assert services.passports_purge_withdrawn() == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.passports_purge_withdrawn(now=later) == 1
    assert not Passport.objects.exists()


def test_vacancy_proposals_from_occupation_and_text(tax, employer_org, employer_user):
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=employer_user, title="Ober", occupation=tax.waiter
    )
    result = services.vacancy_propose_skills(
        vacancy=vacancy,
        actor=employer_user,
        text="Wij zoeken een stressbestendige collega met EHBO. Je bent gastvrij.",
    )
    proposed = {d.skill_id: d for d in result.proposed}
    assert proposed[tax.serve.pk].source == DemandSource.OCCUPATION_ESSENTIAL
    assert proposed[tax.serve.pk].must
    assert not proposed[tax.serve.pk].evidence  # only from the profile: no evidence
    # asked for in the text and in the occupation's profile: both, with its evidence, once
    assert proposed[tax.stress.pk].source == DemandSource.TEXT_AND_OCCUPATION
    assert proposed[tax.stress.pk].evidence
    assert proposed[tax.stress.pk].must  # the text asks for it, though optional in the profile
    assert proposed[tax.first_aid.pk].source == DemandSource.TEXT
    # ranked by evidence: what the text asks for before what only the profile has
    ranks = {skill: row.rank for skill, row in proposed.items()}
    assert (
        max(ranks[tax.stress.pk], ranks[tax.first_aid.pk], ranks[tax.hospitable.pk])
        < ranks[tax.serve.pk]
    )
    assert [d.rank for d in result.proposed] == sorted(d.rank for d in result.proposed)
    span = proposed[tax.first_aid.pk].evidence[0]
    assert vacancy.text[span["start"] : span["end"]] == span["text"]
    assert len(result.proposed) == len(set(proposed))  # one proposal per skill
    assert result.lang == "nl"


def test_confirmed_skills_survive_a_new_proposal(tax, employer_org, employer_user):
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=employer_user, title="Ober", occupation=tax.waiter
    )
    services.vacancy_propose_skills(vacancy=vacancy, actor=employer_user)
    serve = vacancy.demand.get(skill=tax.serve)
    services.vacancy_confirm_skill(demand_skill=serve, actor=employer_user, must=False, min_level=3)
    hosp = vacancy.demand.get(skill=tax.hospitable)
    services.vacancy_reject_skill(demand_skill=hosp, actor=employer_user)
    services.vacancy_propose_skills(vacancy=vacancy, actor=employer_user)
    serve.refresh_from_db()
    hosp.refresh_from_db()
    assert (serve.status, serve.must, serve.min_level) == (DemandStatus.CONFIRMED, False, 3)
    assert hosp.status == DemandStatus.REJECTED


def test_confirm_level_out_of_range(tax, employer_org, employer_user):
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=employer_user, title="Ober", occupation=tax.waiter
    )
    services.vacancy_propose_skills(vacancy=vacancy, actor=employer_user)
    row = vacancy.demand.first()
    with pytest.raises(SkillsError) as info:
        services.vacancy_confirm_skill(
            demand_skill=row, actor=employer_user, must=True, min_level=9
        )
    assert info.value.code == "min_level"
    row.refresh_from_db()
    assert row.status == DemandStatus.PROPOSED


def test_uploaded_text_in_unknown_encoding(tax, employer_org, employer_user):
    vacancy = services.vacancy_create(organisation=employer_org, actor=employer_user, title="Ober")
    with pytest.raises(SkillsError) as info:
        services.vacancy_propose_skills(
            vacancy=vacancy, actor=employer_user, data="Gastvrijheid één".encode("cp1252")
        )
    assert info.value.code == "text"
    assert "UTF-8" in info.value.messages[0]
    vacancy.refresh_from_db()
    assert vacancy.text == ""
    result = services.vacancy_propose_skills(
        vacancy=vacancy, actor=employer_user, data="\ufeffGastvrijheid".encode("utf-16")
    )
    assert tax.hospitable.pk in {d.skill_id for d in result.proposed}


def test_vacancy_opens_only_with_confirmed_skills(tax, employer_org, employer_user):
    vacancy = services.vacancy_create(organisation=employer_org, actor=employer_user, title="Ober")
    with pytest.raises(SkillsError) as info:
        services.vacancy_open(vacancy=vacancy, actor=employer_user)
    assert info.value.code == "demand"


def test_module_validation(tax, employer_org):
    provider = services.provider_create(organisation=employer_org, actor=None)
    for kwargs, field in (
        ({"duration_hours": 0, "cost": 10, "skills": {tax.serve: 2}}, "duration_hours"),
        ({"duration_hours": 8, "cost": -1, "skills": {tax.serve: 2}}, "cost"),
        ({"duration_hours": 8, "cost": 10, "skills": {}}, "skills"),
        ({"duration_hours": 8, "cost": 10, "skills": {tax.serve: 5}}, "skills"),
    ):
        with pytest.raises(SkillsError) as info:
            services.module_create(provider=provider, actor=None, title="M", **kwargs)
        assert info.value.code == field
    assert not provider.modules.exists()


def test_provider_manages_only_own_modules(tax):
    org, other = OrganisationFactory(), OrganisationFactory()
    mine = services.provider_create(organisation=org, actor=None)
    theirs = services.provider_create(organisation=other, actor=None)
    user = UserFactory()
    services.organisation_role_grant(user=user, organisation=org, role="provider", actor=None)
    services.module_create(
        provider=mine, actor=user, title="M", skills={tax.serve: 2}, duration_hours=8, cost=100
    )
    with pytest.raises(NotAllowed):
        services.module_create(
            provider=theirs,
            actor=user,
            title="M",
            skills={tax.serve: 2},
            duration_hours=8,
            cost=100,
        )
    assert TrainingProvider.objects.count() == 2


def test_override_needs_adviser_and_reason(seeker, tax, employer_org, adviser_user, employer_user):
    passport = make_passport(seeker, {tax.serve: 3})
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 2), **filler(tax)})
    with pytest.raises(NotAllowed):
        services.adviser_override_record(
            actor=employer_user, passport=passport, vacancy=vacancy, action="hide", reason="x"
        )
    with pytest.raises(SkillsError) as info:
        services.adviser_override_record(
            actor=adviser_user, passport=passport, vacancy=vacancy, action="hide", reason=" "
        )
    assert info.value.code == "reason"
