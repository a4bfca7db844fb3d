"""Dashboard arithmetic from plain rows (the interfaces the intake/measures/follow-up data will feed)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.rules.management import (
    DeadlineRecord,
    MeasureRow,
    budget_split,
    cost_in_month,
    count_by_month,
    count_by_year,
    deadline_figures,
    is_full_month,
    month_counts,
    months_between,
    placement_year,
    spending_by_month,
    spending_from_parts,
    year_counts,
)


def test_count_by_year_billund_445_to_520_is_plus_16_9_percent() -> None:
    days = [date(2013, 5, 1)] * 445 + [date(2014, 5, 1)] * 520
    assert count_by_year(days, [2013, 2014]) == [(2013, 445, None), (2014, 520, Decimal("16.9"))]


def test_count_by_month_fills_empty_months_and_compares_with_last_year() -> None:
    days = [date(2025, 1, 10), date(2025, 1, 20), date(2026, 1, 5), date(2026, 3, 1)]
    rows = count_by_month(days, start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert [(r.month, r.count, r.previous_year, r.change_percent) for r in rows] == [
        (date(2026, 1, 1), 1, 2, Decimal("-50.0")),
        (date(2026, 2, 1), 0, 0, None),
        (date(2026, 3, 1), 1, 0, None),
    ]


def test_count_by_month_without_last_years_data_has_no_comparison() -> None:
    [row] = count_by_month([date(2026, 1, 5)], start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert row.previous_year is None


def test_months_between_crosses_the_year() -> None:
    assert months_between(date(2025, 11, 15), date(2026, 1, 2)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
    ]


def test_deadline_figures_24_hours_kept_late_overdue_and_pending() -> None:
    received = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)
    due = received + timedelta(hours=24)
    now = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    figures = deadline_figures(
        [
            DeadlineRecord(due, due),  # exactly at the deadline: kept
            DeadlineRecord(due, due + timedelta(minutes=1)),  # late
            DeadlineRecord(due, None),  # not assessed, deadline passed
            DeadlineRecord(now + timedelta(hours=3), None),  # still running: not in the share
        ],
        now=now,
    )
    assert (figures.on_time, figures.late, figures.overdue, figures.pending) == (1, 1, 1, 1)
    assert (figures.share_on_time.part, figures.share_on_time.total) == (1, 3)


def test_deadline_figures_investigations_within_4_months_by_date() -> None:
    figures = deadline_figures(
        [DeadlineRecord(date(2026, 2, 28), date(2026, 2, 28)), DeadlineRecord(date(2026, 2, 28), date(2026, 3, 1))],
        now=date(2026, 4, 1),
    )
    assert (figures.on_time, figures.late) == (1, 1)


def _placement(child_id, start, end=None, cost=30_000, **flags):
    return MeasureRow(child_id, flags.pop("kind", "foster_family"), start, end, cost, placement=True, **flags)


def test_cost_in_month_is_pro_rata_by_days() -> None:
    row = _placement(1, date(2026, 4, 16), cost=30_000)
    assert cost_in_month(row, date(2026, 4, 1)) == Decimal(15_000)


def test_spending_by_month_per_kind() -> None:
    rows = [_placement(1, date(2026, 1, 1), cost=31_000), MeasureRow(2, "preventive", date(2026, 1, 17), None, 3_100)]
    [(month, per_kind)] = spending_by_month(rows, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert per_kind == {"foster_family": 31_000, "preventive": 1_500}


def test_placement_year_average_placed_counts_child_days() -> None:
    rows = [
        _placement(1, date(2014, 1, 1)),
        _placement(2, date(2014, 7, 2), date(2014, 12, 31)),
        _placement(2, date(2014, 7, 2), date(2014, 9, 1)),
    ]  # overlapping placement of child 2 counts once
    # child 1: 365 days; child 2: 183 days → 548 / 365 = 1.5
    assert placement_year(rows, 2014).average_placed == Decimal("1.5")


def test_placement_year_average_price_is_cost_over_average_placed() -> None:
    rows = [_placement(i, date(2014, 1, 1), cost=37_750) for i in range(4)]
    year = placement_year(rows, 2014)
    assert (year.average_placed, year.cost, year.average_price) == (Decimal("4.0"), 1_812_000, 453_000)


def test_placement_year_consent_and_network_shares_at_year_end() -> None:
    rows = [
        _placement(1, date(2014, 1, 1), without_consent=True, foster=True),
        _placement(2, date(2014, 1, 1), foster=True, network=True, kind="network_foster_family"),
        _placement(3, date(2014, 1, 1), kind="residential"),
        _placement(4, date(2014, 1, 1), date(2014, 6, 30), without_consent=True, foster=True),  # ended
    ]
    year = placement_year(rows, 2014)
    assert (
        year.placed_at_year_end,
        year.without_consent_at_year_end.part,
        year.network_of_foster_at_year_end.part,
        year.network_of_foster_at_year_end.total,
    ) == (3, 1, 1, 2)


def test_placement_year_without_placements_is_empty_not_an_error() -> None:
    year = placement_year([], 2014)
    assert (year.average_placed, year.cost, year.average_price, year.placed_at_year_end) == (Decimal("0.0"), 0, None, 0)


def test_budget_split_billund_table_5_shares() -> None:
    split = budget_split(
        {"casework": 10_800_000, "home_based": 25_100_000, "prevention": 1_000_000, "placements": 39_800_000}
    )
    assert {k: v.percent for k, v in split.items()} == {
        "casework": Decimal("14.1"),
        "home_based": Decimal("32.7"),
        "prevention": Decimal("1.3"),
        "placements": Decimal("51.9"),
    }


# --- counts made by the database, and spending split into whole and part months ------------------------------


def test_month_counts_from_counts_equals_count_by_month() -> None:
    days = [date(2025, 1, 10), date(2025, 1, 20), date(2026, 1, 5), date(2026, 3, 1)]
    counts = {date(2025, 1, 1): 2, date(2026, 1, 1): 1, date(2026, 3, 1): 1}
    start, end = date(2026, 1, 1), date(2026, 3, 31)
    assert month_counts(counts, start=start, end=end) == count_by_month(days, start=start, end=end)


def test_year_counts_missing_year_counts_zero() -> None:
    assert year_counts({2014: 520}, [2013, 2014]) == [(2013, 0, None), (2014, 520, None)]


def test_year_counts_billund_445_to_520() -> None:
    assert year_counts({2013: 445, 2014: 520}, [2013, 2014])[1] == (2014, 520, Decimal("16.9"))


@pytest.mark.parametrize(
    ("start_on", "end_on", "month", "full"),
    [
        (date(2026, 1, 1), None, date(2026, 1, 1), True),
        (date(2026, 1, 2), None, date(2026, 1, 1), False),
        (date(2025, 12, 1), date(2026, 1, 31), date(2026, 1, 1), True),
        (date(2025, 12, 1), date(2026, 1, 30), date(2026, 1, 1), False),
        (date(2024, 2, 1), date(2024, 2, 29), date(2024, 2, 1), True),
    ],
)
def test_is_full_month(start_on, end_on, month, full) -> None:
    assert is_full_month(MeasureRow(1, "preventive", start_on, end_on, 100), month) is full


def _split(rows: list[MeasureRow], start: date, end: date) -> list[tuple[date, dict[str, int]]]:
    """What the selector does: whole months summed per (month, kind); rows with a part month passed as rows."""
    months = months_between(start, end)
    full: dict[tuple[date, str], int] = {}
    for m in months:
        for r in rows:
            if is_full_month(r, m):
                full[(m, r.kind)] = full.get((m, r.kind), 0) + r.monthly_cost
    partial = [r for r in rows if r.start_on > months[0] or (r.end_on is not None and r.end_on < end)]
    return spending_from_parts(full, partial, start=start, end=end)


_days = st.dates(min_value=date(2023, 10, 1), max_value=date(2025, 3, 31))


@st.composite
def _rows(draw: st.DrawFn) -> MeasureRow:
    start_on = draw(_days)
    end_on = draw(st.one_of(st.none(), _days.filter(lambda d: d >= start_on)))
    kind = draw(st.sampled_from(["preventive", "foster_family", "residential"]))
    return MeasureRow(1, kind, start_on, end_on, draw(st.integers(min_value=0, max_value=200_000)))


@given(st.lists(_rows(), max_size=12))
def test_spending_from_parts_equals_spending_by_month(rows) -> None:
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    kept = [r for r in rows if r.start_on <= end and (r.end_on is None or r.end_on >= start)]
    assert _split(kept, start, end) == spending_by_month(kept, start=start, end=end)
