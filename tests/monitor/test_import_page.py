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
