"""The portfolio's pages: what they show, and that they show it safely and in few queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from economie071.portfolio.constants import Phase, StatusLight
from tests.factories import PillarFactory, ProjectCardFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_public_project_page_shows_only_the_published_revision(client, led_project, period):
    card = ProjectCardFactory(
        project=led_project,
        period=period,
        published=True,
        last_half_year="Gepubliceerde tekst.",
        status_light=StatusLight.ON_TRACK,
    )
    from economie071.portfolio import services

    services.card_start_correction(card=card, actor=None, reason="Typfout")
    content = services.CardContent.from_card(card)
    content.sections["last_half_year"] = "Nog niet gepubliceerde correctie."
    card.refresh_from_db()
    services.card_update(card=card, actor=None, content=content, expected_version=card.version)

    html = client.get(reverse("portfolio:project", args=[led_project.slug])).content.decode()
    assert "Gepubliceerde tekst." in html
    assert "Nog niet gepubliceerde correctie." not in html


def test_card_text_is_sanitised(client, led_project, period):
    ProjectCardFactory(
        project=led_project,
        period=period,
        published=True,
        last_half_year=(
            "**Vet** <script>alert('x')</script> [klik](javascript:alert(1)) "
            '<img src=x onerror="alert(2)"> <a href="https://example.org" onclick="x()">ok</a>'
        ),
        quote_text="<iframe src='https://evil.example'></iframe>Citaat",
    )
    html = client.get(reverse("portfolio:project", args=[led_project.slug])).content.decode()
    assert "<strong>Vet</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<iframe" not in html
    assert 'href="https://example.org"' in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_projects(programme, period, pillar, count, start):
    for n in range(start, start + count):
        project = ProjectFactory(
            programme=programme, name=f"Project {n}", slug=f"project-{n}", phase=Phase.RUNNING
        )
        project.pillars.add(pillar)
        ProjectCardFactory(project=project, period=period, published=True)


@pytest.mark.parametrize(
    "url_name, login",
    [("web:home", False), ("portfolio:dashboard", True), ("portfolio:portfolio", True)],
)
def test_list_pages_run_a_constant_number_of_queries(
    client, programme, period, office_user, url_name, login
):
    pillar = PillarFactory(programme=programme)
    if login:
        client.force_login(office_user)
    _add_projects(programme, period, pillar, 2, 0)
    few = _queries(client, reverse(url_name))
    _add_projects(programme, period, pillar, 8, 2)
    many = _queries(client, reverse(url_name))
    assert many == few


def test_project_page_runs_a_constant_number_of_queries(client, programme, period, led_project):
    ProjectCardFactory(project=led_project, period=period, published=True)
    assert _queries(client, reverse("portfolio:project", args=[led_project.slug])) <= 12


def test_search_never_reveals_draft_text(client, plain_user, office_user, led_project, period):
    ProjectCardFactory(project=led_project, period=period, next_steps="Geheimplan Zuidpark")
    url = reverse("portfolio:portfolio") + "?q=Geheimplan"
    client.force_login(plain_user)
    assert led_project.name not in client.get(url).content.decode()
    client.force_login(office_user)
    assert led_project.name in client.get(url).content.decode()
