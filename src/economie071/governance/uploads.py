"""Which files governance accepts: PDF, DOCX, XLSX, ODT, PNG and JPEG, recognised by their
content as well as by their name, so a renamed executable or web page is refused.

Plain Python (no Django): services.py turns a refusal into a message that names the field.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # settings.GOVERNANCE_MAX_UPLOAD_BYTES overrides it


@dataclass(frozen=True)
class FileType:
    label: str
    extensions: tuple[str, ...]
    content_type: str
    inline: bool  # shown in the browser rather than downloaded


PDF = FileType("PDF", (".pdf",), "application/pdf", True)
DOCX = FileType(
    "DOCX",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    False,
)
XLSX = FileType(
    "XLSX",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    False,
)
ODT = FileType("ODT", (".odt",), "application/vnd.oasis.opendocument.text", False)
PNG = FileType("PNG", (".png",), "image/png", True)
JPEG = FileType("JPEG", (".jpg", ".jpeg"), "image/jpeg", True)

TYPES = (PDF, DOCX, XLSX, ODT, PNG, JPEG)
ALLOWED_LABELS = ", ".join(t.label for t in TYPES)


def type_for_name(name: str) -> FileType | None:
    """The allowed type a file name's extension claims, or None."""
    lowered = name.lower()
    for file_type in TYPES:
        if lowered.endswith(file_type.extensions):
            return file_type
    return None


def type_for_content_type(content_type: str) -> FileType | None:
    return next((t for t in TYPES if t.content_type == content_type), None)


def extension_for(content_type: str) -> str:
    file_type = type_for_content_type(content_type)
    return file_type.extensions[0] if file_type else ""


def _zip_type(handle: BinaryIO) -> FileType | None:
    """DOCX and XLSX are ZIP files with a known part; ODT names its type in 'mimetype'.
    Only the directory and the few bytes of 'mimetype' are read."""
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size < 200
                and archive.read("mimetype").strip() == ODT.content_type.encode()
            ):
                return ODT
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def detect(handle: BinaryIO) -> FileType | None:
    """The allowed type the content is, or None. Leaves the handle at its start."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(handle)
        return None
    finally:
        handle.seek(0)


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def clean_name(name: str, max_length: int = 255) -> str:
    """The uploaded name as shown and offered on download: no folders or control
    characters, and not longer than the column (the extension is kept)."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) < 10:
            name = stem[: max_length - len(ext) - 1] + "." + ext
        else:
            name = name[:max_length]
    return name
