"""Pure rules about who may change a case. No database, no clock: callers pass plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Role codes (accounts.Role values); kept as strings so the rules stay free of the ORM.
CASEWORKER, SOS_CONSULTANT, TEAM_LEADER, HEAD = "caseworker", "sos_consultant", "team_leader", "head"
ASSIGNABLE_ROLES = frozenset({CASEWORKER, SOS_CONSULTANT})


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str
    team_id: int | None
    municipality_id: int | None


@dataclass(frozen=True)
class CaseFacts:
    team_id: int
    municipality_id: int
    caseworker_id: int | None


def may_assign_case(actor: Actor, case: CaseFacts) -> bool:
    """Fordeling: the team leader of the case's team, or the head of the municipality."""
    if actor.role == HEAD:
        return actor.municipality_id == case.municipality_id
    return actor.role == TEAM_LEADER and actor.team_id == case.team_id


def may_close_case(actor: Actor, case: CaseFacts) -> bool:
    """Close or reopen: whoever may assign it, and the case's own caseworker."""
    if may_assign_case(actor, case):
        return True
    return actor.role in ASSIGNABLE_ROLES and case.caseworker_id == actor.user_id and actor.team_id == case.team_id


def may_take_case(actor: Actor, case: CaseFacts) -> bool:
    """A caseworker or consultant may take an unassigned case of their own team (e.g. from the intake queue)."""
    return actor.role in ASSIGNABLE_ROLES and actor.team_id == case.team_id and case.caseworker_id is None


# The role that holds statutory cases (domain.md §3.2, caseload targets per rådgiver). Safety consultants may be
# assigned a case for safety-plan work, but they are not part of the caseload the municipality's target measures
# (followup.selectors.caseload_suggestions says the same when it distributes new cases).
CASE_HOLDING_ROLES = frozenset({CASEWORKER})


def caseload_average(loads: Iterable[tuple[str, int]]) -> float | None:
    """The team's average caseload: open cases per member whose role holds cases, one decimal; None without one."""
    counted = [open_cases for role, open_cases in loads if role in CASE_HOLDING_ROLES]
    return round(sum(counted) / len(counted), 1) if counted else None


# --- One person, one case file (issue #14 item 3) -------------------------------------------------------------

CPR_LENGTH = 10
_DIGITS = "0123456789"


def cpr_near_variants(digits: str) -> frozenset[str]:
    """Every CPR one typing slip away: one digit substituted (10 x 9) or two adjacent digits swapped (at most 9).

    The caller looks the variants up with one `IN` query instead of comparing with every child. A CPR is never its
    own variant (swapping two equal digits gives the same number and is left out).
    """
    if len(digits) != CPR_LENGTH or any(c not in _DIGITS for c in digits):
        return frozenset()
    variants: set[str] = set()
    for i, old in enumerate(digits):
        for new in _DIGITS:
            if new != old:
                variants.add(digits[:i] + new + digits[i + 1 :])
    for i in range(CPR_LENGTH - 1):
        if digits[i] != digits[i + 1]:
            variants.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
    return frozenset(variants)


def is_cpr_near_match(a: str, b: str) -> bool:
    """True when two CPRs differ by one substituted digit or by two swapped adjacent digits (symmetric)."""
    if len(a) != CPR_LENGTH or len(b) != CPR_LENGTH or a == b:
        return False
    differing = [i for i in range(CPR_LENGTH) if a[i] != b[i]]
    if len(differing) == 1:
        return True
    if len(differing) == 2:  # a transposition touches exactly two positions
        i, j = differing
        return j == i + 1 and a[i] == b[j] and a[j] == b[i]
    return False
