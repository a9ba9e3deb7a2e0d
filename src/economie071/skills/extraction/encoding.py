"""Decode an uploaded vacancy text.

Accepted: UTF-8 with or without a byte-order mark, and UTF-16 (LE or BE) with a byte-order
mark. Anything else raises TextEncodingError. We deliberately do NOT guess cp1252/latin-1:
every byte sequence is valid latin-1, so a guess would silently turn a file in any other
encoding into wrong characters. The message says which encoding failed, at which byte
offset, and suggests saving the file as UTF-8.
"""

from __future__ import annotations

import codecs


class TextEncodingError(ValueError):
    """The bytes are not UTF-8 or BOM-marked UTF-16."""

    def __init__(self, message: str, *, encoding: str, offset: int | None = None):
        super().__init__(message)
        self.encoding = encoding
        self.offset = offset


def decode_text(data: bytes) -> str:
    """Bytes -> str: UTF-8 (with/without BOM), UTF-16 with BOM, else TextEncodingError."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("decode_text expects bytes")
    data = bytes(data)
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data, "utf-8", len(codecs.BOM_UTF8), "UTF-8 (with byte-order mark)")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        big = data.startswith(codecs.BOM_UTF16_BE)
        codec = "utf-16-be" if big else "utf-16-le"
        label = "UTF-16 big-endian" if big else "UTF-16 little-endian"
        return _decode(data, codec, 2, f"{label} (with byte-order mark)")
    return _decode(data, "utf-8", 0, "UTF-8")


def _decode(data: bytes, codec: str, skip: int, label: str) -> str:
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        bad = data[offset : offset + 4].hex(" ")
        hint = ""
        if codec == "utf-8" and any(b >= 0x80 for b in data[offset : offset + 1]):
            hint = (
                " The file is probably in another encoding such as Windows-1252 or "
                "ISO-8859-1 (Latin-1); save it as UTF-8 and upload it again."
            )
        raise TextEncodingError(
            f"Could not read the text as {label}: invalid byte sequence at byte offset "
            f"{offset} (bytes {bad}).{hint}",
            encoding=label,
            offset=offset,
        ) from None
