"""Attachments of proposals and documents of meetings: real uploads through the test client,
checked by content, stored under random names, served only to those who may read them."""

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from economie071.audit.models import AuditEntry
from economie071.governance import services
from economie071.governance.constants import DecisionOutcome
from economie071.governance.exceptions import GovernanceError
from economie071.governance.models import MeetingDocument, ProposalAttachment

# --- Real files of every allowed type, and some that are not ---------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Begroting pilot")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Kosten"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return out.getvalue()


ALLOWED = [
    ("voorstel.pdf", lambda: PDF_BYTES, "application/pdf"),
    (
        "Begroting 2020.docx",
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "kosten.XLSX",
        xlsx_bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("notitie.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
    ("kaart.png", lambda: PNG_BYTES, "image/png"),
    ("foto.jpeg", lambda: JPEG_BYTES, "image/jpeg"),
    ("foto.jpg", lambda: JPEG_BYTES, "image/jpeg"),
]


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def client_for(user) -> Client:
    """A client reading the pages in English, the language the messages are checked in."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Every test its own MEDIA_ROOT, so the files on disk can be counted."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def add_pdf(proposal, name="voorstel.pdf", content=PDF_BYTES):
    return services.proposal_attachment_add(
        proposal=proposal, actor=None, file=upload(name, content)
    )


# --- Uploading -------------------------------------------------------------------------------


def test_the_office_uploads_an_attachment(office_user, proposal, media):
    client = client_for(office_user)
    form = client.get(f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/")
    assert 'enctype="multipart/form-data"' in form.content.decode()
    response = client.post(
        f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/",
        {"file": upload("Voorstel pilot koks.pdf", PDF_BYTES), "title": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/bestuur/voorstellen/{proposal.pk}/"
    attachment = ProposalAttachment.objects.get()
    assert attachment.original_name == "Voorstel pilot koks.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.uploaded_by == office_user
    # Stored under a random name, below MEDIA_ROOT, never under the uploaded name.
    [path] = stored_files(media)
    assert path.read_bytes() == PDF_BYTES
    assert path.parent == media / "governance" / "proposals"
    assert path.name != "Voorstel pilot koks.pdf"
    assert path.suffix == ".pdf" and len(path.stem) == 32
    entry = AuditEntry.objects.get(action="governance.proposal.attachment_added")
    assert entry.object_id == str(proposal.pk)
    assert entry.data["name"] == "Voorstel pilot koks.pdf"


@pytest.mark.parametrize(("name", "make", "content_type"), ALLOWED)
def test_every_allowed_type_is_accepted(office_user, proposal, name, make, content_type):
    response = client_for(office_user).post(
        f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/", {"file": upload(name, make())}
    )
    assert response.status_code == 302
    assert ProposalAttachment.objects.get().content_type == content_type


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("tool.exe", lambda: b"MZ\x90\x00" + b"\x00" * 60, "not a type that can be uploaded"),
        ("pagina.html", lambda: b"<html><script>alert(1)</script></html>", "not a type"),
        ("geen-extensie", lambda: PDF_BYTES, "not a type"),
        ("nep.pdf", lambda: b"<html><script>alert(1)</script></html>", "not a real PDF"),
        ("nep.png", lambda: PDF_BYTES, "not a real PNG"),
        ("werkblad.xlsx", docx_bytes, "not a real XLSX"),
        ("document.docx", lambda: b"PK\x03\x04 not really a zip", "not a real DOCX"),
        ("leeg.pdf", lambda: b"", "empty"),
    ],
)
def test_a_refused_file_names_the_field_and_writes_nothing(
    office_user, proposal, gov_counts, media, name, make, says
):
    before = gov_counts()
    response = client_for(office_user).post(
        f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/", {"file": upload(name, make())}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert says in str(errors["file"]) or name == "leeg.pdf"
    assert gov_counts() == before
    assert stored_files(media) == []


def test_an_empty_file_is_refused_by_the_service_too(proposal, gov_counts):
    with pytest.raises(GovernanceError) as info:
        add_pdf(proposal, content=b"")
    assert info.value.code == "file"
    assert "empty" in " ".join(info.value.messages)


def test_a_file_over_the_limit_is_refused_with_its_size(
    office_user, proposal, gov_counts, settings, media
):
    settings.GOVERNANCE_MAX_UPLOAD_BYTES = 1024
    before = gov_counts()
    response = client_for(office_user).post(
        f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/",
        {"file": upload("groot.pdf", PDF_BYTES + b"0" * 2000)},
    )
    message = str(response.context["form"].errors["file"])
    assert "groot.pdf" in message
    assert "1.0\xa0KB" in message or "1,0\xa0KB" in message
    assert gov_counts() == before
    assert stored_files(media) == []


def test_no_file_at_all_names_the_field(office_user, proposal, gov_counts):
    before = gov_counts()
    response = client_for(office_user).post(
        f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/", {"title": "Iets"}
    )
    assert response.context["form"].errors["file"]
    assert gov_counts() == before


def test_a_path_in_the_uploaded_name_is_dropped(proposal):
    attachment = add_pdf(proposal, name="..\\..\\C:\\temp\\voorstel.pdf")
    assert attachment.original_name == "voorstel.pdf"


def test_a_decided_proposal_takes_no_more_attachments(on_agenda, past_meeting, gov_counts):
    services.decision_record(
        proposal=on_agenda, meeting=past_meeting, actor=None, outcome=DecisionOutcome.ADOPTED
    )
    before = gov_counts()
    with pytest.raises(GovernanceError) as info:
        add_pdf(on_agenda)
    assert info.value.code == "file"
    assert gov_counts() == before


@pytest.mark.parametrize("who", ["member_user", "leader_user", "plain_user"])
def test_only_the_office_uploads(request, who, proposal, past_meeting, gov_counts):
    user = request.getfixturevalue(who)
    client = client_for(user)
    before = gov_counts()
    for path in (
        f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/",
        f"/bestuur/vergaderingen/{past_meeting.pk}/documenten/nieuw/",
    ):
        response = client.post(path, {"file": upload("voorstel.pdf", PDF_BYTES)})
        assert response.status_code == 403
    assert gov_counts() == before


def test_anonymous_is_sent_to_login_for_uploads(client, proposal):
    response = client.get(f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/")
    assert response.status_code == 302
    assert "login" in response["Location"] or "inloggen" in response["Location"]


# --- Reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("office_user", 200),
        ("member_user", 200),
        ("leader_user", 200),
        ("steering_user", 404),
        ("plain_user", 404),
        (None, 404),
    ],
)
def test_an_attachment_is_served_to_who_reads_the_proposal(
    request, who, status, proposal, member_user
):
    attachment = add_pdf(proposal, name="Voorstel koks.pdf")
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(f"/bestuur/voorstellen/{proposal.pk}/bijlagen/{attachment.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert "Voorstel koks.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_office_documents_are_downloaded_not_shown(office_user, proposal):
    attachment = services.proposal_attachment_add(
        proposal=proposal, actor=None, file=upload("Begroting.docx", docx_bytes())
    )
    response = client_for(office_user).get(attachment.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="Begroting.docx"' in response["Content-Disposition"]


def test_a_published_decision_does_not_open_the_attachments(client, on_agenda, past_meeting):
    attachment = add_pdf(on_agenda)
    decision = services.decision_record(
        proposal=on_agenda, meeting=past_meeting, actor=None, outcome=DecisionOutcome.ADOPTED
    )
    services.decision_publish(decision=decision, actor=None)
    page = client.get(f"/bestuur/voorstellen/{on_agenda.pk}/")
    assert page.status_code == 200
    assert attachment.get_absolute_url() not in page.content.decode()
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_an_attachment_of_another_proposal_is_not_found(office_user, proposal, led_project, body):
    attachment = add_pdf(proposal)
    other = services.proposal_create(project=led_project, body=body, actor=None, title="Ander")
    url = f"/bestuur/voorstellen/{other.pk}/bijlagen/{attachment.pk}/"
    response = client_for(office_user).get(url)
    assert response.status_code == 404


def test_files_are_not_served_from_media(client, office_user, proposal):
    attachment = add_pdf(proposal)
    assert client_for(office_user).get(f"/media/{attachment.file.name}").status_code == 404
    assert client_for(office_user).get(f"/{attachment.file.name}").status_code == 404


def test_the_proposal_page_lists_the_attachments(office_user, member_user, proposal):
    add_pdf(proposal, name="Voorstel koks.pdf")
    services.proposal_attachment_add(
        proposal=proposal, actor=None, file=upload("Kosten.xlsx", xlsx_bytes()), title="Begroting"
    )
    office = client_for(office_user).get(f"/bestuur/voorstellen/{proposal.pk}/").content.decode()
    assert "Voorstel koks.pdf" in office
    assert "Begroting" in office and "Kosten.xlsx" in office
    assert "XLSX" in office
    assert "/bijlagen/nieuw/" in office
    assert office.count("/verwijderen/") == 2
    member = client_for(member_user).get(f"/bestuur/voorstellen/{proposal.pk}/").content.decode()
    assert "Voorstel koks.pdf" in member
    assert "/verwijderen/" not in member


def test_the_proposal_page_takes_a_constant_number_of_queries(office_user, proposal):
    client = client_for(office_user)
    add_pdf(proposal)
    client.get(f"/bestuur/voorstellen/{proposal.pk}/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/bestuur/voorstellen/{proposal.pk}/")
    for i in range(4):
        add_pdf(proposal, name=f"bijlage-{i}.pdf")
    with CaptureQueriesContext(connection) as large:
        client.get(f"/bestuur/voorstellen/{proposal.pk}/")
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Deleting --------------------------------------------------------------------------------


def test_the_office_deletes_an_attachment(
    office_user, proposal, media, django_capture_on_commit_callbacks
):
    attachment = add_pdf(proposal)
    [path] = stored_files(media)
    client = client_for(office_user)
    url = attachment.get_delete_url()
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not ProposalAttachment.objects.exists()
    assert not path.exists()
    entry = AuditEntry.objects.get(action="governance.proposal.attachment_deleted")
    assert entry.data["name"] == "voorstel.pdf"


@pytest.mark.parametrize("who", ["member_user", "leader_user", "plain_user"])
def test_only_the_office_deletes(request, who, proposal, media):
    attachment = add_pdf(proposal)
    response = client_for(request.getfixturevalue(who)).post(attachment.get_delete_url())
    assert response.status_code == 403
    assert ProposalAttachment.objects.exists()
    assert len(stored_files(media)) == 1


# --- Meeting documents and the meeting pack --------------------------------------------------


def test_meeting_documents_upload_read_and_delete(
    office_user,
    member_user,
    plain_user,
    client,
    past_meeting,
    media,
    django_capture_on_commit_callbacks,
):
    office = client_for(office_user)
    response = office.post(
        f"/bestuur/vergaderingen/{past_meeting.pk}/documenten/nieuw/",
        {"file": upload("Presentatie.pdf", PDF_BYTES), "title": "Presentatie Human Capital"},
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert document.title == "Presentatie Human Capital"
    assert AuditEntry.objects.filter(action="governance.meeting.document_added").count() == 1
    page = client_for(member_user).get(f"/bestuur/vergaderingen/{past_meeting.pk}/")
    assert "Presentatie Human Capital" in page.content.decode()
    public = client.get(f"/bestuur/vergaderingen/{past_meeting.pk}/").content.decode()
    assert "Presentatie Human Capital" not in public
    assert client_for(member_user).get(document.get_absolute_url()).status_code == 200
    assert client_for(plain_user).get(document.get_absolute_url()).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client_for(member_user).post(document.get_delete_url()).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert office.post(document.get_delete_url()).status_code == 302
    assert not MeetingDocument.objects.exists()
    assert stored_files(media) == []
    assert AuditEntry.objects.filter(action="governance.meeting.document_deleted").count() == 1


def test_a_refused_meeting_document_names_the_field(office_user, past_meeting, gov_counts):
    before = gov_counts()
    response = client_for(office_user).post(
        f"/bestuur/vergaderingen/{past_meeting.pk}/documenten/nieuw/",
        {"file": upload("nep.jpg", b"GIF89a")},
    )
    assert "not a real JPEG" in str(response.context["form"].errors["file"])
    assert gov_counts() == before


def test_the_meeting_pack_lists_documents_and_attachments(office_user, future_meeting, proposal):
    add_pdf(proposal, name="Onderbouwing koksopleiding.pdf")
    services.meeting_document_add(
        meeting=future_meeting,
        actor=None,
        file=upload("agenda.docx", docx_bytes()),
        title="Toelichting bij de agenda",
    )
    services.agenda_item_add(
        meeting=future_meeting, actor=None, title="Human Capital", proposals=[proposal]
    )
    client = client_for(office_user)
    html = client.get(f"/bestuur/vergaderingen/{future_meeting.pk}/vergaderstukken/")
    page = html.content.decode()
    assert "Onderbouwing koksopleiding.pdf" in page
    assert "Toelichting bij de agenda" in page
    pdf = client.get(f"/bestuur/vergaderingen/{future_meeting.pk}/vergaderstukken.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Onderbouwing koksopleiding.pdf" in text
    assert "Toelichting bij de agenda" in text


def test_the_api_lists_meeting_documents_for_members(member_user, client, past_meeting):
    document = services.meeting_document_add(
        meeting=past_meeting, actor=None, file=upload("kaart.png", PNG_BYTES)
    )
    data = client_for(member_user).get(f"/api/v1/governance/meetings/{past_meeting.pk}").json()
    [row] = data["documents"]
    assert row["fileName"] == "kaart.png"
    assert row["contentType"] == "image/png"
    assert row["size"] == len(PNG_BYTES)
    assert row["url"].endswith(document.get_absolute_url())
    assert client.get(f"/api/v1/governance/meetings/{past_meeting.pk}").json()["documents"] is None


def test_a_large_upload_streamed_to_a_temporary_file_is_stored_whole(office_user, proposal):
    """Over FILE_UPLOAD_MAX_MEMORY_SIZE Django writes the upload to a temporary file first."""
    content = PDF_BYTES + b"%" + b"0" * (3 * 1024 * 1024)
    response = client_for(office_user).post(
        f"/bestuur/voorstellen/{proposal.pk}/bijlagen/nieuw/",
        {"file": upload("groot verslag.pdf", content)},
    )
    assert response.status_code == 302
    attachment = ProposalAttachment.objects.get()
    assert attachment.size == len(content)
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
