"""The House of Skills part of the API: taxonomy, modules, open vacancies, mobility, and the
signed-in person's own passport and matches. Problems are problem+json."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from economie071.skills import services
from economie071.skills.models import MatchLog
from tests.factories import OrganisationFactory, UserFactory
from tests.skills.conftest import filler, make_passport, make_vacancy

API = "/api/v1/skills/"


def get(client, path, **params):
    response = client.get(API + path, params)
    return response, response.json()


@pytest.fixture
def vacancy(tax, employer_org, municipalities):
    return make_vacancy(
        employer_org,
        tax.carer,
        {tax.care: (True, 2), tax.stress: (True, 2), tax.first_aid: (False, 1)},
        title="Zorghulp (test)",
        municipality=municipalities["leiden"],
        hours=32,
    )


def test_skills_list_and_search(client, tax):
    response, data = get(client, "skills")
    assert response.status_code == 200
    assert data["count"] == 7
    _r, data = get(client, "skills", q="bedienen")
    assert [s["id"] for s in data["results"]] == [tax.serve.pk]
    assert data["results"][0]["labelNl"] == "serveren"
    _r, data = get(client, "skills", q="food", lang="en")
    assert tax.serve.pk in [s["id"] for s in data["results"]]
    _r, data = get(client, "skills", q="food", lang="nl")
    assert tax.serve.pk not in [s["id"] for s in data["results"]]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"q": "x"}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"lang": "de"}, "lang"),
        ({"pageSize": "0"}, "pageSize"),
    ],
)
def test_bad_skill_queries_are_problems(client, tax, params, name):
    response = client.get(API + "skills", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == name


def test_occupations_and_one_occupation(client, tax):
    _r, data = get(client, "occupations", q="waiter")
    assert [o["id"] for o in data["results"]] == [tax.waiter.pk]
    response, data = get(client, f"occupations/{tax.waiter.pk}")
    assert response.status_code == 200
    assert {s["id"] for s in data["essentialSkills"]} == {tax.serve.pk, tax.hospitable.pk}
    assert [s["id"] for s in data["optionalSkills"]] == [tax.stress.pk]
    assert data["sector"] == {"slug": "horeca", "name": "Horeca"}
    response = client.get(API + "occupations/999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_sectors(client, tax):
    _r, data = get(client, "sectors")
    assert {s["slug"] for s in data["results"]} == {"horeca", "zorg"}
    assert data["results"][0]["iscoPrefixes"]


def test_modules(client, tax):
    provider = services.provider_create(organisation=OrganisationFactory(), actor=None)
    module = services.module_create(
        provider=provider,
        actor=None,
        title="Basiszorg",
        skills={tax.care: 2},
        duration_hours=40,
        cost="450.50",
    )
    _r, data = get(client, "modules")
    assert data["results"][0]["id"] == module.pk
    assert data["results"][0]["cost"] == "450.50"
    assert data["results"][0]["skills"] == [
        {"skill": tax.care.pk, "label": "basiszorg bieden", "level": 2}
    ]


def test_open_vacancies_with_their_confirmed_demand_and_nothing_personal(
    client, tax, vacancy, employer_org, seeker
):
    make_passport(seeker, {tax.care: 3})
    make_vacancy(
        employer_org,
        tax.carer,
        {tax.care: (True, 1), **filler(tax)},
        title="Concept",
        open_it=False,
    )
    response, data = get(client, "vacancies")
    assert [v["title"] for v in data["results"]] == ["Zorghulp (test)"]
    demand = {d["skill"]: (d["must"], d["minLevel"]) for d in data["results"][0]["demand"]}
    assert demand == {
        tax.care.pk: (True, 2),
        tax.stress.pk: (True, 2),
        tax.first_aid.pk: (False, 1),
    }
    assert "werkzoekende" not in response.content.decode()


def test_mobility(client, tax):
    response, data = get(client, "mobility", occupation=tax.waiter.pk)
    assert response.status_code == 200
    first = data["results"][0]
    assert first["occupation"]["id"] == tax.carer.pk
    assert {s["id"] for s in first["sharedSkills"]} >= {tax.hospitable.pk}
    assert tax.care.pk in {s["id"] for s in first["skillsToLearn"]}
    assert first["sameSector"] is False


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_mobility_needs_an_occupation(client, tax, value):
    response = client.get(API + "mobility", {"occupation": value})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "occupation"


def test_my_passport_only_for_me(tax, seeker):
    passport = make_passport(seeker, {tax.care: 3, tax.stress: 2})
    other = Client()
    other.force_login(UserFactory(username="iemand"))
    assert other.get(API + "me/passport").status_code == 404
    assert Client().get(API + "me/passport").status_code == 403
    mine = Client()
    mine.force_login(seeker)
    response, data = get(mine, "me/passport")
    assert response.status_code == 200
    assert data["id"] == passport.pk and data["hasConsent"] is True
    assert {s["skill"]: s["level"] for s in data["skills"]} == {tax.care.pk: 3, tax.stress.pk: 2}


def test_my_matches(tax, seeker, vacancy):
    passport = make_passport(seeker, {tax.care: 3, tax.stress: 1})
    client = Client()
    client.force_login(seeker)
    response, data = get(client, "me/matches")
    assert response.status_code == 200
    match = data["results"][0]
    assert match["vacancy"]["id"] == vacancy.pk and match["rank"] == 1
    explanation = match["explanation"]
    assert explanation["level_shortfalls"][0]["skill"] == tax.stress.pk
    assert explanation["missing_nice"][0]["skill"] == tax.first_aid.pk
    assert MatchLog.objects.filter(passport=passport, viewer=seeker).count() == 1
    services.passport_consent_withdraw(passport=passport, actor=seeker)
    response = client.get(API + "me/matches")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert Client().get(API + "me/matches").status_code == 403


@pytest.mark.parametrize("path", ["skills", "occupations", "sectors", "modules", "vacancies"])
def test_lists_take_a_constant_number_of_queries(client, tax, employer_org, path):
    provider = services.provider_create(organisation=OrganisationFactory(), actor=None)

    def grow(n):
        for i in range(n):
            services.skill_create(actor=None, label_nl=f"vaardigheid {i}")
            services.occupation_create(actor=None, label_nl=f"beroep {i}", essential=[tax.care])
            services.module_create(
                provider=provider,
                actor=None,
                title=f"M{i}",
                skills={tax.care: 1, tax.serve: 2},
                duration_hours=1,
                cost=1,
            )
            make_vacancy(
                employer_org,
                tax.carer,
                {tax.care: (True, 1), tax.serve: (False, 2), **filler(tax, 1)},
                title=f"V{i}",
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(API + path).status_code == 200
        return len(ctx.captured_queries)

    grow(1)
    before = count()
    grow(4)
    assert count() == before
