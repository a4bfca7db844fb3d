"""Pure rules about measures, placements and the staircase (indsatstrappe). No ORM, no clock.

Placement types follow Barnets lov § 43 (before 2024 Serviceloven § 66), see docs/domain.md §8.3; each
maps onto one of the four measure kinds that the follow-up policies and the API use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sikkerhedsnet.core.calendar import add_months
from sikkerhedsnet.core.legal import (
    BARNETS_LOV_IN_FORCE,
    CHILD_PLAN,
    PLACEMENT_NEEDS_INVESTIGATION,
    PLACEMENT_WITHOUT_CONSENT_NEEDS_PLAN,
    MissingPrecondition,
    missing,
    rule_for,
)

YOUNG_PERSON_CONSENT_AGE = 15  # BL § 46: a young person aged 15 or over must consent too
STEPS = (1, 2, 3, 4, 5)
CATEGORIES = ("1", "2", "3", "4a", "4b")  # Børnelinealen (Kolding)

# The Kolding staircase (domain.md §3.8): which Børnelineal categories sit on which step. They overlap.
CATEGORIES_BY_STEP: dict[int, tuple[str, ...]] = {
    1: ("1", "2"),
    2: ("3", "4a"),
    3: ("4a", "4b"),
    4: ("4b",),
    5: ("4b",),
}
DEFAULT_STEP_BY_KIND = {"preventive": 2, "network_foster_family": 3, "foster_family": 4, "residential": 5}


@dataclass(frozen=True)
class PlacementTypeRule:
    kind: str
    valid_from: date | None = None
    valid_to: date | None = None
    committee_required: bool = False  # decided by the børne- og ungeudvalg whatever the consent


# Own room and boarding school map to `foster_family`: they sit on step 4 with family care on the Kolding
# staircase (boarding school even on step 2 as a home-based measure), so the lighter placement cadence fits.
PLACEMENT_TYPES: dict[str, PlacementTypeRule] = {
    "general_foster_family": PlacementTypeRule("foster_family"),
    "reinforced_foster_family": PlacementTypeRule("foster_family"),
    "specialised_foster_family": PlacementTypeRule("foster_family"),
    "network_foster_family": PlacementTypeRule("network_foster_family"),
    "children_home": PlacementTypeRule("residential", valid_from=BARNETS_LOV_IN_FORCE),
    "residential_home_pre2024": PlacementTypeRule("residential", valid_to=date(2023, 12, 31)),
    "residential_institution_pre2024": PlacementTypeRule("residential", valid_to=date(2023, 12, 31)),
    "secure_unit": PlacementTypeRule("residential", committee_required=True),
    "own_room": PlacementTypeRule("foster_family"),
    "boarding_school": PlacementTypeRule("foster_family"),
}


def kind_for_placement_type(placement_type: str) -> str:
    return PLACEMENT_TYPES[placement_type].kind


def placement_types_for_kind(kind: str) -> list[str]:
    return [code for code, rule in PLACEMENT_TYPES.items() if rule.kind == kind]


def placement_type_valid_on(placement_type: str, day: date) -> bool:
    """Opholdssted/døgninstitution before 2024; børne- og ungehjem from 2024 (Barnets lov)."""
    rule = PLACEMENT_TYPES[placement_type]
    return (rule.valid_from is None or day >= rule.valid_from) and (rule.valid_to is None or day <= rule.valid_to)


def is_placement(kind: str) -> bool:
    return kind != "preventive"


def young_person_must_consent(age_on_decision: int) -> bool:
    return age_on_decision >= YOUNG_PERSON_CONSENT_AGE


def staircase_direction(from_step: int | None, to_step: int | None) -> str:
    """'enter' (first step), 'leave' (no measure left), 'up', 'down' or 'same'."""
    if from_step is None:
        return "enter" if to_step is not None else "same"
    if to_step is None:
        return "leave"
    return "up" if to_step > from_step else "down" if to_step < from_step else "same"


def needs_reason(from_step: int | None, to_step: int | None) -> bool:
    """Moving up the staircase must be justified (the least intrusive measure comes first)."""
    return staircase_direction(from_step, to_step) == "up"


def law_on(day: date) -> str:
    """Which law governs a decision on this day: 'barnets_lov' from 2024, 'serviceloven' before."""
    return "barnets_lov" if day >= BARNETS_LOV_IN_FORCE else "serviceloven"


def legal_basis_purpose(*, kind: str, consent: str) -> str:
    """Which kind of legal basis a decision needs: support, placement with or without consent."""
    if not is_placement(kind):
        return "support"
    return "placement_without_consent" if consent == "without_consent" else "placement_with_consent"


def child_plan_due_on(decision_on: date, *, placement_without_consent: bool, urgent: bool = False) -> date:
    """Barnets plan: within 3 months of a placement decision; before the decision without consent.

    Before 2024 (SEL § 140) the handleplan had to exist before any decision; only an urgent decision allowed
    the plan to follow within 4 months.
    """
    rule = rule_for(CHILD_PLAN, on=decision_on)
    if placement_without_consent:
        return decision_on
    if decision_on < BARNETS_LOV_IN_FORCE and not urgent:
        return decision_on
    return add_months(decision_on, rule.amount)


def placement_missing_preconditions(
    *,
    kind: str,
    consent: str,
    decided_on: date,
    investigation_concluded_on: date | None,
    child_plan_made_on: date | None,
    urgent_reason: str,
) -> list[MissingPrecondition]:
    """What the law requires before a placement may be decided (empty when nothing is missing).

    A placement rests on a child investigation concluded on or before the decision (BL § 20 stk. 1, §§ 46–47), and
    one without consent also on barnets plan made on or before it (§ 91 stk. 2; before 2024 SEL § 140). The urgent
    route (an acute placement beside the investigation, § 46; a foreløbig afgørelse, § 143) is the exception, and
    only when its reason is written down: the investigation and the plan then follow within their deadlines.
    """
    if not is_placement(kind) or urgent_reason.strip():
        return []
    found = []
    if investigation_concluded_on is None or investigation_concluded_on > decided_on:
        found.append(missing(PLACEMENT_NEEDS_INVESTIGATION, on=decided_on, field="urgent_reason"))
    if consent == "without_consent" and (child_plan_made_on is None or child_plan_made_on > decided_on):
        found.append(missing(PLACEMENT_WITHOUT_CONSENT_NEEDS_PLAN, on=decided_on, field="consent"))
    return found
