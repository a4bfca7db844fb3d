"""Differencing attacks on small-number suppression (issue #20, Medium 6; docs/hardening.md, "Small numbers").

An analyst may ask for any period, any follow-up date, any export: no two answers, nor an answer and a total,
may give back a count that is shown as "<5"; a share resting on a withheld count is withheld; a chart marks a
withheld value instead of drawing it as 0.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.documents import caseload_report
from sikkerhedsnet.reports.evaluations import documents as evaluation_documents
from sikkerhedsnet.reports.management_documents import dashboard_report, period_figures
from sikkerhedsnet.reports.rules.management import DeadlineFigures, months_between
from sikkerhedsnet.reports.suppression import (
    SUPPRESS_BELOW,
    is_small,
    secondary_suppression,
    total_is_safe,
)
from sikkerhedsnet.reports.tests.test_figures import _cells as _cells_starting
from sikkerhedsnet.reports.tests.test_figures import _movement_evaluation
from sikkerhedsnet.reports.tests.test_management import NOW, TODAY, _cells, _notification, analyst, at, kid

__all__ = ["analyst", "kid"]  # fixtures shared with test_management

YEAR = months_between(date(2025, 1, 1), date(2025, 12, 1))


# --- the rule, without a database ---------------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=25), min_size=12, max_size=12))
def test_period_figures_property_no_two_periods_differ_by_a_withheld_month(cells) -> None:
    per_month = {m: DeadlineFigures(n, 0, 0, 0) for m, n in zip(YEAR, cells, strict=True)}
    answers = {}
    for i, j in itertools.combinations_with_replacement(range(12), 2):
        figures, withheld = period_figures(per_month, YEAR[i : j + 1])
        if "on_time" not in withheld:
            answers[(i, j)] = figures.on_time
    # Any two released answers: the months one covers and the other does not are all released themselves, so
    # their difference is a sum of released months, never a month shown as "<5".
    for (a, b), (c, d) in itertools.permutations(answers, 2):
        if a <= c and d <= b:  # (c, d) inside (a, b)
            outside = [cells[k] for k in range(a, b + 1) if not c <= k <= d]
            assert not any(is_small(v) for v in outside)
            assert answers[(a, b)] - answers[(c, d)] == sum(outside)


def _values_a_reader_can_find(parts: list[int], hidden: set[int]) -> dict[int, set[int]]:
    """Every value each hidden small part can have, given the total, the parts shown, "<5" = 1–4 and ".." ≥ 5."""
    rest = sum(parts[i] for i in hidden)
    order = sorted(hidden)
    ranges = [range(1, SUPPRESS_BELOW) if is_small(parts[i]) else range(SUPPRESS_BELOW, rest + 1) for i in order]
    found: dict[int, set[int]] = {i: set() for i in order if is_small(parts[i])}
    for values in itertools.product(*ranges):
        if sum(values) == rest:
            for i, v in zip(order, values, strict=True):
                if i in found:
                    found[i].add(v)
    return found


@given(st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=4))
def test_secondary_suppression_property_total_minus_shown_never_narrows_a_small_part(parts) -> None:
    extra = secondary_suppression(parts)
    if not total_is_safe(parts, extra):
        return  # the total is withheld instead (nothing left to withhold)
    hidden = extra | {i for i, v in enumerate(parts) if is_small(v)}
    for values in _values_a_reader_can_find(parts, hidden).values():
        assert values == {1, 2, 3, 4}


@pytest.mark.parametrize("parts", [[17, 1, 5], [5, 30, 2], [10, 6, 2], [1, 1, 20]])
def test_secondary_suppression_a_withheld_five_does_not_pin_a_small_part(parts) -> None:
    hidden = secondary_suppression(parts) | {i for i, v in enumerate(parts) if is_small(v)}
    assert all(v == {1, 2, 3, 4} for v in _values_a_reader_can_find(parts, hidden).values())


def test_total_is_safe_false_when_nothing_is_left_to_withhold() -> None:
    assert total_is_safe([5, 1], secondary_suppression([5, 1])) is False


# --- the reports ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_deadlines_jan_jun_minus_jan_may_does_not_give_june(analyst, kid) -> None:
    child = kid()
    for _ in range(15):
        _notification(child, at(2025, 1, 10), assessed_at=at(2025, 1, 10, 14))
    _notification(child, at(2025, 6, 10), assessed_at=at(2025, 6, 10, 14))
    answers = []
    for end in (date(2025, 5, 31), date(2025, 6, 30)):
        report = dashboard_report(analyst, date(2025, 1, 1), end, suppressed=True, now=NOW, today=TODAY)
        answers.append(_cells(report, "Frister overholdt", suppressed=True)[0][1])
    shown = [int(a) for a in answers if a.isdigit()]
    assert len(shown) < 2 or not 0 < abs(shown[1] - shown[0]) < SUPPRESS_BELOW, answers


@pytest.mark.django_db
def test_dashboard_months_asked_in_pieces_do_not_give_a_small_month_back(analyst, kid) -> None:
    child = kid()
    counts = [10, 12, 9, 11, 8, 1, 7, 7, 7, 7, 7, 7]
    for month, n in enumerate(counts, start=1):
        for _ in range(n):
            _notification(child, at(2025, month, 10))
    seen: dict[str, int] = {}
    year_total = None
    for start, end in ((date(2025, 1, 1), date(2025, 5, 31)), (date(2025, 7, 1), date(2025, 12, 31))):
        report = dashboard_report(analyst, start, end, suppressed=True, now=NOW, today=TODAY)
        seen.update(
            {
                row[0]: int(row[1])
                for row in _cells(report, "Underretninger pr. måned", suppressed=True)
                if row[1].isdigit()
            }
        )
        for row in _cells(report, "Underretninger pr. år", suppressed=True):
            if row[0] == "2025" and row[1].isdigit():
                year_total = int(row[1])
    worked_out = None if year_total is None or len(seen) < 11 else year_total - sum(seen.values())
    assert worked_out is None, (seen, year_total)


@pytest.mark.django_db
@pytest.mark.parametrize(("down", "same", "up"), [(6, 30, 2), (10, 6, 2)])
def test_evaluation_trend_share_withheld_when_the_movement_table_withholds_moved_down(
    municipality, down, same, up
) -> None:
    # When "moved down" is withheld to protect the small "moved up", the same date's share in the trend and the
    # children shown in the movement table would give it back (e.g. 38 × 15,8 % = 6, then 38 − 6 − 30 = 2).
    evaluation = _movement_evaluation(municipality, down=down, same=same, up=up)
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=date(2025, 12, 1), suppressed=True)
    movement = _cells_starting(report, "Flyttet til et mindre", suppressed=True)[0]
    trend = _cells(report, "Udvikling pr. måling", suppressed=True)[0]
    assert movement[2] != ".." or trend[1] == "..", (movement, trend)


@pytest.mark.django_db
def test_caseload_chart_marks_a_withheld_count_instead_of_drawing_zero(analyst, team, caseworker) -> None:
    from sikkerhedsnet.children.tests.factories import ChildFactory

    for _ in range(3):
        ChildFactory(case__team=team, case__caseworker=caseworker)
    chart = caseload_report(analyst, suppressed=True).sections[0].chart
    assert chart is not None
    assert re.search(r">\s*&lt;5\s*<", chart.svg) and "<5" in chart.alt


@pytest.mark.django_db
def test_dashboard_share_chart_marks_a_withheld_share(analyst, kid) -> None:
    child = kid()
    for _ in range(6):
        _notification(child, at(2025, 1, 10), assessed_at=at(2025, 1, 10, 14))
    _notification(child, at(2025, 1, 11), assessed_at=at(2025, 1, 13, 14))  # late: 1
    report = dashboard_report(analyst, date(2025, 1, 1), date(2025, 1, 31), suppressed=True, now=NOW, today=TODAY)
    section = next(s for s in report.sections if s.heading == "Frister overholdt")
    assert section.chart is not None
    assert re.search(r">\s*\.\.\s*<", section.chart.svg) and '".."' in section.chart.alt
