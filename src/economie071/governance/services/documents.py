"""Files: attachments to a proposal and the documents of a meeting, checked by type and
size before they are stored; a removed file leaves storage after the commit.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.governance import uploads
from economie071.governance.models import Meeting, MeetingDocument, Proposal, ProposalAttachment
from economie071.governance.services._common import _error, _require, _user


def _max_upload_bytes() -> int:
    return getattr(settings, "GOVERNANCE_MAX_UPLOAD_BYTES", uploads.MAX_UPLOAD_BYTES)


def _checked_upload(upload, title: str) -> tuple[str, uploads.FileType]:
    """The cleaned name and the type of an upload that may be stored; refusals name 'file'
    (or 'title')."""
    if upload is None:
        raise _error(_("File: choose a file to upload."), "file")
    name = uploads.clean_name(getattr(upload, "name", "") or "")
    shown = name or _("(no name)")
    if len(title.strip()) > 300:
        raise _error(_("Title: at most 300 characters."), "title")
    if not upload.size:
        raise _error(_("File: “%(name)s” is empty.") % {"name": shown}, "file")
    limit = _max_upload_bytes()
    if upload.size > limit:
        raise _error(
            _("File: “%(name)s” is %(size)s; files of at most %(limit)s can be uploaded.")
            % {
                "name": shown,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            "file",
        )
    claimed = uploads.type_for_name(name)
    if claimed is None:
        raise _error(
            _("File: “%(name)s” is not a type that can be uploaded; upload %(types)s.")
            % {"name": shown, "types": uploads.ALLOWED_LABELS},
            "file",
        )
    actual = uploads.detect(upload)
    if actual != claimed:
        raise _error(
            _("File: “%(name)s” is not a real %(type)s file: its content does not match its name.")
            % {"name": shown, "type": claimed.label},
            "file",
        )
    return name, claimed


def _store(row, upload, name: str, file_type: uploads.FileType, title: str, actor, audit):
    """Write the file under a random name, then the row and its audit entry in one
    transaction; when that fails the file is removed again, so nothing is half-saved."""
    row.original_name = name
    row.title = title.strip()
    row.content_type = file_type.content_type
    row.size = upload.size
    row.uploaded_by = _user(actor)
    row.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            row.save()
            audit(row)
    except BaseException:
        row.file.storage.delete(row.file.name)
        raise
    return row


def _remove_after_commit(row) -> None:
    storage, name = row.file.storage, row.file.name
    transaction.on_commit(lambda: storage.delete(name))


def proposal_attachment_add(
    *, proposal: Proposal, actor: User | None, file: UploadedFile | None, title: str = ""
) -> ProposalAttachment:
    """Attach a document to a proposal (PDF, DOCX, XLSX, ODT, PNG or JPEG). A decided or
    withdrawn proposal is closed: its documents are those it was decided or withdrawn with."""
    _require(actor)
    if proposal.is_closed:
        raise _error(
            _("File: the proposal is %(status)s; no attachments can be added any more.")
            % {"status": proposal.get_status_display().lower()},
            "file",
        )
    name, file_type = _checked_upload(file, title)

    def audit(attachment):
        audit_record(
            action="governance.proposal.attachment_added",
            actor=actor,
            target=proposal,
            project=proposal.project,
            summary=f"{proposal.title}: {name}",
            data={
                "attachment": attachment.pk,
                "name": name,
                "size": attachment.size,
                "type": file_type.label,
            },
        )

    return _store(ProposalAttachment(proposal=proposal), file, name, file_type, title, actor, audit)


def proposal_attachment_delete(*, attachment: ProposalAttachment, actor: User | None) -> None:
    _require(actor)
    proposal = attachment.proposal
    with transaction.atomic():
        pk = attachment.pk
        _remove_after_commit(attachment)
        attachment.delete()
        audit_record(
            action="governance.proposal.attachment_deleted",
            actor=actor,
            target=proposal,
            project=proposal.project,
            summary=f"{proposal.title}: {attachment.original_name}",
            data={"attachment": pk, "name": attachment.original_name},
        )


def meeting_document_add(
    *, meeting: Meeting, actor: User | None, file: UploadedFile | None, title: str = ""
) -> MeetingDocument:
    """Add a document to a meeting (a presentation, a letter, the previous minutes)."""
    _require(actor)
    name, file_type = _checked_upload(file, title)

    def audit(document):
        audit_record(
            action="governance.meeting.document_added",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=f"{meeting}: {name}",
            data={
                "document": document.pk,
                "name": name,
                "size": document.size,
                "type": file_type.label,
            },
        )

    return _store(MeetingDocument(meeting=meeting), file, name, file_type, title, actor, audit)


def meeting_document_delete(*, document: MeetingDocument, actor: User | None) -> None:
    _require(actor)
    meeting = document.meeting
    with transaction.atomic():
        pk = document.pk
        _remove_after_commit(document)
        document.delete()
        audit_record(
            action="governance.meeting.document_deleted",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=f"{meeting}: {document.original_name}",
            data={"document": pk, "name": document.original_name},
        )
