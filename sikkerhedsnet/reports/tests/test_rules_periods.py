"""Report periods: reversed, over 30 years, implausible years."""

from datetime import date

import pytest

from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.reports.rules.periods import validate_date_period, validate_year_range


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (2018, 2017, "end_before_start"),
        (2000, 2030, "period_too_long"),
        (-2017, 2018, "invalid_year"),
        (2017, 99999, "invalid_year"),
    ],
)
def test_validate_year_range_bad_input_has_a_code(first, last, code) -> None:
    with pytest.raises(DomainError) as caught:
        validate_year_range(first, last)
    assert caught.value.code == code


@pytest.mark.parametrize(("first", "last"), [(2017, 2017), (2001, 2030)])
def test_validate_year_range_accepts_up_to_30_years(first, last) -> None:
    validate_year_range(first, last)


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (date(2026, 3, 2), date(2026, 3, 1), "end_before_start"),
        (date(2000, 1, 1), date(2030, 1, 1), "period_too_long"),
        (date(2000, 2, 29), date(2030, 3, 1), "period_too_long"),
    ],
)
def test_validate_date_period_bad_input_has_a_code(start, end, code) -> None:
    with pytest.raises(DomainError) as caught:
        validate_date_period(start, end)
    assert caught.value.code == code


def test_validate_date_period_accepts_a_single_day() -> None:
    validate_date_period(date(2026, 3, 1), date(2026, 3, 1))
