"""Danish working days (hverdage) and calendar-month arithmetic. Pure: no clock, no database.

Official public holidays come from the `holidays` package's default Danish calendar (Store bededag is gone
from 2024; the optional days 5 June, 24 and 31 December and 1 May are not holidays for deadlines, domain.md §9).
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=[year]).keys())


def is_public_holiday(day: date) -> bool:
    return day in _danish_holidays(day.year)


def is_working_day(day: date, *, saturday_counts: bool = False) -> bool:
    """Monday–Friday (or Monday–Saturday, a municipal choice) that is not an official public holiday."""
    last_working_weekday = 5 if saturday_counts else 4  # Monday=0
    return day.weekday() <= last_working_weekday and not is_public_holiday(day)


def add_working_days(start: date, days: int, *, saturday_counts: bool = False) -> date:
    """The date `days` working days after `start`; `start` itself never counts (the day of receipt)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current, remaining = start, days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, saturday_counts=saturday_counts):
            remaining -= 1
    return current


def add_months(start: date, months: int) -> date:
    """Calendar months; a day missing in the target month becomes its last day (31 Oct + 4 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))
