"""Writes on legal bases, the catalogue, measures, the staircase and plans. Each one atomic and audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Municipality, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core import validation, versioning
from sikkerhedsnet.core.errors import DomainError, Duplicate, PreconditionMissing, StaleEdit
from sikkerhedsnet.core.legal import MissingPrecondition

from . import investigations, rules, selectors
from .models import ActionPlan, Goal, LegalBasis, Measure, Offer, StaircaseMove

MAX_MONTHLY_COST = 10_000_000  # kr. per month; anything above is a typing error


def _require_editor(by: User) -> None:
    if not selectors.can_edit_catalogue(by):
        raise PermissionDenied


def _require_legal_basis_editor(by: User) -> None:
    if not selectors.can_edit_legal_bases(by):
        raise PermissionDenied


def _cost(value: Any, *, field: str = "monthly_cost") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(_("Beløbet skal være et helt antal kroner."), field=field, code="invalid_amount")
    if value < 0:
        raise DomainError(_("Beløbet kan ikke være negativt."), field=field, code="negative_cost")
    if value > MAX_MONTHLY_COST:
        raise DomainError(_("Beløbet er urealistisk højt."), field=field, code="amount_too_large")
    return value


def _categories(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in rules.CATEGORIES]
    if unknown or not values:
        raise DomainError(_("Vælg mindst én Børnelineal-kategori."), field="categories", code="invalid_categories")
    return [c for c in rules.CATEGORIES if c in values]


def _saved(obj: Any, by: User, **save_kwargs: Any) -> Any:
    """Save a record that keeps history (django-simple-history), naming who changed it."""
    obj._history_user = by
    obj.save(**save_kwargs)
    return obj


def municipality_of(child: Child) -> Municipality:
    return child.case.team.department.municipality


# --- Legal bases (versioned data) ----------------------------------------------------------------------------

LEGAL_BASIS_FIELDS = (
    "code",
    "law",
    "paragraph",
    "title",
    "applies_to",
    "valid_from",
    "valid_to",
    "replaces",
    "verified",
    "source_note",
)


def _validated_basis(fields: dict[str, Any]) -> dict[str, Any]:
    fields["paragraph"] = validation.text(fields.get("paragraph"), field="paragraph", max_length=60, required=True)
    fields["title"] = validation.text(fields.get("title"), field="title", max_length=200, required=True)
    fields["source_note"] = validation.text(fields.get("source_note"), field="source_note", max_length=300)
    if fields.get("law") not in LegalBasis.Law.values:
        raise DomainError(_("Vælg en lov."), field="law", code="invalid_law")
    if fields.get("applies_to") not in LegalBasis.AppliesTo.values:
        raise DomainError(_("Vælg hvad hjemlen anvendes til."), field="applies_to", code="invalid_applies_to")
    validation.date_order(fields.get("valid_from"), fields.get("valid_to"), field="valid_to")
    return fields


@transaction.atomic
def legal_basis_create(*, by: User, **fields: Any) -> LegalBasis:
    """Add a legal basis (a new paragraph or a new version of one, e.g. after a change of law)."""
    _require_legal_basis_editor(by)
    fields = _validated_basis({k: fields.get(k) for k in LEGAL_BASIS_FIELDS})
    fields["code"] = validation.text(fields.get("code"), field="code", max_length=40, required=True).lower()
    if not re.fullmatch(r"[a-z0-9-]+", fields["code"]):
        raise DomainError(_("Brug kun små bogstaver, tal og bindestreg."), field="code", code="invalid_code")
    if LegalBasis.objects.filter(code=fields["code"]).exists():
        raise Duplicate(_("Koden er allerede i brug."), field="code", code="duplicate_code")
    basis = _saved(LegalBasis(**{k: v for k, v in fields.items() if v is not None or k == "valid_to"}), by)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=basis, new={"code": basis.code})
    return basis


@transaction.atomic
def legal_basis_update(*, by: User, basis: LegalBasis, expected_version: int, **fields: Any) -> LegalBasis:
    """Change a legal basis, typically ending its validity when a new version replaces it."""
    _require_legal_basis_editor(by)
    current = versioning.lock(
        LegalBasis,
        basis.pk,
        expected_version=expected_version,
        stale_message=_("En anden har ændret hjemlen, mens du redigerede. Dine ændringer er ikke gemt."),
    )
    fields = _validated_basis(
        {k: fields.get(k, getattr(current, k)) for k in LEGAL_BASIS_FIELDS if k != "code"} | {"code": current.code}
    )
    if fields["replaces"] is not None and fields["replaces"].pk == current.pk:
        raise DomainError(_("En hjemmel kan ikke afløse sig selv."), field="replaces", code="invalid_replaces")
    return versioning.versioned_update(
        current, by=by, action=AuditEvent.Type.CHANGED, expected_version=expected_version, changes=fields
    )


# --- The catalogue (tilbudsvifte) ----------------------------------------------------------------------------

OFFER_FIELDS = (
    "name",
    "description",
    "kind",
    "step",
    "categories",
    "placement_type",
    "legal_basis",
    "provider",
    "monthly_price",
    "active",
)


def _validated_offer(fields: dict[str, Any]) -> dict[str, Any]:
    fields["name"] = validation.text(fields.get("name"), field="name", max_length=150, required=True)
    fields["description"] = validation.text(fields.get("description"), field="description", max_length=2000)
    fields["provider"] = validation.text(fields.get("provider"), field="provider", max_length=150, required=True)
    if fields.get("kind") not in Measure.Kind.values:
        raise DomainError(_("Vælg en type."), field="kind", code="unknown_measure_kind")
    if fields.get("step") not in rules.STEPS:
        raise DomainError(_("Vælg et trin fra 1 til 5."), field="step", code="invalid_step")
    fields["categories"] = _categories(list(fields.get("categories") or []))
    fields["monthly_price"] = _cost(fields.get("monthly_price"), field="monthly_price")
    placement_type = fields.get("placement_type") or ""
    if placement_type:
        if placement_type not in rules.PLACEMENT_TYPES:
            raise DomainError(_("Ukendt anbringelsessted."), field="placement_type", code="unknown_placement_type")
        if rules.kind_for_placement_type(placement_type) != fields["kind"]:
            raise DomainError(
                _("Anbringelsesstedet passer ikke til typen."), field="placement_type", code="placement_type_mismatch"
            )
    elif rules.is_placement(fields["kind"]):
        raise DomainError(_("Vælg anbringelsessted for en anbringelse."), field="placement_type", code="required")
    fields["placement_type"] = placement_type
    if not isinstance(fields.get("legal_basis"), LegalBasis):
        raise DomainError(_("Vælg en hjemmel."), field="legal_basis", code="required")
    fields["active"] = bool(fields.get("active", True))
    return fields


@transaction.atomic
def offer_create(*, by: User, municipality: Municipality, **fields: Any) -> Offer:
    """Add an item to the municipality's catalogue of measures."""
    _require_editor(by)
    if by.municipality_id != municipality.pk:
        raise PermissionDenied
    fields = _validated_offer({k: fields.get(k) for k in OFFER_FIELDS} | {"active": fields.get("active", True)})
    if Offer.objects.filter(municipality=municipality, name=fields["name"]).exists():
        raise Duplicate(_("Der findes allerede et tilbud med dette navn."), field="name", code="duplicate_offer")
    offer = _saved(Offer(municipality=municipality, **fields), by)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=offer, new={"name": offer.name})
    return offer


@transaction.atomic
def offer_update(*, by: User, offer: Offer, expected_version: int, **fields: Any) -> Offer:
    """Change a catalogue item; refuses a stale edit. Decided measures keep their own copy of price and step."""
    _require_editor(by)
    current = versioning.lock(Offer, offer.pk)
    if current.municipality_id != by.municipality_id:
        raise PermissionDenied
    versioning.check_version(
        current,
        expected_version,
        _("En anden har ændret tilbuddet, mens du redigerede. Dine ændringer er ikke gemt."),
    )
    fields = _validated_offer({k: fields.get(k, getattr(current, k)) for k in OFFER_FIELDS})
    if (
        Offer.objects.filter(municipality_id=current.municipality_id, name=fields["name"])
        .exclude(pk=current.pk)
        .exists()
    ):
        raise Duplicate(_("Der findes allerede et tilbud med dette navn."), field="name", code="duplicate_offer")
    return versioning.versioned_update(
        current, by=by, action=AuditEvent.Type.CHANGED, expected_version=expected_version, changes=fields
    )


# --- Deciding a measure --------------------------------------------------------------------------------------

MEASURE_EDITABLE = (
    "end_on",
    "end_reason",
    "provider",
    "monthly_cost",
    "purpose",
    "goals_child",
    "goals_parents",
    "legal_basis",
    "placement_type",
    "consent",
    "young_person_consent",
    "committee_decided_on",
    "committee_reference",
    "return_home_plan",
    "return_home_plan_made_on",
    "return_home_exclusion",
    "return_home_exclusion_note",
    "child_plan_required",
    "parallel_investigation_concluded_on",
)


@dataclass
class Decision:
    """The content of a decision on a measure, before it is validated."""

    kind: str
    decided_on: date
    start_on: date
    monthly_cost: int
    end_on: date | None = None
    offer: Offer | None = None
    legal_basis: LegalBasis | None = None
    provider: str = ""
    purpose: str = ""
    goals_child: str = ""
    goals_parents: str = ""
    step: int | None = None
    category: str = ""
    end_reason: str = ""
    placement_type: str = ""
    consent: str = ""
    young_person_consent: bool | None = None
    committee_decided_on: date | None = None
    committee_reference: str = ""
    return_home_plan: str = ""
    return_home_plan_made_on: date | None = None
    return_home_exclusion: str = ""
    return_home_exclusion_note: str = ""
    child_plan_required: bool = True
    parallel_investigation_concluded_on: date | None = None
    urgent_reason: str = ""


def placement_preconditions(
    *, child: Child, kind: str, consent: str, decided_on: date, urgent_reason: str
) -> list[MissingPrecondition]:
    """The law's preconditions a placement decided on this day would still lack (for the form's nudge too)."""
    plan = selectors.action_plan_of(child.pk)
    return rules.placement_missing_preconditions(
        kind=kind,
        consent=consent,
        decided_on=decided_on,
        investigation_concluded_on=investigations.concluded_on(child.pk),
        child_plan_made_on=plan.made_on if plan is not None else None,
        urgent_reason=urgent_reason,
    )


def _check_placement_preconditions(d: Decision, *, child: Child) -> None:
    found = placement_preconditions(
        child=child, kind=d.kind, consent=d.consent, decided_on=d.decided_on, urgent_reason=d.urgent_reason
    )
    if found:
        raise PreconditionMissing(
            _(
                "Anbringelsen kan ikke træffes, fordi lovens forudsætninger ikke er opfyldt: %(missing)s. "
                "Er anbringelsen akut, skal det begrundes."
            )
            % {"missing": "; ".join(m.text for m in found)},
            missing=[m.code for m in found],
            field=found[0].field,
        )


def _validate_placement(d: Decision, *, child: Child, complete: bool) -> None:
    if not rules.is_placement(d.kind):
        if d.placement_type or d.consent or d.committee_decided_on or d.return_home_plan or d.return_home_exclusion:
            raise DomainError(
                _("Anbringelsesoplysninger hører kun til en anbringelse."),
                field="placement_type",
                code="not_a_placement",
            )
        d.young_person_consent = None
        return
    d.child_plan_required = True  # barnets plan is always required for a placement (BL § 91 stk. 2)
    if d.placement_type:
        if d.placement_type not in rules.PLACEMENT_TYPES:
            raise DomainError(_("Ukendt anbringelsessted."), field="placement_type", code="unknown_placement_type")
        if rules.kind_for_placement_type(d.placement_type) != d.kind:
            raise DomainError(
                _("Anbringelsesstedet passer ikke til indsatsens type."),
                field="placement_type",
                code="placement_type_mismatch",
            )
        if not rules.placement_type_valid_on(d.placement_type, d.decided_on):
            raise DomainError(
                _(
                    "Anbringelsesstedet findes ikke på afgørelsesdatoen: opholdssted og døgninstitution hedder "
                    "børne- og ungehjem fra 1. januar 2024."
                ),
                field="placement_type",
                code="placement_type_not_valid_on_date",
            )
    elif complete:
        raise DomainError(_("Vælg anbringelsessted."), field="placement_type", code="placement_type_required")
    if d.consent and d.consent not in Measure.Consent.values:
        raise DomainError(_("Ukendt samtykketype."), field="consent", code="invalid_consent")
    if not d.consent and complete:
        raise DomainError(
            _("Vælg om anbringelsen sker med eller uden samtykke."), field="consent", code="consent_required"
        )
    committee_needed = d.consent == Measure.Consent.WITHOUT_CONSENT or (
        d.placement_type and rules.PLACEMENT_TYPES[d.placement_type].committee_required
    )
    if committee_needed:
        if d.committee_decided_on is None:
            raise DomainError(
                _("Angiv datoen for børne- og ungeudvalgets afgørelse."),
                field="committee_decided_on",
                code="committee_decision_required",
            )
        if not d.committee_reference:
            raise DomainError(
                _("Angiv børne- og ungeudvalgets afgørelse (sags- eller punktnummer)."),
                field="committee_reference",
                code="committee_decision_required",
            )
    if d.consent == Measure.Consent.WITH_CONSENT and rules.young_person_must_consent(child.age_on(d.decided_on)):
        if d.young_person_consent is not True:
            raise DomainError(
                _("Den unge er fyldt 15 år og skal også give samtykke. Ellers er det en anbringelse uden samtykke."),
                field="young_person_consent",
                code="young_person_consent_required",
            )
    if d.return_home_exclusion:
        if d.return_home_exclusion not in Measure.ReturnHomeExclusion.values:
            raise DomainError(_("Ukendt undtagelse."), field="return_home_exclusion", code="invalid_exclusion")
        if not d.return_home_exclusion_note:
            raise DomainError(
                _("Beskriv dokumentationen for undtagelsen."), field="return_home_exclusion_note", code="required"
            )
    elif d.return_home_plan or d.return_home_plan_made_on or complete:
        if not d.return_home_plan:
            raise DomainError(
                _("Beskriv planen for hjemgivelse – eller angiv en af de to undtagelser."),
                field="return_home_plan",
                code="return_home_plan_required",
            )
        if d.return_home_plan_made_on is None:
            raise DomainError(
                _("Angiv hvornår hjemgivelsesplanen blev lavet."), field="return_home_plan_made_on", code="required"
            )


def _validate_decision(d: Decision, *, child: Child, today: date, complete: bool) -> Decision:
    if d.kind not in Measure.Kind.values:
        raise DomainError(_("Ukendt type af indsats."), field="kind", code="unknown_measure_kind")
    d.monthly_cost = _cost(d.monthly_cost)
    validation.not_in_future(d.decided_on, field="decided_on", today=today)
    for name in ("decided_on", "start_on", "end_on", "committee_decided_on", "return_home_plan_made_on"):
        validation.plausible_date(getattr(d, name), field=name)  # a typo such as 9999 never reaches the plan maths
    validation.date_order(d.start_on, d.end_on, field="end_on")
    # Whatever else is chosen (an exception to the plan, not a placement at all): the table refuses a plan date
    # after the start (measure_return_plan_before_start), which was a 500 before this check.
    if d.return_home_plan_made_on is not None and d.start_on is not None and d.return_home_plan_made_on > d.start_on:
        raise DomainError(
            _("Planen for hjemgivelse skal være lavet før anbringelsen begynder."),
            field="return_home_plan_made_on",
            code="return_home_plan_after_start",
        )
    d.provider = validation.text(d.provider, field="provider", max_length=150)
    d.purpose = validation.text(d.purpose, field="purpose", max_length=4000, required=complete)
    d.goals_child = validation.text(d.goals_child, field="goals_child", max_length=4000)
    d.goals_parents = validation.text(d.goals_parents, field="goals_parents", max_length=4000)
    d.end_reason = validation.text(d.end_reason, field="end_reason", max_length=500)
    d.committee_reference = validation.text(d.committee_reference, field="committee_reference", max_length=200)
    d.return_home_plan = validation.text(d.return_home_plan, field="return_home_plan", max_length=4000)
    d.return_home_exclusion_note = validation.text(
        d.return_home_exclusion_note, field="return_home_exclusion_note", max_length=2000
    )
    d.urgent_reason = validation.text(d.urgent_reason, field="urgent_reason", max_length=4000)
    if d.urgent_reason and not rules.is_placement(d.kind):
        d.urgent_reason = ""  # only a placement has an urgent route
    validation.not_in_future(d.committee_decided_on, field="committee_decided_on", today=today)
    if d.offer is not None:
        if d.offer.municipality_id != municipality_of(child).pk:
            raise DomainError(_("Tilbuddet findes ikke i kommunens tilbudsvifte."), field="offer", code="unknown_offer")
        if d.offer.kind != d.kind:
            raise DomainError(
                _("Tilbuddet passer ikke til indsatsens type."), field="offer", code="offer_kind_mismatch"
            )
        d.step = d.step or d.offer.step
        d.provider = d.provider or d.offer.provider
        if d.category and d.category not in d.offer.categories:
            raise DomainError(
                _("Tilbuddet er ikke til børn i kategori %(category)s.") % {"category": d.category},
                field="category",
                code="category_not_served",
            )
    if d.step is not None and d.step not in rules.STEPS:
        raise DomainError(_("Vælg et trin fra 1 til 5."), field="step", code="invalid_step")
    if d.category and d.category not in rules.CATEGORIES:
        raise DomainError(_("Ukendt Børnelineal-kategori."), field="category", code="invalid_category")
    _validate_placement(d, child=child, complete=complete)
    purpose = rules.legal_basis_purpose(kind=d.kind, consent=d.consent)
    allowed = ("prevention", "support") if purpose == "support" else (purpose,)
    if d.legal_basis is None:
        if d.offer is not None and not rules.is_placement(d.kind):
            d.legal_basis = d.offer.legal_basis_on(d.decided_on)
        elif rules.is_placement(d.kind) and d.consent:
            d.legal_basis = selectors.legal_basis_for(applies_to=allowed, on=d.decided_on)
    if d.legal_basis is not None:
        if not d.legal_basis.is_valid_on(d.decided_on):
            raise DomainError(
                _("Hjemlen gælder ikke på afgørelsesdatoen."), field="legal_basis", code="legal_basis_not_valid_on_date"
            )
        if d.legal_basis.applies_to not in allowed:
            raise DomainError(
                _("Hjemlen passer ikke til indsatsen (fx § 46 med samtykke, § 47 uden samtykke)."),
                field="legal_basis",
                code="legal_basis_mismatch",
            )
    elif complete:
        raise DomainError(_("Vælg hjemmel."), field="legal_basis", code="legal_basis_required")
    return d


def _record_move(
    *,
    by: User,
    child: Child,
    measure: Measure | None,
    moved_on: date,
    to_step: int | None,
    category: str,
    reason: str,
) -> StaircaseMove | None:
    """Record a movement from the child's current position; refuses moving up without a reason."""
    before = selectors.latest_move(child.pk)
    from_step = before.to_step if before else None
    from_category = before.category if before else ""
    if before is None and to_step is None:
        return None
    if before is not None and from_step == to_step and (category or from_category) == from_category:
        return None  # no movement
    reason = validation.text(reason, field="staircase_reason", max_length=2000)
    if rules.needs_reason(from_step, to_step) and not reason:
        raise DomainError(
            _(
                "Barnet flyttes op ad indsatstrappen (fra trin %(from)s til %(to)s): begrund hvorfor en mindre "
                "indgribende indsats ikke er nok."
            )
            % {"from": from_step, "to": to_step},
            field="staircase_reason",
            code="step_up_reason_required",
        )
    move = StaircaseMove.objects.create(
        child=child,
        measure=measure,
        moved_on=moved_on,
        from_step=from_step,
        to_step=to_step,
        from_category=from_category,
        category=category or (from_category if to_step is not None else ""),
        reason=reason,
        created_by=by,
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=move,
        child_id=child.pk,
        new={"from": from_step, "to": to_step, "direction": move.direction},
    )
    return move


@transaction.atomic
def measure_decide(
    *, by: User, child: Child, decision: Decision, staircase_reason: str = "", complete: bool = True
) -> Measure:
    """Record a decided measure (afgørelse). `complete=False` (the minimal API) allows a placement whose
    consent and return-home plan are registered later; the measure then lists what is missing."""
    today = timezone.localdate()
    d = _validate_decision(decision, child=child, today=today, complete=complete)
    # Checked when the placement is decided, not on later edits: the facts it rested on do not change afterwards.
    _check_placement_preconditions(d, child=child)
    measure = Measure(
        child=child,
        kind=d.kind,
        decided_on=d.decided_on,
        start_on=d.start_on,
        end_on=d.end_on,
        monthly_cost=d.monthly_cost,
        offer=d.offer,
        legal_basis=d.legal_basis,
        provider=d.provider,
        purpose=d.purpose,
        goals_child=d.goals_child,
        goals_parents=d.goals_parents,
        step=d.step,
        category=d.category,
        end_reason=d.end_reason,
        placement_type=d.placement_type,
        consent=d.consent,
        young_person_consent=d.young_person_consent,
        committee_decided_on=d.committee_decided_on,
        committee_reference=d.committee_reference,
        return_home_plan=d.return_home_plan,
        return_home_plan_made_on=d.return_home_plan_made_on,
        return_home_exclusion=d.return_home_exclusion,
        return_home_exclusion_note=d.return_home_exclusion_note,
        child_plan_required=d.child_plan_required,
        parallel_investigation_concluded_on=d.parallel_investigation_concluded_on,
        urgent_reason=d.urgent_reason,
        created_by=by,
    )
    _saved(measure, by)
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=measure,
        child_id=child.pk,
        new={
            "kind": d.kind,
            "start_on": d.start_on,
            "monthly_cost": d.monthly_cost,
            "step": d.step,
            "urgent": bool(d.urgent_reason),
        },
    )
    if d.step is not None:
        _record_move(
            by=by,
            child=child,
            measure=measure,
            moved_on=d.start_on,
            to_step=d.step,
            category=d.category,
            reason=staircase_reason,
        )
    return measure


@transaction.atomic
def measure_update(*, by: User, measure: Measure, expected_version: int, **fields: Any) -> Measure:
    """Change a decided measure (end date, cost, placement details ...); refuses a stale edit."""
    current = versioning.lock(
        Measure,
        measure.pk,
        expected_version=expected_version,
        stale_message=_("En anden har ændret indsatsen, mens du redigerede. Dine ændringer er ikke gemt."),
    )
    unknown = set(fields) - set(MEASURE_EDITABLE)
    if unknown:
        raise TypeError(f"unknown measure fields: {sorted(unknown)}")
    values = {name: getattr(current, name) for name in Decision.__dataclass_fields__ if hasattr(current, name)}
    values.update(fields)
    child = Child.objects.select_related("case__team__department").get(pk=current.child_id)
    d = _validate_decision(Decision(**values), child=child, today=timezone.localdate(), complete=True)
    return versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={name: getattr(d, name) for name in MEASURE_EDITABLE},
        child_id=current.child_id,
    )


@transaction.atomic
def measure_end(*, by: User, measure: Measure, end_on: date, reason: str) -> Measure:
    """End a measure (e.g. decided at a follow-up) and move the child to the step of what still runs."""
    current = versioning.lock(Measure, measure.pk)
    validation.date_order(current.start_on, end_on, field="end_on")
    reason = validation.text(reason, field="end_reason", max_length=500, required=True)
    versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=None,
        changes={"end_on": end_on, "end_reason": reason},
        child_id=current.child_id,
    )
    remaining = [
        m.step
        for m in Measure.objects.filter(child_id=current.child_id).active_on(end_on).exclude(pk=current.pk)
        if m.step is not None
    ]
    child = Child.objects.get(pk=current.child_id)
    _record_move(
        by=by,
        child=child,
        measure=current,
        moved_on=end_on,
        to_step=max(remaining) if remaining else None,
        category="",
        reason=reason,
    )
    return current


@transaction.atomic
def staircase_move_record(
    *,
    by: User,
    child: Child,
    moved_on: date,
    to_step: int | None,
    category: str,
    reason: str,
    measure: Measure | None = None,
) -> StaircaseMove | None:
    """Register a movement on the staircase or a new Børnelineal rating (e.g. the 3-monthly re-rating)."""
    validation.not_in_future(moved_on, field="moved_on", today=timezone.localdate())
    if to_step is not None and to_step not in rules.STEPS:
        raise DomainError(_("Vælg et trin fra 1 til 5."), field="to_step", code="invalid_step")
    if category and category not in rules.CATEGORIES:
        raise DomainError(_("Ukendt Børnelineal-kategori."), field="category", code="invalid_category")
    if measure is not None and measure.child_id != child.pk:
        raise DomainError(_("Indsatsen hører ikke til barnet."), field="measure", code="unknown_measure")
    move = _record_move(
        by=by, child=child, measure=measure, moved_on=moved_on, to_step=to_step, category=category, reason=reason
    )
    if move is None:
        raise DomainError(
            _("Barnet står allerede på dette trin og i denne kategori."), field="to_step", code="no_change"
        )
    return move


# --- Barnets plan / handleplan ------------------------------------------------------------------------------


@transaction.atomic
def action_plan_save(
    *,
    by: User,
    child: Child,
    expected_version: int | None,
    made_on: date,
    participants: str,
    step_down_plan: str = "",
    family_support: str = "",
    measure_ids: list[int] | None = None,
) -> ActionPlan:
    """Make or revise the child's plan and say which measures it covers (that answers the plan deadline)."""
    today = timezone.localdate()
    validation.not_in_future(made_on, field="made_on", today=today)
    participants = validation.text(participants, field="participants", max_length=2000, required=True)
    step_down_plan = validation.text(step_down_plan, field="step_down_plan", max_length=4000)
    family_support = validation.text(family_support, field="family_support", max_length=4000)
    locked = versioning.lock_all(ActionPlan.objects.filter(child=child))
    plan = locked[0] if locked else None
    if plan is None:
        if expected_version not in (None, 0):
            raise StaleEdit(_("Planen er blevet slettet, mens du redigerede."))
        plan = _saved(
            ActionPlan(
                child=child,
                made_on=made_on,
                participants=participants,
                step_down_plan=step_down_plan,
                family_support=family_support,
                created_by=by,
            ),
            by,
        )
        audit.record(by=by, type=AuditEvent.Type.CREATED, target=plan, child_id=child.pk, new={"made_on": made_on})
    else:
        stale = _("En anden har ændret planen, mens du redigerede. Dine ændringer er ikke gemt.")
        if expected_version is None:  # the form had no plan; someone made one meanwhile
            raise StaleEdit(stale)
        plan = versioning.versioned_update(
            plan,
            by=by,
            action=AuditEvent.Type.CHANGED,
            expected_version=expected_version,
            stale_message=stale,
            changes={
                "made_on": made_on,
                "participants": participants,
                "step_down_plan": step_down_plan,
                "family_support": family_support,
            },
            child_id=child.pk,
            private={"step_down_plan", "family_support"},
        )
    if measure_ids is not None:
        ids = set(Measure.objects.filter(child=child, pk__in=measure_ids).values_list("pk", flat=True))
        if ids != set(measure_ids):
            raise DomainError(_("En af indsatserne hører ikke til barnet."), field="measures", code="unknown_measure")
        Measure.objects.filter(child=child, pk__in=ids).update(action_plan=plan)
        Measure.objects.filter(child=child, action_plan=plan).exclude(pk__in=ids).update(action_plan=None)
    return plan


@transaction.atomic
def goal_add(*, by: User, plan: ActionPlan, for_whom: str, text: str, measure: Measure | None = None) -> Goal:
    """Add a goal for the child or for the parents to the plan."""
    if for_whom not in Goal.For.values:
        raise DomainError(_("Vælg om målet er for barnet eller forældrene."), field="for_whom", code="invalid_for")
    text = validation.text(text, field="text", max_length=500, required=True)
    if measure is not None and measure.child_id != plan.child_id:
        raise DomainError(_("Indsatsen hører ikke til barnet."), field="measure", code="unknown_measure")
    goal = Goal.objects.create(
        plan=plan, for_whom=for_whom, text=text, measure=measure, created_on=timezone.localdate()
    )
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=goal, child_id=plan.child_id, new={"for": for_whom})
    return goal


@transaction.atomic
def goal_set_status(*, by: User, goal: Goal, status: str) -> Goal:
    if status not in Goal.Status.values:
        raise DomainError(_("Ukendt status."), field="status", code="invalid_status")
    old = goal.status
    Goal.objects.filter(pk=goal.pk).update(status=status)
    goal.status = status
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=goal,
        child_id=goal.plan.child_id,
        old={"status": old},
        new={"status": status},
    )
    return goal
