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


# ------------------------------------------------------------------------------ the day's work and its filters

# "New" on the caseworker's first screen: notifications on their cases received within the last 3 days (a
# product decision: covers a weekend, so Monday morning still shows Friday afternoon's notifications).
NEW_WINDOW = timedelta(days=3)


def is_new(*, received_at: datetime, now: datetime) -> bool:
    return now - NEW_WINDOW <= received_at <= now


# The due windows a list can be filtered by (the query-string value → what it keeps).
OVERDUE, TODAY, WEEK, LATER = "overskredet", "i-dag", "uge", "senere"
WINDOWS = (OVERDUE, TODAY, WEEK, LATER)


def day_group(*, overdue: bool, due_on: date, today: date) -> str:
    """Which part of the day's work a deadline belongs to: overdue, due today, due this week, or later."""
    if overdue:
        return OVERDUE
    if due_on <= today:
        return TODAY
    if is_due_this_week(due_on=due_on, today=today):
        return WEEK
    return LATER


def in_window(window: str, *, overdue: bool, due_on: date, today: date) -> bool:
    """A deadline in the due window asked for ("" = any). The windows do not overlap ("uge" is the rest of this
    week after today) and together cover every deadline."""
    if not window:
        return True
    return day_group(overdue=overdue, due_on=due_on, today=today) == window


# A filter's query string may only hold these keys; each value is checked by its own rule. So a bookmarked or saved
# filter can never carry a CPR number or a name (domain.md: nothing sensitive in URLs).
FILTER_KEYS = ("frist", "type", "raadgiver")
KIND_MAX = 60


def clean_filter(params: dict[str, str]) -> dict[str, str]:
    """The valid part of a filter's query parameters: a known due window, a deadline kind (lowercase ASCII
    letters and underscores), a team member's id (ASCII digits); anything else is dropped."""
    clean: dict[str, str] = {}
    window = params.get("frist", "")
    if window in WINDOWS:
        clean["frist"] = window
    kind = params.get("type", "")
    if 0 < len(kind) <= KIND_MAX and all(c in "abcdefghijklmnopqrstuvwxyz_" for c in kind):
        clean["type"] = kind
    member = params.get("raadgiver", "")
    if 0 < len(member) <= 18 and all(c in "0123456789" for c in member) and int(member) > 0:
        clean["raadgiver"] = member
    return clean


def is_about_to_fall_out(*, kind: str, due_on: date, today: date) -> bool:
    """A step the review measures, not done, due from today to Sunday (issue #15, item 3)."""
    return kind in COMPLIANCE_KINDS and is_due_this_week(due_on=due_on, today=today)
