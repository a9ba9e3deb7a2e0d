"""The employer's vacancy pages: the occupation is proposed from the title and text and
confirmed by the employer; skills come ranked by evidence; long texts are refused clearly."""

import pytest
from django.test import Client

from economie071.skills import selectors, services
from economie071.skills.constants import DemandSource, DemandStatus
from economie071.skills.models import Skill, Vacancy
from tests.skills.conftest import QUOTATION_URI

BASE = "/huis-van-skills/"
TEXT = (
    "Wat ga je doen?\n- Je ontvangt de gasten gastvrij\n"
    "Wat vragen wij?\n- Je bent stressbestendig en hebt een EHBO-diploma\n"
    "- Je hebt ervaring met het organiseren van wijnproeverijen voor vaste gasten"
)


def proposed_vacancy(organisation, text: str, title: str = "Ober"):
    """A vacancy whose skills have been proposed from its text."""
    vacancy = services.vacancy_create(organisation=organisation, actor=None, title=title, text=text)
    services.vacancy_propose_skills(vacancy=vacancy, actor=None)
    return vacancy


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def test_propose_occupations_then_save_the_chosen_one(employer_user, employer_org, tax):
    client = client_for(employer_user)
    page = client.post(
        BASE + "vacatures/nieuw/",
        {
            "organisation": employer_org.pk,
            "title": "Ober",
            "text": TEXT,
            "suggest": "1",
        },
    )
    assert page.status_code == 200 and not Vacancy.objects.exists()  # nothing saved yet
    body = html(page)
    assert 'name="occupation_choice"' in body and f'value="{tax.waiter.pk}"' in body
    assert "ober" in body.lower()
    response = client.post(
        BASE + "vacatures/nieuw/",
        {
            "organisation": employer_org.pk,
            "title": "Ober",
            "text": TEXT,
            "occupation_choice": str(tax.waiter.pk),
        },
    )
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert vacancy.occupation == tax.waiter
    assert vacancy.occupation_suggestions[0]["occupation"] == tax.waiter.pk
    rows = list(vacancy.demand.filter(status=DemandStatus.PROPOSED).order_by("rank"))
    by_skill = {r.skill_id: r for r in rows}
    assert by_skill[tax.stress.pk].source == DemandSource.TEXT_AND_OCCUPATION
    assert by_skill[tax.serve.pk].rank > by_skill[tax.first_aid.pk].rank  # asked first


def test_a_choice_that_was_not_proposed_is_refused(employer_user, employer_org, tax):
    response = client_for(employer_user).post(
        BASE + "vacatures/nieuw/",
        {
            "organisation": employer_org.pk,
            "title": "Ober",
            "text": TEXT,
            "occupation_choice": "999999",
        },
    )
    assert response.status_code == 200 and not Vacancy.objects.exists()


def test_detail_page_proposes_occupations_and_the_employer_confirms_one(
    employer_user, employer_org, tax
):
    vacancy = proposed_vacancy(employer_org, TEXT)
    client = client_for(employer_user)
    page = html(client.get(f"{BASE}vacatures/{vacancy.pk}/"))
    assert "Voorgestelde beroepen" in page
    assert f'name="occupation" value="{tax.waiter.pk}"' in page
    assert "Gevraagd in de tekst" in page and "Alleen uit het beroepsprofiel" in page
    assert "“wijnproeverijen" in page or "wijnproeverijen" in page  # unmatched, long sentence
    response = client.post(f"{BASE}vacatures/{vacancy.pk}/beroep/", {"occupation": tax.carer.pk})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.occupation == tax.carer
    proposed = {d.skill_id: d for d in vacancy.demand.filter(status=DemandStatus.PROPOSED)}
    assert proposed[tax.care.pk].source == DemandSource.OCCUPATION_ESSENTIAL
    assert (
        tax.serve.pk not in proposed
        or proposed[tax.serve.pk].source != DemandSource.OCCUPATION_ESSENTIAL
    )
    after = html(client.get(f"{BASE}vacatures/{vacancy.pk}/"))
    assert "Voorgestelde beroepen" not in after and "bevestigd" in after


def test_only_the_employer_confirms_and_a_bad_choice_changes_nothing(
    employer_user, other_employer_user, employer_org, tax
):
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=None, title="Ober", text=TEXT
    )
    url = f"{BASE}vacatures/{vacancy.pk}/beroep/"
    assert (
        client_for(other_employer_user).post(url, {"occupation": tax.waiter.pk}).status_code == 403
    )
    assert client_for(employer_user).post(url, {"occupation": 0}).status_code == 302
    assert client_for(employer_user).get(url).status_code == 405
    vacancy.refresh_from_db()
    assert vacancy.occupation is None


def test_a_text_over_the_limit_is_a_clear_form_error(employer_user, employer_org, tax):
    response = client_for(employer_user).post(
        BASE + "vacatures/nieuw/",
        {
            "organisation": employer_org.pk,
            "title": "Ober",
            "text": "woord " * 4000,
        },
    )
    assert response.status_code == 200
    body = html(response)
    assert 'href="#id_text"' in body and "20000" in body
    assert not Vacancy.objects.exists()


def test_the_service_refuses_a_long_text_too(employer_org, tax):
    from economie071.skills.exceptions import SkillsError

    with pytest.raises(SkillsError, match="20.000"):
        services.vacancy_create(organisation=employer_org, actor=None, title="X", text="x" * 20_001)
    vacancy = services.vacancy_create(organisation=employer_org, actor=None, title="X")
    with pytest.raises(SkillsError):
        services.vacancy_propose_skills(vacancy=vacancy, actor=None, text="x" * 20_001)
    vacancy.refresh_from_db()
    assert vacancy.text == ""


def test_our_dutch_name_is_shown_as_our_own_translation(
    employer_user, employer_org, tax, quotation_skill
):
    """A skill without a Dutch ESCO label that our vocabulary names: its Dutch name, marked."""
    from economie071.skills.extraction import dutch_names

    skill = quotation_skill
    vacancy = proposed_vacancy(employer_org, "Wat ga je doen?\n- Je stelt offertes op")
    assert vacancy.demand.filter(skill=skill).exists()
    page = html(client_for(employer_user).get(f"{BASE}vacatures/{vacancy.pk}/"))
    assert "eigen vertaling" in page and dutch_names()[QUOTATION_URI] in page
    assert Skill.objects.get(pk=skill.pk).label_nl == ""


def test_the_names_of_own_skills_come_before_our_phrases(employer_org, tax):
    """The office chose an own skill's names on purpose: "stressbestendig" is its alternative
    name, so the ESCO skill our vocabulary gives that phrase does not take it."""
    esco_stress = services.skill_create(
        actor=None,
        label_nl="",
        label_en="cope with stress",
        uri="http://data.europa.eu/esco/skill/7a147904-22b3-498a-b4d9-7bceeb86b45d",
    )
    vacancy = proposed_vacancy(employer_org, "Wat vragen wij?\n- Je bent stressbestendig")
    found = {d.skill_id for d in vacancy.demand.all() if d.evidence}
    assert tax.stress.pk in found and esco_stress.pk not in found


def test_why_an_occupation_is_proposed_counts_the_skills_in_dutch():
    from django.utils import translation

    from economie071.skills.views.employer import _why_words

    with translation.override("nl"):
        assert _why_words("kok", True, 1) == (
            "titel: “kok”; genoemd in de tekst; 1 gevonden vaardigheid past"
        )
        assert _why_words("", False, 3) == "3 gevonden vaardigheden passen"


def test_a_skill_is_found_by_our_dutch_phrases_where_esco_has_no_dutch_label(
    employer_user, employer_org, tax, quotation_skill
):
    """An employer adding a skill by hand searches in their own words: our vocabulary finds
    the skill where the imported taxonomy has no Dutch label, and says which of our phrases
    it matched."""
    offer = quotation_skill
    found = selectors.skill_search(query="OFFERTES opstellen")
    assert found == [offer]
    assert found[0].matched_phrase.lower() == "offertes opstellen"
    assert found[0].own_name  # our Dutch name, shown as "eigen vertaling"
    assert selectors.skill_search(query="offertes", lang="en") == []  # our phrases are Dutch
    # a skill whose own label matches shows no phrase
    hospitable = selectors.skill_search(query="gastvrij")[0]
    assert hospitable == tax.hospitable and hospitable.matched_phrase == ""
    # every word of the query, in any order, in one name
    assert selectors.skill_search(query="opstellen  offertes") == [offer]
    assert selectors.skill_search(query="stress omgaan") == [tax.stress]
    assert selectors.skill_search(query="stress offertes") == []

    vacancy = services.vacancy_create(organisation=employer_org, actor=None, title="Ober", text="")
    page = html(
        client_for(employer_user).get(f"{BASE}vacatures/{vacancy.pk}/", {"q": "offertes opstellen"})
    )
    assert "eigen vertaling" in page and "offertes opstellen" in page
    assert f'name="skill" value="{offer.pk}"' in page


def test_an_unmatched_phrase_leads_to_a_skill_search(employer_user, employer_org, tax):
    """A requirement that matched no skill links to the hand search, with the word of it that
    a skill's name uses."""
    vacancy = proposed_vacancy(
        employer_org, "Wat vragen wij?\n- Je blijft kalm bij stress op het terras van de zaak"
    )
    (row,) = [r for r in selectors.unmatched_phrases(vacancy=vacancy) if "terras" in r["text"]]
    assert row["query"] == "stress"
    page = html(client_for(employer_user).get(f"{BASE}vacatures/{vacancy.pk}/"))
    assert "?q=stress#add-heading" in page
    assert "vaardigheden zoeken met “stress”" in page


def test_a_long_profile_shows_its_best_skills_and_folds_the_rest(employer_user, employer_org):
    """An occupation's profile has up to a hundred skills: the best ten are shown, the rest
    are folded away under one line that says how many."""
    skills = [
        services.skill_create(actor=None, label_nl=f"vaardigheid {n}", label_en=f"skill {n}")
        for n in range(13)
    ]
    cook = services.occupation_create(actor=None, label_nl="kok", label_en="cook", essential=skills)
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=None, title="Kok", text="Wij zoeken een kok."
    )
    services.vacancy_confirm_occupation(vacancy=vacancy, actor=None, occupation=cook)
    response = client_for(employer_user).get(f"{BASE}vacatures/{vacancy.pk}/")
    assert len(response.context["from_profile"]) == 10
    assert len(response.context["from_profile_more"]) == 3
    page = html(response)
    assert "nog 3 vaardigheden van het beroepsprofiel" in page
    for skill in skills:  # folded, not left out
        assert f'name="skill" value="{skill.pk}"' in page or skill.label_nl in page


def test_a_skill_named_only_in_the_offer_is_shown_apart(employer_user, employer_org, tax):
    """ "Wat bieden wij? Een cursus EHBO" offers first aid, it does not ask for it: the skill
    is proposed under "Terloops genoemd", not among the skills the text asks for."""
    text = "Wat ga je doen?\n- Je ontvangt de gasten gastvrij\nWat bieden wij?\n- Een cursus EHBO"
    vacancy = services.vacancy_create(
        organisation=employer_org, actor=None, title="Ober", text=text
    )
    services.vacancy_confirm_occupation(vacancy=vacancy, actor=None, occupation=tax.waiter)
    row = vacancy.demand.get(skill=tax.first_aid)
    assert row.status == DemandStatus.PROPOSED and row.source == DemandSource.TEXT
    assert not row.must  # offered, not asked: nice-to-have unless the employer says otherwise
    response = client_for(employer_user).get(f"{BASE}vacatures/{vacancy.pk}/")
    assert [r.skill_id for r in response.context["in_passing"]] == [tax.first_aid.pk]
    assert tax.first_aid.pk not in {r.skill_id for r in response.context["proposed"]}
    page = html(response)
    assert page.index("Terloops genoemd") < page.index(tax.first_aid.label_nl)
    asked = proposed_vacancy(employer_org, "Wat vragen wij?\n- Je hebt een EHBO-diploma")
    response = client_for(employer_user).get(f"{BASE}vacatures/{asked.pk}/")
    assert tax.first_aid.pk in {r.skill_id for r in response.context["proposed"]}
    assert asked.demand.get(skill=tax.first_aid).must
    assert "Terloops genoemd" not in html(response)
