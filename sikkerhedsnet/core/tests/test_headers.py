"""Text in header values (core/headers.py): RFC 8187 ext-values, raw UTF-8 and Latin-1; no database."""

from urllib.parse import quote

import pytest

from sikkerhedsnet.core.headers import UndecodableHeader, header_text

REASON = "Døgnvagt: barnet er på skadestuen"


def _as_wsgi(data: bytes) -> str:
    """What WSGI hands Django for these header bytes: one Latin-1 character per byte."""
    return data.decode("latin-1")


def test_header_text_ascii_is_unchanged() -> None:
    assert header_text("Dognvagt: akut") == "Dognvagt: akut"


@pytest.mark.parametrize("prefix", ["UTF-8''", "utf-8''", "UTF-8'da'"])
def test_header_text_rfc8187_ext_value_is_decoded(prefix) -> None:
    assert header_text(prefix + quote(REASON)) == REASON


def test_header_text_raw_utf8_bytes_are_read_as_utf8() -> None:
    assert header_text(_as_wsgi(REASON.encode("utf-8"))) == REASON


def test_header_text_latin1_bytes_are_read_as_latin1() -> None:
    assert header_text(_as_wsgi(REASON.encode("latin-1"))) == REASON


def test_header_text_plain_value_with_percent_is_not_decoded() -> None:
    assert header_text("50%20 af tiden") == "50%20 af tiden"


@pytest.mark.parametrize(
    "raw",
    [
        "UTF-8''D%F8gnvagt%20barnet",  # Latin-1 byte ø percent-encoded: not UTF-8
        "UTF-8''D%C3",  # a cut-off UTF-8 sequence
        "UTF-8''D%GGgnvagt",  # not an escape
        "UTF-8''Døgnvagt",  # raw non-ASCII inside an ext-value
        "UTF-8''Døgnvagt".encode().decode("latin-1"),
        "UTF-8''barnet er 100%",
    ],
)
def test_header_text_broken_ext_value_is_refused(raw) -> None:
    with pytest.raises(UndecodableHeader):
        header_text(raw)
