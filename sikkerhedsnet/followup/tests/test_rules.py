"""Pure follow-up rules: slots across policy changes, slot states, caseload advice. No database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.followup.policies import MEASURE_KINDS, Span
from sikkerhedsnet.followup.rules import (
    PolicyPeriod,
    Slot,
    SlotState,
    caseload_status,
    measure_milestones,
    measure_slots,
    normalised_periods,
    policy_on,
    slot_states,
    suggest_assignees,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def slots(kind: str, start: str, periods: list[PolicyPeriod], until: str, **kwargs: object) -> list[tuple[str, str]]:
    found = measure_slots(
        kind=kind, start_on=d(start), end_on=kwargs.pop("end_on", None), periods=periods, until=d(until), **kwargs
    )  # type: ignore[arg-type]
    return [(s.due_on.isoformat(), s.policy_code) for s in found]


KOLDING_2020 = [PolicyPeriod("kolding", d("2020-01-01"))]


def test_measure_slots_without_adoption_follow_legal() -> None:
    assert slots("foster_family", "2025-01-31", [], "2025-12-31") == [("2025-04-30", "legal"), ("2025-10-31", "legal")]


def test_measure_slots_under_kolding_counted_from_start() -> None:
    assert slots("preventive", "2025-01-31", KOLDING_2020, "2025-12-31") == [
        ("2025-04-30", "kolding"),
        ("2025-07-31", "kolding"),
        ("2025-10-31", "kolding"),
    ]


def test_policy_change_replans_only_from_the_adoption_day() -> None:
    periods = [PolicyPeriod("kolding", d("2020-01-01")), PolicyPeriod("swedish", d("2025-05-15"))]
    assert slots("preventive", "2025-01-31", periods, "2025-08-31") == [
        ("2025-04-30", "kolding"),  # before the change: kept as planned
        ("2025-06-12", "swedish"),  # running at adoption: 4 weeks after the adoption day ...
        ("2025-07-24", "swedish"),  # ... then every 6 weeks
    ]


def test_policy_change_treats_running_placement_as_ongoing() -> None:
    periods = [PolicyPeriod("legal", d("2020-01-01")), PolicyPeriod("kolding", d("2025-06-30"))]
    assert slots("foster_family", "2025-01-10", periods, "2026-04-01") == [
        ("2025-04-10", "legal"),
        ("2025-08-30", "kolding"),
        ("2025-10-30", "kolding"),
        ("2025-12-30", "kolding"),
        ("2026-03-30", "kolding"),
    ]


def test_policy_adopted_before_start_plans_measure_as_new() -> None:
    periods = [PolicyPeriod("legal", d("2020-01-01")), PolicyPeriod("kolding", d("2025-01-01"))]
    assert slots("foster_family", "2025-03-31", periods, "2025-06-30") == [
        ("2025-04-30", "kolding"),
        ("2025-05-31", "kolding"),
        ("2025-06-30", "kolding"),
    ]


def test_measure_slots_stop_at_end_of_measure() -> None:
    assert slots("residential", "2025-01-15", KOLDING_2020, "2026-12-31", end_on=d("2025-04-14")) == [
        ("2025-02-15", "kolding"),
        ("2025-03-15", "kolding"),
    ]


def test_measure_slots_min_count_reaches_beyond_until() -> None:
    assert len(slots("preventive", "2025-01-15", KOLDING_2020, "2025-01-16", min_count=3)) == 3


def test_measure_slots_include_next_adds_one_after_until() -> None:
    assert slots("preventive", "2025-01-15", KOLDING_2020, "2025-05-01", include_next=True) == [
        ("2025-04-15", "kolding"),
        ("2025-07-15", "kolding"),
    ]


def test_measure_slots_tracked_from_hides_older_dates() -> None:
    assert slots("preventive", "2025-01-15", KOLDING_2020, "2025-12-31", tracked_from=d("2025-08-01")) == [
        ("2025-10-15", "kolding"),
    ]


def test_measure_slots_legal_uses_caseworker_cadence() -> None:
    got = slots("preventive", "2025-01-15", [], "2026-01-31", later_every=Span(2, "months"))
    assert got[:3] == [("2025-04-15", "legal"), ("2025-06-15", "legal"), ("2025-08-15", "legal")]


def test_measure_slots_legal_first_follow_up_earlier_when_investigation_concludes() -> None:
    got = slots("preventive", "2025-01-15", [], "2025-09-30", first_on=d("2025-02-20"))
    assert got == [("2025-02-20", "legal"), ("2025-08-20", "legal")]


def test_measure_milestones_swedish_six_months_after_start() -> None:
    found = measure_milestones(
        kind="residential", start_on=d("2025-01-31"), end_on=None, periods=[PolicyPeriod("swedish", d("2020-01-01"))]
    )
    assert [(m.on, m.kind) for m in found] == [(d("2025-07-31"), "home_return_reconsideration")]


def test_measure_milestones_none_when_measure_ends_first() -> None:
    found = measure_milestones(
        kind="residential",
        start_on=d("2025-01-31"),
        end_on=d("2025-05-01"),
        periods=[PolicyPeriod("swedish", d("2020-01-01"))],
    )
    assert found == []


def test_normalised_periods_same_day_last_adoption_wins() -> None:
    periods = [PolicyPeriod("kolding", d("2025-01-01")), PolicyPeriod("swedish", d("2025-01-01"))]
    assert [p.code for p in normalised_periods(periods)] == ["legal", "swedish"]


def test_policy_on_day_before_adoption_is_legal() -> None:
    assert policy_on(KOLDING_2020, d("2019-12-31")).code == "legal"


@pytest.mark.parametrize(
    ("held_due", "last_held_on", "today", "states"),
    [
        (set(), None, "2025-03-01", ["overdue", "upcoming", "upcoming"]),
        ({"2025-02-01"}, "2025-02-03", "2025-03-02", ["held", "overdue", "upcoming"]),
        ({"2025-02-01"}, "2025-03-05", "2025-03-10", ["held", "missed", "upcoming"]),
        (set(), None, "2025-02-01", ["upcoming", "upcoming", "upcoming"]),  # due today is not yet overdue
    ],
)
def test_slot_states_table(held_due: set[str], last_held_on: str | None, today: str, states: list[str]) -> None:
    plan = [Slot(d(x), "kolding") for x in ("2025-02-01", "2025-03-01", "2025-04-01")]
    views = slot_states(
        plan, held_due={d(x) for x in held_due}, last_held_on=d(last_held_on) if last_held_on else None, today=d(today)
    )
    assert [v.state for v in views] == states


def test_slot_open_states_are_overdue_and_upcoming() -> None:
    views = slot_states([Slot(d("2025-01-01"), "legal")], held_due=set(), last_held_on=None, today=d("2025-02-01"))
    assert views[0].is_open and views[0].state == SlotState.OVERDUE


@pytest.mark.parametrize(("count", "status"), [(19, "under"), (20, "within"), (22, "within"), (23, "over")])
def test_caseload_status_against_20_22(count: int, status: str) -> None:
    assert caseload_status(count, low=20, high=22) == status


def test_suggest_assignees_lowest_caseload_first() -> None:
    got = suggest_assignees([(1, 21), (2, 14), (3, 25), (4, 18)], high=22)
    assert [(s.user_id, s.room) for s in got] == [(2, 8), (4, 4), (1, 1)]


def test_suggest_assignees_nobody_with_room() -> None:
    assert suggest_assignees([(1, 22), (2, 30)], high=22) == []


@given(st.lists(st.tuples(st.integers(1, 10_000), st.integers(0, 60)), max_size=30), st.integers(1, 40))
def test_property_suggestions_all_below_target_and_sorted(workers: list[tuple[int, int]], high: int) -> None:
    got = suggest_assignees(workers, high=high, limit=50)
    assert all(s.open_cases < high and s.room == high - s.open_cases for s in got)
    assert [s.open_cases for s in got] == sorted(s.open_cases for s in got)


starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))


@given(
    st.sampled_from(MEASURE_KINDS),
    starts,
    st.lists(st.tuples(st.sampled_from(["legal", "kolding", "swedish"]), st.integers(-400, 800)), max_size=4),
)
def test_property_slots_increasing_and_after_start(kind: str, start: date, changes: list[tuple[str, int]]) -> None:
    from datetime import timedelta

    periods = [PolicyPeriod(code, start + timedelta(days=offset)) for code, offset in changes]
    found = measure_slots(kind=kind, start_on=start, end_on=None, periods=periods, until=start + timedelta(days=900))
    dates = [s.due_on for s in found]
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False)) and all(x > start for x in dates)


@given(st.sampled_from(MEASURE_KINDS), starts, st.integers(1, 700))
def test_property_change_never_moves_dates_before_it(kind: str, start: date, offset: int) -> None:
    from datetime import timedelta

    change = start + timedelta(days=offset)
    before = measure_slots(kind=kind, start_on=start, end_on=None, periods=KOLDING_2020, until=change)
    after = measure_slots(
        kind=kind, start_on=start, end_on=None, periods=KOLDING_2020 + [PolicyPeriod("swedish", change)], until=change
    )
    assert [s.due_on for s in after if s.due_on < change] == [s.due_on for s in before if s.due_on < change]


# --- A policy change never lengthens the statutory first follow-up (Barnets lov § 95 stk. 1) -----------------


def three_months_after(day: date) -> date:
    """Independent of the code: the same day three months on, or that month's last day."""
    import calendar

    month = day.month + 3
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@pytest.mark.parametrize(
    ("kind", "start", "periods", "expected"),
    [
        # legal from the start would plan 30 April; Kolding adopted 15 March plans a running preventive measure
        # every 3 months from the adoption day (15 June): the statutory 30 April stays, then Kolding's dates.
        (
            "preventive",
            "2025-01-31",
            [PolicyPeriod("kolding", d("2025-03-15"))],
            [("2025-04-30", "kolding"), ("2025-06-15", "kolding"), ("2025-09-15", "kolding")],
        ),
        # A running foster placement under Kolding's `ongoing` cadence: every 2 months from 1 April = 1 June,
        # later than 10 May (3 months after 10 February).
        (
            "foster_family",
            "2025-02-10",
            [PolicyPeriod("kolding", d("2025-04-01"))],
            [("2025-05-10", "kolding"), ("2025-06-01", "kolding"), ("2025-08-01", "kolding")],
        ),
        # Swedish adopted 20 April: 4 weeks later is 18 May, after 10 May.
        (
            "residential",
            "2025-02-10",
            [PolicyPeriod("swedish", d("2025-04-20"))],
            [("2025-05-10", "swedish"), ("2025-05-18", "swedish"), ("2025-06-29", "swedish")],
        ),
        # A change that plans earlier is kept as it is (shortening is allowed): Swedish from 1 March gives 29 March.
        (
            "preventive",
            "2025-02-10",
            [PolicyPeriod("swedish", d("2025-03-01"))],
            [("2025-03-29", "swedish"), ("2025-05-10", "swedish"), ("2025-06-21", "swedish")],
        ),
        # The change comes after the first follow-up fell due: nothing is added.
        (
            "preventive",
            "2025-01-15",
            [PolicyPeriod("kolding", d("2025-05-01"))],
            [("2025-04-15", "legal"), ("2025-08-01", "kolding"), ("2025-11-01", "kolding")],
        ),
    ],
)
def test_policy_change_keeps_the_statutory_first_followup(
    kind: str, start: str, periods: list[PolicyPeriod], expected: list[tuple[str, str]]
) -> None:
    assert slots(kind, start, periods, "2020-01-01", min_count=3) == expected


@given(
    kind=st.sampled_from(MEASURE_KINDS),
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    changes=st.lists(
        st.tuples(st.sampled_from(["legal", "kolding", "swedish"]), st.integers(min_value=-400, max_value=400)),
        max_size=3,
    ),
)
def test_first_followup_never_later_than_three_months_after_start(
    kind: str, start: date, changes: list[tuple[str, int]]
) -> None:
    from datetime import timedelta

    periods = sorted(
        (PolicyPeriod(code, start + timedelta(days=offset)) for code, offset in changes), key=lambda p: p.valid_from
    )
    found = measure_slots(kind=kind, start_on=start, end_on=None, periods=periods, until=start, min_count=2)
    assert found[0].due_on <= three_months_after(start)
    assert [s.due_on for s in found] == sorted({s.due_on for s in found})
