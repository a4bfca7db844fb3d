"""Pure rules of the day's work: overdue, due this week, what the digest covers (no ORM, no clock)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sikkerhedsnet.core import legal
from sikkerhedsnet.core.calendar import add_working_days

# The deadlines Ankestyrelsen's review measures (the self-audit, docs/compliance.md): a step due this week and not
# yet done is a case about to fall out of compliance. The kinds are the deadline providers' (each app's deadlines.py).
COMPLIANCE_KINDS = frozenset(
    {legal.ASSESSMENT, legal.RECEIPT, legal.CHILD_CONVERSATION, legal.INVESTIGATION, legal.CHILD_PLAN, "followup"}
)

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


def is_about_to_fall_out(*, kind: str, due_on: date, today: date) -> bool:
    """A step the review measures, not done, due from today to Sunday (issue #15, item 3)."""
    return kind in COMPLIANCE_KINDS and is_due_this_week(due_on=due_on, today=today)
