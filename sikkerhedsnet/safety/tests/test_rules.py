"""Pure rules: table-driven and property tests, no database."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.safety import rules
from sikkerhedsnet.safety.models import Criterion, NeglectCondition, SafetyPlan
from sikkerhedsnet.safety.tests.factories import complete_content

TWO = ["basic_needs_unmet", "intoxicated_adults"]

# (criteria, neglect conditions, repeated) -> (gross_neglect, eligible)
TARGET_GROUP_TABLE = [
    ([], [], False, False, False),
    ([], [], True, False, False),
    ([], ["basic_needs_unmet"], True, False, False),  # boundary: 1 of 6 is not enough
    ([], TWO, True, True, True),  # boundary: 2 of 6, repeated
    ([], TWO, False, False, False),  # 2 of 6 but not repeatedly
    ([], list(rules.NEGLECT_CONDITIONS), False, False, True),  # not gross neglect, but violence is a criterion
    ([], [c for c in rules.NEGLECT_CONDITIONS if c != "violence_or_abuse"], False, False, False),
    ([], list(rules.NEGLECT_CONDITIONS), True, True, True),
    ([], ["basic_needs_unmet", "basic_needs_unmet"], True, False, False),  # the same condition twice is one
    (["danger_to_self"], [], False, False, True),
    (["violence_or_abuse"], ["basic_needs_unmet"], True, False, True),
    (["high_safety_risk", "health_in_danger"], TWO, True, True, True),
    # Issue #15: violence or abuse ticked as a neglect condition is a criterion in itself [ROS]
    ([], ["violence_or_abuse"], False, False, True),  # once, not repeated, alone
    ([], ["violence_or_abuse"], True, False, True),
    ([], ["violence_or_abuse", "basic_needs_unmet"], False, False, True),
    ([], ["violence_or_abuse", "basic_needs_unmet"], True, True, True),
    ([], ["no_school_or_daycare"], True, False, False),  # another single condition still is not enough
]


@pytest.mark.parametrize(("criteria", "conditions", "repeated", "gross", "eligible"), TARGET_GROUP_TABLE)
def test_target_group_table(criteria, conditions, repeated, gross, eligible) -> None:
    result = rules.target_group(criteria, conditions, neglect_repeated=repeated)
    assert (result.gross_neglect, result.eligible) == (gross, eligible)


def test_target_group_unknown_code_raises() -> None:
    with pytest.raises(ValueError, match="unknown codes"):
        rules.target_group(["nope"], [], neglect_repeated=False)


def test_target_group_criteria_met_keep_contract_order() -> None:
    result = rules.target_group(["violence_or_abuse", "high_safety_risk"], [], neglect_repeated=False)
    assert result.criteria_met == ("high_safety_risk", "violence_or_abuse")


def test_target_group_violence_as_a_neglect_sign_counts_as_the_criterion() -> None:
    result = rules.target_group([], ["violence_or_abuse"], neglect_repeated=False)
    assert (result.criteria_met, result.abuse_from_neglect) == (("violence_or_abuse",), True)


@pytest.mark.parametrize(
    ("given_criteria", "recorded"),
    [
        ([], ()),
        (
            ["ordinary_treatment_insufficient", "safety_clearly_at_risk"],
            ("safety_clearly_at_risk", "ordinary_treatment_insufficient"),
        ),
        (list(rules.TARGET_CRITERIA), rules.TARGET_CRITERIA),
    ],
)
def test_target_group_records_the_four_target_criteria_in_order(given_criteria, recorded) -> None:
    result = rules.target_group([], [], neglect_repeated=False, target_criteria=given_criteria)
    assert (result.target_criteria_met, result.eligible) == (recorded, False)  # recorded; eligibility unchanged


def test_target_group_unknown_target_criterion_raises() -> None:
    with pytest.raises(ValueError, match="unknown codes"):
        rules.target_group([], [], neglect_repeated=False, target_criteria=["all_four"])


@given(
    criteria=st.lists(st.sampled_from(rules.CRITERIA)),
    conditions=st.lists(st.sampled_from(rules.NEGLECT_CONDITIONS)),
    repeated=st.booleans(),
)
def test_target_group_matches_the_definition(criteria, conditions, repeated) -> None:
    result = rules.target_group(criteria, conditions, neglect_repeated=repeated)
    assert result.gross_neglect == (repeated and len(set(conditions)) >= 2)
    assert result.eligible == (bool(criteria) or "violence_or_abuse" in conditions or result.gross_neglect)


@given(conditions=st.lists(st.sampled_from(rules.NEGLECT_CONDITIONS)), extra=st.sampled_from(rules.NEGLECT_CONDITIONS))
def test_gross_neglect_is_monotone_in_conditions(conditions, extra) -> None:
    if rules.is_gross_neglect(conditions, repeated=True):
        assert rules.is_gross_neglect([*conditions, extra], repeated=True)


@given(conditions=st.lists(st.sampled_from(rules.NEGLECT_CONDITIONS)))
def test_gross_neglect_never_without_repetition(conditions) -> None:
    assert not rules.is_gross_neglect(conditions, repeated=False)


def test_rule_codes_match_the_model_choices() -> None:
    assert (rules.CRITERIA, rules.NEGLECT_CONDITIONS) == (tuple(Criterion.values), tuple(NeglectCondition.values))
    assert rules.OUTCOMES == tuple(SafetyPlan.Outcome.values)
    assert rules.EXPLANATION_METHODS == tuple(SafetyPlan.ExplanationMethod.values)


# --- safety-plan requirements ---

ALL_REQUIREMENTS = [("minimum", s) for s in rules.MINIMUM_REQUIREMENTS] + [
    ("detailed", s) for s in rules.DETAILED_REQUIREMENTS
]


@pytest.mark.parametrize(("level", "section"), ALL_REQUIREMENTS)
def test_missing_requirements_each_missing_alone_is_named(level, section) -> None:
    content = complete_content(level)
    content.pop(section)
    assert rules.missing_requirements(level, content) == [section]


@pytest.mark.parametrize("level", rules.LEVELS)
def test_missing_requirements_complete_plan_has_none(level) -> None:
    assert rules.missing_requirements(level, complete_content(level)) == []


def test_missing_requirements_empty_detailed_plan_lists_all_in_contract_order() -> None:
    assert rules.missing_requirements("detailed", {}) == [
        "agreements",
        "contacts",
        "network_coordinator",
        "child_explanation",
        "professional_agreements",
        "informed_persons",
        "contingency",
    ]


def test_missing_requirements_minimum_ignores_detailed_sections() -> None:
    assert rules.missing_requirements("minimum", complete_content("minimum") | {"contingency": ""}) == []


@given(removed=st.sets(st.sampled_from(rules.DETAILED_REQUIREMENTS)))
def test_missing_requirements_are_exactly_the_removed_ones_in_order(removed) -> None:
    content = {k: v for k, v in complete_content("detailed").items() if k not in removed}
    assert rules.missing_requirements("detailed", content) == [s for s in rules.DETAILED_REQUIREMENTS if s in removed]


SECTION_TABLE = [
    ("agreements", [{"text": "  ", "responsible": "Mor"}], False),
    ("agreements", [{"text": "Mor ringer hver aften"}], True),
    ("contacts", [{"name": "Mormor", "phone": ""}], False),
    ("contacts", [{"name": "Mormor", "phone": "20000000"}], True),
    ("network_coordinator", {"name": "", "phone": "20000000"}, False),
    ("network_coordinator", {"none_reason": "Familien har intet netværk i byen"}, True),
    ("network_coordinator", {"name": "Mormor"}, True),
    ("child_explanation", {"method": "other", "text": ""}, False),
    ("child_explanation", {"method": "other", "text": "Tegninger"}, True),
    ("child_explanation", {"method": "three_houses"}, True),
    ("child_explanation", {"method": "telepathy"}, False),
    ("informed_persons", [{"name": "", "relation": "Skole"}], False),
    ("contingency", " \n ", False),
    ("contingency", "Ring til mormor", True),
    ("agreements", "not a list", False),
]


@pytest.mark.parametrize(("section", "value", "filled"), SECTION_TABLE)
def test_section_filled_table(section, value, filled) -> None:
    assert rules.section_filled(section, value) is filled


@pytest.mark.parametrize(
    ("status", "mode"),
    [
        ("draft", "in_place"),
        ("active", "new_version"),
        ("superseded", "refused"),
        ("ended", "refused"),
        ("discarded", "refused"),
    ],
)
def test_edit_mode_by_status(status, mode) -> None:
    assert rules.edit_mode(status) == mode


@pytest.mark.parametrize(
    ("level", "approved_on", "review_on"),
    [
        ("minimum", date(2027, 3, 10), date(2027, 4, 10)),
        ("detailed", date(2027, 3, 10), date(2027, 6, 10)),
        ("minimum", date(2027, 1, 31), date(2027, 2, 28)),  # clamped to the month's end
        ("detailed", date(2027, 11, 30), date(2028, 2, 29)),  # leap year
    ],
)
def test_default_review_on(level, approved_on, review_on) -> None:
    assert rules.default_review_on(level, approved_on) == review_on


@pytest.mark.parametrize(
    ("review_on", "allowed"),
    [(date(2027, 3, 9), False), (date(2027, 3, 10), True), (date(2028, 3, 10), True), (date(2028, 3, 11), False)],
)
def test_review_on_allowed_from_today_to_twelve_months(review_on, allowed) -> None:
    assert rules.review_on_allowed(review_on, today=date(2027, 3, 10)) is allowed


# --- scaling ---


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (0, True),
        (10, True),
        (5, True),
        (-1, False),
        (11, False),
        (7.0, False),
        (7.5, False),
        (True, False),
        ("7", False),
        (None, False),
    ],
)
def test_is_valid_score_table(value, valid) -> None:
    assert rules.is_valid_score(value) is valid


@given(st.integers())
def test_is_valid_score_integers(value) -> None:
    assert rules.is_valid_score(value) == (0 <= value <= 10)


def test_series_by_participant_one_line_each_in_date_order() -> None:
    points = [
        rules.ScorePoint(date(2027, 2, 1), "Mette", "Mor", 5),
        rules.ScorePoint(date(2027, 1, 1), "Mette", "Mor", 2),
        rules.ScorePoint(date(2027, 1, 1), "Birte", "Rådgiver", 2),
    ]
    lines = rules.series_by_participant(points)
    assert lines == {
        ("Birte", "Rådgiver"): [(date(2027, 1, 1), 2)],
        ("Mette", "Mor"): [(date(2027, 1, 1), 2), (date(2027, 2, 1), 5)],
    }


@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 10), st.integers(1, 28))))
def test_series_by_participant_keeps_every_score(raw) -> None:
    points = [rules.ScorePoint(date(2027, 1, d), name, "Mor", s) for name, s, d in raw]
    assert sum(len(v) for v in rules.series_by_participant(points).values()) == len(points)


# --- mapping ---


def test_column_of_each_category() -> None:
    assert [rules.column_of(c) for c in ("past_harm", "strengths", "goals", "agreement")] == [
        "worries",
        "working_well",
        "needs_to_happen",
        "agreements",
    ]


def test_column_of_unknown_category_raises() -> None:
    with pytest.raises(ValueError):
        rules.column_of("gossip")


def test_mark_changes_ignores_case_and_spacing() -> None:
    before, after = rules.mark_changes(["Mor drikker", "Far er væk"], ["mor  drikker", "Mormor hjælper"])
    assert [m.changed for m in before] == [False, True]
    assert [m.changed for m in after] == [False, True]


# --- outcomes ---


def test_count_outcomes_counts_each_child_once_by_latest_plan() -> None:
    counts = rules.count_outcomes(
        [
            rules.EndedPlan(1, date(2027, 1, 1), "placed_voluntary"),
            rules.EndedPlan(1, date(2027, 5, 1), "returned_home"),
            rules.EndedPlan(2, date(2027, 2, 1), "placed_voluntary", compulsory_became_voluntary=True),
        ]
    )
    assert counts.children == 2
    assert (counts.by_outcome["returned_home"], counts.by_outcome["placed_voluntary"]) == (1, 1)
    assert counts.compulsory_became_voluntary == 1


def test_count_outcomes_unknown_outcome_raises() -> None:
    with pytest.raises(ValueError):
        rules.count_outcomes([rules.EndedPlan(1, date(2027, 1, 1), "vanished")])


@given(
    st.lists(
        st.builds(
            rules.EndedPlan,
            child_id=st.integers(1, 20),
            ended_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
            outcome=st.sampled_from(rules.OUTCOMES),
            compulsory_became_voluntary=st.booleans(),
        )
    )
)
def test_count_outcomes_add_up_to_the_number_of_children(plans) -> None:
    counts = rules.count_outcomes(plans)
    assert sum(counts.by_outcome.values()) == counts.children == len({p.child_id for p in plans})
    assert counts.compulsory_became_voluntary <= counts.by_outcome["placed_voluntary"]
