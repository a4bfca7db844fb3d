"""Query parameters the API reads the same way everywhere.

A date in a query string is declared as a string with the ISO pattern and parsed here: pydantic's lax `date`
would take `?valid_on=0` as a Unix timestamp (1970-01-01) instead of refusing it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

ISO_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def query_date(value: str | None, *, field: str) -> date | None:
    """`YYYY-MM-DD` (ASCII digits, already matched by the schema) as a plausible date; None when absent."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:  # e.g. 2026-02-30 or 0000-01-01
        raise DomainError("Not a date.", field=field, code=validation.DATE_OUT_OF_RANGE) from exc
    return validation.plausible_date(day, field=field)


def _iso_text(value: Any) -> Any:
    """A date in a body is an ISO text, never a number (pydantic's lax `date` would read 0 as 1970-01-01)."""
    if not isinstance(value, str | date):
        raise ValueError("A date is an ISO text, YYYY-MM-DD.")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_text)]
