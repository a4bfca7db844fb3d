from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.core.calendar import add_months, add_working_days, is_working_day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 11, 24), 6, date(2025, 12, 2)),  # Monday -> Tuesday next week
        (date(2025, 11, 28), 1, date(2025, 12, 1)),  # Friday -> Monday
        (date(2025, 12, 22), 6, date(2026, 1, 2)),  # Christmas Day, Boxing Day and New Year skipped
        (date(2026, 3, 31), 6, date(2026, 4, 13)),  # Easter 2026: Maundy Thursday to Easter Monday
        (date(2023, 5, 3), 2, date(2023, 5, 8)),  # Store bededag (Fri 5 May 2023) still a holiday in 2023
        (date(2024, 4, 24), 2, date(2024, 4, 26)),  # ... and not from 2024 (Fri 26 April 2024 is a working day)
        (date(2025, 6, 4), 1, date(2025, 6, 5)),  # Grundlovsdag 5 June is optional: counts as working day
    ],
)
def test_add_working_days_skips_weekends_and_holidays(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_add_working_days_with_saturday_counting_is_earlier() -> None:
    assert add_working_days(date(2025, 11, 24), 6, saturday_counts=True) == date(2025, 12, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 10, 31), 4, date(2026, 2, 28)),
        (date(2023, 10, 31), 4, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 11, 15), 4, date(2026, 3, 15)),  # across new year
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)), st.integers(0, 40), st.integers(0, 40))
def test_add_working_days_is_monotone(start: date, a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert add_working_days(start, lo) <= add_working_days(start, hi)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)), st.integers(1, 40))
def test_add_working_days_lands_on_a_working_day_after_start(start: date, days: int) -> None:
    result = add_working_days(start, days)
    assert result > start and is_working_day(result)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 1, 1)), st.integers(0, 600))
def test_add_months_never_goes_backwards(start: date, months: int) -> None:
    assert add_months(start, months) >= start
