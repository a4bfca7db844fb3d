"""The follow-up policy engine: table-driven cases and properties. No database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.followup.policies import (
    MAX_COUNT,
    MEASURE_KINDS,
    POLICIES,
    POLICY_DATA,
    Span,
    UnknownMeasureKind,
    UnknownPolicy,
    describe_cadence,
    get_policy,
    policy_from_data,
    schedule,
)


def dates(code: str, kind: str, start: date, count: int, **kwargs: object) -> list[date]:
    return list(schedule(get_policy(code), measure_kind=kind, start=start, count=count, **kwargs).dates)


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("code", "kind", "start", "expected"),
    [
        # Kolding foster family: monthly 1..6 months, then every 3 months counted from the start.
        (
            "kolding",
            "foster_family",
            "2025-01-15",
            [
                "2025-02-15",
                "2025-03-15",
                "2025-04-15",
                "2025-05-15",
                "2025-06-15",
                "2025-07-15",
                "2025-10-15",
                "2026-01-15",
            ],
        ),
        # Month ends are clamped per date, never carried over: 31 Jan -> 28 Feb -> 31 Mar (not 28 Mar).
        (
            "kolding",
            "foster_family",
            "2025-01-31",
            [
                "2025-02-28",
                "2025-03-31",
                "2025-04-30",
                "2025-05-31",
                "2025-06-30",
                "2025-07-31",
                "2025-10-31",
                "2026-01-31",
            ],
        ),
        # Leap year: 31 January 2024 + 1 month = 29 February 2024.
        ("kolding", "network_foster_family", "2024-01-31", ["2024-02-29", "2024-03-31", "2024-04-30"]),
        # 29 February start: the 29th where it exists, the 28th in common years.
        (
            "kolding",
            "foster_family",
            "2024-02-29",
            [
                "2024-03-29",
                "2024-04-29",
                "2024-05-29",
                "2024-06-29",
                "2024-07-29",
                "2024-08-29",
                "2024-11-29",
                "2025-02-28",
                "2025-05-29",
            ],
        ),
        # Residential: monthly for 12 months, then every 2 months.
        (
            "kolding",
            "residential",
            "2025-08-31",
            [
                "2025-09-30",
                "2025-10-31",
                "2025-11-30",
                "2025-12-31",
                "2026-01-31",
                "2026-02-28",
                "2026-03-31",
                "2026-04-30",
                "2026-05-31",
                "2026-06-30",
                "2026-07-31",
                "2026-08-31",
                "2026-10-31",
                "2026-12-31",
            ],
        ),
        # Preventive: every 3 months.
        ("kolding", "preventive", "2025-11-30", ["2026-02-28", "2026-05-30", "2026-08-30", "2026-11-30"]),
        # Legal: 3 months, then every 6 months (the default cadence) counted from the start.
        ("legal", "residential", "2025-11-30", ["2026-02-28", "2026-08-30", "2027-02-28", "2027-08-30"]),
        ("legal", "preventive", "2023-11-30", ["2024-02-29", "2024-08-30", "2025-02-28"]),
        # Swedish: 4 weeks, then every 6 weeks, across the new year.
        ("swedish", "foster_family", "2025-12-01", ["2025-12-29", "2026-02-09", "2026-03-23", "2026-05-04"]),
        ("swedish", "preventive", "2025-12-20", ["2026-01-17", "2026-02-28", "2026-04-11"]),
    ],
)
def test_schedule_table_gives_expected_dates(code: str, kind: str, start: str, expected: list[str]) -> None:
    assert dates(code, kind, d(start), len(expected)) == [d(x) for x in expected]


@pytest.mark.parametrize(
    ("kind", "start", "expected"),
    [
        # Already running when Kolding was adopted (start = adoption day): every 2 months to 6, then every 3.
        ("foster_family", "2025-10-31", ["2025-12-31", "2026-02-28", "2026-04-30", "2026-07-31", "2026-10-31"]),
        ("residential", "2024-12-31", ["2025-02-28", "2025-04-30", "2025-06-30", "2025-09-30", "2025-12-31"]),
        # Ongoing preventive measures keep the ordinary preventive cadence.
        ("preventive", "2025-10-31", ["2026-01-31", "2026-04-30", "2026-07-31"]),
    ],
)
def test_kolding_ongoing_placements_counted_from_adoption(kind: str, start: str, expected: list[str]) -> None:
    assert dates("kolding", kind, d(start), len(expected), ongoing=True) == [d(x) for x in expected]


def test_swedish_placement_has_home_return_milestone_six_months_after_start() -> None:
    result = schedule(get_policy("swedish"), measure_kind="residential", start=d("2025-08-31"), count=3)
    assert [(m.on, m.kind) for m in result.milestones] == [(d("2026-02-28"), "home_return_reconsideration")]


def test_swedish_preventive_has_no_milestone() -> None:
    assert schedule(get_policy("swedish"), measure_kind="preventive", start=d("2025-08-31"), count=3).milestones == ()


def test_kolding_has_no_milestones() -> None:
    assert (
        schedule(get_policy("kolding"), measure_kind="foster_family", start=d("2025-08-31"), count=3).milestones == ()
    )


def test_legal_cadence_set_by_caseworker_replaces_the_default() -> None:
    got = dates("legal", "foster_family", d("2025-01-31"), 4, later_every=Span(4, "months"))
    assert got == [d("2025-04-30"), d("2025-08-31"), d("2025-12-31"), d("2026-04-30")]


def test_legal_earlier_first_follow_up_moves_the_rest_after_it() -> None:
    got = dates("legal", "preventive", d("2025-01-10"), 3, first_on=d("2025-02-20"))
    assert got == [d("2025-02-20"), d("2025-08-20"), d("2026-02-20")]


def test_legal_first_on_later_than_three_months_is_ignored() -> None:
    got = dates("legal", "preventive", d("2025-01-10"), 2, first_on=d("2025-05-01"))
    assert got == [d("2025-04-10"), d("2025-10-10")]


def test_caseworker_cadence_is_ignored_by_a_policy_without_it() -> None:
    assert dates("kolding", "preventive", d("2025-01-10"), 2, later_every=Span(1, "weeks")) == [
        d("2025-04-10"),
        d("2025-07-10"),
    ]


def test_schedule_with_count_one_gives_the_first_date_only() -> None:
    assert dates("kolding", "residential", d("2025-01-10"), 1) == [d("2025-02-10")]


@pytest.mark.parametrize("count", [0, -1, MAX_COUNT + 1])
def test_schedule_count_outside_range_raises(count: int) -> None:
    with pytest.raises(ValueError):
        dates("kolding", "residential", d("2025-01-10"), count)


def test_schedule_unknown_kind_raises() -> None:
    with pytest.raises(UnknownMeasureKind):
        dates("kolding", "kennel", d("2025-01-10"), 3)


def test_get_policy_unknown_code_raises() -> None:
    with pytest.raises(UnknownPolicy):
        get_policy("weekly")


def test_shipped_policies_are_legal_kolding_swedish() -> None:
    assert set(POLICIES) == {"legal", "kolding", "swedish"}


def test_policy_data_without_open_last_phase_is_rejected() -> None:
    raw = dict(POLICY_DATA["kolding"])
    raw["kinds"] = {kind: {"phases": [{"every": [1, "months"], "until": [6, "months"]}]} for kind in MEASURE_KINDS}
    with pytest.raises(ValueError):
        policy_from_data("broken", raw)


def test_policy_data_missing_a_kind_is_rejected() -> None:
    raw = dict(POLICY_DATA["kolding"])
    raw["kinds"] = {"preventive": {"phases": [{"every": [3, "months"]}]}}
    with pytest.raises(ValueError):
        policy_from_data("broken", raw)


def test_describe_cadence_names_both_phases() -> None:
    text = describe_cadence(get_policy("kolding").cadence("foster_family"))
    assert text == "hver måned til 6 måneder efter start, derefter hver 3. måned"


def test_describe_cadence_single_first_date_and_milestone() -> None:
    text = describe_cadence(get_policy("swedish").cadence("residential"))
    assert text == (
        "efter 4 uger, derefter hver 6. uge; genovervej hjemgivelse eller en mindre indgribende indsats efter 6 måneder"
    )


# --- Properties ---------------------------------------------------------------------------------------------

starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
codes = st.sampled_from(sorted(POLICIES))
kinds = st.sampled_from(MEASURE_KINDS)
counts = st.integers(min_value=1, max_value=60)


@given(codes, kinds, starts, counts, st.booleans())
def test_property_dates_strictly_increasing(code: str, kind: str, start: date, count: int, ongoing: bool) -> None:
    got = dates(code, kind, start, count, ongoing=ongoing)
    assert all(a < b for a, b in zip(got, got[1:], strict=False))


@given(codes, kinds, starts, counts, st.booleans())
def test_property_count_respected(code: str, kind: str, start: date, count: int, ongoing: bool) -> None:
    assert len(dates(code, kind, start, count, ongoing=ongoing)) == count


@given(codes, kinds, starts, counts, st.booleans())
def test_property_never_on_or_before_start(code: str, kind: str, start: date, count: int, ongoing: bool) -> None:
    assert min(dates(code, kind, start, count, ongoing=ongoing)) > start


@given(codes, kinds, starts, st.integers(min_value=2, max_value=40))
def test_property_longer_schedule_extends_shorter(code: str, kind: str, start: date, count: int) -> None:
    assert dates(code, kind, start, count)[: count - 1] == dates(code, kind, start, count - 1)


@given(kinds, starts, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=30))
def test_property_legal_later_dates_are_whole_cadences_after_the_first(
    kind: str, start: date, every: int, count: int
) -> None:
    got = dates("legal", kind, start, count + 1, later_every=Span(every, "months"))
    assert got[0] == Span(3, "months").after(start)
    assert got[1:] == [Span(3 + every * k, "months").after(start) for k in range(1, count + 1)]


@given(starts, st.integers(min_value=1, max_value=40))
def test_property_swedish_gaps_are_six_weeks_after_the_first(start: date, count: int) -> None:
    got = dates("swedish", "residential", start, count + 1)
    assert got[0] == start + timedelta(weeks=4)
    assert all(b - a == timedelta(weeks=6) for a, b in zip(got, got[1:], strict=False))


@given(starts)
def test_property_kolding_foster_first_half_year_is_monthly(start: date) -> None:
    got = dates("kolding", "foster_family", start, 7)
    assert got[:6] == [Span(k, "months").after(start) for k in range(1, 7)]
    assert got[6] == Span(9, "months").after(start)
