"""The monitor's pages through real HTTP: dashboard, exports, calculators, cost allocation."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from economie071.monitor import services
from economie071.monitor.reporting import EXAMPLE_NOTE, POLICY_NOTE
from tests.monitor.conftest import rows

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_dashboard_of_the_demo(client, monitor_demo):
    response = client.get(reverse("monitor:index"))
    assert response.status_code == 200
    page = text(response)
    assert str(POLICY_NOTE) in page.replace("&#x27;", "'")
    assert "Voorbeeldcijfers" in page
    assert page.count("<svg") >= 1 + 4 + 1  # total, four themes, areas side by side
    assert 'role="img"' in page
    for name in ("Leidse regio", "Katwijk", "Leiden", "Zoeterwoude"):
        assert name in page
    assert "Voorbeeldcijfers (geen echte gegevens)" in page  # the indicator table's source
    assert "100,0" in page  # the base year in Dutch notation
    # The region lacks one example figure in 2019: the missing-data note says so.
    assert "Hotelovernachtingen" in page
    assert "2019:" in page


def test_dashboard_per_area_and_edition(client, monitor_demo):
    response = client.get(
        reverse("monitor:index"), {"edition": "voorbeeldeditie-2018", "area": "zoeterwoude"}
    )
    page = text(response)
    assert "Index071 voorbeeldeditie 2018" in page
    assert "Zoeterwoude" in page
    assert "Startende ondernemingen" in page  # left out in 2017
    assert "2017:" in page
    response = client.get(reverse("monitor:index"), {"edition": "alle", "area": "nergens"})
    assert response.status_code == 200  # an unknown choice falls back to the defaults


def test_dashboard_says_why_it_cannot_calculate(client, programme, indicators):
    services.observations_import(
        actor=None,
        rows=rows(("banen", "leiden", 2014, 0, "banen"), ("banen", "leiden", 2015, 3, "banen")),
    )
    response = client.get(reverse("monitor:index"))
    assert response.status_code == 200
    page = text(response)
    assert 'role="alert"' in page
    assert "Banen" in page and "Leiden" in page
    assert str(POLICY_NOTE) in page.replace("&#x27;", "'")


def test_dashboard_without_data(client, programme):
    response = client.get(reverse("monitor:index"))
    assert response.status_code == 200
    assert 'role="alert"' in text(response)


def test_dashboard_query_count_does_not_grow_with_the_data(client, observed, indicators):
    def count(params=None):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("monitor:index"), params or {}).status_code == 200
        return len(queries)

    small = count()
    many = []
    for area in ("katwijk", "leiderdorp", "oegstgeest", "voorschoten", "zoeterwoude"):
        for year in range(2014, 2021):
            many.append(("banen", area, year, 100 + year, "banen"))
            many.append(("werkloosheid", area, year, 5, "%"))
            many.append(("vestigingen", area, year, 50, "vestigingen"))
    for year in range(2014, 2021):
        many.append(("overnachtingen", "leidse-regio", year, 1000, "nachten"))
        many.append(("banen", "leidse-regio", year, 1000, "banen"))
        many.append(("werkloosheid", "leidse-regio", year, 5, "%"))
        many.append(("vestigingen", "leidse-regio", year, 5, "vestigingen"))
    services.observations_import(actor=None, rows=rows(*many))
    assert count() == small
    assert count({"area": "zoeterwoude"}) == small


def test_csv_export(client, monitor_demo):
    response = client.get(reverse("monitor:index_csv"), {"edition": "voorbeeldeditie-2020"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "index071-voorbeeldeditie-2020.csv" in response["Content-Disposition"]
    content = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content), delimiter=";"))
    header, first = table[0], table[1]
    assert len(header) == 9
    assert first[:4] == ["leidse-regio", "Leidse regio", "2014", "total"]
    assert first[6] == "100.0"
    assert all(row[8] == table[1][8] for row in table[1:])  # labelled on every row


def test_excel_export(client, monitor_demo):
    response = client.get(reverse("monitor:index_xlsx"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes = workbook.worksheets
    rows_ = list(data.iter_rows(values_only=True))
    assert rows_[1][6] == 100.0
    notes_text = " ".join(str(cell) for row in notes.iter_rows(values_only=True) for cell in row)
    assert str(EXAMPLE_NOTE) in notes_text
    assert str(POLICY_NOTE) in notes_text


def test_congress_calculator_shows_the_derivation(client, db):
    response = client.get(reverse("monitor:congress"))
    page = text(response)
    assert "27.245" in page
    assert "€ 5.900.000" in page
    assert "€ 216,55" in page
    assert "Projectenoverzicht Economie071, november 2019" in page
    response = client.get(reverse("monitor:congress"), {"participant_days": "1000"})
    assert "€ 216.550" in text(response)
    response = client.get(
        reverse("monitor:congress"), {"participant_days": "1000", "spend_per_day": "100"}
    )
    assert "€ 100.000" in text(response)


def test_congress_calculator_bad_input(client, db):
    response = client.get(reverse("monitor:congress"), {"participant_days": "-5"})
    assert response.status_code == 200
    page = text(response)
    assert 'class="error-summary"' in page
    assert "id_participant_days" in page


def test_expat_calculator(client, db):
    response = client.get(reverse("monitor:expats"), {"expats": "250"})
    page = text(response)
    assert "48%" in page and "37%" in page
    assert "1,6" in page
    assert "400" in page  # 250 × 1.6
    assert "42.500" in page and "10.000" in page
    assert "Projectenoverzicht Economie071, november 2019" in page
    response = client.get(reverse("monitor:expats"), {"expats": "veel"})
    assert 'class="error-summary"' in text(response)


def login(client, user):
    client.force_login(user)


def test_cost_allocation_page(client, programme, office_user):
    url = reverse("monitor:allocation")
    assert client.get(url).status_code == 302  # sign in first
    login(client, office_user)
    page = text(client.get(url))
    assert "<fieldset>" in page and "<legend>" in page
    response = client.get(
        url, {"amount": "192000", "year": "2019", "municipalities": ["leiden", "katwijk"]}
    )
    page = text(response)
    # Test inhabitants: Katwijk 60,000 and Leiden 120,000.
    assert "€ 64.000" in page and "€ 128.000" in page
    assert "€ 192.000" in page
    assert "<svg" in page


def test_cost_allocation_bad_input(client, programme, office_user):
    login(client, office_user)
    url = reverse("monitor:allocation")
    page = text(client.get(url, {"amount": "-1", "year": "2019", "municipalities": ["leiden"]}))
    assert 'class="error-summary"' in page
    page = text(client.get(url, {"amount": "10", "year": "2019"}))
    assert 'class="error-summary"' in page


def test_cost_allocation_is_for_the_programme_office(client, programme, plain_user):
    login(client, plain_user)
    assert client.get(reverse("monitor:allocation")).status_code == 403


def test_allocation_sums_exactly(programme):
    from economie071.monitor.selectors import population_allocation

    shares = population_allocation(programme=programme, amount=Decimal("1000.01"), year=2019)
    assert sum(share.amount for share in shares) == Decimal("1000.01")
