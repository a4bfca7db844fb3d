"""Pure follow-up rules: a measure's follow-up slots across policy changes, their states, caseload advice.

No ORM, no clock: callers pass `today` and plain values. Dates are computed from stored inputs (the
measure's start, the municipality's policy adoptions, held follow-ups), never stored as the only truth.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from .policies import DEFAULT_POLICY, MilestoneDate, Span, get_policy, iter_dates, milestone_dates

# Barnets lov § 95 stk. 1: the first follow-up falls at the latest 3 months after the measure started. A
# policy (or a change of policy) may plan it earlier, never later.
STATUTORY_FIRST_FOLLOWUP = Span(3, "months")
PLAN_HORIZON_MONTHS = 12  # the plan shows follow-ups up to a year ahead ...
PLAN_MIN_DATES = 12  # ... and at least this many dates (unless the measure ends first)


@dataclass(frozen=True)
class PolicyPeriod:
    """The municipality's policy `code` is in force from `valid_from` until the next period starts."""

    code: str
    valid_from: date


@dataclass(frozen=True)
class Slot:
    due_on: date
    policy_code: str


class SlotState:
    HELD = "held"
    MISSED = "missed"  # not held, but a later follow-up has been held since: no longer a task
    OVERDUE = "overdue"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class SlotView:
    due_on: date
    policy_code: str
    state: str

    @property
    def is_open(self) -> bool:
        return self.state in (SlotState.OVERDUE, SlotState.UPCOMING)

    @property
    def policy_name(self) -> str:
        return str(get_policy(self.policy_code).short_name)


def normalised_periods(periods: Iterable[PolicyPeriod]) -> list[PolicyPeriod]:
    """Sorted periods, one per day (the last adoption of a day wins); `legal` before the first adoption."""
    by_day: dict[date, PolicyPeriod] = {}
    for period in periods:  # callers pass them in adoption order
        by_day[period.valid_from] = period
    result = [by_day[day] for day in sorted(by_day)]
    if not result or result[0].valid_from > date.min:
        result.insert(0, PolicyPeriod(DEFAULT_POLICY, date.min))
    return result


def policy_on(periods: Sequence[PolicyPeriod], day: date) -> PolicyPeriod:
    """The period in force on `day`."""
    current = normalised_periods(periods)
    found = current[0]
    for period in current:
        if period.valid_from <= day:
            found = period
    return found


def measure_slots(
    *,
    kind: str,
    start_on: date,
    end_on: date | None,
    periods: Sequence[PolicyPeriod],
    until: date,
    later_every: Span | None = None,
    first_on: date | None = None,
    tracked_from: date | None = None,
    min_count: int = 0,
    include_next: bool = False,
) -> list[Slot]:
    """The measure's follow-up dates up to `until` (or the first `min_count`, whichever is more; with
    `include_next` also the first one after `until`), never after the measure ends.

    The policy in force when the measure started plans it from its start. A later policy change re-plans only
    from the adoption day on: dates before it stay as they were (held, missed or overdue), and the measure then
    counts as a placement already running at adoption (`ongoing`, start = adoption day).
    """
    slots: list[Slot] = []
    for slot in _all_slots(kind=kind, start_on=start_on, periods=periods, later_every=later_every, first_on=first_on):
        due = slot.due_on
        if end_on is not None and due > end_on:
            return slots
        if due > until and len(slots) >= min_count:
            if include_next and (tracked_from is None or due >= tracked_from):
                slots.append(slot)
            return slots
        if tracked_from is None or due >= tracked_from:
            slots.append(slot)
    return slots


def statutory_first_followup(start_on: date) -> date:
    """The latest day the first follow-up may fall (Barnets lov § 95 stk. 1: 3 months after the start)."""
    return STATUTORY_FIRST_FOLLOWUP.after(start_on)


def _all_slots(
    *, kind: str, start_on: date, periods: Sequence[PolicyPeriod], later_every: Span | None, first_on: date | None
) -> Iterator[Slot]:
    """Every follow-up date of the measure in order, without end, across the policy periods.

    A policy change never lengthens the statutory limit: when the policy adopted after the start would plan
    the first follow-up later than 3 months after the start, the statutory date is kept as a follow-up (under
    the policy in force on it) and the new policy's dates follow.
    """
    statutory = statutory_first_followup(start_on)
    first = True
    for slot in _policy_slots(
        kind=kind, start_on=start_on, periods=periods, later_every=later_every, first_on=first_on
    ):
        if first and slot.due_on > statutory:
            yield Slot(statutory, policy_on(periods, statutory).code)
        first = False
        yield slot


def _policy_slots(
    *, kind: str, start_on: date, periods: Sequence[PolicyPeriod], later_every: Span | None, first_on: date | None
) -> Iterator[Slot]:
    current = normalised_periods(periods)
    for index, period in enumerate(current):
        next_from = current[index + 1].valid_from if index + 1 < len(current) else None
        if next_from is not None and next_from <= start_on:
            continue  # ended before the measure started
        ongoing = start_on < period.valid_from
        base = period.valid_from if ongoing else start_on
        policy = get_policy(period.code)
        cadence = policy.cadence(kind, ongoing=ongoing)
        extra = {}
        if policy.caseworker_sets_cadence:
            extra = {"later_every": later_every, "first_on": None if ongoing else first_on}
        for due in iter_dates(cadence, base, **extra):  # type: ignore[arg-type]
            if next_from is not None and due >= next_from:
                break
            yield Slot(due, period.code)


def measure_milestones(
    *, kind: str, start_on: date, end_on: date | None, periods: Sequence[PolicyPeriod]
) -> list[MilestoneDate]:
    """Milestones (e.g. reconsider a return home) of every policy period the measure runs through."""
    current = normalised_periods(periods)
    found: list[MilestoneDate] = []
    for index, period in enumerate(current):
        next_from = current[index + 1].valid_from if index + 1 < len(current) else None
        if next_from is not None and next_from <= start_on:
            continue
        ongoing = start_on < period.valid_from
        cadence = get_policy(period.code).cadence(kind, ongoing=ongoing)
        for milestone in milestone_dates(cadence, period.valid_from if ongoing else start_on):
            if (next_from is None or milestone.on < next_from) and (end_on is None or milestone.on <= end_on):
                found.append(milestone)
    return found


def slot_states(
    slots: Sequence[Slot], *, held_due: set[date], last_held_on: date | None, today: date
) -> list[SlotView]:
    """Each slot's state. A slot not held but followed by a held follow-up is missed, no longer overdue."""
    views = []
    for slot in slots:
        if slot.due_on in held_due:
            state = SlotState.HELD
        elif last_held_on is not None and slot.due_on <= last_held_on:
            state = SlotState.MISSED
        elif slot.due_on < today:
            state = SlotState.OVERDUE
        else:
            state = SlotState.UPCOMING
        views.append(SlotView(slot.due_on, slot.policy_code, state))
    return views


def plan_until(*, start_on: date, today: date) -> date:
    """How far ahead a measure's follow-up plan is shown."""
    return Span(PLAN_HORIZON_MONTHS, "months").after(max(start_on, today))


# --- Caseload -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A caseworker who can take new cases: `room` cases until the target maximum."""

    user_id: int
    open_cases: int
    room: int


def caseload_status(open_cases: int, *, low: int, high: int) -> str:
    return "over" if open_cases > high else "under" if open_cases < low else "within"


def suggest_assignees(open_cases_by_user: Sequence[tuple[int, int]], *, high: int, limit: int = 3) -> list[Suggestion]:
    """Who should take the next new case: those furthest below the target maximum first (ties: input order)."""
    ranked = sorted(
        ((user_id, count) for user_id, count in open_cases_by_user if count < high),
        key=lambda pair: pair[1],
    )
    return [Suggestion(user_id, count, high - count) for user_id, count in ranked[:limit]]
