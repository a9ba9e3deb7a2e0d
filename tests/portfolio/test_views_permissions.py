"""Who gets which portfolio page: the permission matrix, over real HTTP routing."""

import pytest
from django.urls import reverse

from economie071.portfolio.constants import CardStatus

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "plain", "leader", "other_leader", "steering", "office"]


@pytest.fixture
def users(plain_user, leader_user, other_leader_user, steering_user, office_user):
    return {
        "anonymous": None,
        "plain": plain_user,
        "leader": leader_user,
        "other_leader": other_leader_user,
        "steering": steering_user,
        "office": office_user,
    }


def get_as(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# Expected status for a draft card's pages; 302 is the redirect to the login page.
CARD_PAGES = {
    "portfolio:card": {
        "anonymous": 302,
        "plain": 404,
        "leader": 200,
        "other_leader": 404,
        "steering": 200,
        "office": 200,
    },
    "portfolio:card_edit": {
        "anonymous": 302,
        "plain": 404,
        "leader": 200,
        "other_leader": 404,
        "steering": 403,
        "office": 200,
    },
    "portfolio:card_history": {
        "anonymous": 302,
        "plain": 404,
        "leader": 200,
        "other_leader": 404,
        "steering": 200,
        "office": 200,
    },
}


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("page", CARD_PAGES)
def test_card_pages(client, users, card, who, page):
    response = get_as(client, users[who], reverse(page, args=[card.pk]))
    assert response.status_code == CARD_PAGES[page][who]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("web:login"))


OFFICE_PAGES = {
    "portfolio:period_open": [],
    "portfolio:project_create": [],
    "portfolio:project_roles": ["retailvisie"],
    "portfolio:project_budget": ["retailvisie"],
    "portfolio:project_phase": ["retailvisie"],
    "portfolio:project_audit": ["retailvisie"],
}


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("page", OFFICE_PAGES)
def test_office_pages(client, users, led_project, who, page):
    response = get_as(client, users[who], reverse(page, args=OFFICE_PAGES[page]))
    expected = {"anonymous": 302, "office": 200}.get(who, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("who", USERS)
def test_signed_in_pages_need_login(client, users, programme, who):
    for name in ("portfolio:dashboard", "portfolio:portfolio"):
        response = get_as(client, users[who], reverse(name))
        assert response.status_code == (302 if who == "anonymous" else 200)


@pytest.mark.parametrize("who", USERS)
def test_public_pages_are_public(client, users, led_project, who):
    assert get_as(client, users[who], reverse("web:home")).status_code == 200
    response = get_as(client, users[who], reverse("portfolio:project", args=["retailvisie"]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "who, step, allowed",
    [
        ("leader", "portfolio:card_submit", True),
        ("other_leader", "portfolio:card_submit", False),
        ("steering", "portfolio:card_submit", False),
        ("office", "portfolio:card_submit", True),
    ],
)
def test_submit_permission(client, users, card, who, step, allowed):
    client.force_login(users[who])
    response = client.post(reverse(step, args=[card.pk]))
    card.refresh_from_db()
    assert (card.status == CardStatus.SUBMITTED) is allowed
    assert response.status_code in ((302,) if allowed else (403, 404))


@pytest.mark.parametrize("who", ["leader", "steering", "other_leader"])
@pytest.mark.parametrize("step", ["portfolio:card_approve", "portfolio:card_publish"])
def test_only_the_office_reviews(client, users, led_project, period, who, step):
    from tests.factories import ProjectCardFactory

    card = ProjectCardFactory(project=led_project, period=period, submitted=True)
    client.force_login(users[who])
    response = client.post(reverse(step, args=[card.pk]))
    assert response.status_code in (403, 404)
    card.refresh_from_db()
    assert card.status == CardStatus.SUBMITTED


def test_workflow_steps_only_accept_post(client, office_user, card):
    client.force_login(office_user)
    assert client.get(reverse("portfolio:card_submit", args=[card.pk])).status_code == 405
