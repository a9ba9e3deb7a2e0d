"""decode_text: UTF-8 with/without BOM, UTF-16 with BOM; anything else is refused clearly."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.skills.extraction import TextEncodingError, decode_text

TEXT = "Kok gezocht – crème brûlée, hygiëne en €"


def test_utf8_without_bom():
    assert decode_text(TEXT.encode("utf-8")) == TEXT


def test_utf8_with_bom_is_stripped():
    assert decode_text(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    if codec == "utf-16":
        data = TEXT.encode("utf-16")  # Python writes a BOM
    elif codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")
    else:
        data = codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")
    assert decode_text(data) == TEXT


def test_empty_bytes():
    assert decode_text(b"") == ""


def test_cp1252_is_refused_with_encoding_and_offset():
    data = "Wij zoeken een kok – crème".encode("cp1252")
    with pytest.raises(TextEncodingError) as info:
        decode_text(data)
    offset = data.index("–".encode("cp1252"))
    assert info.value.offset == offset
    assert info.value.encoding == "UTF-8"
    message = str(info.value)
    assert "UTF-8" in message and f"byte offset {offset}" in message
    assert "Windows-1252" in message


def test_bad_bytes_after_a_bom_report_the_offset_in_the_file():
    data = codecs.BOM_UTF8 + b"abc\xffdef"
    with pytest.raises(TextEncodingError) as info:
        decode_text(data)
    assert info.value.offset == 6
    assert "with byte-order mark" in str(info.value)


def test_truncated_utf16_is_refused():
    data = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00"
    with pytest.raises(TextEncodingError) as info:
        decode_text(data)
    assert "UTF-16 little-endian" in str(info.value)


def test_utf16_without_bom_is_refused():
    with pytest.raises(TextEncodingError):
        decode_text("é".encode("utf-16-le") + b"\x00\xd8")


def test_not_bytes():
    with pytest.raises(TypeError):
        decode_text("already text")


@given(st.text())
def test_any_text_round_trips_through_utf8(text):
    assert decode_text(text.encode("utf-8")) == text


@given(st.binary(max_size=200))
def test_arbitrary_bytes_decode_or_raise_the_documented_error(data):
    try:
        out = decode_text(data)
    except TextEncodingError as exc:
        assert exc.offset is not None and 0 <= exc.offset < len(data)
    else:
        assert isinstance(out, str)
