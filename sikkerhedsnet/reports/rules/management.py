"""Management-information figures computed from plain rows (no ORM), for the team leader's and head's dashboard.

The rows come from the intake, safety, measures and follow-up apps through small selectors; the arithmetic
lives here so it is tested once, with plain numbers (e.g. Billund's 445 → 520 notifications, +16.9 %;
28 of 83 placed without consent, 34 %; 3 of 62 foster placements in the network, 5 %).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .figures import Share, growth_percent

# --- months ----------------------------------------------------------------------------------------------

DEFAULT_MONTHS = 12  # the dashboard's default period
DEFAULT_YEARS = 3  # placement economics' default period


def default_months(today: date) -> tuple[date, date]:
    """The dashboard's default period: the last 12 months, this month included (first day of each)."""
    end = today.replace(day=1)
    index = end.year * 12 + end.month - 1 - (DEFAULT_MONTHS - 1)
    return date(index // 12, index % 12 + 1, 1), end


def default_years(today: date) -> tuple[int, int]:
    """Placement economics' default period: the last three years, this one included."""
    return today.year - DEFAULT_YEARS + 1, today.year


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from start's month to end's month, inclusive."""
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class MonthCount:
    month: date
    count: int
    previous_year: int | None  # the same month a year earlier, when inside the data
    change_percent: Decimal | None


def count_by_month(days: Iterable[date], *, start: date, end: date) -> list[MonthCount]:
    """Events per month in [start, end] with the change on the same month the year before.

    Pass days from a year before `start` too, so the first months have a comparison; only months inside
    [start, end] are returned. Months without events count 0.
    """
    counts: dict[date, int] = {}
    for day in days:
        key = month_start(day)
        counts[key] = counts.get(key, 0) + 1
    return month_counts(counts, start=start, end=end)


def month_counts(counts: Mapping[date, int], *, start: date, end: date) -> list[MonthCount]:
    """`count_by_month` from counts already made (e.g. by the database): first day of a month → events.

    The year-earlier comparison is None for months before the earliest month in `counts`."""
    earliest = min(counts, default=month_start(start))
    rows = []
    for month in months_between(start, end):
        last_year = month.replace(year=month.year - 1)
        previous = counts.get(last_year, 0) if last_year >= earliest else None
        current = counts.get(month, 0)
        rows.append(MonthCount(month, current, previous, growth_percent(previous, current)))
    return rows


def count_by_year(days: Iterable[date], years: Sequence[int]) -> list[tuple[int, int, Decimal | None]]:
    """(year, count, change % on the previous year) — Billund Table 2: 445 → 520 is +16.9 %."""
    counts = {y: 0 for y in years}
    for day in days:
        if day.year in counts:
            counts[day.year] += 1
    return year_counts(counts, years)


def year_counts(counts: Mapping[int, int], years: Sequence[int]) -> list[tuple[int, int, Decimal | None]]:
    """`count_by_year` from counts already made: year → events (missing years count 0)."""
    counts = {y: counts.get(y, 0) for y in years}
    result, previous = [], None
    for year in years:
        result.append((year, counts[year], growth_percent(previous, counts[year])))
        previous = counts[year]
    return result


# --- deadlines kept ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRecord:
    """Anything with a deadline: a notification (due 24 h after receipt), an investigation (4 months after
    awareness), a follow-up (its scheduled date). `done` is when it was assessed/concluded/held, or None."""

    due: Any  # a date or an aware datetime; compared with `done` and `now`
    done: Any | None


@dataclass(frozen=True)
class DeadlineFigures:
    on_time: int
    late: int  # done after the deadline
    overdue: int  # not done and the deadline has passed
    pending: int  # not done, deadline not yet reached: not counted in the share

    @property
    def share_on_time(self) -> Share:
        """On time out of every case whose outcome is known (done, or overdue)."""
        return Share(self.on_time, self.on_time + self.late + self.overdue)


def deadline_figures(records: Iterable[DeadlineRecord], *, now: Any) -> DeadlineFigures:
    """How many deadlines were kept. A deadline is kept when done at or before it."""
    on_time = late = overdue = pending = 0
    for r in records:
        if r.done is not None:
            if r.done <= r.due:
                on_time += 1
            else:
                late += 1
        elif r.due < now:
            overdue += 1
        else:
            pending += 1
    return DeadlineFigures(on_time, late, overdue, pending)


# --- placements and spending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    child_id: int
    kind: str
    start_on: date
    end_on: date | None
    monthly_cost: int
    placement: bool = False
    without_consent: bool = False
    network: bool = False  # network (kinship) foster family
    foster: bool = False  # any foster family, network included


def active_on(row: MeasureRow, day: date) -> bool:
    return row.start_on <= day and (row.end_on is None or row.end_on >= day)


def days_active_in(row: MeasureRow, first: date, last: date) -> int:
    start = max(row.start_on, first)
    end = min(row.end_on or last, last)
    return max(0, (end - start).days + 1)


def cost_in_month(row: MeasureRow, month: date) -> Decimal:
    """The monthly price, pro rata for the days the measure ran in that month."""
    last = month_end(month)
    days = days_active_in(row, month, last)
    return Decimal(row.monthly_cost) * days / last.day


def _kroner(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def spending_by_month(rows: Iterable[MeasureRow], *, start: date, end: date) -> list[tuple[date, dict[str, int]]]:
    """Spending per month and measure kind, in whole kroner (each month rounded once per kind)."""
    rows = list(rows)
    result = []
    for month in months_between(start, end):
        per_kind: dict[str, Decimal] = {}
        for row in rows:
            cost = cost_in_month(row, month)
            if cost:
                per_kind[row.kind] = per_kind.get(row.kind, Decimal(0)) + cost
        result.append((month, {k: _kroner(v) for k, v in sorted(per_kind.items())}))
    return result


def is_full_month(row: MeasureRow, month: date) -> bool:
    """Did the measure run every day of the month (so the month costs exactly its monthly price)?"""
    return row.start_on <= month and (row.end_on is None or row.end_on >= month_end(month))


def spending_from_parts(
    full: Mapping[tuple[date, str], int], partial: Iterable[MeasureRow], *, start: date, end: date
) -> list[tuple[date, dict[str, int]]]:
    """`spending_by_month` with the bulk summed elsewhere (the database): `full` maps (month, kind) to the sum
    of the monthly prices of the measures that ran the whole month; `partial` holds (at least) every measure
    that ran only part of some month. A partial row's full months are skipped here, as `full` has them.
    Gives exactly what `spending_by_month` gives over all the rows."""
    months = months_between(start, end)
    per_month: dict[date, dict[str, Decimal]] = {m: {} for m in months}
    for (m, kind), amount in full.items():
        if m in per_month and amount:
            per_month[m][kind] = per_month[m].get(kind, Decimal(0)) + amount
    for row in partial:
        # A measure runs whole months between its first and last month, so only those two can be part months.
        for m in {month_start(row.start_on), month_start(row.end_on or end)}:
            if m not in per_month or is_full_month(row, m):
                continue
            cost = cost_in_month(row, m)
            if cost:
                per_month[m][row.kind] = per_month[m].get(row.kind, Decimal(0)) + cost
    return [(m, {k: _kroner(v) for k, v in sorted(per_month[m].items())}) for m in months]


@dataclass(frozen=True)
class PlacementYear:
    """Billund Table 4 and the consent/network figures, for one year."""

    year: int
    average_placed: Decimal  # annual average: child-days placed ÷ days in the year
    cost: int
    placed_at_year_end: int
    without_consent_at_year_end: Share
    network_of_foster_at_year_end: Share

    @property
    def average_price(self) -> int | None:
        """Cost ÷ average number placed (Billund 2014: 39.8 mio. ÷ 88 = 452,273)."""
        if not self.average_placed:
            return None
        return _kroner(Decimal(self.cost) / self.average_placed)


def _covered_days(spans: list[tuple[date, date]]) -> int:
    """Days covered by the union of inclusive date spans."""
    total, current_end = 0, None
    for start, end in sorted(spans):
        if current_end is not None and start <= current_end:
            if end > current_end:
                total += (end - current_end).days
                current_end = end
            continue
        total += (end - start).days + 1
        current_end = end
    return total


def placement_year(rows: Iterable[MeasureRow], year: int, *, cost: int | None = None) -> PlacementYear:
    """One year's placement figures; pass `cost` when it is already summed (e.g. by the database)."""
    placements = [r for r in rows if r.placement]
    first, last = date(year, 1, 1), date(year, 12, 31)
    days_in_year = (last - first).days + 1
    # Child-days: a child with two placements on the same day counts once that day (overlaps merged).
    by_child: dict[int, list[tuple[date, date]]] = {}
    for r in placements:
        start, end = max(r.start_on, first), min(r.end_on or last, last)
        if start <= end:
            by_child.setdefault(r.child_id, []).append((start, end))
    child_days = sum(_covered_days(spans) for spans in by_child.values())
    average = (Decimal(child_days) / days_in_year).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if cost is None:
        months = months_between(first, last)
        cost = _kroner(sum((cost_in_month(r, m) for r in placements for m in months), Decimal(0)))
    at_end = [r for r in placements if active_on(r, last)]
    children_at_end = {r.child_id for r in at_end}
    without_consent = {r.child_id for r in at_end if r.without_consent}
    foster = {r.child_id for r in at_end if r.foster}
    network = {r.child_id for r in at_end if r.network}
    return PlacementYear(
        year=year,
        average_placed=average,
        cost=cost,
        placed_at_year_end=len(children_at_end),
        without_consent_at_year_end=Share(len(without_consent), len(children_at_end)),
        network_of_foster_at_year_end=Share(len(network), len(foster)),
    )


def budget_split(spending: dict[str, int]) -> dict[str, Share]:
    """Each area's share of the total (Billund: prevention 1 %, casework 14 %, home-based 33 %, placements 52 %)."""
    total = sum(spending.values())
    return {area: Share(amount, total) for area, amount in spending.items()}
