"""The project overview on the site (publications/views.py), through the real URLs."""

import html
import json
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document

from economie071.audit.models import AuditEntry
from economie071.publications import services
from economie071.publications.models import Edition, Foreword
from tests.factories import (
    BudgetLineFactory,
    ProjectCardFactory,
    ProjectFactory,
    ReportingPeriodFactory,
)
from tests.publications.conftest import (
    FOREWORD_TEXT,
    ISSUED_ON,
    RETAIL_TEXT,
    add_published_projects,
    republish,
)

pytestmark = pytest.mark.django_db


def url(name: str, edition: Edition, *args) -> str:
    return reverse(f"publications:{name}", args=[edition.period.label, edition.version, *args])


def dutch(message: str, **params) -> str:
    """A message as the (Dutch) page shows it: translated if a translation exists, escaped."""
    with translation.override("nl"):
        text = translation.gettext(message)
    return html.escape(text % params if params else text)


def issue(programme, period, reason: str = "") -> Edition:
    return services.edition_issue(
        programme=programme,
        period=period,
        actor=None,
        issued_on=ISSUED_ON,
        correction_reason=reason,
    )


# --- Reading editions (public) -------------------------------------------------------------


def test_editions_list_is_public_and_links_every_version(client, programme, period, edition):
    corrected = issue(programme, period, reason="Kerncijfer verbeterd.")
    response = client.get(reverse("publications:editions"))
    assert response.status_code == 200
    page = response.content.decode()
    assert url("edition", corrected) in page
    assert url("edition", edition) in page  # an earlier version
    assert url("edition_pdf", corrected) in page
    assert "Kerncijfer verbeterd." in page


def test_editions_list_without_editions(client, programme):
    response = client.get(reverse("publications:editions"))
    assert response.status_code == 200
    assert dutch("No overview has been published yet.") in response.content.decode()


def test_period_url_redirects_to_the_latest_version(client, programme, period, edition):
    corrected = issue(programme, period, reason="Correctie.")
    response = client.get(reverse("publications:edition_latest", args=["2019-H2"]))
    assert response.status_code == 302
    assert response.url == url("edition", corrected)


def test_edition_index_is_public(client, edition):
    response = client.get(url("edition", edition))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Projectenoverzicht test" in page
    # The foreword, rendered from Markdown, with its author.
    assert "<strong>projectenoverzicht</strong>" in page
    assert "Yvonne van Delft" in page
    assert "voorzitter Economie071" in page
    # The card is listed and linked; the downloads are offered.
    assert f'href="{url("edition_card", edition, "retailvisie")}"' in page
    assert "Regionale Retailvisie" in page
    assert url("edition_pdf", edition) in page
    assert url("edition_xlsx", edition) in page
    assert url("edition_json", edition) in page
    assert url("edition_changes", edition) in page


def test_foreword_is_sanitised(client, programme, period, published_card):
    services.foreword_save(
        period=period,
        actor=None,
        text=(
            "**Welkom** <script>alert(1)</script> [x](javascript:alert(2)) "
            '<img src=x onerror="y()">'
        ),
        author_name="Yvonne van Delft",
    )
    edition = issue(programme, period)
    page = client.get(url("edition", edition)).content.decode()
    assert "<strong>Welkom</strong>" in page
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "onerror" not in page


def test_edition_card_page_is_public(client, edition):
    response = client.get(url("edition_card", edition, "retailvisie"))
    assert response.status_code == 200
    page = response.content.decode()
    assert RETAIL_TEXT in page
    assert "Samen maken we de binnensteden sterker." in page
    assert "winkelgebieden gemonitord" in page
    assert url("edition", edition) in page  # back to the edition
    assert url("card_docx", edition, "retailvisie") in page


def test_edition_pages_show_the_frozen_text(client, programme, period, edition, published_card):
    republish(published_card, last_half_year="Tekst van na de uitgifte.")
    services.foreword_save(period=period, actor=None, text="Nieuw voorwoord.", author_name="X")

    card_page = client.get(url("edition_card", edition, "retailvisie")).content.decode()
    index_page = client.get(url("edition", edition)).content.decode()

    assert RETAIL_TEXT in card_page
    assert "Tekst van na de uitgifte." not in card_page
    assert "Nieuw voorwoord." not in index_page


def test_edition_card_pages_link_to_each_other(client, programme, period, pillar):
    add_published_projects(programme, period, 3, pillar=pillar)
    edition = issue(programme, period)
    page = client.get(url("edition_card", edition, "project-01")).content.decode()
    assert f'href="{url("edition_card", edition, "project-00")}" rel="prev"' in page
    assert f'href="{url("edition_card", edition, "project-02")}" rel="next"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/overzichten/2018-H2/",  # a period without edition
        "/overzichten/2018-H2/versie-1/",
        "/overzichten/2019-H2/versie-2/",  # a version not issued
        "/overzichten/2019-H2/versie-0/",
        "/overzichten/2019-H3/versie-1/",  # not a period
        "/overzichten/2019-H2/versie-1/bestaat-niet/",  # no such project
        "/overzichten/2019-H2/versie-1/smart071/",  # in the edition, but without card
        "/overzichten/2019-H2/versie-1/bestaat-niet/projectkaart.docx",
        "/overzichten/2019-H2/versie-1/smart071/projectkaart.docx",
        "/overzichten/2019-H2/versie-2/projectenoverzicht.pdf",
        "/overzichten/2019-H2/versie-2/projectenoverzicht.xlsx",
        "/overzichten/2019-H2/versie-2/projectenoverzicht.json",
        "/overzichten/2019-H2/versie-2/wijzigingen/",
        "/overzichten/1800-H1/maken/",
    ],
)
def test_unknown_editions_periods_and_cards_give_404(
    client, office_user, programme, other_project, edition, path
):
    assert [p["card"] for p in edition.snapshot["projects"] if p["slug"] == "smart071"] == [None]
    client.force_login(office_user)
    assert client.get(path).status_code == 404


def test_pdf_download(client, edition):
    response = client.get(url("edition_pdf", edition))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="projectenoverzicht-test-v1.pdf"'
    assert response.content.startswith(b"%PDF")


def test_xlsx_download(client, edition):
    response = client.get(url("edition_xlsx", edition))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert "Projecten" in workbook.sheetnames
    cells = {cell.value for row in workbook["Projecten"].iter_rows() for cell in row if cell.value}
    assert "Regionale Retailvisie" in cells


def test_json_download(client, edition):
    response = client.get(url("edition_json", edition))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    assert data["title"] == edition.snapshot["title"] == "Projectenoverzicht test"
    assert data == edition.snapshot


def test_docx_download(client, edition):
    response = client.get(url("card_docx", edition, "retailvisie"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="retailvisie-2019-H2.docx"' in response["Content-Disposition"]
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Regionale Retailvisie" in text
    assert RETAIL_TEXT in text


def test_what_changed_for_the_first_edition(client, edition):
    response = client.get(url("edition_changes", edition))
    assert response.status_code == 200
    page = response.content.decode()
    assert dutch("This is the first edition: there is nothing to compare it with.") in page
    assert "<ins>" not in page


def test_what_changed_compared_with_the_previous_version(
    client, programme, period, edition, published_card
):
    republish(published_card, last_half_year=RETAIL_TEXT.replace("2019", "2019 (herzien)"))
    newcomer = ProjectFactory(programme=programme, name="Startersdag", slug="startersdag")
    ProjectCardFactory(project=newcomer, period=period, published=True)
    corrected = issue(programme, period, reason="Retailvisie herzien.")

    response = client.get(url("edition_changes", corrected))

    assert response.status_code == 200
    page = response.content.decode()
    assert dutch("This is the first edition: there is nothing to compare it with.") not in page
    assert "Projectenoverzicht test" in page  # the previous edition it compares with
    new_section = page[page.index('id="new-heading"') : page.index('id="ended-heading"')]
    changed_section = page[page.index('id="changed-heading"') :]
    assert "Startersdag" in new_section
    assert "Regionale Retailvisie" in changed_section
    assert "Startersdag" not in changed_section
    assert "<ins> (herzien)</ins>" in page


# --- Making an edition (programme office) --------------------------------------------------


def test_prepare_page_needs_a_login(client, period):
    prepare = reverse("publications:prepare", args=["2019-H2"])
    response = client.get(prepare)
    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))
    assert not Foreword.objects.exists()


@pytest.mark.parametrize("user", ["leader_user", "steering_user", "plain_user"])
def test_prepare_page_is_for_the_programme_office_only(
    request, client, period, published_card, user
):
    client.force_login(request.getfixturevalue(user))
    prepare = reverse("publications:prepare", args=["2019-H2"])
    assert client.get(prepare).status_code == 403
    response = client.post(prepare, {"issue": "", "issued_on": "2019-11-26"})
    assert response.status_code == 403
    response = client.post(prepare, {"save_foreword": "", "text": "T", "author_name": "A"})
    assert response.status_code == 403
    assert not Edition.objects.exists()
    assert not Foreword.objects.exists()


def test_prepare_page_for_the_office(client, office_user, period, published_card, led_project):
    client.force_login(office_user)
    response = client.get(reverse("publications:prepare", args=["2019-H2"]))
    assert response.status_code == 200
    assert response.context["card_count"] == 1
    assert "Regionale Retailvisie" in response.content.decode()


def test_prepare_page_for_a_period_not_opened(client, office_user, period):
    client.force_login(office_user)
    assert client.get(reverse("publications:prepare", args=["2018-H1"])).status_code == 404


def test_saving_the_foreword_through_the_prepare_page(client, office_user, period):
    client.force_login(office_user)
    prepare = reverse("publications:prepare", args=["2019-H2"])

    response = client.post(
        prepare,
        {
            "save_foreword": "",
            "text": FOREWORD_TEXT,
            "author_name": "Yvonne van Delft",
            "author_title": "voorzitter Economie071",
        },
    )

    assert response.status_code == 302
    assert response.url == prepare
    foreword = Foreword.objects.get(period=period)
    assert (foreword.text, foreword.author_name) == (FOREWORD_TEXT, "Yvonne van Delft")
    entry = AuditEntry.objects.get(action="publications.foreword.saved")
    assert entry.actor == office_user
    # The form shows the saved foreword.
    page = client.get(prepare).content.decode()
    assert html.escape(FOREWORD_TEXT) in page


def test_an_empty_foreword_is_refused_on_the_prepare_page(client, office_user, period):
    client.force_login(office_user)
    response = client.post(
        reverse("publications:prepare", args=["2019-H2"]),
        {"save_foreword": "", "text": "  ", "author_name": "Yvonne van Delft"},
    )
    assert response.status_code == 200
    assert response.context["foreword_form"].errors
    assert not Foreword.objects.exists()


def test_issuing_through_the_prepare_page(client, office_user, programme, period, published_card):
    client.force_login(office_user)
    prepare = reverse("publications:prepare", args=["2019-H2"])
    data = {"issue": "", "title": "Projectenoverzicht najaar 2019", "issued_on": "2019-11-26"}

    response = client.post(prepare, data)

    edition = Edition.objects.get()
    assert response.status_code == 302
    assert response.url == url("edition", edition)
    assert (edition.version, edition.title, str(edition.issued_on)) == (
        1,
        "Projectenoverzicht najaar 2019",
        "2019-11-26",
    )
    assert edition.created_by == office_user

    # A second issue without a reason: the error is shown and nothing is created.
    response = client.post(prepare, data)
    assert response.status_code == 200
    assert Edition.objects.count() == 1
    error = dutch(
        "An edition of %(period)s has already been issued; say what this corrected "
        "edition changes.",
        period="2019-H2",
    )
    assert error in response.content.decode()
    assert AuditEntry.objects.filter(action="publications.edition.issued").count() == 1

    # With a reason it becomes version 2.
    response = client.post(prepare, {**data, "correction_reason": "Titel aangepast."})
    second = Edition.objects.get(version=2)
    assert response.status_code == 302
    assert response.url == url("edition", second)
    assert second.correction_reason == "Titel aangepast."


def test_issuing_without_published_cards_shows_the_error(client, office_user, period, card):
    client.force_login(office_user)
    response = client.post(
        reverse("publications:prepare", args=["2019-H2"]),
        {"issue": "", "issued_on": "2019-11-26"},
    )
    assert response.status_code == 200
    error = dutch(
        "There are no published project cards for %(period)s: approve and publish "
        "cards before issuing the overview.",
        period="2019-H2",
    )
    assert error in response.content.decode()
    assert not Edition.objects.exists()


def test_issuing_with_a_malformed_date_names_the_field(client, office_user, period, published_card):
    client.force_login(office_user)
    response = client.post(
        reverse("publications:prepare", args=["2019-H2"]),
        {"issue": "", "issued_on": "26 november"},
    )
    assert response.status_code == 200
    assert "issued_on" in response.context["issue_form"].errors
    assert not Edition.objects.exists()


# --- Query counts --------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_edition_pages_run_a_constant_number_of_queries(
    client, office_user, programme, period, pillar
):
    add_published_projects(programme, period, 2, pillar=pillar)
    small = issue(programme, period)
    add_published_projects(programme, period, 6, start=2, pillar=pillar)
    large = issue(programme, period, reason="Zes kaarten erbij.")
    assert sum(1 for p in large.snapshot["projects"] if p["card"]) == 8

    for name, args in (("edition", ()), ("edition_card", ("project-01",))):
        assert _queries(client, url(name, small, *args)) == _queries(
            client, url(name, large, *args)
        ), name


def test_editions_list_runs_a_constant_number_of_queries(client, programme, period, pillar):
    add_published_projects(programme, period, 1, pillar=pillar)
    issue(programme, period)
    few = _queries(client, reverse("publications:editions"))
    for n in range(2, 5):
        issue(programme, period, reason=f"Correctie {n}.")
    for year in (2020, 2021):
        later = ReportingPeriodFactory(programme=programme, year=year, half=1)
        add_published_projects(programme, later, 1, start=year, pillar=pillar)
        issue(programme, later)
    assert Edition.objects.count() == 6
    assert _queries(client, reverse("publications:editions")) == few


def test_prepare_page_runs_a_constant_number_of_queries(
    client, office_user, programme, period, pillar
):
    client.force_login(office_user)
    prepare = reverse("publications:prepare", args=["2019-H2"])
    add_published_projects(programme, period, 2, pillar=pillar)
    few = _queries(client, prepare)
    add_published_projects(programme, period, 6, start=2, pillar=pillar)
    assert _queries(client, prepare) == few


def test_prepare_page_with_budgets_runs_a_constant_number_of_queries(
    client, office_user, programme, period, pillar, municipalities
):
    client.force_login(office_user)
    prepare = reverse("publications:prepare", args=["2019-H2"])
    for project in add_published_projects(programme, period, 2, pillar=pillar):
        BudgetLineFactory(project=project, period=period, by_inhabitants=True)
    few = _queries(client, prepare)
    for project in add_published_projects(programme, period, 6, start=2, pillar=pillar):
        BudgetLineFactory(project=project, period=period, by_inhabitants=True)
    assert _queries(client, prepare) == few
