"""Reading the project overview: an edition's content, finding editions, what changed
(publications/selectors.py)."""

from decimal import Decimal

import pytest

from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import AllocationKey, Phase
from economie071.publications import selectors, services
from tests.factories import (
    BudgetLineFactory,
    PillarFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    ThemeFactory,
)
from tests.publications.conftest import FOREWORD_TEXT, ISSUED_ON, publish, republish

pytestmark = pytest.mark.django_db


def content(programme, period) -> dict:
    return selectors.edition_content(
        programme=programme, period=period, title="Proef", issued_on=ISSUED_ON, version=1
    )


def by_slug(snapshot: dict) -> dict[str, dict]:
    return {p["slug"]: p for p in snapshot["projects"]}


def issue(programme, period, reason: str = ""):
    return services.edition_issue(
        programme=programme,
        period=period,
        actor=None,
        issued_on=ISSUED_ON,
        correction_reason=reason,
    )


# --- edition_content -----------------------------------------------------------------------


def test_projects_are_ordered_by_phase_then_name(programme, period):
    def project(name, phase, *, card=True):
        created = ProjectFactory(programme=programme, name=name, slug=name.lower(), phase=phase)
        if card:
            publish(created, period, last_half_year=f"Over {name}.")
        return created

    project("Zeta", Phase.RESTART)
    project("Bravo", Phase.RUNNING)
    project("Echo", Phase.ORIENTATION)
    project("Golf", Phase.NEW)
    project("Delta", Phase.KICK_START)
    project("Alfa", Phase.RUNNING)
    project("Charlie", Phase.RUNNING, card=False)  # listed without card, in its phase
    project("Alef", Phase.ORIENTATION)
    # Published as running, then moved on: the edition shows the card's phase.
    moved = project("Hotel", Phase.RUNNING)
    portfolio.project_change_phase(project=moved, actor=None, phase=Phase.ORIENTATION)

    projects = content(programme, period)["projects"]

    assert [(p["name"], p["phase"]) for p in projects] == [
        ("Alef", Phase.ORIENTATION),
        ("Echo", Phase.ORIENTATION),
        ("Golf", Phase.NEW),
        ("Delta", Phase.KICK_START),
        ("Alfa", Phase.RUNNING),
        ("Bravo", Phase.RUNNING),
        ("Charlie", Phase.RUNNING),
        ("Hotel", Phase.RUNNING),
        ("Zeta", Phase.RESTART),
    ]
    labels = {p["name"]: p["phase_label"] for p in projects}
    assert labels["Delta"] == "Aanjaagfase"
    assert labels["Alfa"] == "Lopend project"
    assert by_slug({"projects": projects})["charlie"]["card"] is None


def test_pillars_and_themes_list_the_slugs_of_their_projects(programme, period):
    versterken = PillarFactory(
        programme=programme, slug="versterken", name="versterken", number=1, colour="#1f5f8b"
    )
    verbinden = PillarFactory(
        programme=programme,
        slug="verbinden",
        name="verbinden",
        number=3,
        subtitle="Onderwijs en arbeidsmarkt",
        colour="#2e6b30",
    )
    circular = ThemeFactory(programme=programme, slug="circulair", name="Circulaire Economie")
    ThemeFactory(programme=programme, slug="mobiliteit", name="Duurzame mobiliteit")

    def project(name, phase, pillars, themes=()):
        created = ProjectFactory(
            programme=programme,
            name=name,
            slug=name.lower(),
            phase=phase,
            pillars=pillars,
            themes=themes,
        )
        if phase not in (Phase.COMPLETED, Phase.STOPPED):
            publish(created, period)
        return created

    project("Ondernemersdag", Phase.RUNNING, [versterken], [circular])
    project("Kenniskring", Phase.RUNNING, [verbinden])
    project("Lab", Phase.NEW, [verbinden, versterken], [circular])
    project("Afgerond", Phase.COMPLETED, [verbinden], [circular])  # not in the edition

    snapshot = content(programme, period)

    assert snapshot["pillars"] == [
        {
            "slug": "versterken",
            "number": 1,
            "name": "versterken",
            "subtitle": "",
            "colour": "#1f5f8b",
            "projects": ["lab", "ondernemersdag"],
        },
        {
            "slug": "verbinden",
            "number": 3,
            "name": "verbinden",
            "subtitle": "Onderwijs en arbeidsmarkt",
            "colour": "#2e6b30",
            "projects": ["lab", "kenniskring"],
        },
    ]
    assert {t["slug"]: t["projects"] for t in snapshot["themes"]} == {
        "circulair": ["lab", "ondernemersdag"],
        "mobiliteit": [],
    }
    projects = by_slug(snapshot)
    assert "afgerond" not in projects
    assert sorted(projects["lab"]["pillars"]) == ["verbinden", "versterken"]
    assert projects["lab"]["themes"] == ["circulair"]


def test_budget_lines_come_with_allocation_rows_that_add_up(
    programme, period, published_card, led_project, municipalities
):
    BudgetLineFactory(
        project=led_project,
        period=period,
        by_inhabitants=True,
        description="Begroting fase 2 Actieplan Retailvisie",
        amount=Decimal("192000.00"),
    )
    BudgetLineFactory(
        project=led_project,
        period=period,
        description="Bijdrage ondernemersvereniging",
        amount=Decimal("5000.00"),
    )
    BudgetLineFactory(
        project=led_project,
        period=period,
        by_inhabitants=True,
        description="Zonder inwonertal",
        amount=Decimal("1000.00"),
        population_year=2015,
    )
    other_period = ReportingPeriodFactory(programme=programme, year=2020, half=1)
    BudgetLineFactory(project=led_project, period=other_period, description="Volgend jaar")

    lines = {
        line["description"]: line
        for line in by_slug(content(programme, period))["retailvisie"]["budget_lines"]
    }

    assert set(lines) == {
        "Begroting fase 2 Actieplan Retailvisie",
        "Bijdrage ondernemersvereniging",
        "Zonder inwonertal",
    }
    shared = lines["Begroting fase 2 Actieplan Retailvisie"]
    assert shared["amount"] == "192000.00"
    assert shared["allocation_key"] == AllocationKey.BY_INHABITANTS
    assert shared["allocation_label"] == "Naar inwonertal"
    assert shared["population_year"] == 2019
    assert shared["error"] == ""
    assert [(r["party"], r["basis"]) for r in shared["rows"]] == [
        ("Katwijk", "60000"),
        ("Leiden", "120000"),
        ("Leiderdorp", "30000"),
        ("Oegstgeest", "25000"),
        ("Voorschoten", "25000"),
        ("Zoeterwoude", "10000"),
    ]
    assert sum(Decimal(r["amount"]) for r in shared["rows"]) == Decimal("192000.00")
    # 192 000 does not divide evenly over 270 000 inhabitants: rounded to cents, still exact.
    cent = Decimal("0.01")
    assert all(Decimal(r["amount"]) == Decimal(r["amount"]).quantize(cent) for r in shared["rows"])
    # Leiden: 120 000 / 270 000 of the amount, to the cent.
    assert abs(Decimal(shared["rows"][1]["amount"]) - Decimal("85333.33")) <= cent

    single = lines["Bijdrage ondernemersvereniging"]
    assert single["population_year"] is None
    assert single["funder"]
    assert [(r["party"], r["amount"]) for r in single["rows"]] == [(single["funder"], "5000.00")]

    missing = lines["Zonder inwonertal"]
    assert missing["rows"] == []
    assert "2015" in missing["error"]


def test_foreword_is_part_of_the_content(programme, period, published_card, foreword):
    assert content(programme, period)["foreword"] == {
        "text": FOREWORD_TEXT,
        "author": "Yvonne van Delft",
        "author_title": "voorzitter Economie071",
    }


def test_content_without_foreword(programme, period, published_card):
    snapshot = content(programme, period)
    assert snapshot["foreword"] is None
    assert snapshot["format"] == 1
    assert snapshot["programme"] == {
        "slug": "economie071",
        "name": "Economie071",
        "region": "Leidse regio",
        "municipalities": [
            "Katwijk",
            "Leiden",
            "Leiderdorp",
            "Oegstgeest",
            "Voorschoten",
            "Zoeterwoude",
        ],
    }
    card = by_slug(snapshot)["retailvisie"]["card"]
    assert card["project"]["slug"] == "retailvisie"
    assert card["published_at"]
    assert card["revision"] > 1  # the draft had revisions before the published one


def test_content_shows_the_latest_published_revision(programme, period, published_card):
    republish(published_card, last_half_year="Tweede gepubliceerde tekst.")
    card = by_slug(content(programme, period))["retailvisie"]["card"]
    assert card["last_half_year"] == "Tweede gepubliceerde tekst."


# --- Finding editions ----------------------------------------------------------------------


@pytest.fixture
def editions_over_time(programme, led_project):
    """2018-H2 v1; 2019-H1 v1, v2; 2019-H2 v1, v2."""
    made = {}
    for year, half, versions in ((2018, 2, 1), (2019, 1, 2), (2019, 2, 2)):
        period = ReportingPeriodFactory(programme=programme, year=year, half=half)
        publish(led_project, period, last_half_year=f"Verslag {year}-H{half}.")
        for version in range(1, versions + 1):
            made[(f"{year}-H{half}", version)] = issue(
                programme, period, reason="" if version == 1 else "Correctie."
            )
    return made


def test_edition_previous(editions_over_time):
    e = editions_over_time
    assert selectors.edition_previous(edition=e["2019-H2", 2]) == e["2019-H2", 1]
    # Else the newest version of the latest earlier period.
    assert selectors.edition_previous(edition=e["2019-H2", 1]) == e["2019-H1", 2]
    assert selectors.edition_previous(edition=e["2019-H1", 2]) == e["2019-H1", 1]
    # Across a year: 2018-H2 comes before 2019-H1.
    assert selectors.edition_previous(edition=e["2019-H1", 1]) == e["2018-H2", 1]
    assert selectors.edition_previous(edition=e["2018-H2", 1]) is None


def test_edition_previous_ignores_other_programmes(editions_over_time, region):
    from tests.factories import ProgrammeFactory

    other = ProgrammeFactory(region=region, name="Ander programma", slug="ander")
    project = ProjectFactory(programme=other, name="Elders", slug="elders")
    later = ReportingPeriodFactory(programme=other, year=2020, half=1)
    publish(project, later)
    other_edition = issue(other, later)
    assert selectors.edition_previous(edition=other_edition) is None


def test_edition_get_and_latest_versions(programme, editions_over_time):
    e = editions_over_time
    assert selectors.edition_get(programme=programme, period_label="2019-H1") == e["2019-H1", 2]
    first = selectors.edition_get(programme=programme, period_label="2019-H1", version=1)
    assert first == e["2019-H1", 1]
    assert selectors.edition_get(programme=programme, period_label="2019-H1", version=3) is None
    assert selectors.edition_get(programme=programme, period_label="2017-H1") is None
    assert selectors.edition_get(programme=programme, period_label="2019-H3") is None
    assert selectors.edition_get(programme=programme, period_label="nonsense") is None
    assert selectors.edition_latest_versions(programme=programme) == [
        e["2019-H2", 2],
        e["2019-H1", 2],
        e["2018-H2", 1],
    ]


# --- What changed --------------------------------------------------------------------------


@pytest.fixture
def two_periods(programme):
    """Editions of 2019-H1 and 2019-H2, with every kind of change in between."""
    names = ["Stabiel", "Wisselend", "Fasewissel", "Verdwenen", "Afronding"]
    projects = {
        name: ProjectFactory(programme=programme, name=name, slug=name.lower()) for name in names
    }
    first = ReportingPeriodFactory(programme=programme, year=2019, half=1)
    for name, project in projects.items():
        publish(
            project,
            first,
            last_half_year=f"{name}: de werkgroep is gestart met twaalf partners.",
            results=[
                {"label": "deelnemers", "value": "100", "unit": "personen"},
                {"label": "bijeenkomsten", "value": "4", "unit": "keer"},
            ],
        )
    older = issue(programme, first)

    portfolio.project_change_phase(
        project=projects["Verdwenen"], actor=None, phase=Phase.STOPPED, reason="Geen trekker."
    )
    second = ReportingPeriodFactory(programme=programme, year=2019, half=2)
    publish(projects["Stabiel"], second)  # prefilled from 2019-H1, unchanged
    publish(
        projects["Wisselend"],
        second,
        last_half_year="Wisselend: de werkgroep is gestart met vijftien partners.",
        results=[
            {"label": "deelnemers", "value": "150", "unit": "personen"},
            {"label": "bijeenkomsten", "value": "4", "unit": "keer"},
            {"label": "bedrijven bereikt", "value": "30", "unit": "bedrijven"},
        ],
    )
    portfolio.project_change_phase(
        project=projects["Fasewissel"], actor=None, phase=Phase.KICK_START
    )
    publish(projects["Fasewissel"], second)
    portfolio.project_change_phase(project=projects["Afronding"], actor=None, phase=Phase.COMPLETED)
    publish(projects["Afronding"], second, last_half_year="Afronding: opgeleverd.")
    newcomer = ProjectFactory(programme=programme, name="Nieuwkomer", slug="nieuwkomer")
    publish(newcomer, second, last_half_year="Net begonnen.")
    newer = issue(programme, second)
    return older, newer


def test_edition_changes(two_periods):
    older, newer = two_periods
    assert selectors.edition_previous(edition=newer) == older

    changes = selectors.edition_changes(older=older.snapshot, newer=newer.snapshot)

    assert [p["slug"] for p in changes["new"]] == ["nieuwkomer"]
    ended = {p["slug"]: p["phase"] for p in changes["ended"]}
    assert ended == {"verdwenen": Phase.RUNNING, "afronding": Phase.COMPLETED}

    changed = {entry["project"]["slug"]: entry for entry in changes["changed"]}
    assert "stabiel" not in changed
    assert "nieuwkomer" not in changed

    phase = changed["fasewissel"]
    assert phase["phase"] == ("Lopend project", "Aanjaagfase")
    assert phase["sections"] == []
    assert phase["key_figures"] == []

    text = changed["wisselend"]
    assert text["phase"] is None
    [section] = text["sections"]
    assert section["key"] == "last_half_year"
    assert "<del>twaalf</del>" in section["diff"]
    assert "<ins>vijftien</ins>" in section["diff"]
    assert "de werkgroep is gestart met" in section["diff"]
    figures = {f["label"]: (f["before"], f["after"]) for f in text["key_figures"]}
    assert set(figures) == {"deelnemers", "bedrijven bereikt"}  # "bijeenkomsten" is unchanged
    before, after = figures["deelnemers"]
    assert (before["value"], before["unit"]) == ("100", "personen")
    assert (after["value"], after["unit"]) == ("150", "personen")
    assert figures["bedrijven bereikt"][0] is None
    assert figures["bedrijven bereikt"][1]["value"] == "30"


def test_edition_changes_between_versions_of_one_period(programme, period, published_card):
    first = issue(programme, period)
    republish(published_card, last_half_year="Nieuwe tekst over de <b>binnensteden</b>.")
    second = issue(programme, period, reason="Tekst Retailvisie.")
    assert selectors.edition_previous(edition=second) == first

    changes = selectors.edition_changes(older=first.snapshot, newer=second.snapshot)

    assert changes["new"] == [] and changes["ended"] == []
    [entry] = changes["changed"]
    [section] = entry["sections"]
    assert "<del>" in section["diff"] and "<ins>" in section["diff"]
    # Card text is escaped in the diff: it is shown as HTML.
    assert "<b>" not in section["diff"]
    assert "&lt;b&gt;binnensteden&lt;/b&gt;" in section["diff"]


def test_identical_editions_have_no_changes(programme, period, published_card):
    first = issue(programme, period)
    second = issue(programme, period, reason="Zelfde inhoud.")
    assert selectors.edition_changes(older=first.snapshot, newer=second.snapshot) == {
        "new": [],
        "ended": [],
        "changed": [],
    }
