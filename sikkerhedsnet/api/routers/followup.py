"""API: the followup app (docs/api-contract.md): the policies and their schedules; recording a held follow-up
meeting (opfølgning) on a measure and reading follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StrictBool

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.children.access import child_for_api, object_for_api
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.followup import selectors, services
from sikkerhedsnet.followup.models import FollowUp
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
from sikkerhedsnet.measures.selectors import measure_queryset

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


# Before /followup-policies/{code}: Django takes the first URL pattern that matches.
class AdoptIn(Schema):
    code: str = Field(..., max_length=40, description="The policy to adopt: legal | kolding | swedish")
    from_: date = Field(..., alias="from", description="The day it applies from: today or later (not in the past)")


class AdoptOut(Schema):
    code: str
    from_: date = Field(..., alias="from")

    model_config = {"populate_by_name": True}


@router.put(
    "/followup-policies/adopted",
    response={200: AdoptOut, 403: Error, 404: Error, 409: Error, 422: Error},
    by_alias=True,
    summary="Adopt a follow-up policy for the user's municipality from a date",
)
def adopt_policy(request: AuthenticatedHttpRequest, payload: AdoptIn) -> dict[str, object]:
    """Roles `head` and `admin`: the user's municipality adopts policy `code` from `from` (today or later). Existing
    measures keep every statutory limit: no first follow-up moves past 3 months after the measure's start (a
    change may shorten, never lengthen, a limit). Adopting the policy already in force on that day answers 200
    and changes nothing."""
    user = request.user
    if not selectors.can_edit_settings(user):
        raise PermissionDenied
    try:
        get_policy(payload.code)
    except UnknownPolicy as exc:
        raise UnknownPolicyError(f"Unknown follow-up policy {payload.code!r}.", field="code") from exc
    validation.plausible_date(payload.from_, field="from", earliest=EARLIEST_START, latest=LATEST_START)
    municipality = own_municipality(user)
    try:
        services.followup_policy_adopt(
            by=user,
            municipality=municipality,
            policy_code=payload.code,
            expected_token=selectors.policy_token(municipality.pk),
            effective_from=payload.from_,
        )
    except DomainError as exc:
        if exc.code != "unchanged":
            exc.field = {"effective_from": "from", "policy_code": "code"}.get(exc.field or "", exc.field)
            raise
    return {"code": payload.code, "from": payload.from_}


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


# --- Held follow-ups (opfølgninger) ---------------------------------------------------------------------------
# The same service as the page "Registrér opfølgning" (followup.services.followup_hold), and the measure and the
# follow-up through children.access.object_for_api: 404 for a child out of sight, the read logged.

MAX_ID = 2**63 - 1
PathId = Path(..., ge=1, le=MAX_ID)
EARLIEST_MEETING, LATEST_MEETING = validation.EARLIEST, validation.LATEST

API_FIELDS = {"due_on": "due_date", "held_on": "held_date", "end_on": "end_date"}
Method = Literal["ics", "family_group_conference", "tbs", "tus"]
Participant = Literal["child", "parents", "network", "foster_family", "school", "professionals"]
Decision = Literal["continue", "adjust", "step_down", "step_up", "end"]


class GoalReviewIn(Schema):
    goal_id: int = Field(..., ge=1, le=MAX_ID, description="An open goal of the child's action plan")
    attainment: int = Field(..., ge=0, le=3, description="0 not started, 1 some progress, 2 well on the way, 3 done")
    note: str = Field("", max_length=500)


class FollowUpHoldIn(Schema):
    measure_version: int = Field(
        ..., ge=0, le=MAX_ID, description="The measure's `version` you read; a stale value answers 409 stale_edit"
    )
    policy_token: int | None = Field(
        None,
        ge=0,
        le=MAX_ID,
        description="The `followup_policy_token` you read the planned dates under; a stale one answers 409 "
        "stale_edit (omitted: the current one)",
    )
    due_date: date = Field(..., description="The planned date this meeting answers to (an open one of the measure)")
    held_date: date = Field(..., description="When the meeting was held; not in the future")
    method: Method
    participants: list[Participant] = Field(default_factory=list, max_length=6)
    participants_other: str = Field("", max_length=300)
    child_heard: StrictBool = True
    child_not_heard_reason: str = Field("", max_length=2000, description="Required when child_heard is false")
    parents_heard: StrictBool = True
    summary: str = Field("", max_length=8000)
    decision: Decision = "continue"
    decision_reason: str = Field("", max_length=4000, description="Required to adjust, end or step up")
    new_step: int | None = Field(None, ge=1, le=5, description="The new staircase step for step_up / step_down")
    end_date: date | None = Field(None, description="For decision end; default: the held date")
    goal_reviews: list[GoalReviewIn] = Field(default_factory=list, max_length=50)
    next_every_months: int | None = Field(
        None, ge=1, le=24, description="At the first follow-up under the legal policy: the cadence from now on"
    )
    cadence_reason: str = Field("", max_length=2000, description="Required with next_every_months")


class GoalReviewOut(Schema):
    goal_id: int
    goal: str
    attainment: int
    note: str


class FollowUpOut(Schema):
    id: int
    measure_id: int
    child_id: int
    due_date: date
    policy: str
    held_date: date
    method: str
    participants: list[str]
    participants_other: str
    child_heard: bool
    child_not_heard_reason: str
    parents_heard: bool
    summary: str
    decision: str
    decision_reason: str
    new_step: int | None
    goal_reviews: list[GoalReviewOut]
    created_at: datetime
    version: int


class FollowUpList(Schema):
    items: list[FollowUpOut]
    count: int


def followup_out(f: FollowUp) -> dict[str, object]:
    return {
        "id": f.pk,
        "measure_id": f.measure_id,
        "child_id": f.child_id,
        "due_date": f.due_on,
        "policy": f.policy_code,
        "held_date": f.held_on,
        "method": f.method,
        "participants": list(f.participants or []),
        "participants_other": f.participants_other,
        "child_heard": f.child_heard,
        "child_not_heard_reason": f.child_not_heard_reason,
        "parents_heard": f.parents_heard,
        "summary": f.summary,
        "decision": f.decision,
        "decision_reason": f.decision_reason,
        "new_step": f.new_step,
        "goal_reviews": [
            {"goal_id": r.goal_id, "goal": r.goal.text, "attainment": r.attainment, "note": r.note}
            for r in sorted(f.goal_reviews.all(), key=lambda r: (r.goal.for_whom, r.goal_id))
        ],
        "created_at": timezone.localtime(f.created_at),
        "version": f.version,
    }


@router.get("/followups/{followup_id}", response={200: FollowUpOut, 403: Error, 404: Error, 422: Error})
def get_followup(request: AuthenticatedHttpRequest, followup_id: int = PathId) -> dict[str, object]:
    """A held follow-up meeting with its goal attainment and decision (an audited read of the child)."""
    follow_up = object_for_api(request, selectors.follow_up_queryset(), followup_id, purpose="followup")
    return followup_out(follow_up)


@router.get("/children/{child_id}/followups", response={200: FollowUpList, 403: Error, 404: Error, 422: Error})
def list_child_followups(request: AuthenticatedHttpRequest, child_id: int = PathId) -> dict[str, object]:
    """The child's held follow-ups, newest first (the planned ones are on each measure: GET /measures/{id})."""
    child = child_for_api(request, child_id, purpose="followup")
    items = [followup_out(f) for f in selectors.followups_of_child(child.pk)]
    return {"items": items, "count": len(items)}


@router.post(
    "/measures/{measure_id}/followups",
    response={201: FollowUpOut, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Record a held follow-up meeting on a measure",
)
def hold_followup(request: AuthenticatedHttpRequest, payload: FollowUpHoldIn, measure_id: int = PathId) -> Status:
    """Record the meeting held for one of the measure's open planned dates: participants, the child heard, goal
    attainment and the decision, which is carried out (a step up or down is recorded on the staircase, `end`
    ends the measure). A date already held answers 409 `already_held`; a stale `measure_version` or
    `policy_token` 409 `stale_edit`."""
    for field in ("due_date", "held_date", "end_date"):
        validation.plausible_date(
            getattr(payload, field), field=field, earliest=EARLIEST_MEETING, latest=LATEST_MEETING
        )
    measure = object_for_api(request, measure_queryset(), measure_id, purpose="followup_hold")
    token = payload.policy_token
    if token is None:
        token = selectors.policy_token(selectors.municipality_id_of_measure(measure))
    held = services.HeldFollowUp(
        due_on=payload.due_date,
        held_on=payload.held_date,
        method=payload.method,
        decision=payload.decision,
        participants=list(payload.participants),
        participants_other=payload.participants_other,
        child_heard=payload.child_heard,
        child_not_heard_reason=payload.child_not_heard_reason,
        parents_heard=payload.parents_heard,
        summary=payload.summary,
        decision_reason=payload.decision_reason,
        new_step=payload.new_step,
        end_on=payload.end_date,
        goal_reviews=[(r.goal_id, r.attainment, r.note) for r in payload.goal_reviews],
        next_every_months=payload.next_every_months,
        cadence_reason=payload.cadence_reason,
    )
    try:
        follow_up = services.followup_hold(
            by=request.user,
            measure=measure,
            held=held,
            expected_measure_version=payload.measure_version,
            expected_policy_token=token,
        )
    except DomainError as exc:  # the service names the form's fields; the API's carry `_date`
        exc.field = API_FIELDS.get(exc.field or "", exc.field)
        raise
    return Status(201, followup_out(selectors.follow_up_queryset().get(pk=follow_up.pk)))
