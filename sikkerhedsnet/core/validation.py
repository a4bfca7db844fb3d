"""The one set of input validators for text and dates, and the one set of error codes they answer.

Services, forms and API routers all call these, so a refusal reads the same everywhere: a `DomainError` with a
field, a Danish message (gettext) and one of the codes below (listed for API clients in docs/api-contract.md,
"Error codes"). Pure functions: no ORM, no clock (the caller passes `today`/`now`), no settings.

A caller may replace the Danish message of a code with a more precise one (`messages={REQUIRED: ...}`); the
code stays the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.text import clean_text

# The codes. Each means one thing; a more specific refusal keeps its own code (e.g. `before_opened`).
REQUIRED = "required"  # empty (after cleaning) where a value is needed
TOO_LONG = "too_long"  # more characters than the field allows
DATE_IN_FUTURE = "date_in_future"  # a date or moment that has not happened yet, where it must have
DATE_OUT_OF_RANGE = "date_out_of_range"  # an implausible date: a typo such as year 9999 or 0202
END_BEFORE_START = "end_before_start"  # an end (date or year) before its start

CODES = (REQUIRED, TOO_LONG, DATE_IN_FUTURE, DATE_OUT_OF_RANGE, END_BEFORE_START)

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
