"""The House of Skills speaks of a vacancy as a "vacature", never as "leegstand".

"Vacancy" is one English word with two Dutch meanings on this platform: a job opening in the
House of Skills and vacant floor space in the retail monitor. Each use carries a message
context, so the monitor's word cannot reach a job seeker's page. This walks every House of
Skills page the demo's people can reach, in Dutch, following the links on the pages.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.utils import translation

from economie071.demo.loader import DEMO_PASSWORD
from economie071.skills.demo import load_skills_demo

ROOT = "/huis-van-skills/"
ROLES = ("werkzoekende", "werkgever", "opleider", "loopbaanadviseur")
# Pages that are not HTML (downloads) or that change something on a plain GET: none are
# followed. Every other link under ROOT is read.
SKIP = re.compile(r"(\.xlsx|/download/|/wissen/|/intrekken/)")


class _Page(HTMLParser):
    """The links of a page and its visible text (no scripts or styles)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def _crawl(client: Client) -> dict[str, str]:
    """Every page under ROOT reachable from it: address -> visible text."""
    seen: dict[str, str] = {}
    queue = [ROOT]
    while queue and len(seen) < 200:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            seen[url] = ""
            continue
        page = _Page()
        page.feed(response.content.decode())
        seen[url] = " ".join(page.text)
        for href in page.links:
            target = urldefrag(href)[0]
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(ROOT) or SKIP.search(parts.path):
                continue
            if target not in seen and target not in queue:
                queue.append(target)
    return seen


def _signed_in(username: str) -> Client:
    """A browser signed in through the sign-in page with the demo's password."""
    client = Client()
    response = client.post("/inloggen/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def demo(programme, municipalities):
    return load_skills_demo(programme, password=DEMO_PASSWORD)


@pytest.mark.parametrize("username", ROLES)
def test_every_house_of_skills_page_says_vacature(demo, username):
    client = _signed_in(username)
    pages = _crawl(client)
    read = {url: text for url, text in pages.items() if text}
    assert len(read) >= 3, pages.keys()
    leaks = {url for url, text in read.items() if re.search(r"leegstand", text, re.I)}
    assert leaks == set()
    english = {url for url, text in read.items() if re.search(r"\bvacanc(y|ies)\b", text, re.I)}
    assert english == set()
    speaks_of_vacancies = {url for url, text in read.items() if re.search(r"vacature", text, re.I)}
    assert speaks_of_vacancies, "no page speaks of vacancies"


def test_the_job_seekers_opportunity_plan_and_the_employers_list_name_the_vacancy(demo):
    seeker, employer = _signed_in("werkzoekende"), _signed_in("werkgever")
    plan = seeker.get(ROOT + "paspoort/kansenplan/").content.decode()
    assert re.search(r'<th scope="col">Vacature</th>', plan)
    vacancies = employer.get(ROOT + "vacatures/").content.decode()
    assert re.search(r'<th scope="col">Vacature</th>', vacancies)


def test_the_retail_monitor_keeps_its_own_word():
    with translation.override("nl"):
        assert translation.pgettext("retail floor space", "Vacancy") == "Leegstand"
        assert translation.pgettext("job opening", "Vacancy") == "Vacature"
