"""`economie071 load_demo`: the Leidse regio, Economie071 and the ten project cards of the
November 2019 project overview (demo/loader.py, demo/management/commands/load_demo.py)."""

import re
from decimal import Decimal

import pytest
import yaml
from django.contrib.auth import get_user_model

from economie071.core.groups import is_programme_office
from economie071.demo.loader import DATA_DIR, DEMO_PASSWORD
from economie071.portfolio import permissions, selectors
from economie071.portfolio.constants import (
    CARD_SECTION_KEYS,
    AllocationKey,
    CardStatus,
    Phase,
    RoleKind,
)
from economie071.portfolio.models import BudgetLine, Project, ProjectCard
from economie071.programme.models import Municipality, Person, Pillar, PopulationFigure, Theme

pytestmark = pytest.mark.django_db

OVERVIEW = "overview_2019-H2.yaml"

# The phase of each project card as the overview prints its category.
CARD_PHASES = {
    "green-deal-zes": Phase.ORIENTATION,
    "internationalisering": Phase.ORIENTATION,
    "cirkelstad-regio-071": Phase.NEW,
    "human-capital-actieplan": Phase.KICK_START,
    "open-innovatie-lab": Phase.KICK_START,
    "aansluiting-onderwijs-en-arbeidsmarkt": Phase.RUNNING,
    "retailvisie": Phase.RUNNING,
    "smart071": Phase.RUNNING,
    "bedrijventerreinenstrategie": Phase.RUNNING,
    "be-good-and-tell-it": Phase.RESTART,
}

# Words split by the PDF's ligatures (fi, fl, ff, ffi): "effi ciënt", "defi nitief",
# "specifi eke", "fi lmpjes", "eff ect", "grondstoff engebruik". A word that ends in such
# a ligature and is followed by a lower-case word is a split; "spin-off van" is not.
LIGATURE_SPLIT = re.compile(r"(?<![\w-])\w*(?:ffi|ffl|ff|fi|fl) [a-zäëïöüéèáó]")


def population_2019() -> dict[str, int]:
    figures = yaml.safe_load((DATA_DIR / "population.yaml").read_text(encoding="utf-8"))
    return {f["municipality"]: f["inhabitants"] for f in figures["figures"] if f["year"] == 2019}


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


# --- What is loaded ------------------------------------------------------------------------


def test_the_region_its_municipalities_and_the_programme(demo):
    assert set(Municipality.objects.values_list("slug", "cbs_code")) == {
        ("katwijk", "GM0537"),
        ("leiden", "GM0546"),
        ("leiderdorp", "GM0547"),
        ("oegstgeest", "GM0579"),
        ("voorschoten", "GM0626"),
        ("zoeterwoude", "GM0638"),
    }
    assert {m.region.slug for m in Municipality.objects.all()} == {"leidse-regio"}
    for slug, inhabitants in population_2019().items():
        figure = PopulationFigure.objects.get(municipality__slug=slug, year=2019)
        assert figure.inhabitants == inhabitants
        assert "CBS" in figure.source
    assert list(Pillar.objects.order_by("number").values_list("slug", flat=True)) == [
        "versterken",
        "verdienen",
        "verbinden",
        "verleiden",
        "vertellen",
    ]
    assert Theme.objects.count() == 3


def test_the_ten_cards_of_2019_H2_are_published(demo):
    cards = ProjectCard.objects.select_related("project", "period")

    assert {c.project.slug for c in cards} == set(CARD_PHASES)
    assert {c.period.label for c in cards} == {"2019-H2"}
    assert {c.status for c in cards} == {CardStatus.PUBLISHED}
    for card in cards:
        assert card.revisions.filter(published=True).exists(), card.project.slug


@pytest.mark.parametrize(("slug", "phase"), CARD_PHASES.items())
def test_each_project_has_its_printed_phase(demo, slug, phase):
    project = Project.objects.get(slug=slug)

    assert project.phase == phase
    assert project.phase_changes.get().to_phase == phase


def test_projects_named_without_a_card_have_no_phase_and_no_card(demo):
    without_card = Project.objects.exclude(slug__in=CARD_PHASES)

    assert without_card.exists()
    for project in without_card:
        assert project.phase == ""
        assert not project.cards.exists()


def test_the_retail_budget_is_shared_by_inhabitants_exactly(demo):
    line = BudgetLine.objects.get(project__slug="retailvisie")

    allocation = selectors.budget_allocation(line=line)

    assert line.amount == Decimal("192000.00")
    assert line.allocation_key == AllocationKey.BY_INHABITANTS
    assert allocation.error == ""
    assert len(allocation.rows) == 6
    assert sum(row.amount for row in allocation.rows) == Decimal("192000.00")
    inhabitants = population_2019()
    total = sum(inhabitants.values())
    for row in allocation.rows:
        exact = Decimal(192000) * inhabitants[row.municipality.slug] / total
        assert abs(row.amount - exact) < Decimal("0.01"), row.party


def test_the_retail_vision_roles(demo):
    retail = Project.objects.get(slug="retailvisie")

    leader = retail.roles.get(kind=RoleKind.PROJECT_LEADER)
    assert leader.person.name == "Ton Orleans"
    contact_points = {
        r.line_of_action.code: r.holder_name
        for r in retail.roles.filter(kind=RoleKind.CONTACT_POINT).select_related(
            "line_of_action", "organisation", "person"
        )
    }
    # Printed: "Aanspreekpunten: Actielijn A: gemeente Katwijk, B: gemeente Leiden,
    # C: gemeente Leiderdorp".
    assert contact_points == {
        "A": "Gemeente Katwijk",
        "B": "Gemeente Leiden",
        "C": "Gemeente Leiderdorp",
    }


def test_demo_logins_are_linked_to_their_people(demo):
    ton = Person.objects.get(name="Ton Orleans").user
    manager = get_user_model().objects.get(username="programmabureau")

    assert ton is not None and ton.check_password(DEMO_PASSWORD)
    assert permissions.is_project_leader(ton, Project.objects.get(slug="retailvisie"))
    assert is_programme_office(manager)
    assert manager.check_password(DEMO_PASSWORD)


def card_texts(card: ProjectCard):
    """Every piece of text on a card, with where it is."""
    for key in CARD_SECTION_KEYS:
        yield key, getattr(card, key)
    yield "quote", card.quote_text
    for i, section in enumerate(card.extra_sections):
        yield f"extra_sections[{i}]", f"{section.get('heading') or ''} {section.get('body') or ''}"
    for m in card.milestones.all():
        yield f"milestone {m.title}", f"{m.title} {m.text}"
    for r in card.results.all():
        yield f"result {r.label}", f"{r.label} {r.unit} {r.note}"
    for r in card.risk_items.all():
        yield "risk", f"{r.description} {r.mitigation}"
    yield "short_description", card.project.short_description


def test_no_pdf_ligature_splits_are_left_in_the_text(demo):
    found = [
        f"{card.project.slug} {where}: …{text[max(m.start() - 20, 0) : m.end() + 10]}…"
        for card in ProjectCard.objects.select_related("project")
        for where, text in card_texts(card)
        for m in LIGATURE_SPLIT.finditer(text or "")
    ]

    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        "snel en effi ciënt",
        "27.245 (waarvan 21.500 defi nitief)",
        "specifi eke sectoren",
        "workshops en fi lmpjes",
        "een groot eff ect",
        "het totale grondstoff engebruik",
    ],
)
def test_the_ligature_check_catches_the_splits_of_the_seed(text):
    assert LIGATURE_SPLIT.search(text)


@pytest.mark.parametrize("text", ["een spin-off van 1.6 banen", "de kick-off bijeenkomst"])
def test_the_ligature_check_lets_real_words_pass(text):
    assert not LIGATURE_SPLIT.search(text)


def test_the_output_names_the_programme_manager_login(demo):
    assert "programmabureau" in demo
    assert DEMO_PASSWORD in demo


# --- Loading twice -------------------------------------------------------------------------


def test_the_card_page_dates_a_milestone_as_the_source_gives_it(demo, client):
    """Open Innovatie Lab's entries between February and 17 June 2019 have no date of their
    own in the overview: its web page says so, as the printed overview does."""
    html = client.get("/projecten/open-innovatie-lab/").content.decode()
    assert "volgorde uit de tekst" in html
