"""The one set of input validators for text and dates, and the one set of error codes they answer.

Services, forms and API routers all call these, so a refusal reads the same everywhere: a `DomainError` with a
field, a Danish message (gettext) and one of the codes below (listed for API clients in docs/api-contract.md,
"Error codes"). Pure functions: no ORM, no clock (the caller passes `today`/`now`), no settings.

A caller may replace the Danish message of a code with a more precise one (`messages={REQUIRED: ...}`); the
code stays the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.text import clean_text

# The codes. Each means one thing; a more specific refusal keeps its own code (e.g. `before_opened`).
REQUIRED = "required"  # empty (after cleaning) where a value is needed
TOO_LONG = "too_long"  # more characters than the field allows
DATE_IN_FUTURE = "date_in_future"  # a date or moment that has not happened yet, where it must have
DATE_OUT_OF_RANGE = "date_out_of_range"  # an implausible date: a typo such as year 9999 or 0202
END_BEFORE_START = "end_before_start"  # an end (date or year) before its start
INVALID_CPR = "invalid_cpr"  # not 10 ASCII digits (optional hyphen), or no valid birth date in them
INVALID_PHONE = "invalid_phone"  # a phone number with something else than ASCII digits, spaces and + ( ) - . /
INVALID_POSTAL_CODE = "invalid_postal_code"  # not 4 ASCII digits

CODES = (
    REQUIRED,
    TOO_LONG,
    DATE_IN_FUTURE,
    DATE_OUT_OF_RANGE,
    END_BEFORE_START,
    INVALID_CPR,
    INVALID_PHONE,
    INVALID_POSTAL_CODE,
)

# The widest range any date is accepted in. 500 follow-up dates of the slowest cadence reach 250 years ahead,
# so computed dates from a start before 2200 stay valid `date`s; before 1900 nothing of ours happened.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)

Messages = Mapping[str, "str | Promise"] | None  # gettext or gettext_lazy texts
_Ordered = TypeVar("_Ordered", date, int)


def _refuse(code: str, default: str, *, field: str, messages: Messages) -> DomainError:
    message = (messages or {}).get(code) or default
    return DomainError(str(message), field=field or None, code=code)


def text(value: object, *, field: str, max_length: int, required: bool = False, messages: Messages = None) -> str:
    """The cleaned text (control characters removed, stripped); refuses blank when required, and too long."""
    cleaned = clean_text(value) if isinstance(value, str) else ""
    if required and not cleaned:
        raise _refuse(REQUIRED, _("Skal udfyldes."), field=field, messages=messages)
    if len(cleaned) > max_length:
        limit = number_format(max_length, force_grouping=True)
        raise _refuse(TOO_LONG, _("Højst %(max)s tegn.") % {"max": limit}, field=field, messages=messages)
    return cleaned


# Identifiers (CPR, case number, CVR, phone, postal code, ids in query strings) are ASCII digits. Python's
# `str.isdigit()`, `int()` and the regex `\d` also take other scripts' digits ('٣', '３', '²'), so "٠١٠٢٠٣-١٢٣٤"
# would pass as a CPR number and be stored as a second record of the same child: match `[0-9]` only.
ASCII_DIGITS = re.compile(r"[0-9]+")
_PHONE = re.compile(r"[0-9 +()./-]+")
_POSTAL_CODE = re.compile(r"[0-9]{4}")
POSTAL_CODE_PATTERN = r"^([0-9]{4})?$"  # for API schemas (pydantic's `\d` is Unicode too)
MAX_ID = 2**63 - 1  # the database's largest id (core/converters.py): a bigger number is no record


def is_ascii_digits(value: object) -> bool:
    """True for a non-empty string of the digits 0-9 only (never '²', '٣' or '３')."""
    return isinstance(value, str) and ASCII_DIGITS.fullmatch(value) is not None


def query_id(value: object) -> int | None:
    """An id from a query string (`?barn=12`): a positive integer in ASCII digits, else None (never a 500)."""
    if not is_ascii_digits(value):
        return None
    number = int(str(value))
    return number if 0 < number <= MAX_ID else None


def cpr(value: object, *, field: str = "cpr", messages: Messages = None) -> cprlib.Cpr:
    """A CPR number: 10 ASCII digits (an optional hyphen after the sixth) whose first six are a birth date."""
    try:
        return cprlib.parse(value if isinstance(value, str) else "")
    except cprlib.InvalidCpr as exc:
        raise _refuse(INVALID_CPR, str(exc), field=field, messages=messages) from exc


def phone(value: object, *, field: str, max_length: int = 30, messages: Messages = None) -> str:
    """A phone number or empty: ASCII digits (at least two), spaces and `+ ( ) - . /` only; e.g. +45 12 34 56 78."""
    cleaned = text(value, field=field, max_length=max_length, messages=messages)
    if cleaned and (not _PHONE.fullmatch(cleaned) or sum(ch in "0123456789" for ch in cleaned) < 2):
        default = _("Skriv telefonnummeret med cifrene 0-9, fx +45 12 34 56 78.")
        raise _refuse(INVALID_PHONE, default, field=field, messages=messages)
    return cleaned


def postal_code(value: object, *, field: str, messages: Messages = None) -> str:
    """A Danish postal code (4 ASCII digits) or empty."""
    cleaned = clean_text(value) if isinstance(value, str) else ""
    if cleaned and not _POSTAL_CODE.fullmatch(cleaned):
        raise _refuse(INVALID_POSTAL_CODE, _("Et postnummer er 4 cifre (0-9)."), field=field, messages=messages)
    return cleaned


def plausible_date(
    day: date | None,
    *,
    field: str,
    earliest: date = EARLIEST,
    latest: date = LATEST,
    messages: Messages = None,
) -> date | None:
    """Refuses a date outside [earliest, latest] (a typo such as 9999 or 0202); None passes. Takes datetimes too."""
    if day is None:
        return None
    calendar_day = date(day.year, day.month, day.day)  # a datetime compared with a date would raise TypeError
    if not earliest <= calendar_day <= latest:
        message = _("Datoen skal ligge mellem år %(first)s og %(last)s.") % {
            "first": earliest.year,
            "last": latest.year,
        }
        raise _refuse(DATE_OUT_OF_RANGE, message, field=field, messages=messages)
    return day


def not_in_future(day: date | None, *, today: date, field: str, messages: Messages = None) -> date | None:
    """Refuses a calendar day after `today`; None passes."""
    if day is not None and day > today:
        raise _refuse(DATE_IN_FUTURE, _("Datoen må ikke ligge i fremtiden."), field=field, messages=messages)
    return day


def moment_not_in_future(
    at: datetime,
    *,
    now: datetime,
    field: str,
    grace: timedelta = timedelta(0),
    messages: Messages = None,
) -> datetime:
    """Refuses a moment later than `now` + `grace` (a client's clock may run a little ahead of ours)."""
    if at > now + grace:
        raise _refuse(DATE_IN_FUTURE, _("Tidspunktet ligger i fremtiden."), field=field, messages=messages)
    return at


def past_date(
    day: date | None, *, today: date, field: str, earliest: date = EARLIEST, messages: Messages = None
) -> date | None:
    """A day that has happened: not after `today`, not before `earliest` (a typo such as 0202 for 2025)."""
    if day is None:
        return None
    not_in_future(day, today=today, field=field, messages=messages)
    if day < earliest:
        default = _("Datoen ligger for langt tilbage. Tjek årstallet.")
        raise _refuse(DATE_OUT_OF_RANGE, default, field=field, messages=messages)
    return day


def date_order(
    start: _Ordered | None, end: _Ordered | None, *, field: str, messages: Messages = None
) -> _Ordered | None:
    """Refuses an end before its start (dates or years); equal is fine; a missing side passes. Returns `end`."""
    if start is not None and end is not None and end < start:
        raise _refuse(END_BEFORE_START, _("Slutdatoen ligger før startdatoen."), field=field, messages=messages)
    return end
