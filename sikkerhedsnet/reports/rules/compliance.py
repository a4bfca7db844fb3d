"""Pure rules of the self-audit (Børnesagsbarometeret in the product, docs/compliance.md).

The criteria, the shares and the helpers that turn the law's rule table (core/legal.py and the rules built on it)
into something SQL can compare: a calendar day as a number that adds months ("day keys") and the receipt
deadline per day of receipt. No limit is written here: every period comes from the rule table or from the rule
functions that read it.
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ASSESSMENT_24H = "assessment_24h"
RECEIPT_6_WORKING_DAYS = "receipt_6_working_days"
CHILD_CONVERSATION_BEFORE_DECISION = "child_conversation_before_decision"
INVESTIGATION_4_MONTHS = "investigation_4_months"
CHILD_PLAN_ON_TIME = "child_plan_on_time"
FIRST_FOLLOWUP_3_MONTHS = "first_followup_3_months"
FOLLOWUP_CADENCE = "followup_cadence"
GOALS_FOLLOWED_UP = "goals_followed_up"


@dataclass(frozen=True)
class Criterion:
    code: str  # API name (docs/api-contract.md, "Compliance (self-audit)")
    label: str | Promise  # Danish
    counted: str | Promise  # Danish: what one counted item is


CRITERIA: tuple[Criterion, ...] = (
    Criterion(ASSESSMENT_24H, _("Underretning vurderet inden for 24 timer"), _("underretninger")),
    Criterion(RECEIPT_6_WORKING_DAYS, _("Kvittering til fagperson inden for 6 hverdage"), _("underretninger")),
    Criterion(CHILD_CONVERSATION_BEFORE_DECISION, _("Samtale med barnet før afgørelsen"), _("afgørelser")),
    Criterion(INVESTIGATION_4_MONTHS, _("Børnefaglig undersøgelse afsluttet inden for 4 måneder"), _("undersøgelser")),
    Criterion(CHILD_PLAN_ON_TIME, _("Barnets plan udarbejdet rettidigt"), _("indsatser")),
    Criterion(FIRST_FOLLOWUP_3_MONTHS, _("Første opfølgning inden for 3 måneder"), _("indsatser")),
    Criterion(FOLLOWUP_CADENCE, _("Opfølgning efter politikkens kadence"), _("opfølgninger")),
    Criterion(GOALS_FOLLOWED_UP, _("Planens mål fulgt op ved opfølgningen"), _("opfølgninger")),
)
CODES = tuple(c.code for c in CRITERIA)


def criterion(code: str) -> Criterion:
    for found in CRITERIA:
        if found.code == code:
            return found
    raise LookupError(code)


@dataclass(frozen=True)
class Tally:
    """How many counted items met a criterion, of how many."""

    met: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.met + other.met, self.total + other.total)

    @property
    def not_met(self) -> int:
        return self.total - self.met

    @property
    def percent(self) -> float | None:
        """Share met in per cent; None when nothing was counted (no 0 % for an empty cell)."""
        return None if self.total == 0 else 100.0 * self.met / self.total


def percent_text(tally: Tally) -> str:
    """'87 %' rounded half up to whole per cent; '–' for nothing counted."""
    if tally.total == 0:
        return "–"
    return f"{(200 * tally.met + tally.total) // (2 * tally.total)} %"


# --- day keys: a calendar day as a number that SQL can add months to --------------------------------------------


def day_key(year: int, month: int, day: int) -> int:
    """((year × 12 + month) × 32 + day): months add to `month` and carry into the year by themselves, and a day
    past a month's end (31 November) sorts after every real day of that month and before the next month's first,
    which is exactly the clamp of `core.calendar.add_months` (31 Oct + 1 month is due on 30 Nov)."""
    return (year * 12 + month) * 32 + day


def key_of(day: date, *, months: int = 0) -> int:
    return day_key(day.year, day.month + months, day.day)


def day_of_key(key: int) -> date:
    """The calendar day a key means, a day past the month's end clamped to its last day."""
    months, day = divmod(key, 32)
    year, month = divmod(months - 1, 12)
    return date(year, month + 1, min(day, monthrange(year, month + 1)[1]))


def months_added(rule: Callable[[date], date], probe: date) -> int:
    """How many calendar months a due-date rule adds on `probe` (the 15th, so no clamp blurs it)."""
    due = rule(probe)
    months = (due.year - probe.year) * 12 + due.month - probe.month
    if due.day != probe.day:
        raise ValueError(f"the rule does not add whole months on {probe}: {due}")
    return months


def due_dates_by_day(first: date, last: date, rule: Callable[[date], date]) -> dict[date, date]:
    """The due date of every day in [first, last] by a day-based rule (e.g. the receipt in 6 working days)."""
    return {first + timedelta(days=i): rule(first + timedelta(days=i)) for i in range((last - first).days + 1)}


def offsets_by_weekday(due_dates: dict[date, date]) -> tuple[dict[int, int], dict[date, int]]:
    """A day-based rule as SQL can apply it cheaply: the usual number of days it adds per ISO weekday (1–7), and
    the days that differ (a holiday in the window), each with its own number. Together they give back every
    due date in `due_dates` exactly."""
    seen: dict[int, Counter[int]] = {}
    for day, due in due_dates.items():
        seen.setdefault(day.isoweekday(), Counter())[(due - day).days] += 1
    usual = {weekday: counts.most_common(1)[0][0] for weekday, counts in seen.items()}
    exceptions = {
        day: (due - day).days for day, due in due_dates.items() if (due - day).days != usual[day.isoweekday()]
    }
    return usual, exceptions


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months: from the first of the month eleven months back, to today."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), today


def week_end(today: date) -> date:
    """The Sunday of today's week: 'this week' for the team leader's list of cases about to fall out."""
    return today + timedelta(days=6 - today.weekday())


def rollup(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total = total + tally
    return total
