"""Who reads what of a passport and of the advisers' overrides, as the data-protection page
states it: a matrix of the person, a career adviser, an employer, the programme office and
an anonymous visitor over the pages and the API.

The reason an adviser gives (here a sensitive one) and the adviser's name are read by
advisers, the office and the person it is about; an employer sees a candidate by passport
number only, with the reasons of the match and whether an adviser put them first.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from economie071.skills import selectors, services
from economie071.skills.constants import ADVISER_GROUP, OverrideAction
from economie071.skills.exceptions import SkillsError
from economie071.skills.models import MatchLog
from tests.factories import UserFactory
from tests.skills.conftest import make_passport, make_vacancy

BASE = "/huis-van-skills/"
API = "/api/v1/skills/"

NOTE = "Let op: strafblad en schulden"
BOOST = "Sterke motivatie, snel beschikbaar"
HIDE = "Verhuist binnenkort naar Groningen"
ADVISER_NAME = "Anouk Adviseurs"
PERSON_NAME = "Sanne Zoekers"
PERSON_USERNAME = "sanne-z"
HIDDEN_NAME = "Harm Verborgen"

PRIVATE = (NOTE, BOOST, HIDE, ADVISER_NAME, PERSON_NAME, PERSON_USERNAME, HIDDEN_NAME)


@pytest.fixture
def world(programme, tax, employer_org, employer_user, office_user, municipalities):
    services.role_groups_ensure()
    adviser = UserFactory(username="anouk", first_name="Anouk", last_name="Adviseurs")
    adviser.groups.add(Group.objects.get(name=ADVISER_GROUP))
    person = UserFactory(username=PERSON_USERNAME, first_name="Sanne", last_name="Zoekers")
    passport = make_passport(person, {tax.care: 3, tax.hospitable: 3, tax.stress: 2})
    hidden_person = UserFactory(username="harm", first_name="Harm", last_name="Verborgen")
    hidden = make_passport(hidden_person, {tax.care: 3, tax.hospitable: 3, tax.stress: 2})
    vacancy = make_vacancy(
        employer_org,
        tax.carer,
        {tax.care: (True, 2), tax.hospitable: (True, 2), tax.stress: (True, 2)},
        title="Zorghulp (test)",
        municipality=municipalities["leiden"],
        hours=32,
    )
    for action, reason, who in [
        (OverrideAction.ANNOTATE, NOTE, passport),
        (OverrideAction.BOOST, BOOST, passport),
        (OverrideAction.HIDE, HIDE, hidden),
    ]:
        services.adviser_override_record(
            actor=adviser, passport=who, vacancy=vacancy, action=action, reason=reason
        )
    services.adviser_override_record(
        actor=adviser,
        passport=passport,
        occupation=tax.waiter,
        action=OverrideAction.ANNOTATE,
        reason=NOTE,
    )
    return {
        "person": person,
        "adviser": adviser,
        "employer": employer_user,
        "office": office_user,
        "anonymous": None,
        "passport": passport,
        "hidden": hidden,
        "vacancy": vacancy,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page(world, who, path):
    path = path.format(vacancy=world["vacancy"].pk, passport=world["passport"].pk)
    response = client_for(world[who]).get(path)
    return response, response.content.decode()


ALL_PRIVATE = set(PRIVATE)
STAFF_SEES = ALL_PRIVATE - {PERSON_USERNAME}  # staff see the name (username only without one)
PERSON_SEES = {NOTE, BOOST, ADVISER_NAME, PERSON_NAME}

# (path, who) -> (status, the private texts that must be on the page; all others must not)
MATRIX = {
    (BASE + "vacatures/{vacancy}/kandidaten/", "employer"): (200, set()),
    (BASE + "vacatures/{vacancy}/kandidaten/", "adviser"): (200, STAFF_SEES),
    (BASE + "vacatures/{vacancy}/kandidaten/", "office"): (200, STAFF_SEES),
    (BASE + "vacatures/{vacancy}/kandidaten/", "person"): (403, set()),
    (BASE + "vacatures/{vacancy}/kandidaten/", "anonymous"): (302, set()),
    (BASE + "adviseur/paspoorten/{passport}/", "adviser"): (
        200,
        {NOTE, BOOST, ADVISER_NAME, PERSON_NAME},
    ),
    (BASE + "adviseur/paspoorten/{passport}/", "office"): (
        200,
        {NOTE, BOOST, ADVISER_NAME, PERSON_NAME},
    ),
    (BASE + "adviseur/paspoorten/{passport}/", "employer"): (403, set()),
    (BASE + "adviseur/paspoorten/{passport}/", "person"): (403, set()),
    (BASE + "adviseur/paspoorten/{passport}/", "anonymous"): (302, set()),
    (BASE + "paspoort/vacatures/", "person"): (200, {NOTE, BOOST, ADVISER_NAME}),
    (BASE + "paspoort/loopbaanpaden/", "person"): (200, {NOTE, ADVISER_NAME}),
    (BASE + "paspoort/vacatures/", "employer"): (302, set()),  # no passport of their own
    (BASE + "paspoort/vacatures/", "anonymous"): (302, set()),
    (API + "me/matches", "person"): (200, {NOTE, BOOST}),
    (API + "me/matches", "employer"): (404, set()),
    (API + "me/matches", "adviser"): (404, set()),
    (API + "me/matches", "office"): (404, set()),
    (API + "me/matches", "anonymous"): (403, set()),
    (API + "me/passport", "employer"): (404, set()),
    (API + "me/passport", "anonymous"): (403, set()),
}


@pytest.mark.parametrize(("path", "who"), list(MATRIX))
def test_who_reads_what(world, path, who):
    status, visible = MATRIX[(path, who)]
    response, text = page(world, who, path)
    assert response.status_code == status
    viewer = world[who]
    own = {viewer.get_full_name()} if viewer else set()  # the page header names the viewer
    for private in ALL_PRIVATE - own:
        assert (private in text) == (private in visible), (private, path, who)


def test_the_employer_sees_the_candidate_by_number_and_the_boost_but_nothing_else(world):
    _response, text = page(world, "employer", BASE + "vacatures/{vacancy}/kandidaten/")
    assert f"Kandidaat met paspoort {world['passport'].pk}<" in text
    assert f"paspoort {world['hidden'].pk}<" not in text  # hidden: simply not shown
    assert "Bovenaan gezet door een loopbaanadviseur" in text
    assert "Verborgen door" not in text
    assert "Loopbaanadviseur" not in text.replace("door een loopbaanadviseur", "")


def test_the_person_reads_every_reason_in_the_data_download(world):
    response = client_for(world["person"]).get(BASE + "paspoort/download/")
    data = response.json()
    reasons = {(o["action"], o["reason"], o["adviser"]) for o in data["adviser_overrides"]}
    assert ("annotate", NOTE, ADVISER_NAME) in reasons
    assert ("boost", BOOST, ADVISER_NAME) in reasons


def test_the_match_log_keeps_what_the_employer_was_shown(world):
    client_for(world["employer"]).get(f"{BASE}vacatures/{world['vacancy'].pk}/kandidaten/")
    (log,) = MatchLog.objects.filter(viewer_role="employer")
    assert [o["action"] for o in log.overrides] == ["boost"]
    assert NOTE not in str(log.overrides) and BOOST not in str(log.overrides)
    assert ADVISER_NAME not in str(log.overrides)


def test_one_candidate_in_detail_follows_the_same_rules(world):
    vacancy, passport, hidden = world["vacancy"], world["passport"], world["hidden"]
    item = selectors.match_detail(vacancy=vacancy, passport_id=passport.pk, actor=world["employer"])
    assert item.boosted and item.notes == []
    with pytest.raises(SkillsError):  # hidden by an adviser: no match, as far as they know
        selectors.match_detail(vacancy=vacancy, passport_id=hidden.pk, actor=world["employer"])
    as_adviser = selectors.match_detail(
        vacancy=vacancy, passport_id=hidden.pk, actor=world["adviser"]
    )
    assert as_adviser.hidden and as_adviser.notes[0]["reason"] == HIDE


# --- From a match to a conversation: who reads what of an invitation -----------------------

PERSON_EMAIL = "sanne.zoekers@example.org"
CONTACT_PRIVATE = {PERSON_EMAIL, PERSON_NAME}


@pytest.fixture
def invited(world):
    world["person"].email = PERSON_EMAIL
    world["person"].save()
    contact = services.invitation_send(
        vacancy=world["vacancy"], passport=world["passport"], actor=world["employer"]
    )
    return {**world, "contact": contact}


# (path, who) -> (status, the texts of CONTACT_PRIVATE that must be there; the rest must not)
CONTACT_MATRIX = {
    (BASE + "vacatures/{vacancy}/", "employer"): (200, set()),
    (BASE + "vacatures/{vacancy}/", "adviser"): (200, set()),
    (BASE + "vacatures/{vacancy}/", "office"): (200, set()),
    (BASE + "vacatures/{vacancy}/", "person"): (403, set()),
    (BASE + "vacatures/{vacancy}/", "anonymous"): (302, set()),
    (BASE + "paspoort/contacten/", "person"): (200, set()),
    (BASE + "paspoort/contacten/", "employer"): (302, set()),  # no passport of their own
    (BASE + "paspoort/contacten/", "anonymous"): (302, set()),
    (API + "contacts?vacancy={vacancy}", "employer"): (200, set()),
    (API + "contacts?vacancy={vacancy}", "adviser"): (200, set()),
    (API + "contacts?vacancy={vacancy}", "office"): (200, set()),
    (API + "contacts?vacancy={vacancy}", "person"): (403, set()),
    (API + "contacts?vacancy={vacancy}", "anonymous"): (403, set()),
    (API + "me/contacts", "person"): (200, {PERSON_EMAIL, PERSON_NAME}),
    (API + "me/contacts", "employer"): (404, set()),
    (API + "me/contacts", "anonymous"): (403, set()),
    (API + "placements", "adviser"): (200, set()),
    (API + "placements", "office"): (200, set()),
    (API + "placements", "employer"): (403, set()),
    (API + "placements", "person"): (403, set()),
    (API + "placements", "anonymous"): (403, set()),
}


@pytest.mark.parametrize(("path", "who"), list(CONTACT_MATRIX))
def test_who_reads_what_of_an_invitation(invited, path, who):
    status, visible = CONTACT_MATRIX[(path, who)]
    response, text = page(invited, who, path)
    assert response.status_code == status
    viewer = invited[who]
    own = {viewer.get_full_name()} if viewer else set()  # the page header names the viewer
    for private in CONTACT_PRIVATE - own:
        assert (private in text) == (private in visible), (private, path, who)


@pytest.mark.parametrize("who", ["employer", "adviser", "office"])
def test_contact_details_reach_the_vacancy_side_once_the_person_shares_them(invited, who):
    services.contact_answer(
        contact=invited["contact"], actor=invited["person"], accept=True, share_contact=True
    )
    for path in (BASE + "vacatures/{vacancy}/", API + "contacts?vacancy={vacancy}"):
        _response, text = page(invited, who, path)
        assert PERSON_EMAIL in text and PERSON_NAME in text, path
