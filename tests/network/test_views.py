"""Network pages and API: search, what is shown, contact without addresses, permissions,
constant query counts on the lists."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from economie071.network import services
from economie071.network.constants import ExchangeDirection, ExchangeKind
from economie071.network.models import Challenge, ContactRequest, Trajectory
from economie071.network.services import ExchangeInput
from economie071.programme.constants import HelixSide
from tests.factories import OrganisationFactory
from tests.network.conftest import CONTACT_ADDRESS, HIDDEN_DESCRIPTION, HIDDEN_SEEK, days_ago


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Directory and visibility ----------------------------------------------------------------


def test_directory_search_and_filters(client, profile, school_profile, municipalities):
    html = html_of(client.get("/netwerk/"))
    assert "Waterschap Test" in html and "Testhogeschool" in html

    def names(query):
        html = html_of(client.get(f"/netwerk/?{query}"))
        return {n for n in ("Waterschap Test", "Testhogeschool") if f">{n}</a>" in html}

    assert names("q=kool") == {"Waterschap Test"}  # text of a shown offer
    assert names("q=laboratorium") == {"Testhogeschool"}  # shown description
    assert names("q=testhoge") == {"Testhogeschool"}  # name
    assert names(f"helix={HelixSide.EDUCATION}") == {"Testhogeschool"}
    assert names("sector=water") == {"Waterschap Test"}
    assert names("offers=space") == {"Testhogeschool"}
    assert names("offers=challenges&municipality=leiden") == {"Waterschap Test"}
    assert names("partners=on") == {"Waterschap Test"}
    assert names("municipality=katwijk") == set()


def test_a_hidden_field_is_not_shown_nor_searchable(client, profile):
    html = html_of(client.get("/netwerk/organisaties/waterschap-test/"))
    assert "Actief kool" in html  # shown offer
    assert HIDDEN_DESCRIPTION not in html and HIDDEN_SEEK not in html
    assert "Waterschap Test</a>" in html_of(client.get("/netwerk/?q=kool"))
    for query in (HIDDEN_DESCRIPTION, HIDDEN_SEEK):
        assert "Waterschap Test</a>" not in html_of(client.get(f"/netwerk/?q={query}"))
    assert "Waterschap Test</a>" not in html_of(client.get("/netwerk/?seeks=internships"))
    data = client.get("/api/v1/network/organisations/waterschap-test").json()
    assert data["description"] is None and data["seeks"] is None
    assert data["offers"] == [{"kind": "challenges", "text": "Actief kool"}]
    assert data["partnership"]["covenantSignedOn"] == "2017-03-01"
    listed = client.get(f"/api/v1/network/organisations?q={HIDDEN_SEEK}").json()
    assert listed["count"] == 0
    assert HIDDEN_DESCRIPTION not in client.get("/api/v1/network/organisations").content.decode()


def test_hiding_the_sector_municipality_and_partnership(client, profile):
    services.profile_update(
        profile=profile,
        actor=None,
        show_sector=False,
        show_municipality=False,
        show_partnership=False,
        show_website=False,
    )
    html = html_of(client.get("/netwerk/organisaties/waterschap-test/"))
    for hidden in ("Water management", "Waterbeheer", "Leiden</dd>", "waterschap.example", "2017"):
        assert hidden not in html
    assert "Waterschap Test</a>" not in html_of(client.get("/netwerk/?sector=water"))
    data = client.get("/api/v1/network/organisations/waterschap-test").json()
    assert data["sector"] is None and data["municipality"] is None
    assert data["partnership"] is None and data["website"] is None


def test_an_unpublished_profile_is_for_its_editors_only(client, profile, editor_user, office_user):
    services.profile_update(profile=profile, actor=None, is_published=False)
    assert client.get("/netwerk/organisaties/waterschap-test/").status_code == 404
    assert client.get("/api/v1/network/organisations/waterschap-test").status_code == 404
    assert "Waterschap Test" not in html_of(client.get("/netwerk/"))
    for user in (editor_user, office_user):
        assert client_for(user).get("/netwerk/organisaties/waterschap-test/").status_code == 200
    # The API shows the public view, also to the office.
    assert (
        client_for(office_user).get("/api/v1/network/organisations/waterschap-test").status_code
        == 404
    )


# --- Contact ---------------------------------------------------------------------------------


CONTACT_PAGES = [
    "/netwerk/",
    "/netwerk/?q=waterschap",
    "/netwerk/organisaties/waterschap-test/",
    "/netwerk/uitdagingen/",
    "/api/v1/network/organisations",
    "/api/v1/network/organisations/waterschap-test",
    "/api/v1/network/challenges",
]


@pytest.mark.parametrize("who", [None, "plain_user", "editor_user", "office_user"])
def test_the_contact_address_never_appears(request, who, profile, challenge):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    for url in CONTACT_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert CONTACT_ADDRESS not in response.content.decode(), url
    if who == "office_user":  # the edit form is where the office sets it
        edit_page = client.get("/netwerk/organisaties/waterschap-test/bewerken/")
        assert CONTACT_ADDRESS in html_of(edit_page)


def test_the_contact_form_forwards_the_message(
    client, profile, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/netwerk/organisaties/waterschap-test/",
            {"name": "Bea", "email": "bea@example.org", "message": "Kunnen we samenwerken?"},
            follow=True,
        )
    html = html_of(response)
    assert "doorgestuurd" in html  # "Uw bericht is doorgestuurd naar Waterschap Test."
    assert CONTACT_ADDRESS not in html
    assert [m.to for m in mailoutbox] == [[CONTACT_ADDRESS]]
    assert "Kunnen we samenwerken?" in mailoutbox[0].body


def test_the_contact_form_shows_errors_and_the_throttle(client, profile, mailoutbox):
    html = html_of(client.post("/netwerk/organisaties/waterschap-test/", {"name": "Bea"}))
    assert "error-summary" in html and not ContactRequest.objects.exists()
    for _ in range(3):
        client.post(
            "/netwerk/organisaties/waterschap-test/",
            {"name": "Bea", "email": "bea@example.org", "message": "Hallo"},
        )
    html = html_of(
        client.post(
            "/netwerk/organisaties/waterschap-test/",
            {"name": "Bea", "email": "bea@example.org", "message": "Nog eens"},
        )
    )
    assert "probeer het later opnieuw" in html
    assert ContactRequest.objects.count() == 3


def test_no_contact_form_without_an_address(client, profile):
    services.profile_update(profile=profile, actor=None, contact_email="")
    html = html_of(client.get("/netwerk/organisaties/waterschap-test/"))
    assert "<textarea" not in html
    response = client.post(
        "/netwerk/organisaties/waterschap-test/",
        {"name": "Bea", "email": "bea@example.org", "message": "Hallo"},
    )
    assert response.status_code == 404


# --- Permissions matrix ----------------------------------------------------------------------

# page -> who may open it (GET); everyone else: login redirect (anonymous) or 403.
WRITE_PAGES = {
    "/netwerk/organisaties/nieuw/": {"office_user"},
    "/netwerk/organisaties/waterschap-test/bewerken/": {"office_user", "editor_user"},
    "/netwerk/organisaties/waterschap-test/aanbod/": {"office_user", "editor_user"},
    "/netwerk/organisaties/waterschap-test/redacteuren/": {"office_user"},
    "/netwerk/uitdagingen/nieuw/": {"office_user", "editor_user"},
    "/netwerk/uitdagingen/{challenge}/bewerken/": {"office_user", "editor_user"},
    "/netwerk/uitdagingen/{challenge}/team/": {"office_user"},
    "/netwerk/uitdagingen/{challenge}/resultaat/": {"office_user"},
    "/netwerk/smart071/trajecten/nieuw/": {"office_user", "other_leader_user"},
    "/netwerk/smart071/trajecten/{trajectory}/bewerken/": {"office_user", "other_leader_user"},
    "/netwerk/smart071/trajecten/{trajectory}/fase/": {"office_user", "other_leader_user"},
    "/netwerk/smart071/experts/nieuw/": {"office_user", "other_leader_user"},
    "/netwerk/smart071/doorverwijzingen/nieuw/": {"office_user", "other_leader_user"},
}
USERS = [None, "plain_user", "steering_user", "editor_user", "other_leader_user", "office_user"]


@pytest.mark.parametrize("who", USERS)
def test_permissions_matrix(request, who, profile, challenge, trajectory):
    request.getfixturevalue("editor_user")
    request.getfixturevalue("other_leader_user")
    client = client_for(request.getfixturevalue(who) if who else None)
    for pattern, allowed in WRITE_PAGES.items():
        url = pattern.format(challenge=challenge.slug, trajectory=trajectory.slug)
        response = client.get(url)
        if who in allowed:
            assert response.status_code == 200, (url, who)
        elif who is None:
            assert response.status_code == 302 and "/inloggen/" in response["Location"], url
        else:
            assert response.status_code == 403, (url, who)
    # The public pages are open to everyone.
    for url in (
        "/netwerk/",
        "/netwerk/uitdagingen/",
        "/netwerk/smart071/",
        f"/netwerk/uitdagingen/{challenge.slug}/",
        f"/netwerk/smart071/trajecten/{trajectory.slug}/",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["plain_user", "editor_user"])
def test_a_refused_post_changes_nothing(request, who, challenge, trajectory):
    client = client_for(request.getfixturevalue(who))
    before = Challenge.objects.get(pk=challenge.pk).status
    url = f"/netwerk/uitdagingen/{challenge.slug}/status/"
    response = client.post(url, {"status": "cancelled"})
    assert response.status_code == 403
    assert Challenge.objects.get(pk=challenge.pk).status == before
    response = client.post(
        f"/netwerk/smart071/trajecten/{trajectory.slug}/afronden/", {"status": "completed"}
    )
    assert response.status_code == 403
    assert Trajectory.objects.get(pk=trajectory.pk).status == "running"


def test_the_office_walks_a_challenge_through_its_states(
    office_user, challenge, school, school_profile
):
    client = client_for(office_user)
    response = client.post(
        f"/netwerk/uitdagingen/{challenge.slug}/team/",
        {"school": school.pk, "study_programme": "MLO", "student_count": "2"},
    )
    assert response.status_code == 302
    html = html_of(
        client.post(
            f"/netwerk/uitdagingen/{challenge.slug}/status/", {"status": "completed"}, follow=True
        )
    )
    assert "kan niet" in html  # matched → completed is refused, with a message
    client.post(f"/netwerk/uitdagingen/{challenge.slug}/status/", {"status": "running"})
    challenge.refresh_from_db()
    assert challenge.status == "running" and challenge.team.school == school
    html = html_of(
        client.post(
            f"/netwerk/uitdagingen/{challenge.slug}/resultaat/",
            {"kind": "film", "title": "De film", "url": "niet een adres"},
        )
    )
    assert "error-summary" in html and not challenge.results.exists()


def test_an_editor_posts_a_challenge_that_waits_for_publication(
    client, editor_user, programme, water_board
):
    response = client_for(editor_user).post(
        "/netwerk/uitdagingen/nieuw/",
        {
            "organisation": water_board.pk,
            "title": "Nieuwe vraag",
            "starts_on": "2020-09-07",
            "starts_on_precision": "day",
            "ends_on_precision": "day",
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get(title="Nieuwe vraag")
    assert challenge.school_year == "2020-2021" and not challenge.is_published
    assert client.get(f"/netwerk/uitdagingen/{challenge.slug}/").status_code == 404
    assert "Nieuwe vraag" not in html_of(client.get("/netwerk/uitdagingen/"))
    assert "Nieuwe vraag" in html_of(client_for(editor_user).get("/netwerk/uitdagingen/"))


def test_challenges_per_school_year(client, challenge, programme, water_board):
    services.challenge_post(
        programme=programme,
        organisation=water_board,
        actor=None,
        title="Volgend jaar",
        school_year="2019-2020",
    )
    html = html_of(client.get("/netwerk/uitdagingen/"))
    assert html.index("Schooljaar 2019-2020") < html.index("Volgend jaar")
    assert html.index("Schooljaar 2018-2019") < html.index("Actief kool tegen medicijnresten")
    assert html.index("Volgend jaar") < html.index("Schooljaar 2018-2019")
    detail = html_of(client.get(f"/netwerk/uitdagingen/{challenge.slug}/"))
    assert "april 2019" in detail and "10 weken" in detail and "niet bekend" in detail


def test_the_smart071_page_shows_the_computed_figures(client, programme, trajectory, company):
    services.trajectory_close(trajectory=trajectory, actor=None, status="completed", follow_up=True)
    placeholder = services.trajectory_create(
        programme=programme,
        actor=None,
        title="Gereconstrueerd",
        is_placeholder=True,
        placeholder_note="Gereconstrueerd uit de totalen",
    )
    services.trajectory_close(
        trajectory=placeholder, actor=None, status="completed", follow_up=False
    )
    html = html_of(client.get("/netwerk/smart071/"))
    assert "1 van 2 (50%)" in html
    assert "plaatshouder" in html and "niet genoemd in de bron" in html
    figures = client.get("/api/v1/network/trajectories/figures").json()
    assert figures["completed"] == 2 and figures["followUpShare"] == "0.50"
    assert figures["placeholders"] == 1


def test_a_trajectory_phase_change_through_the_form(other_leader_user, trajectory):
    client = client_for(other_leader_user)
    url = f"/netwerk/smart071/trajecten/{trajectory.slug}/fase/"
    html = html_of(client.post(url, {"to_phase": "implementing", "changed_on": str(days_ago(1))}))
    assert "error-summary" in html  # skipping needs a note
    response = client.post(
        url, {"to_phase": "learning_experimenting", "changed_on": str(days_ago(1))}
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.phase == "learning_experimenting"


def test_the_api_refuses_unknown_filter_values(client, profile):
    response = client.get("/api/v1/network/organisations?offers=gold")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "offers"
    assert client.get("/api/v1/network/challenges?schoolYear=2019").status_code == 400
    assert client.get("/api/v1/network/trajectories?status=paused").status_code == 400


# --- Query counts ----------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


def _add_more(programme, n):
    for i in range(n):
        org = OrganisationFactory(helix=HelixSide.BUSINESS)
        profile = services.profile_create(
            organisation=org, actor=None, is_published=True, contact_email="x@example.org"
        )
        services.profile_set_exchanges(
            profile=profile,
            actor=None,
            exchanges=[
                ExchangeInput(ExchangeDirection.OFFERS, ExchangeKind.EXPERTISE, f"kennis {i}"),
                ExchangeInput(ExchangeDirection.SEEKS, ExchangeKind.FUNDING, "geld"),
            ],
        )
        challenge = services.challenge_post(
            programme=programme,
            organisation=org,
            actor=None,
            title=f"Vraag {i}",
            starts_on=datetime.date(2018 + i % 3, 10, 1),
        )
        services.challenge_match_team(challenge=challenge, actor=None, study_programme="MLO")
        services.result_add(challenge=challenge, actor=None, kind="film", title="Film")
        services.trajectory_create(programme=programme, actor=None, company=org, title=f"T {i}")


LIST_URLS = [
    "/netwerk/",
    "/netwerk/?q=kennis&offers=expertise",
    "/netwerk/uitdagingen/",
    "/netwerk/smart071/",
    "/api/v1/network/organisations",
    "/api/v1/network/challenges",
    "/api/v1/network/trajectories",
    "/api/v1/network/experts",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_queries_do_not_grow_with_the_rows(url, programme, profile, expert):
    client = Client()
    _add_more(programme, 2)
    few = _queries(client, url)
    _add_more(programme, 5)
    assert _queries(client, url) == few


def test_an_editor_ticks_offers_and_needs_by_their_dutch_names(editor_user, profile):
    client = client_for(editor_user)
    url = "/netwerk/organisaties/waterschap-test/aanbod/"
    page = html_of(client.get(url))
    # The kinds are offered by name, ticked as they are stored: no codes to type.
    assert "Stageplaatsen" in page and 'value="internships"' in page
    assert re.search(r'name="seeks" value="internships"[^>]*checked', page)
    assert re.search(r'name="offers" value="challenges"[^>]*checked', page)
    assert not re.search(r'name="offers" value="internships"[^>]*checked', page)
    assert 'value="Actief kool"' in page
    assert "Kinds:" not in page and "internships," not in page
    # Details without the kind ticked: a clear error, and nothing saved.
    html = html_of(client.post(url, {"offers": ["expertise"], "seeks_funding_details": "Geld"}))
    assert "vink “Financiering” ook aan" in html
    assert list(profile.exchanges.values_list("kind", flat=True)) == ["challenges", "internships"]
    # A value that is not one of the kinds is refused as well.
    assert "error-summary" in html_of(client.post(url, {"offers": ["goud"]}))
    response = client.post(
        url,
        {"offers": ["expertise"], "offers_expertise_details": "Zuivering", "seeks": ["funding"]},
    )
    assert response.status_code == 302
    assert list(profile.exchanges.values_list("direction", "kind", "text")) == [
        ("offers", "expertise", "Zuivering"),
        ("seeks", "funding", ""),
    ]
    # The form shows what is stored: the ticked kinds and their details.
    page = html_of(client.get(url))
    assert 'value="Zuivering"' in page


def test_the_office_adds_an_editor_by_username(office_user, profile, plain_user):
    client = client_for(office_user)
    url = "/netwerk/organisaties/waterschap-test/redacteuren/"
    assert "error-summary" in html_of(client.post(url, {"username": "niemand"}))
    assert client.post(url, {"username": plain_user.username}).status_code == 302
    assert profile.editors.filter(user=plain_user).exists()
    assert (
        client_for(plain_user).get("/netwerk/organisaties/waterschap-test/bewerken/").status_code
        == 200
    )
