"""The import page: the programme office uploads a CSV or Excel file and sees every bad line,
or what was imported; nothing is written when a line is wrong."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from economie071.monitor.models import BusinessParkFigure, Observation, RetailFigure

pytestmark = pytest.mark.django_db

URL = "/monitor/importeren/"

OBSERVATIONS = b"""indicator;area;year;value;unit
banen;leiden;2014;1000;banen
banen;leiden;2015;1100;banen
"""


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def upload(client, name: str, data: bytes, kind: str = "observations"):
    return client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_only_the_programme_office(client, programme, plain_user, leader_user):
    assert reverse("monitor:import") == URL
    response = client.get(URL)
    assert response.status_code == 302 and "next=/monitor/importeren/" in response["Location"]
    for user in (plain_user, leader_user):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert upload(client, "x.csv", OBSERVATIONS).status_code == 403
    assert not Observation.objects.exists()


def test_success(client, office_user, programme, indicators):
    client.force_login(office_user)
    page = text(client.get(URL))
    assert 'enctype="multipart/form-data"' in page
    assert "floor_space_m2" in page  # the templates are documented on the page
    response = upload(client, "cijfers.csv", OBSERVATIONS)
    assert response.status_code == 200
    page = text(response)
    assert 'role="status"' in page and "cijfers.csv" in page
    assert Observation.objects.filter(imported_by=office_user).count() == 2
    assert "Jasmijn Bongers" in page  # the recent imports say who imported


def test_bad_lines_are_listed_and_nothing_is_written(client, office_user, programme, indicators):
    client.force_login(office_user)
    data = OBSERVATIONS + b"banen;nergens;2016;1;banen\nbanen;leiden;2017;veel;banen\n"
    response = upload(client, "fout.csv", data)
    assert response.status_code == 422
    page = text(response)
    assert 'role="alert"' in page
    assert '<th scope="row">4</th>' in page and '<th scope="row">5</th>' in page
    assert "nergens" in page and "veel" in page
    assert not Observation.objects.exists()


def test_retail_excel(client, office_user, programme):
    client.force_login(office_user)
    workbook = openpyxl.Workbook()
    workbook.active.append(
        [
            "gemeente",
            "winkelgebied",
            "soort",
            "hoofdstructuur",
            "jaar",
            "wvo_m2",
            "verkooppunten",
            "leegstand_m2",
            "leegstaande_verkooppunten",
            "bron",
        ]
    )
    workbook.active.append(["leiden", "Centrum", "hoofdcentrum", "ja", 2019, 1000, 10, 50, 1, "T"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, "winkels.xlsx", buffer.getvalue(), kind="retail")
    # A shopping area the monitor does not know is a bad line, until asked to create it.
    assert response.status_code == 422
    assert '<th scope="row">2</th>' in text(response) and "Centrum" in text(response)
    assert not RetailFigure.objects.exists()
    assert 'name="create_new"' in text(response)
    response = client.post(
        URL,
        {
            "kind": "retail",
            "create_new": "on",
            "file": SimpleUploadedFile("winkels.xlsx", buffer.getvalue()),
        },
    )
    assert response.status_code == 200, text(response)
    assert RetailFigure.objects.get().vacant_m2 == 50
    response = upload(client, "winkels.xlsx", buffer.getvalue(), kind="retail")
    assert response.status_code == 200, text(response)  # now it is known


def test_wrong_template_and_wrong_file(client, office_user, programme):
    client.force_login(office_user)
    response = upload(client, "parken.csv", OBSERVATIONS, kind="parks")
    assert response.status_code == 422
    assert "business_park" in text(response)  # the missing columns are named
    response = upload(client, "parken.txt", b"x", kind="parks")
    assert response.status_code == 200
    assert 'class="error-summary"' in text(response)
    response = upload(client, "parken.xlsx", b"not a workbook", kind="parks")
    assert response.status_code == 422
    assert not BusinessParkFigure.objects.exists()


def test_a_control_character_is_refused_naming_line_and_column(
    client, office_user, programme, indicators
):
    client.force_login(office_user)
    workbook = openpyxl.Workbook()
    workbook.active.append(["indicator", "area", "year", "value", "unit", "source"])
    workbook.active.append(["banen", "lei\x7fden", 2014, 1000, "banen", "CBS"])
    workbook.active.append(["banen", "leiden", 2015, 1100, "banen", "CBS\nStatLine"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, "stuurtekens.xlsx", buffer.getvalue())
    assert response.status_code == 422
    page = text(response)
    assert '<th scope="row">2</th><td>kolom area bevat een stuurteken, U+007F (DELETE)' in page
    assert '<th scope="row">3</th><td>kolom source bevat een stuurteken, U+000A' in page
    response = upload(client, "nul.csv", OBSERVATIONS.replace(b"1100", b"11\x0000"))
    assert response.status_code == 422
    assert '<th scope="row">2</th>' not in text(response)
    assert "kolom value bevat een stuurteken, U+0000 (NULL), op positie 3" in text(response)
    assert not Observation.objects.exists()


def test_a_cell_over_the_csv_field_limit_is_named_not_a_server_error(
    client, office_user, programme, indicators
):
    client.force_login(office_user)
    data = OBSERVATIONS + b"banen;leiden;2016;1;banen;" + b"x" * 200_000 + b"\n"
    response = upload(client, "lang.csv", data)
    assert response.status_code == 422
    assert "Line 4" in text(response) and "a cell holds at most 1000" in text(response)
    assert not Observation.objects.exists()


def test_impossible_values_are_refused_and_implausible_ones_shown(
    client, office_user, programme, indicators
):
    client.force_login(office_user)
    response = upload(client, "fout.csv", OBSERVATIONS + b"werkloosheid;leiden;2015;150;%\n")
    assert response.status_code == 422
    assert '<th scope="row">4</th><td>waarde 150 kan niet kloppen' in text(response)
    response = upload(client, "sprong.csv", OBSERVATIONS + b"banen;leiden;2016;2500;banen\n")
    assert response.status_code == 200
    page = text(response)
    assert "Controleer deze cijfers" in page
    assert '<th scope="row">4</th><td>controleer banen voor Leiden in 2016: 2500' in page
    assert Observation.objects.count() == 3
