"""The yearly monitor report: a web page and a PDF through the project overview's rendering
route, with the Index071, retail and business parks sections and their notes."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_report_page_and_pdf(client, monitor_demo):
    response = client.get(reverse("monitor:report"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("monitor:report_pdf") in page
    for anchor in ('id="index071"', 'id="retailmonitor"', 'id="bedrijventerreinen"'):
        assert anchor in page
    response = client.get(reverse("monitor:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Index071 voorbeeldeditie 2020",
        "Leidse regio",
        "Zoeterwoude",
        "Voorbeeld binnenstad Leiden",
        "Voorbeeldterrein Zoeterwoude",
        "42.500",
        "Ruimte voor bedrijven 2018-2022",
    ):
        assert expected in text, expected
    # What the index does not measure, and the example-data label, in either language.
    assert "effect of policy" in text or "effect van beleid" in text
    assert text.lower().count("voorbeeldcijfers") >= 3


def test_report_without_data(client, programme):
    response = client.get(reverse("monitor:report"))
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()  # the index cannot be calculated


def test_command_writes_the_pdf(monitor_demo, tmp_path):
    out = io.StringIO()
    target = tmp_path / "monitor.pdf"
    call_command("monitor_report", "--output", str(target), stdout=out)
    assert target.read_bytes().startswith(b"%PDF")
    assert "bytes written" in out.getvalue()


# --- Labelled, accessible, readable ------------------------------------------------------


def test_every_page_title_and_chart_says_voorbeeldcijfers(client, monitor_demo):
    from economie071.core.programme import programme_current
    from economie071.monitor.rendering import render_report_html_for_print
    from economie071.monitor.reporting import monitor_report

    response = client.get(reverse("monitor:report_pdf"))
    reader = PdfReader(io.BytesIO(response.content))
    assert "voorbeeldcijfers" in reader.metadata.title.lower()
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    for number, page in enumerate(reader.pages, start=1):
        assert "voorbeeldcijfers" in page.extract_text().lower(), number
    text = pdf_text(response.content)
    # Said once per place, not twice over.
    assert "Voorbeeldcijfers. Voorbeeldcijfers" not in text
    assert "Index071: Index071" not in text
    html = render_report_html_for_print(monitor_report(programme_current()))
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(charts) >= 5
    for chart in charts:
        assert "Voorbeeldcijfers" in chart


def test_command_writes_a_file_a_web_server_can_read(monitor_demo, tmp_path):
    target = tmp_path / "out" / "monitor.pdf"
    call_command("monitor_report", "--output", str(target), stdout=io.StringIO())
    assert target.stat().st_mode & 0o777 == 0o644
