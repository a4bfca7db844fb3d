"""The day's work rules: due windows, "new", the filter's query string. No database."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.core.legal import LOCAL_TZ
from sikkerhedsnet.tasks import rules

TODAY = date(2026, 3, 11)  # a Wednesday; the week ends Sunday 15 March


@pytest.mark.parametrize(
    ("overdue", "due_on", "group"),
    [
        (True, date(2026, 3, 10), rules.OVERDUE),
        (True, TODAY, rules.OVERDUE),  # an hour-based deadline passed earlier today
        (False, TODAY, rules.TODAY),
        (False, date(2026, 3, 12), rules.WEEK),
        (False, date(2026, 3, 15), rules.WEEK),
        (False, date(2026, 3, 16), rules.LATER),
    ],
)
def test_day_group_by_due_date(overdue, due_on, group) -> None:
    assert rules.day_group(overdue=overdue, due_on=due_on, today=TODAY) == group


@given(st.booleans(), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_in_window_each_deadline_is_in_exactly_one_window(overdue, due_on) -> None:
    overdue = overdue or due_on < TODAY
    hits = [w for w in rules.WINDOWS if rules.in_window(w, overdue=overdue, due_on=due_on, today=TODAY)]
    assert len(hits) == 1 and rules.in_window("", overdue=overdue, due_on=due_on, today=TODAY)


@pytest.mark.parametrize(
    ("age", "new"),
    [
        (timedelta(0), True),
        (timedelta(days=3), True),
        (timedelta(days=3, seconds=1), False),
        (-timedelta(hours=1), False),
    ],
)
def test_is_new_within_three_days(age, new) -> None:
    now = datetime(2026, 3, 11, 8, 0, tzinfo=LOCAL_TZ)
    assert rules.is_new(received_at=now - age, now=now) is new


@pytest.mark.parametrize(
    ("params", "clean"),
    [
        (
            {"frist": "i-dag", "type": "notification_assessment", "raadgiver": "12"},
            {"frist": "i-dag", "type": "notification_assessment", "raadgiver": "12"},
        ),
        ({"frist": "i morgen"}, {}),
        ({"cpr": "0101012345", "q": "Emma Hansen"}, {}),  # never a CPR number or a name
        ({"type": "Emma"}, {}),
        ({"type": "a" * 61}, {}),
        ({"raadgiver": "٣"}, {}),  # digits of another script
        ({"raadgiver": "0"}, {}),
        ({"raadgiver": "1" * 19}, {}),
    ],
)
def test_clean_filter_keeps_only_known_keys_and_values(params, clean) -> None:
    assert rules.clean_filter(params) == clean


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=70)))
def test_clean_filter_never_keeps_anything_unsafe(params) -> None:
    clean = rules.clean_filter(params)
    assert set(clean) <= set(rules.FILTER_KEYS)
    assert all(v.isascii() and " " not in v for v in clean.values())
    assert rules.clean_filter(clean) == clean
