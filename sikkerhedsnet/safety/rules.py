"""Signs of Safety rules as pure functions: no ORM, no clock, no settings (the caller passes `today`).

Background: docs/domain.md §2 (the practice framework) and §9 (the product decisions).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeGuard

from sikkerhedsnet.core.calendar import add_months

# --- Target group (domain.md §2.3, Roskilde) -------------------------------------------------------------

# The situations that on their own put a child in the target group for a safety plan.
CRITERIA: tuple[str, ...] = ("high_safety_risk", "danger_to_self", "health_in_danger", "violence_or_abuse")
# The six conditions of gross and repeated neglect (the fifth situation).
NEGLECT_CONDITIONS: tuple[str, ...] = (
    "basic_needs_unmet",
    "violence_or_abuse",
    "no_school_or_daycare",
    "no_emotional_closeness",
    "age_inappropriate_demands",
    "intoxicated_adults",
)
GROSS_NEGLECT_MIN_CONDITIONS = 2  # "gentagne gange mindst 2 af de 6 forhold" [ROS]
# Violence or sexual abuse is both a neglect condition and a situation of its own [ROS]: ticked as a neglect
# condition it still puts the child in the target group on its own (issue #15).
VIOLENCE_OR_ABUSE = "violence_or_abuse"
# The four target-group criteria on Roskilde's slide (domain.md §2.3). Recorded with every screening; whether all
# four must hold is an open question (§7), so they inform the caseworker's judgement but do not decide eligibility,
# which follows the five situations (§9).
TARGET_CRITERIA: tuple[str, ...] = (
    "safety_clearly_at_risk",
    "serious_harm_without_treatment",
    "parents_need_massive_support",
    "ordinary_treatment_insufficient",
)


@dataclass(frozen=True)
class TargetGroupResult:
    gross_neglect: bool
    eligible: bool
    criteria_met: tuple[str, ...]  # in CRITERIA order
    neglect_count: int  # distinct neglect conditions ticked
    neglect_repeated: bool
    target_criteria_met: tuple[str, ...] = ()  # in TARGET_CRITERIA order
    abuse_from_neglect: bool = False  # violence or abuse met only through the neglect list


def is_gross_neglect(conditions: Collection[str], *, repeated: bool) -> bool:
    """Gross and repeated neglect: the conditions occur repeatedly AND at least 2 of the 6 are present."""
    return repeated and len(set(conditions)) >= GROSS_NEGLECT_MIN_CONDITIONS


def target_group(
    criteria: Collection[str],
    neglect_conditions: Collection[str],
    *,
    neglect_repeated: bool,
    target_criteria: Collection[str] = (),
) -> TargetGroupResult:
    """Is the child in the target group? Any one of the four situations, or gross and repeated neglect.

    Violence or sexual abuse counts as its situation also when it is ticked among the neglect conditions, once and
    without being repeated: the Roskilde criteria list it as a criterion in itself. Unknown codes raise ValueError
    (the API answers 422 before this is reached).
    """
    unknown = (
        (set(criteria) - set(CRITERIA))
        | (set(neglect_conditions) - set(NEGLECT_CONDITIONS))
        | (set(target_criteria) - set(TARGET_CRITERIA))
    )
    if unknown:
        raise ValueError(f"unknown codes: {sorted(unknown)}")
    gross = is_gross_neglect(neglect_conditions, repeated=neglect_repeated)
    given = set(criteria)
    abuse_from_neglect = VIOLENCE_OR_ABUSE in set(neglect_conditions) and VIOLENCE_OR_ABUSE not in given
    if abuse_from_neglect:
        given.add(VIOLENCE_OR_ABUSE)
    met = tuple(c for c in CRITERIA if c in given)
    return TargetGroupResult(
        gross_neglect=gross,
        eligible=bool(met) or gross,
        criteria_met=met,
        neglect_count=len(set(neglect_conditions)),
        neglect_repeated=neglect_repeated,
        target_criteria_met=tuple(c for c in TARGET_CRITERIA if c in set(target_criteria)),
        abuse_from_neglect=abuse_from_neglect,
    )


# --- Mapping (kortlægning, domain.md §2.5) ---------------------------------------------------------------

# The three columns and the agreements row, each with its categories, in the order shown on the form.
MAPPING_COLUMNS: dict[str, tuple[str, ...]] = {
    "worries": ("past_harm", "future_danger", "complicating_factors"),
    "working_well": ("strengths", "existing_safety"),
    "needs_to_happen": ("future_safety", "goals", "next_steps"),
    "agreements": ("agreement",),
}
MAPPING_CATEGORIES: tuple[str, ...] = tuple(c for cats in MAPPING_COLUMNS.values() for c in cats)


def column_of(category: str) -> str:
    """The column a mapping category belongs to."""
    for column, categories in MAPPING_COLUMNS.items():
        if category in categories:
            return column
    raise ValueError(f"unknown mapping category: {category!r}")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Marked:
    text: str
    changed: bool  # in the left list: not in the right one (dropped); in the right list: new


def mark_changes(before: Sequence[str], after: Sequence[str]) -> tuple[list[Marked], list[Marked]]:
    """Compare two lists of texts (case and spacing ignored): what was dropped, what is new."""
    before_keys, after_keys = {_norm(t) for t in before}, {_norm(t) for t in after}
    return (
        [Marked(t, _norm(t) not in after_keys) for t in before],
        [Marked(t, _norm(t) not in before_keys) for t in after],
    )


# --- Scaling (skalering, domain.md §9) ---------------------------------------------------------------------

SCORE_MIN, SCORE_MAX = 0, 10


def is_valid_score(value: object) -> TypeGuard[int]:
    """An integer 0–10. Booleans and floats (even 7.0) are not scores."""
    return isinstance(value, int) and not isinstance(value, bool) and SCORE_MIN <= value <= SCORE_MAX


@dataclass(frozen=True)
class ScorePoint:
    scored_on: date
    participant: str
    role: str
    score: int


def series_by_participant(points: Iterable[ScorePoint]) -> dict[tuple[str, str], list[tuple[date, int]]]:
    """One line per participant (name and role), its points in date order. Nobody is averaged away."""
    lines: dict[tuple[str, str], list[tuple[date, int]]] = {}
    for p in sorted(points, key=lambda p: (p.scored_on, p.participant.casefold(), p.role)):
        lines.setdefault((p.participant, p.role), []).append((p.scored_on, p.score))
    return lines


# --- Safety plans (sikkerhedsplaner, domain.md §2.10 and §9; contract §Safety plans) ----------------------

LEVELS: tuple[str, ...] = ("minimum", "detailed")
EXPLANATION_METHODS: tuple[str, ...] = ("words_and_pictures", "three_houses", "conversation", "other")
# The contract's order: the approval answer lists what is missing in exactly this order.
MINIMUM_REQUIREMENTS: tuple[str, ...] = ("agreements", "contacts", "network_coordinator", "child_explanation")
DETAILED_REQUIREMENTS: tuple[str, ...] = MINIMUM_REQUIREMENTS + (
    "professional_agreements",
    "informed_persons",
    "contingency",
)
# A minimum plan is what must hold now, so it is reviewed soon; a detailed plan less often.
REVIEW_MONTHS = {"minimum": 1, "detailed": 3}
MAX_REVIEW_MONTHS = 12


def _blank(value: Any) -> bool:
    return not isinstance(value, str) or not value.strip()


def _any_item(items: Any, *keys: str) -> bool:
    if not isinstance(items, list):
        return False
    return any(isinstance(item, Mapping) and all(not _blank(item.get(k)) for k in keys) for item in items)


def section_filled(section: str, value: Any) -> bool:
    """Whether one section of a plan meets its requirement."""
    if section in ("agreements", "professional_agreements"):
        return _any_item(value, "text")
    if section == "contacts":
        return _any_item(value, "name", "phone")  # a contact list is for calling: a name and a number
    if section == "informed_persons":
        return _any_item(value, "name")
    if section == "network_coordinator":
        return isinstance(value, Mapping) and (not _blank(value.get("name")) or not _blank(value.get("none_reason")))
    if section == "child_explanation":
        if not isinstance(value, Mapping) or value.get("method") not in EXPLANATION_METHODS:
            return False
        return value["method"] != "other" or not _blank(value.get("text"))  # "other" must say what
    if section == "contingency":
        return not _blank(value)
    raise ValueError(f"unknown section: {section!r}")


def requirements_for(level: str) -> tuple[str, ...]:
    if level == "minimum":
        return MINIMUM_REQUIREMENTS
    if level == "detailed":
        return DETAILED_REQUIREMENTS
    raise ValueError(f"unknown level: {level!r}")


def missing_requirements(level: str, content: Mapping[str, Any]) -> list[str]:
    """The requirements of the level that the plan does not meet, in the contract's order."""
    return [section for section in requirements_for(level) if not section_filled(section, content.get(section))]


EditMode = Literal["in_place", "new_version", "refused"]


def edit_mode(status: str) -> EditMode:
    """A draft is edited in place; an active plan is revised as a new version; anything else is history."""
    if status == "draft":
        return "in_place"
    if status == "active":
        return "new_version"
    return "refused"


def default_review_on(level: str, approved_on: date, *, months: int | None = None) -> date:
    """The review date proposed when a plan is approved: `months` after it (the municipality's setting in force,
    accounts.municipal_settings), or the practice default for the level."""
    return add_months(approved_on, months or REVIEW_MONTHS[level])


def review_on_allowed(review_on: date, *, today: date) -> bool:
    """A review date lies from today up to twelve months ahead."""
    return today <= review_on <= add_months(today, MAX_REVIEW_MONTHS)


# --- Outcomes (domain.md §5.2/§5.3, features §6.15) -------------------------------------------------------

OUTCOMES: tuple[str, ...] = (
    "stayed_home_avoided_foster_care",
    "stayed_home_avoided_institution",
    "returned_home",
    "moved_municipality",
    "placed_voluntary",
    "placed_compulsory",
    "other",
)


@dataclass(frozen=True)
class EndedPlan:
    child_id: int
    ended_on: date
    outcome: str
    compulsory_became_voluntary: bool = False


@dataclass(frozen=True)
class OutcomeCounts:
    """Children counted once each (by the latest ended plan in the period); by_outcome sums to children."""

    children: int
    by_outcome: dict[str, int]
    compulsory_became_voluntary: int  # a subset of placed_voluntary, not an extra category


def count_outcomes(ended: Iterable[EndedPlan]) -> OutcomeCounts:
    """Count children by the outcome of their latest ended safety plan (a child counts once)."""
    latest: dict[int, EndedPlan] = {}
    for plan in ended:
        if plan.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome: {plan.outcome!r}")
        known = latest.get(plan.child_id)
        if known is None or plan.ended_on >= known.ended_on:
            latest[plan.child_id] = plan
    by_outcome = dict.fromkeys(OUTCOMES, 0)
    for plan in latest.values():
        by_outcome[plan.outcome] += 1
    flagged = sum(1 for p in latest.values() if p.outcome == "placed_voluntary" and p.compulsory_became_voluntary)
    return OutcomeCounts(children=len(latest), by_outcome=by_outcome, compulsory_became_voluntary=flagged)
