"""API: the measures app (docs/api-contract.md): deciding measures and reading them."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from pydantic import StrictBool

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.children.access import child_for_api, object_for_api, require_case_access
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.followup.selectors import (
    MeasurePlan,
    active_policy,
    measure_plan,
    measure_plans,
    municipality_id_of_measure,
)
from sikkerhedsnet.measures import services
from sikkerhedsnet.measures.models import LegalBasis, Measure, Offer
from sikkerhedsnet.measures.selectors import measure_queryset

router = Router(tags=["measures"])

EARLIEST, LATEST = date(1990, 1, 1), date(2199, 12, 31)
MAX_ID = 2**63 - 1


class MeasureIn(Schema):
    child_id: int = Field(..., ge=1, le=MAX_ID)
    kind: str = Field(
        ..., max_length=40, description="foster_family | network_foster_family | residential | preventive"
    )
    start_date: date
    monthly_cost: int = Field(..., description="Whole Danish kroner per month, >= 0")
    end_date: date | None = None
    decided_on: date | None = Field(None, description="Decision date; default: the start date (or today if later)")
    offer_id: int | None = None
    legal_basis: str | None = Field(None, max_length=40, description="Code, e.g. bl-46; default derived")
    step: int | None = Field(None, description="Staircase step 1-5; none: no staircase movement is recorded")
    category: str = Field("", max_length=2, description="Børnelineal category: 1, 2, 3, 4a, 4b")
    staircase_reason: str = Field("", max_length=2000, description="Required when the child moves up the staircase")
    provider: str = Field("", max_length=150)
    purpose: str = Field("", max_length=4000)
    goals_child: str = Field("", max_length=4000)
    goals_parents: str = Field("", max_length=4000)
    placement_type: str = Field("", max_length=40)
    consent: str = Field("", max_length=20, description="with_consent | without_consent")
    young_person_consent: StrictBool | None = None
    committee_decided_on: date | None = None
    committee_reference: str = Field("", max_length=200)
    return_home_plan: str = Field("", max_length=4000)
    return_home_plan_made_on: date | None = None
    return_home_exclusion: str = Field("", max_length=30, description="severe_disability | parents_lack_resources")
    return_home_exclusion_note: str = Field("", max_length=2000)
    child_plan_required: StrictBool = True


class MilestoneOut(Schema):
    date: date
    kind: str


class ScheduleOut(Schema):
    policy: str
    dates: list[date]
    milestones: list[MilestoneOut]


class FollowUpSlotOut(Schema):
    due_date: date
    state: str = Field(..., description="held | missed | overdue | upcoming")
    policy: str
    follow_up_id: int | None


class MeasureOut(Schema):
    id: int
    child_id: int = Field(..., ge=1, le=MAX_ID)
    kind: str
    decided_on: date
    start_date: date
    end_date: date | None
    monthly_cost: int
    step: int | None
    category: str
    offer_id: int | None
    legal_basis: str | None
    provider: str
    placement_type: str
    consent: str
    complete: bool
    missing: list[str]
    followup_policy: str
    followup_dates: list[date]
    schedule: ScheduleOut
    followups: list[FollowUpSlotOut]


class MeasureList(Schema):
    items: list[MeasureOut]
    count: int


def measure_out(measure: Measure, *, plan: MeasurePlan | None = None, policy: str | None = None) -> dict[str, object]:
    """The measure with its follow-up plan: the same dates as on its page.

    A list passes each measure's `plan` and the municipality's `policy` (computed once for all of them).
    """
    plan = plan or measure_plan(measure, today=timezone.localdate())
    policy = policy or active_policy(municipality_id_of_measure(measure)).code
    milestones = [{"date": m.on, "kind": m.kind} for m in plan.milestones]
    return {
        "id": measure.pk,
        "child_id": measure.child_id,
        "kind": measure.kind,
        "decided_on": measure.decided_on,
        "start_date": measure.start_on,
        "end_date": measure.end_on,
        "monthly_cost": measure.monthly_cost,
        "step": measure.step,
        "category": measure.category,
        "offer_id": measure.offer_id,
        "legal_basis": measure.legal_basis.code if measure.legal_basis is not None else None,
        "provider": measure.provider,
        "placement_type": measure.placement_type,
        "consent": measure.consent,
        "complete": not measure.missing_details,
        "missing": measure.missing_details,
        "followup_policy": policy,
        "followup_dates": plan.dates,
        "schedule": {"policy": policy, "dates": plan.dates, "milestones": milestones},
        "followups": [
            {
                "due_date": slot.due_on,
                "state": slot.state,
                "policy": slot.policy_code,
                "follow_up_id": held.pk if held else None,
            }
            for slot, held in plan.rows
        ],
    }


def _in_range(day: date | None, field: str) -> None:
    validation.plausible_date(day, field=field, earliest=EARLIEST, latest=LATEST)


@router.post("/measures", response={201: MeasureOut, 403: Error, 404: Error, 409: Error, 422: Error})
def create_measure(request: AuthenticatedHttpRequest, payload: MeasureIn) -> Status:
    """Record a decided measure for a child; the answer carries its follow-up dates under the municipality's
    active policy. A placement may omit consent and the return-home plan here; `missing` then lists them."""
    require_case_access(request)
    for field in ("start_date", "end_date", "decided_on", "committee_decided_on", "return_home_plan_made_on"):
        _in_range(getattr(payload, field), field)
    child = child_for_api(request, payload.child_id, purpose="measure_decide")
    municipality_id = child.case.team.department.municipality_id
    offer = None
    if payload.offer_id is not None:
        offer = Offer.objects.filter(pk=payload.offer_id, municipality_id=municipality_id).first()
        if offer is None:
            raise DomainError("Unknown offer.", field="offer_id", code="unknown_offer")
    basis = None
    if payload.legal_basis:
        basis = LegalBasis.objects.filter(code=payload.legal_basis).first()
        if basis is None:
            raise DomainError("Unknown legal basis.", field="legal_basis", code="unknown_legal_basis")
    decided_on = payload.decided_on or min(payload.start_date, timezone.localdate())
    decision = services.Decision(
        kind=payload.kind,
        decided_on=decided_on,
        start_on=payload.start_date,
        end_on=payload.end_date,
        monthly_cost=payload.monthly_cost,
        offer=offer,
        legal_basis=basis,
        provider=payload.provider,
        purpose=payload.purpose,
        goals_child=payload.goals_child,
        goals_parents=payload.goals_parents,
        step=payload.step,
        category=payload.category,
        placement_type=payload.placement_type,
        consent=payload.consent,
        young_person_consent=payload.young_person_consent,
        committee_decided_on=payload.committee_decided_on,
        committee_reference=payload.committee_reference,
        return_home_plan=payload.return_home_plan,
        return_home_plan_made_on=payload.return_home_plan_made_on,
        return_home_exclusion=payload.return_home_exclusion,
        return_home_exclusion_note=payload.return_home_exclusion_note,
        child_plan_required=payload.child_plan_required,
    )
    measure = services.measure_decide(
        by=request.user, child=child, decision=decision, staircase_reason=payload.staircase_reason, complete=False
    )
    return Status(201, measure_out(measure))


@router.get("/measures/{measure_id}", response={200: MeasureOut, 403: Error, 404: Error, 422: Error})
def get_measure(request: AuthenticatedHttpRequest, measure_id: int = Path(..., ge=1, le=MAX_ID)) -> dict[str, object]:
    measure = object_for_api(request, measure_queryset(), measure_id, purpose="measure")
    return measure_out(measure)


@router.get("/children/{child_id}/measures", response={200: MeasureList, 403: Error, 404: Error, 422: Error})
def list_child_measures(
    request: AuthenticatedHttpRequest, child_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, object]:
    child = child_for_api(request, child_id, purpose="measures")
    measures = list(Measure.objects.filter(child=child).select_related("legal_basis").order_by("start_on", "id"))
    plans = measure_plans(measures, today=timezone.localdate())
    policy = active_policy(municipality_id_of_measure(measures[0])).code if measures else None
    items = [measure_out(m, plan=plan, policy=policy) for m, plan in zip(measures, plans, strict=True)]
    return {"items": items, "count": len(measures)}
