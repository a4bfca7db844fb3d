"""The deadline engine: table-driven cases and hypothesis properties. No database."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.core import legal
from sikkerhedsnet.core.calendar import is_working_day
from sikkerhedsnet.intake import rules
from sikkerhedsnet.measures import rules as measures_rules
from sikkerhedsnet.tasks import rules as task_rules

CPH = legal.LOCAL_TZ


def cph(*args: int) -> datetime:
    return datetime(*args, tzinfo=CPH)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- 24-hour assessment ----------------------------------------------------------------------------------------

ASSESSMENT_CASES = [
    # (received, expected due — compared as instants)
    (cph(2026, 1, 9, 16, 0), cph(2026, 1, 10, 16, 0)),  # Friday afternoon: due on Saturday, weekends count
    (cph(2025, 12, 24, 23, 30), cph(2025, 12, 25, 23, 30)),  # Christmas Day counts too
    (cph(2026, 4, 2, 12, 0), cph(2026, 4, 3, 12, 0)),  # Maundy Thursday → Good Friday
    (cph(2026, 2, 28, 9, 0), cph(2026, 3, 1, 9, 0)),  # month end
    (cph(2028, 2, 28, 9, 0), cph(2028, 2, 29, 9, 0)),  # leap day
    (cph(2026, 3, 10, 23, 30), cph(2026, 3, 11, 23, 30)),  # 23:30 local
    (cph(2026, 3, 10, 0, 30), cph(2026, 3, 11, 0, 30)),  # 00:30 local
    # Spring forward (29 March 2026, 02:00 → 03:00): 24 real hours end one wall-clock hour "later".
    (cph(2026, 3, 28, 23, 30), cph(2026, 3, 30, 0, 30)),
    (cph(2026, 3, 29, 0, 30), cph(2026, 3, 30, 1, 30)),
    (cph(2026, 3, 29, 1, 30), cph(2026, 3, 30, 2, 30)),
    # Fall back (25 October 2026, 03:00 → 02:00): they end one wall-clock hour "earlier".
    (cph(2026, 10, 24, 23, 30), cph(2026, 10, 25, 22, 30)),
    (cph(2026, 10, 25, 0, 30), cph(2026, 10, 25, 23, 30)),
    # The same instant given in UTC gives the same deadline.
    (utc(2026, 3, 28, 22, 30), cph(2026, 3, 30, 0, 30)),
]


@pytest.mark.parametrize(("received", "expected"), ASSESSMENT_CASES)
def test_assessment_due_at_is_24_elapsed_hours(received: datetime, expected: datetime) -> None:
    assert rules.assessment_due_at(received) == expected


def test_assessment_due_at_across_spring_forward_shows_next_day_0030_local() -> None:
    due = rules.assessment_due_at(cph(2026, 3, 28, 23, 30))
    assert (due.tzinfo, due.date(), due.hour, due.minute) == (CPH, date(2026, 3, 30), 0, 30)


def test_assessment_due_at_with_naive_datetime_raises() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        rules.assessment_due_at(datetime(2026, 3, 10, 12, 0))  # noqa: DTZ001


# --- receipt confirmation (6 hverdage) -------------------------------------------------------------------------

RECEIPT_CASES = [
    # (received, saturday counts, expected)
    (date(2025, 11, 24), False, date(2025, 12, 2)),  # Monday → Tuesday of the next week
    (date(2025, 11, 28), False, date(2025, 12, 8)),  # Friday: the weekend does not count
    (date(2025, 11, 24), True, date(2025, 12, 1)),  # Monday–Saturday municipality: one day earlier
    (date(2026, 4, 1), False, date(2026, 4, 14)),  # Easter 2026: Thu, Fri and Mon are holidays
    (date(2025, 12, 22), False, date(2026, 1, 2)),  # Christmas: 24 and 31 Dec count, 25/26 Dec and 1 Jan do not
    (date(2026, 5, 13), False, date(2026, 5, 22)),  # Ascension Day (Thu 14 May 2026)
    (date(2026, 1, 30), False, date(2026, 2, 9)),  # month end
    (date(2028, 2, 28), False, date(2028, 3, 7)),  # leap year
    (date(2023, 5, 3), False, date(2023, 5, 12)),  # Store bededag (Fri 5 May 2023) was still a holiday
    (date(2024, 4, 24), False, date(2024, 5, 2)),  # ... and is not from 2024 (Fri 26 April 2024 counts)
    # Date-times: the Danish day of receipt decides, not the UTC one.
    (cph(2025, 11, 23, 23, 30), False, date(2025, 12, 1)),  # Sunday 23:30: counting starts Monday
    (cph(2025, 11, 24, 0, 30), False, date(2025, 12, 2)),  # Monday 00:30 (still Sunday in UTC)
    (utc(2025, 11, 23, 23, 30), False, date(2025, 12, 2)),  # the same instant given in UTC
    (cph(2026, 3, 29, 0, 30), False, date(2026, 4, 9)),  # spring-forward day, then Easter
    (cph(2026, 10, 25, 23, 30), False, date(2026, 11, 2)),  # fall-back day, late evening
    (cph(2026, 10, 25, 0, 30), True, date(2026, 10, 31)),  # fall-back day, Saturday counts
]


@pytest.mark.parametrize(("received", "saturday", "expected"), RECEIPT_CASES)
def test_receipt_due_on_counts_working_days_after_the_day_of_receipt(received, saturday, expected) -> None:
    assert rules.receipt_due_on(received, saturday_counts=saturday) == expected


# --- conversation with the child, investigation, barnets plan -----------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (cph(2026, 3, 29, 0, 30), date(2026, 4, 5)),
        (cph(2025, 12, 31, 23, 30), date(2026, 1, 7)),
        (utc(2025, 12, 31, 23, 30), date(2026, 1, 8)),  # already 1 January in Copenhagen
    ],
)
def test_child_conversation_due_on_is_seven_days_after_the_day_of_receipt(received, expected) -> None:
    assert rules.child_conversation_due_on(received) == expected


@pytest.mark.parametrize(
    ("awareness", "expected"),
    [
        (date(2025, 10, 31), date(2026, 2, 28)),  # clamped to February's last day
        (date(2023, 10, 31), date(2024, 2, 29)),  # leap year
        (date(2027, 10, 30), date(2028, 2, 29)),
        (date(2026, 1, 31), date(2026, 5, 31)),
        (date(2026, 6, 30), date(2026, 10, 30)),
        (date(2025, 11, 15), date(2026, 3, 15)),  # across the new year
        (date(2023, 12, 31), date(2024, 4, 30)),  # Serviceloven rule, same period
    ],
)
def test_investigation_due_on_is_four_calendar_months_clamped(awareness: date, expected: date) -> None:
    assert rules.investigation_due_on(awareness) == expected


@pytest.mark.parametrize(
    ("decision", "without_consent", "urgent", "expected"),
    [
        (date(2024, 3, 15), False, False, date(2024, 6, 15)),  # BL § 91: within 3 months
        (date(2024, 11, 30), False, False, date(2025, 2, 28)),  # clamped
        (date(2024, 3, 15), True, False, date(2024, 3, 15)),  # without consent: before the decision
        (date(2023, 6, 1), False, False, date(2023, 6, 1)),  # SEL § 140: before the decision
        (date(2023, 6, 1), False, True, date(2023, 10, 1)),  # SEL, urgent: within 4 months
        (date(2023, 10, 31), False, True, date(2024, 2, 29)),
    ],
)
def test_child_plan_due_on_follows_the_rule_of_the_decision_date(decision, without_consent, urgent, expected) -> None:
    assert (
        measures_rules.child_plan_due_on(decision, placement_without_consent=without_consent, urgent=urgent) == expected
    )


# --- versioned legal references --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "on", "reference"),
    [
        (legal.ASSESSMENT, date(2023, 12, 31), "SEL § 155, stk. 2"),
        (legal.ASSESSMENT, date(2024, 1, 1), "BL § 136, stk. 2"),
        (legal.RECEIPT, date(2023, 12, 31), "SEL § 155 b, stk. 1"),
        (legal.RECEIPT, date(2024, 1, 1), "BL § 138, stk. 1"),
        (legal.REASSESSMENT, date(2020, 5, 1), "SEL § 155 a, stk. 1"),
        (legal.REASSESSMENT, date(2026, 5, 1), "BL § 137, stk. 1"),
        (legal.CHILD_CONVERSATION, date(2026, 5, 1), "BL § 137, stk. 3"),
        (legal.INVESTIGATION, date(2019, 1, 1), "SEL § 50, stk. 7"),
        (legal.INVESTIGATION, date(2024, 1, 1), "BL § 20, stk. 3"),
        (legal.CHILD_PLAN, date(2023, 12, 31), "SEL § 140, stk. 1"),
        (legal.CHILD_PLAN, date(2024, 1, 1), "BL § 91, stk. 2"),
    ],
)
def test_rule_for_returns_the_version_in_force_on_the_day(code: str, on: date, reference: str) -> None:
    assert legal.rule_for(code, on=on).reference == reference


def test_rule_for_a_notification_received_at_00_30_on_new_years_day_is_barnets_lov() -> None:
    received = cph(2024, 1, 1, 0, 30)  # still 31 December 2023 in UTC
    assert legal.rule_for(legal.ASSESSMENT, on=legal.local_day(received)).law == "Barnets lov"


def test_rule_for_a_notification_received_at_23_30_on_new_years_eve_is_serviceloven() -> None:
    received = cph(2023, 12, 31, 23, 30)
    assert legal.rule_for(legal.ASSESSMENT, on=legal.local_day(received)).law == "Serviceloven"


def test_rule_for_unknown_code_raises_lookup_error() -> None:
    with pytest.raises(LookupError):
        legal.rule_for("no_such_rule", on=date(2026, 1, 1))


@pytest.mark.parametrize("code", sorted({r.code for r in legal.LEGAL_RULES}))
def test_legal_rules_versions_are_contiguous_without_gaps_or_overlaps(code: str) -> None:
    versions = sorted((r for r in legal.LEGAL_RULES if r.code == code), key=lambda r: r.valid_from or date.min)
    assert versions[0].valid_from is None and versions[-1].valid_until is None
    assert all(a.valid_until == b.valid_from for a, b in zip(versions, versions[1:], strict=False))


def test_unverified_rule_is_marked_not_verified() -> None:
    assert not legal.rule_for(legal.RECEIPT, on=date(2026, 1, 1)).verified


# --- small rules ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("categories", "required"),
    [(["violence"], True), (["sexual_abuse", "neglect"], True), (["neglect"], False), ([], False)],
)
def test_requires_child_conversation_only_for_abuse(categories: list[str], required: bool) -> None:
    assert rules.requires_child_conversation(categories) is required


@pytest.mark.parametrize(
    ("reporter_type", "required"), [("professional", True), ("private", False), ("anonymous", False)]
)
def test_requires_receipt_only_for_professionals(reporter_type: str, required: bool) -> None:
    assert rules.requires_receipt(reporter_type) is required


def test_requires_reassessment_when_the_child_has_an_active_measure() -> None:
    assert rules.requires_reassessment(child_has_active_measure=True)


@pytest.mark.parametrize(
    ("gap", "duplicate"), [(timedelta(hours=1), True), (timedelta(hours=72), True), (timedelta(hours=73), False)]
)
def test_are_possible_duplicates_within_72_hours(gap: timedelta, duplicate: bool) -> None:
    first = cph(2026, 3, 1, 12, 0)
    assert rules.are_possible_duplicates(first, first + gap) is duplicate


@pytest.mark.parametrize(
    ("received", "assessed", "problem"),
    [
        (cph(2026, 3, 1, 12, 0), cph(2026, 3, 1, 11, 59), "assessment_before_receipt"),
        (cph(2026, 3, 1, 12, 0), cph(2026, 3, 1, 12, 0), None),
        (cph(2026, 3, 1, 12, 0), cph(2026, 3, 2, 12, 2), "assessment_in_future"),
    ],
)
def test_assessment_time_problem(received: datetime, assessed: datetime, problem: str | None) -> None:
    now = cph(2026, 3, 2, 12, 0)
    assert rules.assessment_time_problem(received_at=received, assessed_at=assessed, now=now) == problem


@pytest.mark.parametrize(
    ("today", "sunday"), [(date(2026, 11, 23), date(2026, 11, 29)), (date(2026, 11, 29), date(2026, 11, 29))]
)
def test_end_of_week_is_the_sunday_of_the_week(today: date, sunday: date) -> None:
    assert task_rules.end_of_week(today) == sunday


@pytest.mark.parametrize(
    ("today", "saturday", "until"),
    [
        (date(2026, 11, 26), False, date(2026, 11, 30)),  # Thursday → Monday
        (date(2026, 11, 26), True, date(2026, 11, 28)),  # Thursday → Saturday when Saturday counts
        (date(2025, 12, 23), False, date(2025, 12, 29)),  # Tuesday before Christmas → Monday after
    ],
)
def test_digest_until_is_two_working_days_ahead(today: date, saturday: bool, until: date) -> None:
    assert task_rules.digest_until(today, saturday_counts=saturday) == until


COMPLETE: dict[str, Any] = {
    "ics": {"child.health": "x", "parenting.basic_care": "x", "family.housing": "x"},
    "conversation_on": date(2026, 3, 1),
    "conversation_present": "Barnet og rådgiveren",
    "child_view": "Vil gerne bo hjemme",
    "conversation_not_held_reason": "",
    "conclusion": "Behov for støtte",
    "support_needed": True,
    "recommended_measures": "Familiebehandling",
    "parents_view": "Forældrene ønsker hjælp",
    "awareness_on": date(2026, 2, 1),
}


def test_investigation_missing_parts_is_empty_when_complete() -> None:
    assert rules.investigation_missing_parts(**COMPLETE) == []


def test_investigation_missing_parts_lists_every_missing_part_in_danish_in_order() -> None:
    empty = COMPLETE | {
        "ics": {},
        "conversation_on": None,
        "conversation_present": "",
        "child_view": "",
        "conclusion": "",
        "support_needed": None,
        "parents_view": "",
    }
    assert rules.investigation_missing_parts(**empty) == [
        "Barnets udvikling og behov: beskriv mindst én dimension",
        "Forældrekompetencer: beskriv mindst én dimension",
        "Familie og netværk: beskriv mindst én dimension",
        "Børnesamtale: dato (eller begrundelse for, at samtalen ikke er holdt)",
        "Børnesamtale: hvem var til stede",
        "Børnesamtale: barnets egne synspunkter",
        "Forældrenes synspunkter (BL § 22)",
        "Konklusion",
        "Er der behov for støtte (ja/nej)",
    ]


def test_investigation_missing_parts_accepts_a_documented_reason_instead_of_the_conversation() -> None:
    data = COMPLETE | {
        "conversation_on": None,
        "conversation_present": "",
        "child_view": "",
        "conversation_not_held_reason": "Barnet er 1 år",
    }
    assert rules.investigation_missing_parts(**data) == []


def test_investigation_missing_parts_requires_measures_when_support_is_needed() -> None:
    assert rules.investigation_missing_parts(**(COMPLETE | {"recommended_measures": " "})) == ["Anbefalede indsatser"]


@pytest.mark.parametrize(
    ("parents_view", "awareness_on", "expected"),
    [
        ("", date(2026, 2, 1), ["Forældrenes synspunkter (BL § 22)"]),
        ("   \n ", date(2024, 1, 1), ["Forældrenes synspunkter (BL § 22)"]),  # blank is not a view
        ("", date(2023, 12, 31), ["Forældrenes synspunkter (SEL § 50)"]),  # before Barnets lov
        ("Forældrene er uenige i bekymringen", date(2026, 2, 1), []),
    ],
)
def test_investigation_missing_parts_requires_the_parents_view(parents_view, awareness_on, expected):  # type: ignore[no-untyped-def]
    data = COMPLETE | {"parents_view": parents_view, "awareness_on": awareness_on}
    assert rules.investigation_missing_parts(**data) == expected


def test_investigation_missing_parts_needs_no_measures_when_no_support_is_needed() -> None:
    assert rules.investigation_missing_parts(**(COMPLETE | {"support_needed": False, "recommended_measures": ""})) == []


# --- properties --------------------------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; the zone comes from `timezones`
    max_value=datetime(2090, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, CPH]),
    allow_imaginary=False,
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1))


@given(instants)
def test_assessment_due_at_is_never_before_receipt_and_exactly_24_real_hours(received: datetime) -> None:
    due = rules.assessment_due_at(received)
    assert due > received and due.astimezone(UTC) - received.astimezone(UTC) == timedelta(hours=24)


@given(instants, st.booleans())
def test_receipt_due_on_is_a_working_day_after_the_day_of_receipt(received: datetime, saturday: bool) -> None:
    due = rules.receipt_due_on(received, saturday_counts=saturday)
    assert due > legal.local_day(received) and is_working_day(due, saturday_counts=saturday)


@given(days, days)
def test_receipt_due_on_is_monotone_in_the_day_of_receipt(a: date, b: date) -> None:
    first, second = sorted((a, b))
    assert rules.receipt_due_on(first) <= rules.receipt_due_on(second)


@given(days, days)
def test_investigation_due_on_is_never_before_awareness_and_monotone(a: date, b: date) -> None:
    first, second = sorted((a, b))
    assert rules.investigation_due_on(first) > first
    assert rules.investigation_due_on(first) <= rules.investigation_due_on(second)


@given(instants)
def test_child_conversation_due_on_is_never_before_receipt(received: datetime) -> None:
    assert rules.child_conversation_due_on(received) > legal.local_day(received)


@given(days, st.booleans(), st.booleans())
def test_child_plan_due_on_is_never_before_the_decision(decision: date, without_consent: bool, urgent: bool) -> None:
    assert (
        measures_rules.child_plan_due_on(decision, placement_without_consent=without_consent, urgent=urgent) >= decision
    )


@given(days)
def test_end_of_week_is_a_sunday_not_before_today(today: date) -> None:
    sunday = task_rules.end_of_week(today)
    assert sunday >= today and sunday.weekday() == 6 and (sunday - today).days < 7


# --- Issue #15: a notification about abuse assessed without an investigation needs a reasoned exception --------


@pytest.mark.parametrize(
    ("categories", "outcome", "investigation_open", "exception", "reason", "expected"),
    [
        (["violence"], "no_action", False, "", "", ["abuse_needs_investigation"]),
        (["sexual_abuse"], "advice", False, "", "", ["abuse_needs_investigation"]),
        (["sexual_abuse", "neglect"], "referral", False, "", "", ["abuse_needs_investigation"]),
        (["violence"], "no_action", False, "unfounded", "", ["abuse_needs_investigation"]),  # chosen, not written
        (["violence"], "no_action", False, "unfounded", "   ", ["abuse_needs_investigation"]),  # blank is not written
        (["violence"], "no_action", False, "made_up", "Fordi", ["abuse_needs_investigation"]),  # not an exception
        (["violence"], "no_action", False, "unfounded", "Forvekslet med et andet barn.", []),
        (["violence"], "no_action", False, "other_municipality", "Sendt til Roskilde.", []),
        (["violence"], "no_action", True, "", "", []),  # an investigation is already in progress
        (["violence"], "investigation", False, "", "", []),
        (["violence"], "acute_measure", False, "", "", []),
        (["neglect"], "no_action", False, "", "", []),
        ([], "no_action", False, "", "", []),
    ],
)
def test_assessment_missing_preconditions_abuse_without_investigation(
    categories, outcome, investigation_open, exception, reason, expected
) -> None:
    found = rules.assessment_missing_preconditions(
        categories=categories,
        outcome=outcome,
        received_on=date(2026, 3, 10),
        investigation_open=investigation_open,
        exception=exception,
        exception_reason=reason,
    )
    assert [m.code for m in found] == expected


@pytest.mark.parametrize(
    ("received_on", "reference"),
    [
        (date(2026, 3, 10), "BL § 20, stk. 1, og § 137, stk. 3"),
        (date(2023, 12, 31), "SEL § 50, stk. 1, og § 155 a, stk. 3"),
    ],
)
def test_assessment_missing_preconditions_names_the_paragraph_of_the_day(received_on: date, reference: str) -> None:
    (found,) = rules.assessment_missing_preconditions(
        categories=["violence"],
        outcome="no_action",
        received_on=received_on,
        investigation_open=False,
        exception="",
        exception_reason="",
    )
    assert (found.rule.reference, found.field) == (reference, "abuse_exception")
