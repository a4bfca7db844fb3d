"""Pure rules about placements and the staircase. No database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.followup.policies import MEASURE_KINDS
from sikkerhedsnet.measures import rules
from sikkerhedsnet.measures.models import Measure


@pytest.mark.parametrize(
    ("placement_type", "kind"),
    [
        ("general_foster_family", "foster_family"),
        ("reinforced_foster_family", "foster_family"),
        ("specialised_foster_family", "foster_family"),
        ("network_foster_family", "network_foster_family"),
        ("children_home", "residential"),
        ("residential_home_pre2024", "residential"),
        ("residential_institution_pre2024", "residential"),
        ("secure_unit", "residential"),
        ("own_room", "foster_family"),
        ("boarding_school", "foster_family"),
    ],
)
def test_kind_for_placement_type_maps_to_contract_kind(placement_type: str, kind: str) -> None:
    assert rules.kind_for_placement_type(placement_type) == kind


def test_placement_types_cover_every_model_choice() -> None:
    assert set(rules.PLACEMENT_TYPES) == set(Measure.PlacementType.values)


def test_measure_kinds_match_the_policy_engine() -> None:
    assert set(Measure.Kind.values) == set(MEASURE_KINDS)


@pytest.mark.parametrize(
    ("placement_type", "day", "valid"),
    [
        ("residential_home_pre2024", date(2023, 12, 31), True),
        ("residential_home_pre2024", date(2024, 1, 1), False),
        ("residential_institution_pre2024", date(2024, 1, 1), False),
        ("children_home", date(2023, 12, 31), False),
        ("children_home", date(2024, 1, 1), True),
        ("general_foster_family", date(2015, 5, 1), True),
        ("secure_unit", date(2030, 1, 1), True),
    ],
)
def test_placement_type_valid_on_follows_barnets_lov(placement_type: str, day: date, valid: bool) -> None:
    assert rules.placement_type_valid_on(placement_type, day) is valid


@pytest.mark.parametrize(
    ("from_step", "to_step", "direction"),
    [(None, 2, "enter"), (2, 4, "up"), (5, 3, "down"), (3, 3, "same"), (4, None, "leave"), (None, None, "same")],
)
def test_staircase_direction_table(from_step: int | None, to_step: int | None, direction: str) -> None:
    assert rules.staircase_direction(from_step, to_step) == direction


@given(st.integers(1, 5), st.integers(1, 5))
def test_property_reason_needed_exactly_when_moving_up(from_step: int, to_step: int) -> None:
    assert rules.needs_reason(from_step, to_step) is (to_step > from_step)


def test_entering_the_staircase_needs_no_reason() -> None:
    assert rules.needs_reason(None, 5) is False


@pytest.mark.parametrize(("age", "must"), [(14, False), (15, True), (17, True)])
def test_young_person_must_consent_from_fifteen(age: int, must: bool) -> None:
    assert rules.young_person_must_consent(age) is must


@pytest.mark.parametrize(("day", "law"), [(date(2023, 12, 31), "serviceloven"), (date(2024, 1, 1), "barnets_lov")])
def test_law_on_switches_on_first_of_january_2024(day: date, law: str) -> None:
    assert rules.law_on(day) == law


@pytest.mark.parametrize(
    ("kind", "consent", "purpose"),
    [
        ("preventive", "", "support"),
        ("foster_family", "with_consent", "placement_with_consent"),
        ("residential", "without_consent", "placement_without_consent"),
    ],
)
def test_legal_basis_purpose_by_kind_and_consent(kind: str, consent: str, purpose: str) -> None:
    assert rules.legal_basis_purpose(kind=kind, consent=consent) == purpose


def test_categories_by_step_overlap_as_on_the_kolding_staircase() -> None:
    assert "4a" in rules.CATEGORIES_BY_STEP[2] and "4a" in rules.CATEGORIES_BY_STEP[3]


# --- Issue #15: a placement rests on a concluded investigation (and, without consent, on barnets plan) ----------

DECIDED = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("kind", "consent", "concluded", "plan_made", "urgent", "expected"),
    [
        ("foster_family", "with_consent", None, None, "", ["placement_needs_investigation"]),
        ("foster_family", "with_consent", date(2026, 3, 11), None, "", ["placement_needs_investigation"]),  # after
        ("foster_family", "with_consent", date(2026, 3, 10), None, "", []),  # the same day is in time
        ("residential", "with_consent", date(2025, 12, 1), None, "", []),
        (
            "residential",
            "without_consent",
            None,
            None,
            "",
            ["placement_needs_investigation", "placement_without_consent_needs_plan"],
        ),
        ("residential", "without_consent", date(2026, 1, 5), None, "", ["placement_without_consent_needs_plan"]),
        (
            "residential",
            "without_consent",
            date(2026, 1, 5),
            date(2026, 3, 11),  # the plan came a day after the decision
            "",
            ["placement_without_consent_needs_plan"],
        ),
        ("residential", "without_consent", date(2026, 1, 5), date(2026, 3, 10), "", []),
        ("network_foster_family", "", None, None, "   ", ["placement_needs_investigation"]),  # blank is no reason
        ("residential", "without_consent", None, None, "Barnet fundet alene hjemme, moren indlagt.", []),
        ("foster_family", "with_consent", None, None, "Akut: forældrene kan ikke drage omsorg i nat.", []),
        ("preventive", "", None, None, "", []),  # a support measure is no placement
    ],
)
def test_placement_missing_preconditions(kind, consent, concluded, plan_made, urgent, expected) -> None:
    found = rules.placement_missing_preconditions(
        kind=kind,
        consent=consent,
        decided_on=DECIDED,
        investigation_concluded_on=concluded,
        child_plan_made_on=plan_made,
        urgent_reason=urgent,
    )
    assert [m.code for m in found] == expected


@pytest.mark.parametrize(
    ("decided_on", "references"),
    [
        (date(2026, 3, 10), ["BL § 20, stk. 1, og §§ 46–47", "BL § 91, stk. 2"]),
        (date(2023, 12, 31), ["SEL § 50, stk. 1, og §§ 52 og 58", "SEL § 140, stk. 1"]),
    ],
)
def test_placement_missing_preconditions_names_the_paragraphs_of_the_day(decided_on: date, references) -> None:
    found = rules.placement_missing_preconditions(
        kind="residential",
        consent="without_consent",
        decided_on=decided_on,
        investigation_concluded_on=None,
        child_plan_made_on=None,
        urgent_reason="",
    )
    assert [m.rule.reference for m in found] == references
