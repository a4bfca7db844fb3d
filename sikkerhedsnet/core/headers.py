"""Text in HTTP header values (e.g. `X-Access-Reason`), which carry bytes, not characters.

HTTP header values are bytes; WSGI hands them to Django as Latin-1 code points, one character per byte. So a
reason with Danish letters sent as UTF-8 ("på" = `70 c3 a5`) arrived as "pÃ¥". The rule (docs/api-contract.md,
break the glass):

1. `UTF-8''<percent-encoded UTF-8>` (RFC 8187's ext-value, an optional language tag between the quotes:
   `UTF-8'da'...`): the recommended form, pure ASCII on the wire. Its percent-encoding must be well formed and
   decode to UTF-8; anything else is refused.
2. Otherwise the value as sent: plain ASCII as it is; bytes that form valid UTF-8 are read as UTF-8 (curl or a
   terminal sends that); other bytes as Latin-1, HTTP's historic charset (Python's http.client, and so
   `requests`, encode a header that way).

A Latin-1 text that happens to be valid UTF-8 too needs an accented capital letter followed by a symbol from
0x80-0xBF (e.g. "Ã¸"): no Danish sentence does, so reading such bytes as UTF-8 loses nothing real.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

# charset ' [language] ' value. Only UTF-8 is accepted (RFC 8187 allows ISO-8859-1 too, but nobody needs it).
_EXT_VALUE = re.compile(r"utf-8'([A-Za-z0-9-]{0,35})'(.*)", re.IGNORECASE | re.DOTALL)
# The percent-encoded part: printable ASCII (a little more than RFC 8187's attr-char, so a value made with
# Python's `urllib.parse.quote` - which leaves "/" alone - is accepted), and every "%" starts an escape.
_PERCENT_ENCODED = re.compile(r"(?:[!-$&-~]|%[0-9A-Fa-f]{2})*")


class UndecodableHeader(ValueError):
    """A header value that announces an encoding and does not keep to it."""


def header_text(raw: str) -> str:
    """The text a header value carries (see the module docstring); `UndecodableHeader` for a broken ext-value."""
    ext = _EXT_VALUE.fullmatch(raw)
    if ext is not None:
        encoded = ext.group(2)
        if not _PERCENT_ENCODED.fullmatch(encoded):
            raise UndecodableHeader("malformed percent-encoding")
        try:
            return unquote_to_bytes(encoded).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UndecodableHeader("the percent-encoded bytes are not UTF-8") from exc
    if raw.isascii():
        return raw
    try:
        data = raw.encode("latin-1")
    except UnicodeEncodeError:
        return raw  # already characters, not bytes as Latin-1 (only a test client passes such a value)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return raw  # Latin-1: each byte is its character
