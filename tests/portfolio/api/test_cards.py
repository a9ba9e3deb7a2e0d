"""/api/v1/cards: published content for everyone, working state only for those allowed.

In the fixture, alpha's 2019-H2 card was published and is being corrected (its working copy
says "Corrected text, not yet published"); beta's card is a draft that was never published.
"""

import datetime

import pytest
from django.utils import timezone

from economie071.portfolio import services as portfolio

pytestmark = pytest.mark.django_db

PUBLISHED = "Published text"
CORRECTION = "Corrected text, not yet published"
BETA_DRAFT = "Beta draft text"


def _body(card: dict) -> str:
    return next(s["body"] for s in card["sections"] if s["key"] == "last_half_year")


def _cards(response) -> dict[str, tuple[str, str, bool]]:
    """Per project slug: (text of the last half year, status, published)."""
    assert response.status_code == 200, response.content
    return {
        c["project"]["slug"]: (_body(c), c["status"], c["published"])
        for c in response.json()["results"]
    }


def test_card_shape(api_client, portfolio_data):
    card = portfolio_data["alpha_card"]

    response = api_client.get(f"/api/v1/cards/{card.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == card.pk
    assert body["project"] == {"slug": "alpha", "name": "Alpha"}
    assert body["period"] == "2019-H2"
    assert body["status"] == "published"
    assert body["published"] is True
    assert isinstance(body["revision"], int)
    datetime.datetime.fromisoformat(body["revisedAt"])
    assert body["phase"] == "running"
    assert body["statusLight"] == "on_track"
    assert [s["key"] for s in body["sections"]] == ["last_half_year", "next_steps", "extra-1"]
    assert body["sections"][0]["body"] == PUBLISHED
    assert body["sections"][2] == {
        "key": "extra-1",
        "heading": "Extra",
        "body": "An extra section.",
    }
    assert body["quote"] == {"text": "We are on our way.", "person": "", "attribution": ""}
    assert body["milestones"] == [
        {
            "date": "2019-09-01",
            "datePrecision": "month",
            "title": "Kick-off",
            "text": "",
            "links": [{"label": "Site", "url": "https://example.org/kick-off"}],
        }
    ]
    assert body["results"] == [
        {
            "label": "Trajectories",
            "value": "25.00",
            "unit": "trajectories",
            "date": None,
            "note": "",
        }
    ]
    assert body["risks"] == [
        {"description": "Too few partners", "likelihood": "low", "impact": "high", "mitigation": ""}
    ]
    contact = next(r for r in body["roles"] if r["kind"] == "contact_point")
    assert contact["organisation"] == "Hogeschool"
    assert contact["lineOfAction"] == "A: Retail"


def test_the_public_list_shows_published_revisions_only(api_client, portfolio_data):
    cards = _cards(api_client.get("/api/v1/cards"))

    # Beta was never published; alpha shows its published text, not the correction.
    assert cards == {"alpha": (PUBLISHED, "published", True)}


def test_a_card_never_published_is_a_404_for_the_public(api_client, portfolio_data):
    response = api_client.get(f"/api/v1/cards/{portfolio_data['beta_card'].pk}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_card_is_a_404(api_client, portfolio_data):
    for url in ("/api/v1/cards/999999", "/api/v1/cards/abc"):
        response = api_client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"


def test_a_new_publication_replaces_the_old_one(api_client, portfolio_data):
    card = portfolio_data["alpha_card"]
    for step in (portfolio.card_submit, portfolio.card_approve, portfolio.card_publish):
        card = step(card=card, actor=None)

    assert _cards(api_client.get("/api/v1/cards")) == {"alpha": (CORRECTION, "published", True)}


def test_filter_by_period_and_project(api_client, portfolio_data, build):
    programme = portfolio_data["alpha"].programme
    period = portfolio.period_open(programme=programme, actor=None, label="2020-H1")
    beta_2020 = portfolio_data["beta"].cards.get(period=period)
    build.publish(build.fill_card(beta_2020, "Beta 2020"))

    everything = api_client.get("/api/v1/cards").json()["results"]
    assert [(c["project"]["slug"], c["period"]) for c in everything] == [
        ("beta", "2020-H1"),  # newest period first
        ("alpha", "2019-H2"),
    ]
    assert _cards(api_client.get("/api/v1/cards?period=2019-H2")) == {
        "alpha": (PUBLISHED, "published", True)
    }
    assert _cards(api_client.get("/api/v1/cards?period=2020-H1")) == {
        "beta": ("Beta 2020", "published", True)
    }
    assert _cards(api_client.get("/api/v1/cards?project=beta")) == {
        "beta": ("Beta 2020", "published", True)
    }
    assert _cards(api_client.get("/api/v1/cards?project=beta&period=2019-H2")) == {}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("period=2019-H3", "period"),
        ("period=bogus", "period"),
        ("period=2031-H1", "period"),  # well-formed, but never opened
        ("project=nope", "project"),
        ("include=everything", "include"),
    ],
)
def test_bad_card_filters_are_a_400_naming_the_parameter(
    api_client, portfolio_data, query, parameter
):
    response = api_client.get(f"/api/v1/cards?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [parameter]


# --- Who sees what ------------------------------------------------------------------------


def _login(api_client, portfolio_data, who, build, office_user, steering_user):
    users = {
        "anonymous": None,
        "nobody": lambda: build.user("nobody"),
        "alpha leader": lambda: portfolio_data["leader"],
        "beta leader": lambda: portfolio_data["other_leader"],
        "steering group": lambda: steering_user,
        "programme office": lambda: office_user,
    }
    if users[who] is not None:
        api_client.force_login(users[who]())


DRAFT_ALPHA = (CORRECTION, "draft", False)
DRAFT_BETA = (BETA_DRAFT, "draft", False)
PUBLIC_ALPHA = (PUBLISHED, "published", True)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("nobody", {"alpha": PUBLIC_ALPHA}),
        ("alpha leader", {"alpha": DRAFT_ALPHA}),
        ("beta leader", {"alpha": PUBLIC_ALPHA, "beta": DRAFT_BETA}),
        ("steering group", {"alpha": DRAFT_ALPHA, "beta": DRAFT_BETA}),
        ("programme office", {"alpha": DRAFT_ALPHA, "beta": DRAFT_BETA}),
    ],
)
def test_include_unpublished_shows_the_working_state_to_those_allowed(
    api_client, portfolio_data, build, office_user, steering_user, who, expected
):
    _login(api_client, portfolio_data, who, build, office_user, steering_user)

    assert _cards(api_client.get("/api/v1/cards?include=unpublished")) == expected


@pytest.mark.parametrize(
    "who",
    ["anonymous", "nobody", "alpha leader", "beta leader", "steering group", "programme office"],
)
def test_without_include_everyone_sees_the_published_cards(
    api_client, portfolio_data, build, office_user, steering_user, who
):
    _login(api_client, portfolio_data, who, build, office_user, steering_user)

    assert _cards(api_client.get("/api/v1/cards")) == {"alpha": PUBLIC_ALPHA}
    beta = api_client.get(f"/api/v1/cards/{portfolio_data['beta_card'].pk}")
    assert beta.status_code == 404


@pytest.mark.parametrize(
    ("who", "alpha", "beta"),
    [
        ("nobody", PUBLIC_ALPHA, None),
        ("alpha leader", DRAFT_ALPHA, None),
        ("beta leader", PUBLIC_ALPHA, DRAFT_BETA),
        ("steering group", DRAFT_ALPHA, DRAFT_BETA),
        ("programme office", DRAFT_ALPHA, DRAFT_BETA),
    ],
)
def test_card_detail_with_include_unpublished(
    api_client, portfolio_data, build, office_user, steering_user, who, alpha, beta
):
    _login(api_client, portfolio_data, who, build, office_user, steering_user)

    for card, expected in (
        (portfolio_data["alpha_card"], alpha),
        (portfolio_data["beta_card"], beta),
    ):
        response = api_client.get(f"/api/v1/cards/{card.pk}?include=unpublished")
        if expected is None:
            assert response.status_code == 404
            assert response["Content-Type"] == "application/problem+json"
        else:
            body = response.json()
            assert (_body(body), body["status"], body["published"]) == expected


def test_include_unpublished_needs_a_login(api_client, portfolio_data):
    for url in (
        "/api/v1/cards?include=unpublished",
        f"/api/v1/cards/{portfolio_data['alpha_card'].pk}?include=unpublished",
    ):
        response = api_client.get(url)
        # Session authentication has no WWW-Authenticate challenge, so DRF answers 403.
        assert response.status_code == 403, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Forbidden"


def test_the_working_state_shows_the_status_in_the_round(api_client, portfolio_data):
    portfolio.card_submit(card=portfolio_data["beta_card"], actor=None)
    api_client.force_login(portfolio_data["other_leader"])

    assert _cards(api_client.get("/api/v1/cards?include=unpublished"))["beta"] == (
        BETA_DRAFT,
        "submitted",
        False,
    )


def test_a_leader_whose_role_has_ended_sees_only_published_cards(api_client, portfolio_data):
    leader_role = portfolio_data["beta"].roles.get(kind="project_leader")
    portfolio.role_end(
        role=leader_role, actor=None, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    api_client.force_login(portfolio_data["other_leader"])

    assert _cards(api_client.get("/api/v1/cards?include=unpublished")) == {"alpha": PUBLIC_ALPHA}
