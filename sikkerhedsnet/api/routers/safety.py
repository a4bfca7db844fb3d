"""API: the safety app (contract: target-group assessments, safety plans, scaling; and, in sub-routers, mapping,
network, Words & Pictures and Three Houses: safety_mapping.py, safety_network.py, safety_documents.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Literal, cast

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import StrictBool, StrictInt
from pydantic import ValidationError as PydanticValidationError

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error, error_response
from sikkerhedsnet.children.access import child_for_api, object_for_api
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.safety import selectors, services
from sikkerhedsnet.safety.models import REQUIREMENT_LABELS, SafetyPlan, Scaling, TargetGroupAssessment

from .safety_documents import router as documents_router
from .safety_mapping import router as mapping_router
from .safety_network import router as network_router
from .safety_pdfs import router as pdfs_router

router = Router(tags=["safety"])

CriterionCode = Literal["high_safety_risk", "danger_to_self", "health_in_danger", "violence_or_abuse"]
TargetCriterionCode = Literal[
    "safety_clearly_at_risk",
    "serious_harm_without_treatment",
    "parents_need_massive_support",
    "ordinary_treatment_insufficient",
]
NeglectCode = Literal[
    "basic_needs_unmet",
    "violence_or_abuse",
    "no_school_or_daycare",
    "no_emotional_closeness",
    "age_inappropriate_demands",
    "intoxicated_adults",
]
RoleCode = Literal["mother", "father", "child", "network", "caseworker", "professional", "other"]
MethodCode = Literal["words_and_pictures", "three_houses", "conversation", "other"]
OutcomeCode = Literal[
    "stayed_home_avoided_foster_care",
    "stayed_home_avoided_institution",
    "returned_home",
    "moved_municipality",
    "placed_voluntary",
    "placed_compulsory",
    "other",
]


# --- Target group ---------------------------------------------------------------------------------------------


class TargetGroupIn(Schema):
    assessed_on: date | None = Field(None, description="Defaults to today")
    criteria: list[CriterionCode] = Field(default_factory=list, max_length=4)
    neglect_conditions: list[NeglectCode] = Field(default_factory=list, max_length=6)
    neglect_repeated: StrictBool = False
    target_criteria: list[TargetCriterionCode] = Field(
        default_factory=list, max_length=4, description="Roskilde's four target-group criteria that hold (recorded)"
    )
    note: str = Field("", max_length=5000)


class TargetGroupOut(Schema):
    id: int
    child_id: int
    assessed_on: date
    criteria: list[str]
    neglect_conditions: list[str]
    neglect_repeated: bool
    target_criteria: list[str]
    gross_neglect: bool
    eligible: bool
    reasoning: str
    note: str
    created_at: datetime


def _assessment_out(a: TargetGroupAssessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "child_id": a.child_id,
        "assessed_on": a.assessed_on,
        "criteria": a.criteria,
        "neglect_conditions": a.neglect_conditions,
        "neglect_repeated": a.neglect_repeated,
        "target_criteria": a.target_criteria,
        "gross_neglect": a.gross_neglect,
        "eligible": a.eligible,
        "reasoning": a.reasoning,
        "note": a.note,
        "created_at": timezone.localtime(a.created_at),
    }


@router.post(
    "/children/{child_id}/target-group-assessments",
    response={201: TargetGroupOut, 403: Error, 404: Error, 422: Error},
)
def create_target_group_assessment(request: AuthenticatedHttpRequest, child_id: int, payload: TargetGroupIn) -> Status:
    """Screen the child for the safety-plan target group; gross_neglect = repeated AND ≥ 2 of the 6 conditions."""
    child = child_for_api(request, child_id, purpose="safety_target_group")
    assessment = services.target_group_assessment_create(
        by=request.user,
        child=child,
        assessed_on=payload.assessed_on or timezone.localdate(),
        criteria=payload.criteria,
        neglect_conditions=payload.neglect_conditions,
        neglect_repeated=payload.neglect_repeated,
        target_criteria=payload.target_criteria,
        note=payload.note,
    )
    return Status(201, _assessment_out(assessment))


@router.get(
    "/children/{child_id}/target-group-assessments", response={200: list[TargetGroupOut], 403: Error, 404: Error}
)
def list_target_group_assessments(request: AuthenticatedHttpRequest, child_id: int) -> list[dict[str, Any]]:
    child = child_for_api(request, child_id, purpose="safety_target_group")
    return [_assessment_out(a) for a in selectors.target_group_assessments(child)]


# --- Safety plans ---------------------------------------------------------------------------------------------


class AgreementIn(Schema):
    text: str = Field(..., max_length=2000)
    responsible: str = Field("", max_length=200)


PHONE_DESCRIPTION = "ASCII digits (0-9), spaces and + ( ) - . / only; otherwise 422 invalid_phone"


class ContactIn(Schema):
    name: str = Field(..., max_length=120)
    phone: str = Field("", max_length=30, description=PHONE_DESCRIPTION)
    relation: str = Field("", max_length=100)


class CoordinatorIn(Schema):
    name: str | None = Field(None, max_length=120)
    phone: str | None = Field(None, max_length=30, description=PHONE_DESCRIPTION)
    none_reason: str | None = Field(None, max_length=1000, description="Why there is no network coordinator")


class ExplanationIn(Schema):
    method: MethodCode
    text: str = Field("", max_length=5000)


class InformedPersonIn(Schema):
    name: str = Field(..., max_length=120)
    relation: str = Field("", max_length=100)


class SafetyPlanIn(Schema):
    """Every section is optional in a draft; approval checks the level's requirements."""

    level: Literal["minimum", "detailed"] = "minimum"
    agreements: list[AgreementIn] = Field(default_factory=list, max_length=50)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)
    network_coordinator: CoordinatorIn | None = None
    child_explanation: ExplanationIn | None = None
    professional_agreements: list[AgreementIn] = Field(default_factory=list, max_length=50)
    informed_persons: list[InformedPersonIn] = Field(default_factory=list, max_length=50)
    contingency: str = Field("", max_length=5000)
    danger_statement: str = Field("", max_length=5000)
    safety_goal: str = Field("", max_length=5000)


class SafetyPlanUpdateIn(SafetyPlanIn):
    lock_version: int = Field(
        description=(
            "Optimistic lock, required: the lock_version you read; missing answers 422 version_required, a stale "
            "value 409 stale_edit"
        )
    )


class AgreementOut(Schema):
    text: str
    responsible: str


class ContactOut(Schema):
    name: str
    phone: str
    relation: str


class InformedPersonOut(Schema):
    name: str
    relation: str


class SafetyPlanOut(Schema):
    id: int
    child_id: int
    version: int = Field(..., description="The version number of the plan (1, 2, …)")
    lock_version: int = Field(..., description="Changes on every save; send it back with PUT to detect a stale edit")
    level: str
    status: str
    agreements: list[AgreementOut]
    contacts: list[ContactOut]
    network_coordinator: dict[str, str] | None
    child_explanation: dict[str, str] | None
    professional_agreements: list[AgreementOut]
    informed_persons: list[InformedPersonOut]
    contingency: str
    danger_statement: str
    safety_goal: str
    missing: list[str] = Field(..., description="Requirements of the level not yet met, in the contract's order")
    previous_id: int | None
    review_on: date | None
    approved_at: datetime | None
    approved_by: str | None
    superseded_at: datetime | None
    ended_on: date | None
    outcome: str | None
    compulsory_became_voluntary: bool
    created_at: datetime
    updated_at: datetime


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value else None


def _plan_out(plan: SafetyPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "child_id": plan.child_id,
        "version": plan.number,
        "lock_version": plan.version,
        "level": plan.level,
        "status": plan.status,
        **plan.content(),
        "missing": plan.missing,
        "previous_id": plan.previous_id,
        "review_on": plan.review_on,
        "approved_at": _local(plan.approved_at),
        "approved_by": plan.approved_by.username if plan.approved_by is not None else None,
        "superseded_at": _local(plan.superseded_at),
        "ended_on": plan.ended_on,
        "outcome": plan.outcome or None,
        "compulsory_became_voluntary": plan.compulsory_became_voluntary,
        "created_at": _local(plan.created_at),
        "updated_at": _local(plan.updated_at),
    }


def _content(payload: SafetyPlanIn) -> dict[str, Any]:
    data = payload.dict()
    data.pop("level")
    data.pop("lock_version", None)
    return data


@router.post(
    "/children/{child_id}/safety-plans",
    response={201: SafetyPlanOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def create_safety_plan(request: AuthenticatedHttpRequest, child_id: int, payload: SafetyPlanIn) -> Status:
    """Start a safety plan as a draft (version 1). 409 safety_plan_exists while a plan is in progress."""
    child = child_for_api(request, child_id, purpose="safety_plan")
    plan = services.safety_plan_create(by=request.user, child=child, level=payload.level, content=_content(payload))
    return Status(201, _plan_out(plan))


@router.get("/children/{child_id}/safety-plans", response={200: list[SafetyPlanOut], 403: Error, 404: Error})
def list_safety_plans(request: AuthenticatedHttpRequest, child_id: int) -> list[dict[str, Any]]:
    """Every version of every safety plan of the child, newest first."""
    child = child_for_api(request, child_id, purpose="safety_plan")
    return [_plan_out(p) for p in selectors.child_plans(child)]


@router.get("/safety-plans/{plan_id}", response={200: SafetyPlanOut, 403: Error, 404: Error})
def get_safety_plan(request: AuthenticatedHttpRequest, plan_id: int) -> dict[str, Any]:
    plan = object_for_api(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    return _plan_out(plan)


@router.put("/safety-plans/{plan_id}", response={200: SafetyPlanOut, 403: Error, 404: Error, 409: Error, 422: Error})
def update_safety_plan(request: AuthenticatedHttpRequest, plan_id: int, payload: SafetyPlanUpdateIn) -> dict[str, Any]:
    """Replace a draft's content; on an active plan, create a new draft version (its id and version are returned)
    while the active one stays in force. Superseded, ended and discarded versions answer 409."""
    plan = object_for_api(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    saved = services.safety_plan_update(
        by=request.user,
        plan=plan,
        level=payload.level,
        content=_content(payload),
        expected_version=payload.lock_version,
    )
    return _plan_out(SafetyPlan.objects.select_related("approved_by").get(pk=saved.pk))


class ApproveIn(Schema):
    review_on: date | None = Field(
        default=None, description="Defaults to 1 month (minimum) or 3 months (detailed) ahead"
    )


def _approve_body(request: AuthenticatedHttpRequest) -> ApproveIn:
    """The optional body of an approval: none at all, `{}` or `{"review_on": "YYYY-MM-DD"}` (a form works too)."""
    raw = request.body.strip()
    if not raw:
        return ApproveIn()
    if not (request.content_type or "").endswith("json"):
        data: Any = {k: v for k, v in request.POST.items() if k == "review_on"}
        return _approve_in(data)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DomainError("The body must be JSON.", field="body", code="validation_error") from exc
    except RecursionError as exc:  # e.g. 100,000 nested arrays: the parser gives up, and so do we (not a 500)
        raise DomainError("The body is nested too deeply.", field="body", code="validation_error") from exc
    if not isinstance(data, dict):
        raise DomainError("The body must be a JSON object.", field="body", code="validation_error")
    return _approve_in(data)


def _approve_in(data: dict[str, Any]) -> ApproveIn:
    try:
        return ApproveIn(**data)
    except PydanticValidationError as exc:
        # pydantic's ErrorDetails are TypedDicts: plain dicts, as ninja's ValidationError expects
        raise ValidationError(cast("list[dict[str, Any]]", exc.errors(include_url=False))) from exc


@router.post(
    "/safety-plans/{plan_id}/approve",
    response={200: SafetyPlanOut, 403: Error, 404: Error, 409: Error, 422: Error},
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApproveIn"}}},
        }
    },
)
def approve_safety_plan(request: AuthenticatedHttpRequest, plan_id: int) -> Any:
    """Approve a draft (body optional). 422 {"code": "incomplete_plan", "missing": [...]} lists, in the contract's
    order, each requirement of the plan's level that is not met; the approved version it revises is superseded."""
    plan = object_for_api(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    body = _approve_body(request)
    try:
        approved = services.safety_plan_approve(by=request.user, plan=plan, review_on=body.review_on)
    except services.IncompletePlan as exc:
        return _incomplete(exc)
    return _plan_out(SafetyPlan.objects.select_related("approved_by").get(pk=approved.pk))


def _incomplete(exc: services.IncompletePlan) -> HttpResponse:
    errors = [{"field": code, "message": str(REQUIREMENT_LABELS[code])} for code in exc.missing]
    return error_response(422, exc.code, exc.message, errors, missing=exc.missing)


class EndIn(Schema):
    ended_on: date | None = Field(None, description="Defaults to today")
    outcome: OutcomeCode
    compulsory_became_voluntary: StrictBool = False
    note: str = Field("", max_length=5000)


@router.post(
    "/safety-plans/{plan_id}/end", response={200: SafetyPlanOut, 403: Error, 404: Error, 409: Error, 422: Error}
)
def end_safety_plan(request: AuthenticatedHttpRequest, plan_id: int, payload: EndIn) -> dict[str, Any]:
    """End the plan in force with the outcome for the child (what the municipality's outcome report counts)."""
    plan = object_for_api(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    ended = services.safety_plan_end(
        by=request.user,
        plan=plan,
        ended_on=payload.ended_on or timezone.localdate(),
        outcome=payload.outcome,
        compulsory_became_voluntary=payload.compulsory_became_voluntary,
        note=payload.note,
    )
    return _plan_out(SafetyPlan.objects.select_related("approved_by").get(pk=ended.pk))


class DiscardIn(Schema):
    lock_version: StrictInt = Field(
        ..., ge=0, le=2**63 - 1, description="Optimistic lock: the lock_version you read; stale → 409 stale_edit"
    )


@router.post(
    "/safety-plans/{plan_id}/discard", response={200: SafetyPlanOut, 403: Error, 404: Error, 409: Error, 422: Error}
)
def discard_safety_plan(request: AuthenticatedHttpRequest, plan_id: int, payload: DiscardIn) -> dict[str, Any]:
    """Throw a draft away, as the page does: it is kept in the history, marked as discarded; an approved version
    in force is untouched. Anything but a draft answers 409 not_draft."""
    plan = object_for_api(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    discarded = services.safety_plan_discard(by=request.user, plan=plan, expected_version=payload.lock_version)
    return _plan_out(SafetyPlan.objects.select_related("approved_by").get(pk=discarded.pk))


@router.get("/safety-plans/{plan_id}/versions", response={200: list[SafetyPlanOut], 403: Error, 404: Error})
def list_safety_plan_versions(request: AuthenticatedHttpRequest, plan_id: int) -> list[dict[str, Any]]:
    """Every version of the plan, oldest first (superseded, active, draft, ended and discarded alike)."""
    plan = object_for_api(request, selectors.safety_plan_queryset(), plan_id, purpose="safety_plan")
    return [_plan_out(v) for v in selectors.plan_versions(plan)]


# --- Scaling --------------------------------------------------------------------------------------------------


class ScoreIn(Schema):
    participant: str = Field(..., min_length=1, max_length=120)
    role: RoleCode
    score: StrictInt = Field(..., ge=0, le=10, description="An integer 0–10; anything else is 422")


class ScalingIn(Schema):
    question: str = Field("", max_length=1000, description="Defaults to the standard safety question")
    scored_on: date
    scores: list[ScoreIn] = Field(..., min_length=1, max_length=30)
    note: str = Field("", max_length=5000)


class ScoreOut(Schema):
    participant: str
    role: str
    score: int


class ScalingOut(Schema):
    id: int
    child_id: int
    question: str
    scored_on: date
    note: str
    scores: list[ScoreOut]


class PointOut(Schema):
    scored_on: date
    score: int


class LineOut(Schema):
    participant: str
    role: str
    points: list[PointOut]


class QuestionSeriesOut(Schema):
    question: str
    lines: list[LineOut]


class ScalingSeriesOut(Schema):
    items: list[ScalingOut]
    series: list[QuestionSeriesOut]


def _scaling_out(s: Scaling) -> dict[str, Any]:
    return {
        "id": s.pk,
        "child_id": s.child_id,
        "question": s.question,
        "scored_on": s.scored_on,
        "note": s.note,
        "scores": [{"participant": x.participant, "role": x.role, "score": x.score} for x in s.scores.all()],
    }


@router.post("/children/{child_id}/scalings", response={201: ScalingOut, 403: Error, 404: Error, 422: Error})
def create_scaling(request: AuthenticatedHttpRequest, child_id: int, payload: ScalingIn) -> Status:
    """Record one scaling: every participant's own score, an integer 0–10."""
    child = child_for_api(request, child_id, purpose="safety_scaling")
    scaling = services.scaling_record(
        by=request.user,
        child=child,
        question=payload.question,
        scored_on=payload.scored_on,
        note=payload.note,
        scores=[s.dict() for s in payload.scores],
    )
    return Status(201, _scaling_out(selectors.scalings(child).get(pk=scaling.pk)))


@router.get("/children/{child_id}/scalings", response={200: ScalingSeriesOut, 403: Error, 404: Error})
def list_scalings(request: AuthenticatedHttpRequest, child_id: int) -> dict[str, Any]:
    """The series over time: every scaling (oldest first) and, per question, one line per participant."""
    child = child_for_api(request, child_id, purpose="safety_scaling")
    items = [_scaling_out(s) for s in selectors.scalings(child)]
    by_question: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = {}
    for item in items:
        lines = by_question.setdefault(item["question"], {})
        for score in item["scores"]:
            lines.setdefault((score["participant"], score["role"]), []).append(
                {"scored_on": item["scored_on"], "score": score["score"]}
            )
    series = [
        {
            "question": question,
            "lines": [{"participant": p, "role": r, "points": points} for (p, r), points in lines.items()],
        }
        for question, lines in by_question.items()
    ]
    return {"items": items, "series": series}


# --- Mapping, network, Words & Pictures and Three Houses: sub-routers, one module each ---------------------------

router.add_router("", mapping_router)
router.add_router("", network_router)
router.add_router("", documents_router)
router.add_router("", pdfs_router)
