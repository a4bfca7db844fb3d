"""Suppression across the time of asking, and money (docs/hardening.md §4b; issue #20).

An analyst (and every file) gets complete months only, each frozen at its first release: asking on two days, or
after a late registration, gives the same cells, so no difference reveals a small count. A kroner figure resting on
1–4 children is withheld as ".." with a companion, so the month's total does not give it back.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.management_documents import dashboard_report
from sikkerhedsnet.reports.publication.models import PublishedCell
from sikkerhedsnet.reports.publication.services import is_released, released_until, republish
from sikkerhedsnet.reports.suppression import SUPPRESS_BELOW, money_withheld
from sikkerhedsnet.reports.tests.test_management import (
    CPH,
    _cells,
    _notification,
    _placement,
    analyst,  # noqa: F401 - a fixture
    at,
    head,  # noqa: F401 - a fixture
    kid,  # noqa: F401 - a fixture
)

NOT_RELEASED = "ikke offentliggjort endnu"


def _ask(user, start: date, end: date, today: date):  # type: ignore[no-untyped-def]
    now = datetime(today.year, today.month, today.day, 12, tzinfo=CPH)
    return dashboard_report(user, start, end, suppressed=True, now=now, today=today)


# --- the pure rules ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "until"),
    [
        (date(2026, 3, 20), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 2, 28)),
        (date(2026, 1, 5), date(2025, 12, 31)),
        (date(2024, 3, 31), date(2024, 2, 29)),
    ],
)
def test_released_until_is_the_end_of_the_last_complete_month(today, until) -> None:
    assert released_until(today) == until


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_current_month_is_never_released_and_the_previous_always_is(today) -> None:
    this_month = today.replace(day=1)
    previous = (this_month - timedelta(days=1)).replace(day=1)
    assert not is_released(this_month, today) and is_released(previous, today)


@pytest.mark.parametrize(
    ("children", "hidden", "total_shown"),
    [
        ([], set(), True),
        ([6, 9], set(), True),
        ([1, 9], {0, 1}, True),  # the one child's amount needs a companion of 5 or more
        ([1, 9, 7], {0, 2}, True),  # the smallest companion that will do
        ([1, 2], {0, 1}, False),  # no companion of 5: the total would give 1 + 2 children's amounts
        ([1], {0}, False),
        ([0, 1, 8], {1, 2}, True),  # 0 kr. on no child is shown
    ],
)
def test_money_withheld_table(children, hidden, total_shown) -> None:
    assert money_withheld(children) == (hidden, total_shown)


@given(st.lists(st.integers(min_value=0, max_value=30), max_size=8))
def test_money_withheld_what_the_total_gives_back_rests_on_five_children_or_more(children) -> None:
    hidden, total_shown = money_withheld(children)
    assert {i for i, n in enumerate(children) if 0 < n < SUPPRESS_BELOW} <= hidden
    if hidden and total_shown:  # total − parts shown = the hidden parts' sum: resting on ≥ 5 children
        assert max(children[i] for i in hidden) >= SUPPRESS_BELOW


# --- the dashboard over the time of asking ---------------------------------------------------------------------------


def _month_row(report, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    return next(r for r in _cells(report, "Underretninger pr. måned", suppressed=True) if r[0] == label)


@pytest.mark.django_db
def test_the_current_month_is_shown_as_not_yet_released(analyst, kid) -> None:  # noqa: F811
    child = kid()
    for _ in range(7):
        _notification(child, at(2026, 2, 10))
    _notification(child, at(2026, 3, 2))
    report = _ask(analyst, date(2026, 2, 1), date(2026, 3, 31), today=date(2026, 3, 20))
    assert _month_row(report, "februar 2026")[1] == "7"
    assert _month_row(report, "marts 2026")[1] == NOT_RELEASED
    year = {r[0]: r[1] for r in _cells(report, "Underretninger pr. år", suppressed=True)}
    assert year["2026"] == NOT_RELEASED and year["2025"] == "0"


@pytest.mark.django_db
def test_asking_on_two_days_of_a_month_gives_the_same_cells(analyst, kid) -> None:  # noqa: F811
    """The current month so far: asked on the 10th and the 20th, the difference would be the notifications in
    between (here 1). Neither answer shows the month."""
    child = kid()
    for _ in range(6):
        _notification(child, at(2026, 3, 2))
    first = _ask(analyst, date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 3, 10))
    _notification(child, at(2026, 3, 15))
    second = _ask(analyst, date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 3, 20))
    for report in (first, second):
        assert _month_row(report, "marts 2026")[1] == NOT_RELEASED
    assert _cells(first, "Frister overholdt", suppressed=True) == _cells(second, "Frister overholdt", suppressed=True)


@pytest.mark.django_db
def test_a_late_registration_does_not_change_a_released_month(analyst, kid) -> None:  # noqa: F811
    """January released with 6; a notification of January registered in April would make it 7: the difference (1)
    is a small count. The frozen cell keeps 6, and so do the year and every period summing January."""
    child = kid()
    for _ in range(6):
        _notification(child, at(2026, 1, 10))
    before = _ask(analyst, date(2026, 1, 1), date(2026, 2, 28), today=date(2026, 3, 5))
    _notification(child, at(2026, 1, 20))  # registered late
    after = _ask(analyst, date(2026, 1, 1), date(2026, 2, 28), today=date(2026, 4, 5))
    assert _month_row(before, "januar 2026")[1] == _month_row(after, "januar 2026")[1] == "6"
    assert _cells(before, "Frister overholdt", suppressed=True) == _cells(after, "Frister overholdt", suppressed=True)
    assert PublishedCell.objects.filter(key__endswith="|2026-01").exists()


@pytest.mark.django_db
def test_deadlines_pending_then_kept_do_not_change_a_released_month(analyst, kid) -> None:  # noqa: F811
    """Deadlines pending → kept: once February is released, assessing a February notification late changes nothing
    an analyst sees (the difference would be one notification)."""
    child = kid()
    for _ in range(6):
        _notification(child, at(2026, 2, 3), assessed_at=at(2026, 2, 3, 14))
    late = _notification(child, at(2026, 2, 27, 23, 30))
    before = _ask(analyst, date(2026, 2, 1), date(2026, 2, 28), today=date(2026, 3, 1))
    late.assessed_at, late.assessed_by, late.outcome = at(2026, 3, 3), child.case.caseworker, "advice"
    late.save()
    after = _ask(analyst, date(2026, 2, 1), date(2026, 2, 28), today=date(2026, 3, 20))
    assert _cells(before, "Frister overholdt", suppressed=True) == _cells(after, "Frister overholdt", suppressed=True)


@pytest.mark.django_db
def test_the_leaders_see_live_exact_figures(head, kid) -> None:  # noqa: F811
    child = kid()
    for _ in range(6):
        _notification(child, at(2026, 1, 10))
    _ask(head, date(2026, 1, 1), date(2026, 1, 31), today=date(2026, 3, 5))  # suppressed: an export by the head
    _notification(child, at(2026, 1, 20))
    now = datetime(2026, 4, 5, 12, tzinfo=CPH)
    live = dashboard_report(head, date(2026, 1, 1), date(2026, 1, 31), suppressed=False, now=now, today=now.date())
    assert _cells(live, "Underretninger pr. måned")[0][1] == "7"


@pytest.mark.django_db
def test_republishing_a_closed_year_releases_it_again_from_the_data_of_the_day(analyst, kid) -> None:  # noqa: F811
    child = kid()
    for _ in range(6):
        _notification(child, at(2025, 1, 10))
    _ask(analyst, date(2025, 1, 1), date(2025, 1, 31), today=date(2025, 3, 1))
    _notification(child, at(2025, 1, 20))
    assert republish(municipality_id=analyst.municipality_id, year=2025) > 0
    again = _ask(analyst, date(2025, 1, 1), date(2025, 1, 31), today=date(2026, 2, 1))
    assert _month_row(again, "januar 2025")[1] == "7"


# --- money ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_kroner_cell_of_one_child_is_withheld_with_a_companion(analyst, kid) -> None:  # noqa: F811
    """One child in a residential placement (its price readable from the month's spending) next to 6 children in
    foster families: the one child's amount is "..", and so is the foster families' (the month's total minus it
    would give it back), while the month's total rests on 7 children."""
    _placement(kid(), start_on=date(2025, 1, 1), kind="residential", cost=95_000)
    for _ in range(6):
        _placement(kid(), start_on=date(2025, 1, 1), kind="foster_family", cost=30_000)
    report = _ask(analyst, date(2026, 1, 1), date(2026, 1, 31), today=date(2026, 3, 5))
    heading = "Udgifter pr. måned og indsatstype"
    rows = _cells(report, heading, suppressed=True)
    january = rows[0]
    assert "95.000" not in january and january.count("..") == 2, rows
    assert rows[-1][0] == "I alt" and rows[-1].count("..") == 2
    assert "95.000" not in str(_cells(report, "Budgetfordeling: forebyggelse og anbringelse", suppressed=True))


@pytest.mark.django_db
def test_the_leaders_see_every_kroner_on_screen(head, kid) -> None:  # noqa: F811
    _placement(kid(), start_on=date(2025, 1, 1), kind="residential", cost=95_000)
    now = datetime(2026, 3, 5, 12, tzinfo=CPH)
    live = dashboard_report(head, date(2026, 1, 1), date(2026, 1, 31), suppressed=False, now=now, today=now.date())
    assert "95.000" in _cells(live, "Udgifter pr. måned og indsatstype")[0]
