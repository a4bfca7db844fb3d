"""Releasing figures across the time of asking (docs/hardening.md §4b): only complete months are released, and a
released month cell is frozen at its first release.

Counts that change as cases progress (the current month, the current year so far, deadlines pending → kept) or
with a late registration could otherwise be compared between two days: the difference of two answers about the
same month would be the change, however small. So, for everyone who sees suppressed figures (analysts, every
file and the API; `reports.access.is_suppressed_for`):

- a month is released only once it is over: the current month and any later month are "not yet released";
- the first time a month cell is released, its figures are written to `PublishedCell` (per municipality, report,
  series, the teams counted and the month) and every later answer reads them from there, so the same month gives
  the same figures on every day, whatever was registered late.

A frozen cell is never refreshed by the system. The installation's operator can re-publish a municipality's
cells of a closed year (`manage.py republish_reports`, e.g. once a year at the head's request, when that year's
late registrations are in); the next answer then releases them again from the data of that day.

Leaders who see exact figures on screen (team leader, head) read the live data: they are not frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import transaction

from .models import PublishedCell

T = TypeVar("T")


def released_until(today: date) -> date:
    """The last day whose month is complete: the day before the first of this month."""
    return today.replace(day=1) - timedelta(days=1)


def is_released(month: date, today: date) -> bool:
    """Is the month starting at `month` complete (and so releasable)?"""
    return month <= released_until(today).replace(day=1)


def scope_of(team_ids: list[int], *, whole_municipality: bool) -> str:
    """`m` when the figures count every team of the municipality, else the teams counted (a team leader's)."""
    if whole_municipality:
        return "m"
    return "t" + ",".join(str(t) for t in sorted(team_ids))


def frozen_months(
    *,
    municipality_id: int | None,
    report: str,
    series: str,
    scope: str,
    per_month: Mapping[date, T],
    today: date,
    encode: Callable[[T], Any] = lambda v: v,
    decode: Callable[[Any], T] = lambda v: v,
) -> dict[date, T]:
    """The released months of `per_month` (first day of a month → figures), each as first released: a month not
    released before is written now; an incomplete month is left out (the caller shows it as not yet released)."""
    released = {m: v for m, v in per_month.items() if is_released(m, today)}
    if municipality_id is None or not released:
        return released
    keys = {f"{series}|{scope}|{m:%Y-%m}": m for m in released}
    stored = dict(
        PublishedCell.objects.filter(municipality_id=municipality_id, report=report, key__in=keys).values_list(
            "key", "value"
        )
    )
    missing = [k for k in keys if k not in stored]
    if missing:
        with transaction.atomic():
            PublishedCell.objects.bulk_create(
                [
                    PublishedCell(
                        municipality_id=municipality_id, report=report, key=k, value=encode(released[keys[k]])
                    )
                    for k in missing
                ],
                ignore_conflicts=True,  # another request released the same cell at the same moment: theirs holds
            )
        stored = dict(
            PublishedCell.objects.filter(municipality_id=municipality_id, report=report, key__in=keys).values_list(
                "key", "value"
            )
        )
    return {m: decode(stored[k]) for k, m in keys.items()}


def republish(*, municipality_id: int, year: int) -> int:
    """Forget the frozen cells of a closed year of one municipality: they are released again, from the data of
    the day, the next time they are asked for. Returns how many cells were forgotten."""
    deleted, _ = PublishedCell.objects.filter(municipality_id=municipality_id, key__contains=f"|{year}-").delete()
    return deleted
