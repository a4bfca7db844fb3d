"""Safety plans (sikkerhedsplaner): draft → active → revised as a new version → ended with an outcome.

An approved version is never changed in place: a change creates a new draft version, and the approved one
stays in force until the new one is approved (then it is superseded). Every version is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping as MappingType
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core import validation, versioning
from sikkerhedsnet.core.errors import Conflict, DomainError

from .. import rules, selectors
from ..models import SafetyPlan
from .common import not_in_future, text

LIST_SECTIONS: dict[str, tuple[tuple[str, int], ...]] = {
    # section -> the keys of one row with their maximum length; the first key must be filled for a row to count
    "agreements": (("text", 2000), ("responsible", 200)),
    "contacts": (("name", 120), ("phone", 30), ("relation", 100)),
    "professional_agreements": (("text", 2000), ("responsible", 200)),
    "informed_persons": (("name", 120), ("relation", 100)),
}
TEXT_SECTIONS = {"contingency": 5000, "danger_statement": 5000, "safety_goal": 5000}
CONTENT_KEYS = (*LIST_SECTIONS, "network_coordinator", "child_explanation", *TEXT_SECTIONS)
MAX_ROWS = 50


class IncompletePlan(DomainError):
    """Approval refused: the plan's level requires sections that are empty (`missing`, the contract's order)."""

    code = "incomplete_plan"

    def __init__(self, missing: list[str]) -> None:
        super().__init__(_("Planen mangler dele, som dens niveau kræver, og kan ikke godkendes endnu."))
        self.missing = missing


def _cell(key: str, value: object, *, field: str, max_length: int) -> str:
    """One cell of a row: a phone number checked as one (ASCII digits), any other key as text."""
    if key == "phone":
        return validation.phone(value, field=field, max_length=max_length)
    return text(value, field=field, max_length=max_length)


def _rows(section: str, value: Any) -> list[dict[str, str]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise DomainError(_("Ugyldigt indhold."), field=section, code="invalid")
    if len(value) > MAX_ROWS:
        raise DomainError(_("Højst %(max)s rækker.") % {"max": MAX_ROWS}, field=section, code="too_many")
    keys = LIST_SECTIONS[section]
    rows = []
    for i, item in enumerate(value):
        if not isinstance(item, MappingType):
            raise DomainError(_("Ugyldigt indhold."), field=f"{section}.{i}", code="invalid")
        row = {key: _cell(key, item.get(key) or "", field=f"{section}.{i}.{key}", max_length=n) for key, n in keys}
        if not any(row.values()):
            continue  # a blank row of a form
        if not row[keys[0][0]]:
            raise DomainError(_("Skal udfyldes."), field=f"{section}.{i}.{keys[0][0]}", code="required")
        rows.append(row)
    return rows


def _coordinator(value: Any) -> dict[str, str] | None:
    if not value:
        return None
    if not isinstance(value, MappingType):
        raise DomainError(_("Ugyldigt indhold."), field="network_coordinator", code="invalid")
    name = text(value.get("name") or "", field="network_coordinator.name", max_length=120)
    phone = validation.phone(value.get("phone") or "", field="network_coordinator.phone")
    reason = text(value.get("none_reason") or "", field="network_coordinator.none_reason", max_length=1000)
    if name and reason:
        raise DomainError(
            _("Angiv enten en netværkstovholder eller en begrundelse for, at der ikke er en – ikke begge."),
            field="network_coordinator",
            code="coordinator_or_reason",
        )
    if name:
        return {"name": name, "phone": phone}
    if reason:
        return {"none_reason": reason}
    if phone:
        raise DomainError(_("Skriv netværkstovholderens navn."), field="network_coordinator.name", code="required")
    return None


def _explanation(value: Any) -> dict[str, str] | None:
    if not value:
        return None
    if not isinstance(value, MappingType):
        raise DomainError(_("Ugyldigt indhold."), field="child_explanation", code="invalid")
    method = value.get("method") or ""
    explanation = text(value.get("text") or "", field="child_explanation.text", max_length=5000)
    if not method and not explanation:
        return None
    if method not in rules.EXPLANATION_METHODS:
        raise DomainError(
            _("Vælg hvordan planen forklares for barnet."), field="child_explanation.method", code="unknown_method"
        )
    return {"method": method, "text": explanation}


def clean_content(raw: MappingType[str, Any]) -> dict[str, Any]:
    """Normalise plan content (the contract's body shape): trimmed text, blank rows dropped, lengths checked."""
    unknown = set(raw) - set(CONTENT_KEYS)
    if unknown:
        raise TypeError(f"unknown plan sections: {sorted(unknown)}")
    content: dict[str, Any] = {section: _rows(section, raw.get(section)) for section in LIST_SECTIONS}
    content["network_coordinator"] = _coordinator(raw.get("network_coordinator"))
    content["child_explanation"] = _explanation(raw.get("child_explanation"))
    for section, max_length in TEXT_SECTIONS.items():
        content[section] = text(raw.get(section) or "", field=section, max_length=max_length)
    return content


def _level(level: str) -> str:
    if level not in rules.LEVELS:
        raise DomainError(_("Vælg minimumsplan eller detaljeret plan."), field="level", code="unknown_level")
    return level


def _apply(plan: SafetyPlan, level: str, content: dict[str, Any]) -> None:
    plan.level = level
    for key, value in content.items():
        setattr(plan, key, value)


@contextmanager
def _one_plan_at_a_time() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:  # one draft / one active plan per child, under concurrency
        raise Conflict(
            _("Barnets sikkerhedsplan blev ændret af en anden samtidig. Genindlæs siden og prøv igen."),
            code="concurrent_change",
        ) from exc


def _save(plan: SafetyPlan) -> None:
    with _one_plan_at_a_time():
        plan.save()


def _changed(
    plan: SafetyPlan, *, by: User, changes: dict[str, Any], expected_version: int | None = None, **extra: Any
) -> SafetyPlan:
    """One versioned change of a locked plan version, audited as `changed`; the editor is kept on the plan."""
    with _one_plan_at_a_time():
        return versioning.versioned_update(
            plan,
            by=by,
            action=AuditEvent.Type.CHANGED,
            expected_version=expected_version,
            changes=changes,
            child_id=plan.child_id,
            also_set={"updated_by": by},
            **extra,
        )


def open_plan_exists(child: Child) -> bool:
    return SafetyPlan.objects.filter(
        child=child, status__in=[SafetyPlan.Status.DRAFT, SafetyPlan.Status.ACTIVE]
    ).exists()


@transaction.atomic
def safety_plan_create(*, by: User, child: Child, level: str = "minimum", content: MappingType[str, Any]) -> SafetyPlan:
    """Start a new safety plan as a draft (version 1). A draft may be incomplete."""
    level = _level(level)
    cleaned = clean_content(content)
    # Lock the child's row so two first drafts cannot race past the check (the constraint catches it anyway).
    list(Child.objects.select_for_update().filter(pk=child.pk).values_list("pk", flat=True))
    if open_plan_exists(child):
        raise Conflict(
            _("Barnet har allerede en sikkerhedsplan i gang. Ret i den, eller lav en ny version af den gældende plan."),
            code="safety_plan_exists",
        )
    plan = SafetyPlan(child=child, level=level, status=SafetyPlan.Status.DRAFT, created_by=by, updated_by=by)
    _apply(plan, level, cleaned)
    _save(plan)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=plan, child_id=child.pk, new={"number": 1, "level": level})
    return plan


@transaction.atomic
def safety_plan_update(
    *,
    by: User,
    plan: SafetyPlan,
    level: str,
    content: MappingType[str, Any],
    expected_version: int | None = None,
) -> SafetyPlan:
    """Save changes: a draft is changed in place; an active plan gets a NEW draft version (returned).

    `expected_version` (the optimistic lock) refuses a save based on an out-of-date copy of the draft.
    """
    level = _level(level)
    cleaned = clean_content(content)
    current = versioning.lock(
        SafetyPlan,
        plan.pk,
        expected_version=expected_version,
        stale_message=_(
            "En anden har gemt ændringer i planen, mens du redigerede. Dine ændringer er ikke gemt – din tekst "
            "står stadig i formularen, og den gemte version vises nedenfor."
        ),
    )
    mode = rules.edit_mode(current.status)
    if mode == "refused":
        raise Conflict(
            _("Denne version er %(status)s og kan ikke ændres.") % {"status": current.get_status_display().lower()},
            code="plan_not_editable",
        )
    if mode == "in_place":
        return _changed(current, by=by, expected_version=expected_version, changes={"level": level, **cleaned})
    # An active plan: keep it in force and start the next version as a draft.
    draft = SafetyPlan.objects.filter(child_id=current.child_id, status=SafetyPlan.Status.DRAFT).first()
    if draft is not None:
        raise Conflict(
            _("Der er allerede et udkast til en ny version (version %(number)s). Ret i det i stedet.")
            % {"number": draft.number},
            code="revision_draft_exists",
        )
    number = (SafetyPlan.objects.filter(lineage=current.lineage).aggregate(m=Max("number"))["m"] or 0) + 1
    revision = SafetyPlan(
        child_id=current.child_id,
        lineage=current.lineage,
        number=number,
        previous=current,
        status=SafetyPlan.Status.DRAFT,
        created_by=by,
        updated_by=by,
    )
    _apply(revision, level, cleaned)
    _save(revision)
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=revision,
        child_id=current.child_id,
        new={"number": number, "revision_of": current.pk, "level": level},
    )
    return revision


@transaction.atomic
def safety_plan_approve(*, by: User, plan: SafetyPlan, review_on: date | None = None) -> SafetyPlan:
    """Approve a draft when its level's requirements are met; the version it revises is superseded."""
    current = versioning.lock(SafetyPlan, plan.pk)
    if current.status != SafetyPlan.Status.DRAFT:
        raise Conflict(_("Kun et udkast kan godkendes."), code="not_draft")
    missing = current.missing
    if missing:
        raise IncompletePlan(missing)
    today = timezone.localdate()
    months = selectors.review_months(current.child, current.level, on=today)
    review_on = review_on or rules.default_review_on(current.level, today, months=months)
    if not rules.review_on_allowed(review_on, today=today):
        raise DomainError(
            _("Revurderingsdatoen skal ligge fra i dag og højst 12 måneder frem."),
            field="review_on",
            code="invalid_date",
        )
    now = timezone.now()
    in_force = SafetyPlan.objects.filter(child_id=current.child_id, status=SafetyPlan.Status.ACTIVE)
    for old in versioning.lock_all(in_force):
        _changed(
            old,
            by=by,
            changes={"status": SafetyPlan.Status.SUPERSEDED, "superseded_at": now},
            extra_new={"superseded_by": current.pk},
        )
    return _changed(
        current,
        by=by,
        changes={"status": SafetyPlan.Status.ACTIVE, "approved_at": now, "approved_by": by, "review_on": review_on},
        extra_new={"number": current.number},
    )


@transaction.atomic
def safety_plan_end(
    *,
    by: User,
    plan: SafetyPlan,
    ended_on: date,
    outcome: str,
    compulsory_became_voluntary: bool = False,
    note: str = "",
) -> SafetyPlan:
    """End the plan in force with its outcome (what happened to the child); an open revision draft is discarded."""
    current = versioning.lock(SafetyPlan, plan.pk)
    if current.status != SafetyPlan.Status.ACTIVE:
        raise Conflict(_("Kun den gældende plan kan afsluttes."), code="not_active")
    if outcome not in rules.OUTCOMES:
        raise DomainError(_("Vælg udfaldet for barnet."), field="outcome", code="unknown_outcome")
    if compulsory_became_voluntary and outcome != SafetyPlan.Outcome.PLACED_VOLUNTARY:
        raise DomainError(
            _("Kan kun markeres, når barnet er anbragt med samtykke."),
            field="compulsory_became_voluntary",
            code="flag_needs_voluntary",
        )
    not_in_future(ended_on, field="ended_on")
    if current.approved_at and ended_on < timezone.localtime(current.approved_at).date():
        raise DomainError(_("Planen kan ikke afsluttes før den blev godkendt."), field="ended_on", code="invalid_date")
    note = text(note, field="note", max_length=5000)
    drafts = SafetyPlan.objects.filter(child_id=current.child_id, status=SafetyPlan.Status.DRAFT)
    for draft in versioning.lock_all(drafts):
        _changed(draft, by=by, changes={"status": SafetyPlan.Status.DISCARDED})
    return _changed(
        current,
        by=by,
        changes={
            "status": SafetyPlan.Status.ENDED,
            "ended_on": ended_on,
            "ended_by": by,
            "outcome": outcome,
            "compulsory_became_voluntary": compulsory_became_voluntary,
            "outcome_note": note,
        },
        private={"outcome_note"},
    )


@transaction.atomic
def safety_plan_discard(*, by: User, plan: SafetyPlan, expected_version: int | None = None) -> SafetyPlan:
    """Throw a draft away (it is kept, marked as discarded); an approved version in force is untouched.
    `expected_version` (the optimistic lock, the API's `lock_version`) refuses a discard of a draft changed since."""
    current = versioning.lock(SafetyPlan, plan.pk)
    if current.status != SafetyPlan.Status.DRAFT:
        raise Conflict(_("Kun et udkast kan kasseres."), code="not_draft")
    return _changed(current, by=by, expected_version=expected_version, changes={"status": SafetyPlan.Status.DISCARDED})
