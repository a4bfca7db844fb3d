"""Report periods: a period may not end before it starts, nor span more than 30 years."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

MAX_PERIOD_YEARS = 30
YEAR_MIN, YEAR_MAX = 1900, 2200
_REVERSED = {validation.END_BEFORE_START: _("Perioden slutter, før den begynder.")}


def validate_year_range(first_year: int, last_year: int) -> None:
    """Both years plausible, first ≤ last, at most 30 years inclusive (2001–2030 is 30 years)."""
    for field, year in (("first_year", first_year), ("last_year", last_year)):
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise DomainError(str(_("Året skal ligge mellem 1900 og 2200.")), field=field, code="invalid_year")
    validation.date_order(first_year, last_year, field="last_year", messages=_REVERSED)
    if last_year - first_year + 1 > MAX_PERIOD_YEARS:
        raise DomainError(str(_("Perioden må højst være 30 år.")), field="last_year", code="period_too_long")


def validate_date_period(start: date, end: date) -> None:
    """start ≤ end and at most 30 years apart."""
    validation.date_order(start, end, field="end", messages=_REVERSED)
    try:
        limit = start.replace(year=start.year + MAX_PERIOD_YEARS)
    except ValueError:  # 29 February + 30 years
        limit = date(start.year + MAX_PERIOD_YEARS, 3, 1)
    if end >= limit:
        raise DomainError(str(_("Perioden må højst være 30 år.")), field="end", code="period_too_long")
