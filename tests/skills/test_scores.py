"""Scores people can trust: a minimum demand before a vacancy opens, and work experience as
evidence for an occupation's essential skills, never overriding what the person states."""

import pytest
from django.utils import translation

from economie071.skills import matching, selectors, services
from economie071.skills.constants import MIN_DEMAND_SKILLS, DemandStatus, VacancyStatus
from economie071.skills.exceptions import SkillsError
from tests.skills.conftest import make_passport, make_vacancy


def test_a_vacancy_with_one_confirmed_skill_does_not_open(tax, employer_org, seeker):
    vacancy = make_vacancy(employer_org, tax.waiter, {tax.serve: (True, 1)}, open_it=False)
    with pytest.raises(SkillsError) as info, translation.override("nl"):
        services.vacancy_open(vacancy=vacancy, actor=None)
    assert info.value.code == "demand"
    assert f"minstens {MIN_DEMAND_SKILLS} vaardigheden" in info.value.messages[0]
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT
    # so nobody gets a 100 for holding that one skill
    passport = make_passport(seeker, {tax.serve: 4})
    assert selectors.vacancies_for_passport(passport=passport, actor=seeker) == []


def test_only_nice_to_haves_are_not_enough(tax, employer_org):
    vacancy = make_vacancy(
        employer_org,
        tax.waiter,
        {tax.serve: (False, 1), tax.stress: (False, 1), tax.hospitable: (False, 1)},
        open_it=False,
    )
    with pytest.raises(SkillsError):
        services.vacancy_open(vacancy=vacancy, actor=None)


def test_an_open_vacancy_whose_demand_thins_takes_part_in_no_match(tax, employer_org, seeker):
    vacancy = make_vacancy(
        employer_org,
        tax.waiter,
        {tax.serve: (True, 1), tax.stress: (False, 1), tax.hospitable: (False, 1)},
    )
    passport = make_passport(seeker, {tax.serve: 4})
    assert [
        s.vacancy for s in selectors.vacancies_for_passport(passport=passport, actor=seeker)
    ] == [vacancy]
    row = vacancy.demand.get(skill=tax.stress, status=DemandStatus.CONFIRMED)
    services.vacancy_reject_skill(demand_skill=row, actor=None)
    assert selectors.vacancies_for_passport(passport=passport, actor=seeker) == []


@pytest.mark.parametrize(("years", "level"), [(0, 1), (1, 1), (2, 2), (3, 2), (4, 3), (40, 3)])
def test_years_give_a_level_never_expert(years, level):
    assert matching.experience_level(years) == level


@pytest.fixture
def home_care(tax):
    tax.elderly = services.skill_create(
        actor=None, label_nl="ouderen verzorgen", label_en="tend to elderly people"
    )
    tax.home_care_worker = services.occupation_create(
        actor=None,
        label_nl="thuiszorgmedewerker",
        label_en="home care aide",
        isco_code="5322",
        essential=[tax.care, tax.elderly, tax.first_aid, tax.hospitable],
    )
    return tax


def test_four_years_of_home_care_rank_a_home_care_vacancy_first(home_care, employer_org, seeker):
    tax = home_care
    home = make_vacancy(
        employer_org,
        tax.home_care_worker,
        {
            tax.care: (True, 3),
            tax.elderly: (True, 2),
            tax.first_aid: (True, 2),
            tax.hospitable: (False, 2),
        },
        title="Thuiszorg",
    )
    waiter = make_vacancy(
        employer_org,
        tax.waiter,
        {tax.serve: (True, 4), tax.hospitable: (True, 2), tax.stress: (False, 1)},
        title="Bediening",
    )
    # she states what she does now; the care skills are not in her passport
    passport = make_passport(seeker, {tax.serve: 3, tax.hospitable: 3, tax.stress: 2})
    before = selectors.vacancies_for_passport(passport=passport, actor=seeker)
    assert [s.vacancy for s in before] == [waiter]
    services.passport_experience_set(
        passport=passport, actor=seeker, occupation=tax.home_care_worker, years=4
    )
    after = selectors.vacancies_for_passport(passport=passport, actor=seeker)
    assert [s.vacancy for s in after] == [home, waiter]
    held = {m["skill"]: m["held"] for m in after[0].explanation["matched"]}
    assert held[tax.care.pk] == 3 and held[tax.elderly.pk] == 3  # four years: level 3
    assert held[tax.hospitable.pk] == 3  # as she states it
    assert after[0].score == pytest.approx(100.0)


def test_experience_never_overrides_what_the_person_states(home_care, employer_org, seeker):
    tax = home_care
    make_vacancy(
        employer_org,
        tax.home_care_worker,
        {tax.care: (True, 3), tax.elderly: (True, 2), tax.first_aid: (True, 2)},
    )
    passport = make_passport(seeker, {tax.first_aid: 1})
    services.passport_experience_set(
        passport=passport, actor=seeker, occupation=tax.home_care_worker, years=10
    )
    (match,) = selectors.vacancies_for_passport(passport=passport, actor=seeker)
    held = {m["skill"]: m["held"] for m in match.explanation["matched"]}
    assert held[tax.first_aid.pk] == 1  # stated 1, though ten years would say 3
    assert held[tax.care.pk] == 3
    assert {s["skill"] for s in match.explanation["level_shortfalls"]} == {tax.first_aid.pk}
    # removing the experience removes its evidence at once
    services.passport_experience_remove(
        passport=passport, actor=seeker, occupation=tax.home_care_worker
    )
    (match,) = selectors.vacancies_for_passport(passport=passport, actor=seeker)
    assert {m["skill"] for m in match.explanation["matched"]} == {tax.first_aid.pk}


def test_explanations_are_plain_dutch_with_how_complete_the_vacancy_is(
    home_care, employer_org, seeker
):
    from django.test import Client

    tax = home_care
    make_vacancy(
        employer_org,
        tax.home_care_worker,
        {tax.care: (True, 2), tax.elderly: (True, 2), tax.hospitable: (False, 1)},
        title="Thuiszorg",
    )
    make_passport(seeker, {tax.care: 3, tax.hospitable: 2})
    client = Client()
    client.force_login(seeker)
    html = client.get("/huis-van-skills/paspoort/vacatures/").content.decode()
    assert "U hebt zelf 2 van de gevraagde vaardigheden" in html
    assert "1 onmisbare vaardigheid ontbreekt." in html
    assert "De werkgever vraagt 3 vaardigheden, waarvan 2 onmisbaar." in html
    assert "Van de 4 kernvaardigheden van het beroep vraagt de vacature er 3." in html
    privacy = client.get("/huis-van-skills/privacy/").content.decode()
    assert "ln(" not in privacy and 'lang="en"' not in privacy
    assert "Zo komt de score tot stand" in privacy
    data = client.get("/api/v1/skills/me/matches").json()["results"][0]
    assert data["demandCompleteness"] == {
        "confirmed": 3,
        "must": 2,
        "minimum": 3,
        "enough": True,
        "occupationEssential": 4,
        "occupationCovered": 3,
    }


def test_a_skill_without_a_dutch_label_is_shown_in_english_marked(tax, employer_org, seeker):
    from django.test import Client

    english_only = services.skill_create(actor=None, label_nl="", label_en="operate a hoist")
    make_vacancy(
        employer_org,
        tax.carer,
        {tax.care: (True, 2), english_only: (True, 1), tax.stress: (False, 1)},
    )
    make_passport(seeker, {tax.care: 3})
    client = Client()
    client.force_login(seeker)
    html = client.get("/huis-van-skills/paspoort/vacatures/").content.decode()
    english = '<small class="utrecht-data-badge badge">Engels</small>'
    assert f'<span lang="en">operate a hoist</span> {english}' in html
    assert "basiszorg bieden" in html  # the Dutch label, unmarked
