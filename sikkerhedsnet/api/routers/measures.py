"""API: the measures app (docs/api-contract.md): deciding measures and reading them, the catalogue (tilbudsvifte)
and the legal bases."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StrictBool

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, own_municipality, own_municipality_id
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.api.params import ISO_DATE_PATTERN, query_date
from sikkerhedsnet.children.access import child_for_api, object_for_api, require_case_access
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.followup.selectors import (
    MeasurePlan,
    active_policy,
    measure_plan,
    measure_plans,
    municipality_id_of_measure,
    policy_token,
)
from sikkerhedsnet.measures import selectors, services
from sikkerhedsnet.measures.models import LegalBasis, Measure, Offer
from sikkerhedsnet.measures.selectors import measure_queryset

router = Router(tags=["measures"])

EARLIEST, LATEST = date(1990, 1, 1), date(2199, 12, 31)
MAX_ID = 2**63 - 1
PathId = Path(..., ge=1, le=MAX_ID)


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
    urgent_reason: str = Field(
        "",
        max_length=4000,
        description="A placement without a child investigation concluded by decided_on (and, without consent, "
        "without barnets plan made by then) needs the urgent route reasoned here; otherwise 422 "
        "precondition_missing with missing [placement_needs_investigation, placement_without_consent_needs_plan]",
    )


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
    status: str = Field(..., description="The same as `state` (docs/api-contract.md, Additions v2)")
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
    urgent_reason: str
    complete: bool
    missing: list[str]
    followup_policy: str
    followup_dates: list[date]
    schedule: ScheduleOut
    followups: list[FollowUpSlotOut]
    version: int = Field(..., description="Changes on every edit and recorded follow-up; send it as measure_version")
    followup_policy_token: int = Field(
        ..., description="Changes when the municipality adopts a policy; send it as policy_token with a follow-up"
    )


class MeasureList(Schema):
    items: list[MeasureOut]
    count: int


def measure_out(
    measure: Measure, *, plan: MeasurePlan | None = None, policy: str | None = None, token: int | None = None
) -> dict[str, object]:
    """The measure with its follow-up plan: the same dates as on its page.

    A list passes each measure's `plan`, the municipality's `policy` and its `token` (computed once for all).
    """
    plan = plan or measure_plan(measure, today=timezone.localdate())
    policy = policy or active_policy(municipality_id_of_measure(measure)).code
    if token is None:
        token = policy_token(municipality_id_of_measure(measure))
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
        "urgent_reason": measure.urgent_reason,
        "complete": not measure.missing_details,
        "missing": measure.missing_details,
        "followup_policy": policy,
        "followup_dates": plan.dates,
        "schedule": {"policy": policy, "dates": plan.dates, "milestones": milestones},
        "followups": [
            {
                "due_date": slot.due_on,
                "state": slot.state,
                "status": slot.state,
                "policy": slot.policy_code,
                "follow_up_id": held.pk if held else None,
            }
            for slot, held in plan.rows
        ],
        "version": measure.version,
        "followup_policy_token": token,
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
        urgent_reason=payload.urgent_reason,
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
    municipality_id = municipality_id_of_measure(measures[0]) if measures else None
    policy = active_policy(municipality_id).code if municipality_id is not None else None
    token = policy_token(municipality_id) if municipality_id is not None else None
    items = [measure_out(m, plan=plan, policy=policy, token=token) for m, plan in zip(measures, plans, strict=True)]
    return {"items": items, "count": len(measures)}


# --- The catalogue (tilbudsvifte) and the legal bases ---------------------------------------------------------
# The same rules as the pages: the case roles read the municipality's catalogue, heads and admins edit it
# (measures.selectors.can_read_catalogue / can_edit_catalogue; 403 for anyone else); an offer of another
# municipality is 404, as one that does not exist. Legal bases are national: read by the same readers.


def _require_catalogue_reader(request: AuthenticatedHttpRequest) -> None:
    if not selectors.can_read_catalogue(request.user):
        raise PermissionDenied("Your role does not allow reading the catalogue.")


def _require_catalogue_editor(request: AuthenticatedHttpRequest) -> None:
    if not selectors.can_edit_catalogue(request.user):
        raise PermissionDenied("Your role does not allow editing the catalogue.")


KINDS = "foster_family | network_foster_family | residential | preventive"
VALID_ON = Query(None, pattern=ISO_DATE_PATTERN, description="Only the bases in force on this day (YYYY-MM-DD)")
INCLUDE_INACTIVE = Query(False, description="Also offers no longer active in the catalogue")


class OfferIn(Schema):
    name: str = Field(..., max_length=150)
    description: str = Field("", max_length=2000)
    kind: str = Field(..., max_length=40, description=KINDS)
    step: int = Field(..., description="Staircase step 1-5")
    categories: list[str] = Field(..., max_length=10, description="Børnelineal categories: 1, 2, 3, 4a, 4b")
    placement_type: str = Field("", max_length=40, description="Required for a placement; empty otherwise")
    legal_basis: str = Field(..., max_length=40, description="The legal basis' code, e.g. bl-32-1-5")
    provider: str = Field(..., max_length=150)
    monthly_price: int = Field(..., description="Whole Danish kroner per month, >= 0")
    active: StrictBool = True


class OfferUpdateIn(OfferIn):
    version: int = Field(..., description="The version you read; a stale value answers 409 stale_edit")


class OfferOut(Schema):
    id: int
    name: str
    description: str
    kind: str
    step: int
    categories: list[str]
    placement_type: str
    legal_basis: str = Field(..., description="The legal basis' code")
    legal_basis_in_force: str = Field(..., description="The code of the version of the legal basis in force today")
    provider: str
    monthly_price: int
    active: bool
    version: int


class OfferList(Schema):
    items: list[OfferOut]
    count: int


class LegalBasisOut(Schema):
    id: int
    code: str
    law: str
    paragraph: str
    title: str
    applies_to: str
    valid_from: date
    valid_to: date | None
    replaces: str | None = Field(..., description="The code of the version this one replaces")
    verified: bool
    source_note: str
    version: int


class LegalBasisList(Schema):
    items: list[LegalBasisOut]
    count: int


def offer_out(offer: Offer, *, today: date) -> dict[str, object]:
    return {
        "id": offer.pk,
        "name": offer.name,
        "description": offer.description,
        "kind": offer.kind,
        "step": offer.step,
        "categories": list(offer.categories or []),
        "placement_type": offer.placement_type,
        "legal_basis": offer.legal_basis.code,
        "legal_basis_in_force": offer.legal_basis_on(today).code,
        "provider": offer.provider,
        "monthly_price": offer.monthly_price,
        "active": offer.active,
        "version": offer.version,
    }


def _offer_fields(payload: OfferIn) -> dict[str, object]:
    basis = LegalBasis.objects.filter(code=payload.legal_basis.strip().lower()).first()
    if basis is None:
        raise DomainError("Unknown legal basis.", field="legal_basis", code="unknown_legal_basis")
    fields: dict[str, object] = {k: getattr(payload, k) for k in services.OFFER_FIELDS if k != "legal_basis"}
    return fields | {"legal_basis": basis}


@router.get("/offers", response={200: OfferList, 403: Error}, summary="The municipality's catalogue of measures")
def list_offers(
    request: AuthenticatedHttpRequest,
    include_inactive: bool = INCLUDE_INACTIVE,
) -> dict[str, object]:
    """Tilbudsviften: the offers of the user's municipality, by staircase step and name."""
    _require_catalogue_reader(request)
    offers = selectors.offers_for(own_municipality_id(request.user), active_only=not include_inactive)
    today = timezone.localdate()
    items = [offer_out(o, today=today) for o in offers.order_by("step", "name", "id")]
    return {"items": items, "count": len(items)}


@router.get("/offers/{offer_id}", response={200: OfferOut, 403: Error, 404: Error})
def get_offer(request: AuthenticatedHttpRequest, offer_id: int = PathId) -> dict[str, object]:
    _require_catalogue_reader(request)
    offer = selectors.offers_for(own_municipality_id(request.user)).get(pk=offer_id)
    return offer_out(offer, today=timezone.localdate())


@router.post("/offers", response={201: OfferOut, 403: Error, 409: Error, 422: Error})
def create_offer(request: AuthenticatedHttpRequest, payload: OfferIn) -> Status:
    """Head or admin: add an offer to the municipality's catalogue. A name already used answers 409."""
    _require_catalogue_editor(request)
    offer = services.offer_create(
        by=request.user, municipality=own_municipality(request.user), **_offer_fields(payload)
    )
    return Status(201, offer_out(offer, today=timezone.localdate()))


@router.put("/offers/{offer_id}", response={200: OfferOut, 403: Error, 404: Error, 409: Error, 422: Error})
def update_offer(
    request: AuthenticatedHttpRequest, payload: OfferUpdateIn, offer_id: int = PathId
) -> dict[str, object]:
    """Head or admin: replace an offer's content. A stale `version` answers 409 stale_edit. Decided measures
    keep their own copy of price and step."""
    _require_catalogue_editor(request)
    offer = selectors.offers_for(own_municipality_id(request.user)).get(pk=offer_id)
    offer = services.offer_update(
        by=request.user, offer=offer, expected_version=payload.version, **_offer_fields(payload)
    )
    offer = selectors.offers_for(own_municipality_id(request.user)).get(pk=offer.pk)
    return offer_out(offer, today=timezone.localdate())


@router.get("/legal-bases", response={200: LegalBasisList, 403: Error, 422: Error}, summary="The legal bases")
def list_legal_bases(
    request: AuthenticatedHttpRequest,
    valid_on: str | None = VALID_ON,
) -> dict[str, object]:
    """The legal bases (hjemler) measures and offers refer to, newest first; national, not per municipality."""
    _require_catalogue_reader(request)
    bases = LegalBasis.objects.all()
    day = query_date(valid_on, field="valid_on")
    if day is not None:
        bases = selectors.legal_bases_valid_on(day)
    bases = bases.select_related("replaces").order_by("-valid_from", "law", "code")
    items = [
        {
            "id": b.pk,
            "code": b.code,
            "law": b.law,
            "paragraph": b.paragraph,
            "title": b.title,
            "applies_to": b.applies_to,
            "valid_from": b.valid_from,
            "valid_to": b.valid_to,
            "replaces": b.replaces.code if b.replaces is not None else None,
            "verified": b.verified,
            "source_note": b.source_note,
            "version": b.version,
        }
        for b in bases
    ]
    return {"items": items, "count": len(items)}
