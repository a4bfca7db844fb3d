"""API: the intake app (docs/api-contract.md, §Notifications and §Investigations).

Dates come from the same engine (rules.py) as the pages; date-times carry an offset (a naive one is 422).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from pydantic import AwareDatetime, StrictBool

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality_id
from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.api.errors import Error, error_response
from sikkerhedsnet.children.access import child_for_api, object_for_api
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core import legal
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.intake import rules, selectors, services
from sikkerhedsnet.intake.deadlines import legal_reference
from sikkerhedsnet.intake.models import Investigation, Notification

router = Router(tags=["intake"])

# Ids beyond a 64-bit integer would make the database raise instead of answering 404/422.
MAX_ID = 2**63 - 1
Id = Field(..., ge=1, le=MAX_ID)
PathId = Path(..., ge=1, le=MAX_ID)

ReporterType = Literal["professional", "private", "anonymous"]
Channel = Literal["", "phone", "email", "letter", "digital", "in_person", "police", "other"]
Category = Literal[
    "neglect",
    "violence",
    "sexual_abuse",
    "parent_substance",
    "parent_mental_health",
    "domestic_conflict",
    "school_absence",
    "child_wellbeing",
    "risk_behaviour",
    "honour_conflict",
    "unborn",
    "other",
]
Outcome = Literal["no_action", "advice", "investigation", "acute_measure", "referral"]
AbuseException = Literal["", "unfounded", "recent_investigation", "other_municipality"]


class NotificationIn(Schema):
    child_id: int = Id
    received_at: AwareDatetime = Field(..., description="ISO 8601 with offset, e.g. 2027-03-24T09:15:00+01:00")
    reporter_type: ReporterType
    summary: str = Field(..., min_length=1, max_length=20000, description="The concern in the reporter's words")
    acute: StrictBool = False
    channel: Channel = ""
    categories: list[Category] = Field(default_factory=list, max_length=12)
    reporter_profession: str = Field("", max_length=100)
    reporter_organisation: str = Field("", max_length=150)
    reporter_name: str = Field("", max_length=150)
    reporter_contact: str = Field("", max_length=200)
    sibling_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, max_length=20, description="Siblings in the household"
    )


class AssessmentOut(Schema):
    outcome: str
    reasoning: str
    assessed_at: datetime
    assessed_by: str
    reassessment_participant: str | None
    abuse_exception: str
    abuse_exception_reason: str


class NotificationOut(Schema):
    id: int
    child_id: int
    sibling_ids: list[int]
    received_at: datetime
    assessment_due_at: datetime
    receipt_due_date: date | None = Field(description="Deadline for confirming receipt; null unless professional")
    reporter_type: str
    reporter_profession: str
    reporter_organisation: str
    reporter_name: str
    reporter_contact: str
    channel: str
    summary: str
    categories: list[str]
    acute: bool
    status: Literal["awaiting_assessment", "assessed", "closed", "merged"]
    routed_team: str
    assigned_to: str | None
    reassessment_required: bool
    child_conversation_required: bool
    child_conversation_due_date: date | None
    assessment: AssessmentOut | None
    receipt_sent_on: date | None
    notifier_feedback: str | None
    duplicate_of: int | None
    possible_duplicate_ids: list[int]
    legal_references: dict[str, str]


class AssessmentIn(Schema):
    outcome: Outcome
    reasoning: str = Field(..., min_length=1, max_length=20000)
    assessed_at: AwareDatetime
    reassessment_participant: str | None = Field(None, description="Username of someone new to the case")
    abuse_exception: AbuseException = Field(
        "",
        description="A notification about violence or sexual abuse assessed without an investigation (no_action, "
        "advice, referral) needs one of these exceptions and abuse_exception_reason; otherwise 422 "
        "precondition_missing with missing [abuse_needs_investigation]",
    )
    abuse_exception_reason: str = Field("", max_length=5000)


def _username(user: User | None) -> str | None:
    return user.username if user else None


def notification_out(request: AuthenticatedHttpRequest, notification: Notification) -> dict[str, Any]:
    n = notification
    siblings, _hidden = selectors.visible_siblings(request.user, n)
    status = (
        "merged" if n.is_merged else "closed" if n.is_closed else "assessed" if n.is_assessed else "awaiting_assessment"
    )
    codes = (legal.ASSESSMENT, legal.RECEIPT, legal.CHILD_CONVERSATION, legal.REASSESSMENT, legal.NOTIFIER_FEEDBACK)
    return {
        "id": n.pk,
        "child_id": n.child_id,
        "sibling_ids": [s.pk for s in siblings],
        "received_at": timezone.localtime(n.received_at),
        "assessment_due_at": n.assessment_due_at,
        "receipt_due_date": n.receipt_due_on,
        "reporter_type": n.reporter_type,
        "reporter_profession": n.reporter_profession,
        "reporter_organisation": n.reporter_organisation,
        "reporter_name": n.reporter_name,
        "reporter_contact": n.reporter_contact,
        "channel": n.channel,
        "summary": n.summary,
        "categories": list(n.categories or []),
        "acute": n.acute,
        "status": status,
        "routed_team": n.routed_team.name,
        "assigned_to": _username(n.assigned_to),
        "reassessment_required": n.reassessment_required,
        "child_conversation_required": n.child_conversation_required,
        "child_conversation_due_date": n.child_conversation_due_on,
        "assessment": {
            "outcome": n.outcome,
            "reasoning": n.reasoning,
            "assessed_at": timezone.localtime(n.assessed_at),
            "assessed_by": _username(n.assessed_by),
            "reassessment_participant": _username(n.reassessment_participant),
            "abuse_exception": n.abuse_exception,
            "abuse_exception_reason": n.abuse_exception_reason,
        }
        if n.is_assessed
        else None,
        "receipt_sent_on": n.receipt_sent_on,
        "notifier_feedback": n.notifier_feedback or None,
        "duplicate_of": n.duplicate_of_id,
        "possible_duplicate_ids": [] if n.is_merged else [d.pk for d in selectors.possible_duplicates(n)],
        "legal_references": {code: legal_reference(n.rule(code)) for code in codes},
    }


@router.post("/notifications", response={201: NotificationOut, 403: Error, 404: Error, 409: Error, 422: Error})
def create_notification(request: AuthenticatedHttpRequest, payload: NotificationIn) -> Status:
    """Register a notification (underretning). `assessment_due_at` = receipt + 24 hours; `receipt_due_date` =
    6 working days after the day of receipt for a professional notifier, otherwise null."""
    # Registering a notification is open under break the glass (for_write=False): anyone who receives one must
    # register it, and it is routed to the child's own team; it changes nothing else of the case.
    child = child_for_api(request, payload.child_id, purpose="register_notification", for_write=False)
    siblings = [
        child_for_api(request, pk, purpose="register_notification", for_write=False)
        for pk in dict.fromkeys(payload.sibling_ids)
    ]
    data = payload.dict(exclude={"child_id", "sibling_ids"})
    notification = services.notification_register(by=request.user, child=child, siblings=siblings, **data)
    notification = object_for_api(
        request, selectors.notification_queryset(), notification.pk, purpose="notification_created", for_write=False
    )
    return Status(201, notification_out(request, notification))


@router.get("/notifications/{notification_id}", response={200: NotificationOut, 403: Error, 404: Error, 422: Error})
def get_notification(request: AuthenticatedHttpRequest, notification_id: int = PathId) -> dict[str, Any]:
    return notification_out(
        request, object_for_api(request, selectors.notification_queryset(), notification_id, purpose="notification")
    )


@router.post(
    "/notifications/{notification_id}/assessment",
    response={200: NotificationOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def assess_notification(
    request: AuthenticatedHttpRequest, payload: AssessmentIn, notification_id: int = PathId
) -> dict[str, Any]:
    """Record the assessment. `assessed_at` must not be before receipt nor in the future."""
    notification = object_for_api(
        request, selectors.notification_queryset(), notification_id, purpose="assess_notification"
    )
    participant = None
    if payload.reassessment_participant:
        participant = User.objects.filter(
            username=payload.reassessment_participant, is_active=True, municipality_id=own_municipality_id(request.user)
        ).first()
        if participant is None:
            raise DomainError("Unknown user.", field="reassessment_participant", code="unknown_user")
    services.notification_assess(
        by=request.user,
        notification=notification,
        expected_version=None,
        outcome=payload.outcome,
        reasoning=payload.reasoning,
        assessed_at=payload.assessed_at,
        reassessment_participant=participant,
        abuse_exception=payload.abuse_exception,
        abuse_exception_reason=payload.abuse_exception_reason,
    )
    return notification_out(
        request, object_for_api(request, selectors.notification_queryset(), notification_id, purpose="notification")
    )


# --- Investigations ------------------------------------------------------------------------------------------


class InvestigationIn(Schema):
    child_id: int = Id
    awareness_date: date = Field(..., description="When the municipality became aware of the need")


class InvestigationOut(Schema):
    id: int
    child_id: int
    awareness_date: date
    due_date: date
    status: Literal["draft", "concluded"]
    version: int
    legal_reference: str
    ics: dict[str, str]
    parents_view: str
    conversation_date: date | None
    conversation_present: str
    child_view: str
    conversation_not_held_reason: str
    conclusion: str
    support_needed: bool | None
    recommended_measures: str
    missing: list[str]
    concluded_at: datetime | None
    notification_id: int | None


class InvestigationUpdate(Schema):
    """The whole draft (PUT replaces it). `version` is the version you read (optimistic locking → 409)."""

    version: int
    ics: dict[str, str] = Field(default_factory=dict, description="Keys: " + ", ".join(rules.ICS_DIMENSIONS))
    parents_view: str = Field("", max_length=20000)
    conversation_date: date | None = None
    conversation_present: str = Field("", max_length=300)
    child_view: str = Field("", max_length=20000)
    conversation_not_held_reason: str = Field("", max_length=5000)
    conclusion: str = Field("", max_length=20000)
    support_needed: StrictBool | None = None
    recommended_measures: str = Field("", max_length=20000)


class VersionIn(Schema):
    version: int


class IncompleteOut(Schema):
    """422: `incomplete_investigation` lists `missing`; a malformed request is the usual validation_error."""

    code: str
    message: str
    errors: list[dict[str, str]]
    missing: list[str] = Field(default_factory=list, description="Only with code incomplete_investigation")
    preconditions: list[str] = Field(
        default_factory=list,
        description="The law's preconditions among the missing parts, e.g. investigation_needs_parents_view",
    )


def investigation_out(inv: Investigation) -> dict[str, Any]:
    return {
        "id": inv.pk,
        "child_id": inv.child_id,
        "awareness_date": inv.awareness_on,
        "due_date": inv.due_on,
        "status": inv.status,
        "version": inv.version,
        "legal_reference": legal_reference(inv.rule),
        "ics": dict(inv.ics or {}),
        "parents_view": inv.parents_view,
        "conversation_date": inv.conversation_on,
        "conversation_present": inv.conversation_present,
        "child_view": inv.child_view,
        "conversation_not_held_reason": inv.conversation_not_held_reason,
        "conclusion": inv.conclusion,
        "support_needed": inv.support_needed,
        "recommended_measures": inv.recommended_measures,
        "missing": [] if inv.is_concluded else inv.missing_parts(),
        "concluded_at": timezone.localtime(inv.concluded_at) if inv.concluded_at else None,
        "notification_id": inv.notification_id,
    }


@router.post("/investigations", response={201: InvestigationOut, 403: Error, 404: Error, 409: Error, 422: Error})
def create_investigation(request: AuthenticatedHttpRequest, payload: InvestigationIn) -> Status:
    """Start a child investigation (børnefaglig undersøgelse); `due_date` = awareness_date + 4 months, clamped."""
    child: Child = child_for_api(request, payload.child_id, purpose="start_investigation")
    investigation = services.investigation_start(by=request.user, child=child, awareness_on=payload.awareness_date)
    return Status(201, investigation_out(investigation))


@router.get("/investigations/{investigation_id}", response={200: InvestigationOut, 403: Error, 404: Error, 422: Error})
def get_investigation(request: AuthenticatedHttpRequest, investigation_id: int = PathId) -> dict[str, Any]:
    return investigation_out(
        object_for_api(request, selectors.investigation_queryset(), investigation_id, purpose="investigation")
    )


@router.put(
    "/investigations/{investigation_id}",
    response={200: InvestigationOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def update_investigation(
    request: AuthenticatedHttpRequest, payload: InvestigationUpdate, investigation_id: int = PathId
) -> dict[str, Any]:
    """Replace the draft's content (it may be incomplete). A stale `version` answers 409 stale_edit."""
    investigation = object_for_api(
        request, selectors.investigation_queryset(), investigation_id, purpose="edit_investigation"
    )
    data = payload.dict()
    investigation = services.investigation_save(
        by=request.user,
        investigation=investigation,
        expected_version=data.pop("version"),
        ics=data.pop("ics"),
        conversation_on=data.pop("conversation_date"),
        support_needed=data.pop("support_needed"),
        **data,
    )
    return investigation_out(investigation)


@router.post(
    "/investigations/{investigation_id}/conclude",
    response={200: InvestigationOut, 403: Error, 404: Error, 409: Error, 422: IncompleteOut},
)
def conclude_investigation(
    request: AuthenticatedHttpRequest, payload: VersionIn, investigation_id: int = PathId
) -> Any:
    """Conclude; 422 `incomplete_investigation` with `missing` (Danish, in form order) until the parts exist."""
    investigation = object_for_api(
        request, selectors.investigation_queryset(), investigation_id, purpose="conclude_investigation"
    )
    try:
        investigation = services.investigation_conclude(
            by=request.user, investigation=investigation, expected_version=payload.version
        )
    except services.IncompleteInvestigation as exc:
        response: HttpResponse = error_response(
            422, exc.code, exc.message, missing=exc.missing, preconditions=exc.preconditions
        )
        return response
    return investigation_out(investigation)
