"""API: the followup app (docs/api-contract.md): the policies and their schedules."""

from __future__ import annotations

from datetime import date

from ninja import Query, Router, Schema

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.followup.policies import (
    MAX_COUNT,
    MEASURE_KINDS,
    POLICIES,
    Cadence,
    Policy,
    UnknownPolicy,
    get_policy,
    schedule,
)

router = Router(tags=["followup"])
# 500 dates of the slowest cadence reach 250 years ahead; this keeps every computed date a valid date.
EARLIEST_START, LATEST_START = validation.EARLIEST, validation.LATEST
START_QUERY = Query(..., description="The measure's start date; with ongoing=true the policy's adoption date")


class UnknownPolicyError(DomainError):
    status = 404
    code = "unknown_policy"


class SpanOut(Schema):
    value: int
    unit: str


class PhaseOut(Schema):
    every: SpanOut
    until: SpanOut | None
    set_by_caseworker: bool


class MilestoneRuleOut(Schema):
    kind: str
    after: SpanOut


class CadenceOut(Schema):
    phases: list[PhaseOut]
    milestones: list[MilestoneRuleOut]


class PolicyOut(Schema):
    code: str
    name: str
    short_name: str
    description: str
    legal_reference: str
    caseworker_sets_cadence: bool
    cadences: dict[str, CadenceOut]
    ongoing: dict[str, CadenceOut]


class MilestoneOut(Schema):
    date: date
    kind: str


class ScheduleOut(Schema):
    policy: str
    measure_kind: str
    start: date
    ongoing: bool
    dates: list[date]
    milestones: list[MilestoneOut]


def _span(span: object) -> dict[str, object]:
    return {"value": span.value, "unit": span.unit}  # type: ignore[attr-defined]


def _cadence(cadence: Cadence) -> dict[str, object]:
    return {
        "phases": [
            {
                "every": _span(p.every),
                "until": _span(p.until) if p.until else None,
                "set_by_caseworker": p.set_by_caseworker,
            }
            for p in cadence.phases
        ],
        "milestones": [{"kind": m.kind, "after": _span(m.after)} for m in cadence.milestones],
    }


def policy_out(policy: Policy) -> dict[str, object]:
    return {
        "code": policy.code,
        "name": str(policy.name),
        "short_name": str(policy.short_name),
        "description": str(policy.description),
        "legal_reference": policy.legal_reference,
        "caseworker_sets_cadence": policy.caseworker_sets_cadence,
        "cadences": {kind: _cadence(c) for kind, c in policy.cadences.items()},
        "ongoing": {kind: _cadence(c) for kind, c in policy.ongoing.items()},
    }


@router.get("/followup-policies", response={200: list[PolicyOut]})
def list_policies(request: AuthenticatedHttpRequest) -> list[dict[str, object]]:
    """The follow-up policies a municipality can choose (at least `legal`, `kolding`, `swedish`)."""
    return [policy_out(p) for p in POLICIES.values()]


@router.get("/followup-policies/{code}", response={200: PolicyOut, 404: Error})
def get_policy_detail(request: AuthenticatedHttpRequest, code: str) -> dict[str, object]:
    try:
        return policy_out(get_policy(code))
    except UnknownPolicy as exc:
        raise UnknownPolicyError(f"Unknown follow-up policy {code!r}.", field="code") from exc


@router.get("/followup-policies/{code}/schedule", response={200: ScheduleOut, 404: Error, 422: Error})
def policy_schedule(
    request: AuthenticatedHttpRequest,
    code: str,
    measure_kind: str = Query(
        ..., max_length=40, description="foster_family | network_foster_family | residential | preventive"
    ),
    start: date = START_QUERY,
    count: int = Query(12, ge=1, le=MAX_COUNT),
    ongoing: bool = Query(False),
) -> dict[str, object]:
    """The first `count` follow-up dates (1–500) and the milestones of a measure under a policy."""
    try:
        policy = get_policy(code)
    except UnknownPolicy as exc:
        raise UnknownPolicyError(f"Unknown follow-up policy {code!r}.", field="code") from exc
    if measure_kind not in MEASURE_KINDS:
        raise DomainError(
            f"Unknown measure kind; use one of {', '.join(MEASURE_KINDS)}.",
            field="measure_kind",
            code="unknown_measure_kind",
        )
    validation.plausible_date(start, field="start", earliest=EARLIEST_START, latest=LATEST_START)
    result = schedule(policy, measure_kind=measure_kind, start=start, count=count, ongoing=ongoing)
    return {
        "policy": policy.code,
        "measure_kind": measure_kind,
        "start": start,
        "ongoing": ongoing,
        "dates": list(result.dates),
        "milestones": [{"date": m.on, "kind": m.kind} for m in result.milestones],
    }
