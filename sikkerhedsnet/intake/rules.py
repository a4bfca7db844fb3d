"""The deadline engine: pure functions (no ORM, no clock; `now`/`today` are arguments).

Every page, report and the API compute intake deadlines here. Legal background in ../shared/domain.md §8–9.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sikkerhedsnet.core.calendar import add_months, add_working_days

ASSESSMENT_WINDOW = timedelta(hours=24)  # Barnets lov § 133 stk. 3 (SEL § 155 stk. 2): within 24 hours
RECEIPT_WORKING_DAYS = 6  # BL § 133 stk. 4 (SEL § 155 stk. 4): confirm receipt within 6 hverdage
INVESTIGATION_MONTHS = 4  # BL § 20 stk. 5 (SEL § 50 stk. 7): concluded within 4 months
CHILD_PLAN_MONTHS = 3  # BL § 91: barnets plan within 3 months of the decision


def assessment_due_at(received_at: datetime) -> datetime:
    """24 elapsed hours from receipt, weekends and holidays included.

    An instant plus a timedelta: across a daylight-saving change this is still 24 real hours (the aware
    datetime is converted to local time only for display).
    """
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    return received_at + ASSESSMENT_WINDOW


def receipt_due_on(received_on: date, *, saturday_counts: bool = False) -> date:
    """6 working days after the day of receipt (which does not count)."""
    return add_working_days(received_on, RECEIPT_WORKING_DAYS, saturday_counts=saturday_counts)


def investigation_due_on(awareness_on: date) -> date:
    """4 calendar months after the municipality became aware of the need, clamped to month end."""
    return add_months(awareness_on, INVESTIGATION_MONTHS)


def child_plan_due_on(decision_on: date, *, placement_without_consent: bool) -> date:
    """Barnets plan: within 3 months of a placement decision; before the decision without consent."""
    if placement_without_consent:
        return decision_on
    return add_months(decision_on, CHILD_PLAN_MONTHS)


def is_overdue(*, due_on: date, today: date) -> bool:
    return today > due_on
