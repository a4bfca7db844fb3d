"""Who may see and do what in the reports app. Each rule lives here once.

Reports are aggregates: analysts see only suppressed figures and never a child; the department's leaders
(team leader, head) see exact figures. Records about a child (FIT, questionnaire) go through the child's own
need-to-know getter, never through these rules.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sikkerhedsnet.accounts.models import CASE_ROLES, Role, User

REPORT_ROLES = frozenset({Role.ANALYST, Role.HEAD, Role.TEAM_LEADER})
BUSINESS_CASE_EDITORS = frozenset({Role.ANALYST, Role.HEAD})
EVALUATION_MANAGERS = frozenset({Role.HEAD})
EARLY_INTERVENTION_RECORDERS = CASE_ROLES  # the staff who give the advice log it (no child is identified)
EARLY_INTERVENTION_MANAGERS = frozenset({Role.HEAD})
# The self-audit names cases (its drill-down): the department's leaders only, never the analyst.
COMPLIANCE_ROLES = frozenset({Role.HEAD, Role.TEAM_LEADER})


def require(user: User, roles: frozenset[str]) -> None:
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied


def is_suppressed_for(user: User) -> bool:
    """Analysts see suppressed figures only; figures leaving the department are always suppressed."""
    return user.role == Role.ANALYST


def municipality_id_of(user: User) -> int | None:
    if user.municipality_id:
        return user.municipality_id
    if user.team is not None:
        return user.team.department.municipality_id
    return None
