"""Each person lands where their work is: the start page has a section per role they hold,
the office goes straight to its dashboard, and someone without a role learns what they can
do and whom to ask. Every test here reads the demo, loaded once for the module."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from economie071.demo.loader import DEMO_PASSWORD
from economie071.skills.constants import ADVISER_GROUP
from economie071.skills.selectors import vacancies_of

pytestmark = pytest.mark.django_db

# demo login -> the sections of their start page, in order
ROLES = {
    "ton.orleans": ["project-leader"],
    "yvonne.vandelft": ["governance"],
    "forummoderator": ["moderator"],
    "organisator": ["organiser"],
    "werkgever": ["employer"],
    "opleider": ["trainer"],
    "loopbaanadviseur": ["adviser"],
    "werkzoekende": ["job-seeker"],
    "voorbeeld.ondernemer": [],
}
SECTION_IDS = {
    "project-leader",
    "governance",
    "moderator",
    "organiser",
    "employer",
    "trainer",
    "adviser",
    "job-seeker",
    "office",
}


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def sections_on(html: str) -> list[str]:
    found = [(html.find(f'<section class="start-section" id="{s}"'), s) for s in SECTION_IDS]
    return [s for at, s in sorted(found) if at >= 0]


def test_signing_in_lands_on_the_start_page(demo):
    client = Client()
    response = client.post("/inloggen/", {"username": "werkgever", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_the_office_goes_straight_to_its_dashboard(demo):
    response = signed_in("programmabureau").get("/start/")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


@pytest.mark.parametrize(("username", "expected"), ROLES.items())
def test_each_role_has_its_section(demo, username, expected):
    response = signed_in(username).get("/start/")
    assert response.status_code == 200
    assert sections_on(response.content.decode()) == expected


def test_a_section_lists_the_work_and_leads_to_the_main_page(demo):
    employer = get_user_model().objects.get(username="werkgever")
    titles = [v.title for v in vacancies_of(actor=employer)]
    html = signed_in("werkgever").get("/start/").content.decode()
    assert titles and all(title in html for title in titles[:5])
    assert 'href="/huis-van-skills/vacatures/"' in html  # the main page: all vacancies

    leader = signed_in("ton.orleans").get("/start/").content.decode()
    assert 'href="/kaarten/' in leader  # a card of the project Ton leads


def test_no_role_says_what_one_can_do_and_whom_to_ask(demo):
    html = signed_in("voorbeeld.ondernemer").get("/start/").content.decode()
    assert 'href="/huis-van-skills/paspoort/"' in html
    assert 'href="/evenementen/"' in html
    assert "Economie071" in html  # whom to ask: the programme's office


def test_the_menu_shows_the_dashboard_only_to_those_whose_work_it_is(demo):
    assert 'href="/dashboard/"' not in signed_in("werkzoekende").get("/start/").content.decode()
    assert 'href="/dashboard/"' in signed_in("ton.orleans").get("/start/").content.decode()
    assert 'href="/dashboard/"' in signed_in("yvonne.vandelft").get("/start/").content.decode()


def test_several_roles_get_a_section_each(demo):
    user = get_user_model().objects.get(username="ton.orleans")
    user.groups.add(Group.objects.get_or_create(name=ADVISER_GROUP)[0])
    html = signed_in("ton.orleans").get("/start/").content.decode()
    assert sections_on(html) == ["project-leader", "adviser"]
    assert 'href="#project-leader"' in html and 'href="#adviser"' in html


def test_the_start_page_needs_a_login(demo):
    response = Client().get("/start/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_a_long_list_shows_the_first_few_and_counts_the_rest(demo):
    from economie071.web.start import ITEMS_SHOWN, StartItem, _listed

    users = get_user_model().objects.order_by("username")
    total = users.count()
    assert total > ITEMS_SHOWN
    items, more = _listed(users, lambda u: StartItem(u.username, "/"))
    assert [i.label for i in items] == list(users.values_list("username", flat=True)[:ITEMS_SHOWN])
    assert more == total - ITEMS_SHOWN
    assert _listed([1, 2], lambda n: StartItem(str(n), "/")) == (
        [StartItem("1", "/"), StartItem("2", "/")],
        0,
    )
