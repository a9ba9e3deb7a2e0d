"""House of Skills pages: who may see what, and the forms of each role with bad input."""

import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from economie071.skills import selectors, services
from economie071.skills.constants import (
    PRIVACY_TEXT_VERSION,
    DemandStatus,
    MatchKind,
    OrganisationRoleKind,
)
from economie071.skills.models import (
    AdviserOverride,
    MatchLog,
    Passport,
    PassportSkill,
    TrainingModule,
    Vacancy,
    WorkExperience,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.skills.conftest import filler, make_passport, make_vacancy

BASE = "/huis-van-skills/"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def provider_org(db):
    return OrganisationFactory(name="Leerwerkcentrum Test", slug="leerwerkcentrum-test")


@pytest.fixture
def provider(provider_org):
    return services.provider_create(organisation=provider_org, actor=None)


@pytest.fixture
def provider_user(provider):
    user = UserFactory(username="opleider")
    services.organisation_role_grant(
        user=user,
        organisation=provider.organisation,
        role=OrganisationRoleKind.PROVIDER,
        actor=None,
    )
    return user


@pytest.fixture
def module(provider, tax):
    return services.module_create(
        provider=provider,
        actor=None,
        title="Basiszorg (test)",
        skills={tax.care: 2},
        duration_hours=40,
        cost=500,
    )


@pytest.fixture
def vacancy(tax, employer_org, municipalities):
    return make_vacancy(
        employer_org,
        tax.carer,
        {
            tax.care: (True, 2),
            tax.hospitable: (True, 2),
            tax.stress: (True, 2),
            tax.first_aid: (False, 1),
        },
        title="Zorghulp (test)",
        municipality=municipalities["leiden"],
        hours=32,
    )


@pytest.fixture
def seeker_passport(seeker, tax):
    return make_passport(seeker, {tax.hospitable: 3, tax.stress: 2, tax.serve: 3})


# --- Permissions matrix ------------------------------------------------------------------------

PUBLIC = ["", "privacy/", "taxonomie/?q=gast", "opleidingen/"]
PERSON = [
    "paspoort/",
    "paspoort/voorkeuren/",
    "paspoort/vacatures/",
    "paspoort/loopbaanpaden/",
    "paspoort/kansenplan/",
    "paspoort/opleidingsplan/",
    "paspoort/download/",
    "paspoort/wissen/",
]


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize("who", [None, "plain_user", "seeker"])
def test_public_pages_are_public(request, programme, tax, path, who):
    user = request.getfixturevalue(who) if who else None
    assert client_for(user).get(BASE + path).status_code == 200


def test_occupation_and_module_pages_are_public(client, programme, tax, module):
    html = text_of(client.get(f"{BASE}taxonomie/beroepen/{tax.carer.pk}/"))
    assert "basiszorg bieden" in html
    assert client.get(f"{BASE}opleidingen/{module.pk}/").status_code == 200
    assert client.get(f"{BASE}taxonomie/beroepen/999999/").status_code == 404


@pytest.mark.parametrize("path", [*PERSON, "paspoort/toestemming/"])
def test_person_pages_need_a_login(client, programme, path):
    response = client.get(BASE + path)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("path", PERSON)
def test_no_passport_without_consent_first(plain_user, programme, path):
    response = client_for(plain_user).get(BASE + path)
    assert response.status_code == 302
    assert response["Location"] == BASE + "paspoort/toestemming/"


@pytest.mark.parametrize("path", PERSON)
def test_the_person_sees_their_own_pages(seeker, seeker_passport, vacancy, programme, path):
    assert client_for(seeker).get(BASE + path).status_code == 200


ROLE_PAGES = {
    # path template: {who: status}
    "vacatures/": {
        "plain_user": 403,
        "employer_user": 200,
        "adviser_user": 200,
        "office_user": 200,
        "provider_user": 403,
    },
    "vacatures/nieuw/": {
        "plain_user": 403,
        "employer_user": 200,
        "adviser_user": 403,
        "office_user": 200,
        "provider_user": 403,
    },
    "vacatures/{vacancy}/": {
        "plain_user": 403,
        "employer_user": 200,
        "other_employer_user": 403,
        "adviser_user": 200,
        "office_user": 200,
    },
    "vacatures/{vacancy}/kandidaten/": {
        "plain_user": 403,
        "employer_user": 200,
        "other_employer_user": 403,
        "adviser_user": 200,
        "office_user": 200,
        "provider_user": 403,
    },
    "opleidingen/nieuw/": {
        "plain_user": 403,
        "provider_user": 200,
        "employer_user": 403,
        "office_user": 200,
    },
    "opleidingen/{module}/bewerken/": {
        "plain_user": 403,
        "provider_user": 200,
        "employer_user": 403,
        "office_user": 200,
    },
    "adviseur/": {"plain_user": 403, "employer_user": 403, "adviser_user": 200, "office_user": 200},
    "adviseur/paspoorten/{passport}/": {
        "plain_user": 403,
        "employer_user": 403,
        "adviser_user": 200,
        "office_user": 200,
    },
    "matchingsplan/": {
        "plain_user": 403,
        "employer_user": 403,
        "provider_user": 403,
        "adviser_user": 200,
        "office_user": 200,
    },
    "matchingsplan/matchingsplan.xlsx": {
        "plain_user": 403,
        "employer_user": 403,
        "adviser_user": 200,
        "office_user": 200,
    },
}


@pytest.mark.parametrize(
    ("template", "who", "status"),
    [(t, who, status) for t, whos in ROLE_PAGES.items() for who, status in whos.items()]
    + [(t, None, 302) for t in ROLE_PAGES],
)
def test_role_pages_per_role(
    request, programme, vacancy, module, seeker_passport, template, who, status
):
    path = template.format(vacancy=vacancy.pk, module=module.pk, passport=seeker_passport.pk)
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(BASE + path)
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith("/inloggen/")


def test_writes_are_refused_to_the_wrong_role(
    programme, vacancy, module, seeker_passport, other_employer_user, plain_user
):
    demand = vacancy.demand.first()
    posts = [
        (other_employer_user, f"vacatures/{vacancy.pk}/sluiten/"),
        (other_employer_user, f"vacatures/{vacancy.pk}/vaardigheden/{demand.pk}/afwijzen/"),
        (plain_user, f"opleidingen/{module.pk}/aanbod/"),
        (plain_user, f"adviseur/paspoorten/{seeker_passport.pk}/bijsturen/"),
    ]
    for user, path in posts:
        assert client_for(user).post(BASE + path, {"active": "0"}).status_code == 403
    vacancy.refresh_from_db()
    module.refresh_from_db()
    assert vacancy.status == "open" and module.active
    assert not AdviserOverride.objects.exists()


def test_an_adviser_sees_nothing_of_a_withdrawn_or_erased_passport(
    seeker, seeker_passport, adviser_user, programme
):
    services.passport_consent_withdraw(passport=seeker_passport, actor=seeker)
    url = f"{BASE}adviseur/paspoorten/{seeker_passport.pk}/"
    response = client_for(adviser_user).get(url)
    assert response.status_code == 404
    assert "werkzoekende" not in text_of(response)
    assert url not in text_of(client_for(adviser_user).get(BASE + "adviseur/"))
    services.passport_erase(passport=seeker_passport, actor=seeker)
    assert client_for(adviser_user).get(url).status_code == 404


# --- Consent and the passport editor -------------------------------------------------------------


def test_consent_page_shows_the_privacy_text_and_version(plain_user, programme):
    html = text_of(client_for(plain_user).get(BASE + "paspoort/toestemming/"))
    assert PRIVACY_TEXT_VERSION in html
    assert 'name="consent"' in html


def test_no_passport_without_consent(plain_user, programme):
    response = client_for(plain_user).post(BASE + "paspoort/toestemming/", {"discoverable": "on"})
    assert response.status_code == 200
    assert "error-summary" in text_of(response)
    assert not Passport.objects.exists()


def test_consent_makes_the_passport(plain_user, programme):
    client = client_for(plain_user)
    response = client.post(
        BASE + "paspoort/toestemming/",
        {"consent": "on", "discoverable": "on", "version": PRIVACY_TEXT_VERSION},
    )
    assert response.status_code == 302
    passport = Passport.objects.get(user=plain_user)
    assert passport.consent_version == PRIVACY_TEXT_VERSION and passport.discoverable
    # Back on the consent page, the person goes straight to their passport.
    assert client.get(BASE + "paspoort/toestemming/")["Location"] == BASE + "paspoort/"


def test_consent_to_an_older_privacy_statement_is_refused(plain_user, programme):
    response = client_for(plain_user).post(
        BASE + "paspoort/toestemming/", {"consent": "on", "version": "2000-1"}
    )
    assert response.status_code == 200 and "error-summary" in text_of(response)
    assert not Passport.objects.exists()


def test_withdraw_and_give_consent_again(seeker, seeker_passport, programme):
    client = client_for(seeker)
    client.post(BASE + "paspoort/toestemming/intrekken/")
    seeker_passport.refresh_from_db()
    assert not seeker_passport.has_consent
    html = text_of(client.get(BASE + "paspoort/vacatures/"))
    assert "Opnieuw toestemming geven" in html
    client.post(BASE + "paspoort/toestemming/", {"consent": "on", "version": PRIVACY_TEXT_VERSION})
    seeker_passport.refresh_from_db()
    assert seeker_passport.has_consent


@pytest.mark.parametrize(
    ("query", "lang"), [("bedienen", ""), ("serve food", "en"), ("SERVER", "")]
)
def test_skill_search_by_labels_nl_en_and_alt(seeker, seeker_passport, tax, query, lang):
    html = text_of(client_for(seeker).get(BASE + "paspoort/", {"q": query, "lang": lang}))
    assert f'name="skill" value="{tax.serve.pk}"' in html


def test_a_job_seeker_finds_a_skill_by_our_dutch_phrases(
    seeker, seeker_passport, tax, quotation_skill
):
    html = text_of(client_for(seeker).get(BASE + "paspoort/", {"q": "offertes opstellen"}))
    assert f'name="skill" value="{quotation_skill.pk}"' in html
    assert "eigen vertaling" in html and "answer requests for quotation" in html


def test_a_job_seeker_finds_an_occupation_by_our_dutch_job_titles(seeker, seeker_passport, tax):
    """ESCO names the job "kinderverzorger"; Dutch ads and job seekers say "pedagogisch
    medewerker" (our own job titles): the work experience search finds it by that title."""
    day_care = services.occupation_create(
        actor=None,
        label_nl="kinderverzorger",
        label_en="child day care worker",
        uri="http://data.europa.eu/esco/occupation/3f74aad8-2d60-4be2-b059-8dba5568d530",
    )
    found = selectors.occupation_search(query="Pedagogisch  MEDEWERKER")
    assert found == [day_care] and found[0].matched_phrase == "pedagogisch medewerker"
    assert selectors.occupation_search(query="medewerker pedagogisch") == [day_care]
    assert selectors.occupation_search(query="zorg hulp") == [tax.carer]  # labels: every word
    html = text_of(client_for(seeker).get(BASE + "paspoort/", {"beroep": "pedagogisch medewerker"}))
    assert f'name="occupation" value="{day_care.pk}"' in html
    assert "gevonden als “pedagogisch medewerker”" in html


def test_add_change_and_remove_a_skill(seeker, seeker_passport, tax):
    client = client_for(seeker)
    response = client.post(
        BASE + "paspoort/vaardigheden/",
        {"skill": tax.care.pk, "level": 2, "evidence": "certificate"},
    )
    assert response.status_code == 302
    row = PassportSkill.objects.get(passport=seeker_passport, skill=tax.care)
    assert (row.level, row.evidence) == (2, "certificate")
    client.post(
        BASE + "paspoort/vaardigheden/", {"skill": tax.care.pk, "level": 4, "evidence": "assessed"}
    )
    row.refresh_from_db()
    assert row.level == 4
    client.post(BASE + "paspoort/vaardigheden/verwijderen/", {"skill": tax.care.pk})
    assert not PassportSkill.objects.filter(passport=seeker_passport, skill=tax.care).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": 5, "evidence": "assessed"}, "5"),
        ({"level": "x", "evidence": "assessed"}, "x"),
        ({"level": 2, "evidence": "rumour"}, "rumour"),
        ({"level": 2, "evidence": "training_module"}, "module"),
        ({"skill": 999999, "level": 2, "evidence": "assessed"}, "search"),
    ],
)
def test_bad_skill_input_is_refused_clearly(seeker, seeker_passport, tax, data, message):
    before = PassportSkill.objects.count()
    response = client_for(seeker).post(
        BASE + "paspoort/vaardigheden/", {"skill": tax.care.pk, **data}, follow=True
    )
    html = text_of(response)
    assert "message-error" in html
    assert message in html or message in html.lower()
    assert PassportSkill.objects.count() == before


def test_work_experience(seeker, seeker_passport, tax):
    client = client_for(seeker)
    html = text_of(client.get(BASE + "paspoort/", {"beroep": "ober"}))
    assert f'name="occupation" value="{tax.waiter.pk}"' in html
    client.post(BASE + "paspoort/werkervaring/", {"occupation": tax.waiter.pk, "years": 4})
    assert WorkExperience.objects.get(passport=seeker_passport).years == 4
    response = client.post(
        BASE + "paspoort/werkervaring/", {"occupation": tax.carer.pk, "years": 99}, follow=True
    )
    assert "message-error" in text_of(response)
    assert WorkExperience.objects.filter(passport=seeker_passport).count() == 1
    client.post(BASE + "paspoort/werkervaring/verwijderen/", {"occupation": tax.waiter.pk})
    assert not WorkExperience.objects.exists()


def test_preferences(seeker, seeker_passport, tax, municipalities):
    client = client_for(seeker)
    bad = client.post(BASE + "paspoort/voorkeuren/", {"min_hours": 30, "max_hours": 20})
    assert bad.status_code == 200 and "error-summary" in text_of(bad)
    seeker_passport.refresh_from_db()
    assert seeker_passport.min_hours is None
    client.post(
        BASE + "paspoort/voorkeuren/",
        {
            "sectors": [tax.zorg.pk],
            "municipalities": [municipalities["leiden"].pk],
            "min_hours": 20,
            "max_hours": 32,
        },
    )
    seeker_passport.refresh_from_db()
    assert (seeker_passport.min_hours, seeker_passport.max_hours) == (20, 32)
    assert list(seeker_passport.sectors.all()) == [tax.zorg]
    assert not seeker_passport.discoverable  # the box was not ticked


# --- Matches, paths, training ---------------------------------------------------------------


def test_matches_show_the_explanation(seeker, seeker_passport, vacancy, tax):
    tax.first_aid.broader.add(tax.care)  # related skill: partial credit for basic care
    services.passport_skill_set(
        passport=seeker_passport, actor=seeker, skill=tax.first_aid, level=1
    )
    response = client_for(seeker).get(BASE + "paspoort/vacatures/")
    html = text_of(response)
    assert "Zorghulp (test)" in html
    assert "gastvrij zijn" in html  # matched
    assert "gedeeltelijk meegeteld" in html  # partial credit, stated as such
    assert "+" in html  # gains per gap
    assert MatchLog.objects.filter(passport=seeker_passport, vacancy=vacancy).exists()


def test_a_passport_without_skills_gets_no_matches(plain_user, vacancy, programme):
    client = client_for(plain_user)
    client.post(BASE + "paspoort/toestemming/", {"consent": "on", "version": PRIVACY_TEXT_VERSION})
    html = text_of(client.get(BASE + "paspoort/vacatures/"))
    assert "Zorghulp (test)" not in html


def test_mobility_paths(seeker, seeker_passport, tax):
    services.passport_experience_set(
        passport=seeker_passport, actor=seeker, occupation=tax.waiter, years=3
    )
    html = text_of(client_for(seeker).get(BASE + "paspoort/loopbaanpaden/"))
    assert "zorghulp" in html
    assert "basiszorg bieden" in html  # a skill to learn
    assert MatchLog.objects.filter(kind=MatchKind.MOBILITY, viewer=seeker).exists()


def test_training_plan_for_a_vacancy(seeker, seeker_passport, vacancy, module, tax):
    html = text_of(
        client_for(seeker).get(
            BASE + "paspoort/opleidingsplan/", {"vacature": vacancy.pk, "doel": "duration"}
        )
    )
    assert "Basiszorg (test)" in html
    assert "500" in html  # the total cost
    (log,) = MatchLog.objects.filter(kind=MatchKind.TRAINING)
    assert (log.vacancy, log.viewer_role, log.explanation["objective"]) == (
        vacancy,
        "person",
        "duration",
    )
    # No module teaches the missing skill at the level asked... except basic care.
    html = text_of(
        client_for(seeker).get(BASE + "paspoort/opleidingsplan/", {"beroep": tax.electrician.pk})
    )
    assert "bedrading aanleggen" in html  # uncovered, said so


def test_training_plan_with_a_bad_target(seeker, seeker_passport):
    response = client_for(seeker).get(BASE + "paspoort/opleidingsplan/", {"vacature": "99999"})
    assert response.status_code == 200
    assert "message-error" in text_of(response)


def test_regional_gap_plan(seeker, seeker_passport, vacancy, module):
    html = text_of(client_for(seeker).get(BASE + "paspoort/kansenplan/"))
    assert "Basiszorg (test)" in html  # the module that raises the score most
    assert "Zorghulp (test)" in html  # with the vacancy whose score changes
    assert MatchLog.objects.filter(kind=MatchKind.GAP_PLAN, passport=seeker_passport).exists()


# --- Download and erasure -------------------------------------------------------------------


def test_download_my_data(seeker, seeker_passport, tax):
    response = client_for(seeker).get(BASE + "paspoort/download/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert {row["skill_id"] for row in data["skills"]} == {
        tax.hospitable.pk,
        tax.stress.pk,
        tax.serve.pk,
    }


def test_erase_needs_confirmation_and_then_it_is_gone(
    seeker, seeker_passport, vacancy, employer_user
):
    client = client_for(seeker)
    assert "Zorghulp" in text_of(client.get(BASE + "paspoort/vacatures/"))
    response = client.post(BASE + "paspoort/wissen/", {})
    assert response.status_code == 200 and "error-summary" in text_of(response)
    assert Passport.objects.filter(pk=seeker_passport.pk).exists()
    response = client.post(BASE + "paspoort/wissen/", {"confirm": "on"})
    assert response.status_code == 302
    assert not Passport.objects.filter(pk=seeker_passport.pk).exists()
    candidates = text_of(client_for(employer_user).get(f"{BASE}vacatures/{vacancy.pk}/kandidaten/"))
    assert f"paspoort {seeker_passport.pk}" not in candidates
    assert client.get(BASE + "paspoort/")["Location"] == BASE + "paspoort/toestemming/"


# --- Employers -------------------------------------------------------------------------------

VACANCY_TEXT = (
    "Wij zoeken een stressbestendige collega die graag gasten bedient, EHBO heeft en ervaring "
    "met kassasystemen."
)


def test_employer_creates_a_vacancy_from_text(employer_user, employer_org, tax, municipalities):
    client = client_for(employer_user)
    response = client.post(
        BASE + "vacatures/nieuw/",
        {
            "organisation": employer_org.pk,
            "title": "Bediening",
            "municipality": municipalities["leiden"].pk,
            "hours": 24,
            "text": VACANCY_TEXT,
        },
    )
    assert response.status_code == 302
    vacancy = Vacancy.objects.get(title="Bediening")
    proposed = {d.skill_id for d in vacancy.demand.filter(status=DemandStatus.PROPOSED)}
    assert tax.stress.pk in proposed
    html = text_of(client.get(response["Location"]))
    assert "<mark>" in html  # the words the skills were found in
    assert "%" in html  # the confidence
    assert "“kassasystemen”" in html  # a phrase that matches no skill stays visible


def test_employer_uploads_the_text(employer_user, employer_org, tax):
    data = VACANCY_TEXT.encode("utf-16")  # with BOM
    upload = io.BytesIO(data)
    upload.name = "vacature.txt"
    response = client_for(employer_user).post(
        BASE + "vacatures/nieuw/",
        {
            "organisation": employer_org.pk,
            "title": "Uit bestand",
            "text_file": upload,
        },
    )
    assert response.status_code == 302
    assert Vacancy.objects.get(title="Uit bestand").text.startswith("Wij zoeken")


def test_a_text_in_a_bad_encoding_is_refused_and_nothing_saved(employer_user, employer_org, tax):
    upload = io.BytesIO("Wij zoeken een kok die crème brûlée maakt.".encode("cp1252"))
    upload.name = "vacature.txt"
    response = client_for(employer_user).post(
        BASE + "vacatures/nieuw/",
        {
            "organisation": employer_org.pk,
            "title": "Kok",
            "text_file": upload,
        },
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "error-summary" in html and 'href="#id_text_file"' in html
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"title": ""}, "title"), ({"hours": 200}, "hours"), ({"organisation": 0}, "organisation")],
)
def test_bad_vacancy_input(employer_user, employer_org, tax, data, field):
    response = client_for(employer_user).post(
        BASE + "vacatures/nieuw/", {"organisation": employer_org.pk, "title": "X", **data}
    )
    assert response.status_code == 200
    assert f'href="#id_{field}"' in text_of(response)
    assert not Vacancy.objects.exists()


def test_employer_edits_a_vacancy_and_keeps_their_decisions(
    employer_user, employer_org, tax, municipalities
):
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=None, title="Ober", occupation=tax.waiter
    )
    services.vacancy_propose_skills(vacancy=vacancy, actor=None)
    serve = vacancy.demand.get(skill=tax.serve)
    services.vacancy_confirm_skill(demand_skill=serve, actor=None, must=True, min_level=3)
    services.vacancy_reject_skill(demand_skill=vacancy.demand.get(skill=tax.stress), actor=None)
    client = client_for(employer_user)
    page = client.get(f"{BASE}vacatures/{vacancy.pk}/bewerken/")
    assert page.status_code == 200 and 'value="Ober"' in text_of(page)
    assert f'href="{BASE}vacatures/{vacancy.pk}/bewerken/"' in text_of(
        client.get(f"{BASE}vacatures/{vacancy.pk}/")
    )
    response = client.post(
        f"{BASE}vacatures/{vacancy.pk}/bewerken/",
        {
            "title": "Ober (avond)",
            "occupation": tax.waiter.pk,
            "hours": 20,
            "municipality": municipalities["leiden"].pk,
            "text": "Je hebt een EHBO-diploma.",
        },
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.hours, vacancy.municipality) == (
        "Ober (avond)",
        20,
        municipalities["leiden"],
    )
    assert vacancy.organisation == employer_org  # the organisation cannot be changed
    serve.refresh_from_db()
    assert (serve.status, serve.min_level) == (DemandStatus.CONFIRMED, 3)
    assert vacancy.demand.get(skill=tax.stress).status == DemandStatus.REJECTED
    assert vacancy.demand.get(skill=tax.first_aid).status == DemandStatus.PROPOSED  # from text


def test_bad_vacancy_edits_change_nothing_and_others_may_not_edit(
    employer_user, other_employer_user, employer_org, tax
):
    vacancy = services.vacancy_create(organisation=employer_org, actor=None, title="Ober", hours=24)
    response = client_for(employer_user).post(
        f"{BASE}vacatures/{vacancy.pk}/bewerken/", {"title": "", "hours": 200}
    )
    assert response.status_code == 200
    html = text_of(response)
    assert 'href="#id_title"' in html and 'href="#id_hours"' in html
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.hours) == ("Ober", 24)
    other = client_for(other_employer_user)
    assert other.get(f"{BASE}vacatures/{vacancy.pk}/bewerken/").status_code == 403
    assert (
        other.post(f"{BASE}vacatures/{vacancy.pk}/bewerken/", {"title": "Overgenomen"}).status_code
        == 403
    )
    vacancy.refresh_from_db()
    assert vacancy.title == "Ober"


def test_an_employer_cannot_post_for_another_organisation(employer_user, other_org, tax):
    response = client_for(employer_user).post(
        BASE + "vacatures/nieuw/", {"organisation": other_org.pk, "title": "X"}
    )
    assert response.status_code == 200
    assert not Vacancy.objects.exists()


def test_confirm_reject_add_and_open(employer_user, employer_org, tax, seeker_passport):
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=None, title="Ober", occupation=tax.waiter
    )
    services.vacancy_propose_skills(vacancy=vacancy, actor=None)
    client = client_for(employer_user)
    # Opening without a confirmed skill is refused with a message.
    response = client.post(f"{BASE}vacatures/{vacancy.pk}/openen/", follow=True)
    assert "message-error" in text_of(response)
    serve = vacancy.demand.get(skill=tax.serve)
    stress = vacancy.demand.get(skill=tax.stress)
    bad = client.post(
        f"{BASE}vacatures/{vacancy.pk}/vaardigheden/{serve.pk}/bevestigen/",
        {"must": "1", "min_level": 9},
        follow=True,
    )
    assert "message-error" in text_of(bad)
    serve.refresh_from_db()
    assert serve.status == DemandStatus.PROPOSED
    client.post(
        f"{BASE}vacatures/{vacancy.pk}/vaardigheden/{serve.pk}/bevestigen/",
        {"must": "1", "min_level": 2},
    )
    client.post(f"{BASE}vacatures/{vacancy.pk}/vaardigheden/{stress.pk}/afwijzen/")
    client.post(
        f"{BASE}vacatures/{vacancy.pk}/vaardigheden/toevoegen/",
        {"skill": tax.hospitable.pk, "must": "0", "min_level": 1},
    )
    serve.refresh_from_db()
    stress.refresh_from_db()
    assert (serve.status, serve.must, serve.min_level) == ("confirmed", True, 2)
    assert stress.status == "rejected"
    assert vacancy.demand.get(skill=tax.hospitable).must is False
    # two confirmed skills are too thin a demand: the employer reads what is missing
    thin = text_of(client.post(f"{BASE}vacatures/{vacancy.pk}/openen/", follow=True))
    assert "minstens 3 vaardigheden" in thin and "nu 2 bevestigd" in thin
    vacancy.refresh_from_db()
    assert vacancy.status == "draft"
    client.post(
        f"{BASE}vacatures/{vacancy.pk}/vaardigheden/toevoegen/",
        {"skill": tax.first_aid.pk, "must": "0", "min_level": 1},
    )
    client.post(f"{BASE}vacatures/{vacancy.pk}/openen/")
    vacancy.refresh_from_db()
    assert vacancy.status == "open"
    html = text_of(client.get(f"{BASE}vacatures/{vacancy.pk}/kandidaten/"))
    assert f"paspoort {seeker_passport.pk}" in html


def test_candidates_are_only_those_who_want_to_be_found(employer_user, vacancy, tax):
    found = make_passport(UserFactory(username="vindbaar"), {tax.care: 3, tax.stress: 2})
    hidden = make_passport(
        UserFactory(username="onvindbaar"), {tax.care: 3, tax.stress: 2}, discoverable=False
    )
    html = text_of(client_for(employer_user).get(f"{BASE}vacatures/{vacancy.pk}/kandidaten/"))
    assert f" {found.pk}<" in html or f" {found.pk} " in html
    assert f" {hidden.pk}<" not in html
    assert "onvindbaar" not in html


# --- Training providers -------------------------------------------------------------------------


def test_provider_creates_and_edits_a_module(provider_user, provider, tax):
    client = client_for(provider_user)
    bad = client.post(
        BASE + "opleidingen/nieuw/",
        {
            "provider": provider.pk,
            "title": "EHBO",
            "skills": "eerste hulp verlenen: 3\nvliegen: 2",
            "duration_hours": "8",
            "cost": "120",
        },
    )
    assert bad.status_code == 200
    assert "Regel 2" in text_of(bad)
    assert not TrainingModule.objects.exists()
    response = client.post(
        BASE + "opleidingen/nieuw/",
        {
            "provider": provider.pk,
            "title": "EHBO",
            "skills": "EHBO: 3\nprovide basic care: 1",
            "duration_hours": "8",
            "cost": "120",
            "workplace_based": "on",
        },
    )
    assert response.status_code == 302
    module = TrainingModule.objects.get(title="EHBO")
    assert {r.skill_id: r.level for r in module.skills.all()} == {
        tax.first_aid.pk: 3,
        tax.care.pk: 1,
    }
    assert module.workplace_based
    edit = client.get(f"{BASE}opleidingen/{module.pk}/bewerken/")
    assert "eerste hulp verlenen: 3" in text_of(edit)
    client.post(
        f"{BASE}opleidingen/{module.pk}/bewerken/",
        {
            "title": "EHBO basis",
            "skills": "eerste hulp verlenen: 2",
            "duration_hours": "10",
            "cost": "0",
        },
    )
    module.refresh_from_db()
    assert (module.title, module.cost, module.skills.get().level) == ("EHBO basis", 0, 2)
    client.post(f"{BASE}opleidingen/{module.pk}/aanbod/", {"active": "0"})
    module.refresh_from_db()
    assert not module.active


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"duration_hours": "0"}, "duration_hours"),
        ({"cost": "-1"}, "cost"),
        ({"skills": "EHBO: 7"}, "skills"),
        ({"skills": ""}, "skills"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_module_input(provider_user, provider, tax, data, field):
    response = client_for(provider_user).post(
        BASE + "opleidingen/nieuw/",
        {
            "provider": provider.pk,
            "title": "EHBO",
            "skills": "EHBO: 3",
            "duration_hours": "8",
            "cost": "120",
            **data,
        },
    )
    assert response.status_code == 200
    assert f'href="#id_{field}"' in text_of(response)
    assert not TrainingModule.objects.exists()


# --- Advisers ----------------------------------------------------------------------------------


def test_adviser_finds_a_person_and_overrides(
    adviser_user, employer_user, seeker_passport, vacancy
):
    client = client_for(adviser_user)
    url = f"{BASE}adviseur/paspoorten/{seeker_passport.pk}/"

    def candidates():
        employer = client_for(employer_user)
        return text_of(employer.get(f"{BASE}vacatures/{vacancy.pk}/kandidaten/"))

    assert f"paspoort {seeker_passport.pk}<" in candidates()
    assert url in text_of(client.get(BASE + "adviseur/", {"q": "werkzoek"}))
    assert url not in text_of(client.get(BASE + "adviseur/", {"q": "iemand anders"}))
    assert "Zorghulp (test)" in text_of(client.get(url))
    shown = MatchLog.objects.filter(viewer=adviser_user, passport=seeker_passport)
    assert shown.filter(kind=MatchKind.VACANCIES, vacancy=vacancy, viewer_role="adviser").exists()
    # A reason is required.
    client.post(url + "bijsturen/", {"action": "hide", "reason": " ", "vacancy": vacancy.pk})
    assert not AdviserOverride.objects.exists()
    client.post(
        url + "bijsturen/",
        {"action": "hide", "reason": "Verhuist naar Utrecht", "vacancy": vacancy.pk},
    )
    override = AdviserOverride.objects.get()
    assert f"paspoort {seeker_passport.pk}<" not in candidates()
    adviser_view = text_of(client.get(url))
    assert "Verhuist naar Utrecht" in adviser_view
    client.post(f"{BASE}adviseur/bijsturingen/{override.pk}/intrekken/")
    override.refresh_from_db()
    assert override.revoked_at is not None


def test_adviser_annotates_a_mobility_path(adviser_user, seeker, seeker_passport, tax):
    client_for(adviser_user).post(
        f"{BASE}adviseur/paspoorten/{seeker_passport.pk}/bijsturen/",
        {"action": "annotate", "reason": "Past goed", "occupation": tax.carer.pk},
    )
    assert AdviserOverride.objects.get().occupation == tax.carer
    assert "Past goed" in text_of(client_for(seeker).get(BASE + "paspoort/loopbaanpaden/"))


# --- The matching plan ---------------------------------------------------------------------------


def test_matching_plan_page_and_excel(adviser_user, seeker_passport, vacancy, tax):
    client = client_for(adviser_user)
    html = text_of(client.get(BASE + "matchingsplan/"))
    assert html.count("<svg") == 3
    assert "basiszorg bieden" in html  # in demand, nobody has it: a shortage skill
    html = text_of(client.get(BASE + "matchingsplan/", {"sector": "zorg"}))
    assert "ober" in html  # an occupation that could feed care
    response = client.get(BASE + "matchingsplan/matchingsplan.xlsx", {"sector": "zorg"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 5
    shortage = workbook.worksheets[1]
    assert "basiszorg bieden" in [c.value for c in shortage["A"]]
    # No person in the workbook.
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
    assert not any("werkzoekende" in value for value in cells)


# --- Query counts ------------------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_take_a_constant_number_of_queries(
    programme,
    office_user,
    adviser_user,
    employer_org,
    employer_user,
    provider,
    tax,
    seeker,
    seeker_passport,
):
    office, adviser = client_for(office_user), client_for(adviser_user)
    employer, person = client_for(employer_user), client_for(seeker)
    first = make_vacancy(
        employer_org,
        tax.carer,
        {tax.care: (True, 1), tax.hospitable: (True, 1), **filler(tax, 1)},
        title="Eerste",
    )
    pages = [
        (office, "vacatures/"),
        (office, "opleidingen/"),
        (adviser, "adviseur/"),
        (office, "taxonomie/?q=ie"),
        (employer, f"vacatures/{first.pk}/kandidaten/"),
        (person, "paspoort/vacatures/"),
        (person, "paspoort/"),
        (adviser, "matchingsplan/"),
    ]

    def grow(n):
        for i in range(n):
            make_vacancy(
                employer_org,
                tax.carer,
                {tax.care: (True, 1), tax.stress: (True, 2), **filler(tax, 1)},
                title=f"V{i}",
            )
            services.module_create(
                provider=provider,
                actor=None,
                title=f"M{i}",
                skills={tax.care: 1, tax.stress: 2},
                duration_hours=1,
                cost=1,
            )
            make_passport(UserFactory(), {tax.care: 1, tax.hospitable: 2})

    grow(1)
    [_queries(c, BASE + p) for c, p in pages]  # the index is built once per process
    before = [_queries(c, BASE + p) for c, p in pages]
    grow(4)
    [_queries(c, BASE + p) for c, p in pages]  # the index catches up with the journal
    after = [_queries(c, BASE + p) for c, p in pages]
    assert before == after
