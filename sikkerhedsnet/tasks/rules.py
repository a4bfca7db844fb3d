"""Pure rules of the day's work: overdue, due this week, what the digest covers (no ORM, no clock)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sikkerhedsnet.core.calendar import add_working_days

# The digest covers deadlines due within the next 2 working days (and everything overdue): a product decision.
DIGEST_WORKING_DAYS = 2


def is_overdue(*, due_on: date, today: date) -> bool:
    return today > due_on


def is_overdue_at(*, due_at: datetime, now: datetime) -> bool:
    return now > due_at


def end_of_week(today: date) -> date:
    """The Sunday of today's week ("due this week" = from today up to and including this Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def is_due_this_week(*, due_on: date, today: date) -> bool:
    return today <= due_on <= end_of_week(today)


def digest_until(today: date, *, saturday_counts: bool = False) -> date:
    """The last day the daily digest looks ahead to: 2 working days after today."""
    return add_working_days(today, DIGEST_WORKING_DAYS, saturday_counts=saturday_counts)
