"""URL converters. `<id:pk>` is `<int:pk>` limited to 18 digits, so a tampered id can never overflow the
database's 64-bit integers (SQLite raises OverflowError, PostgreSQL an out-of-range error): it is a plain 404."""

from __future__ import annotations

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
