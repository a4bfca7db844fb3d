"""Writes of early intervention: projects and their districts, consultations, wellbeing conversations,
budgets and expenses. Each one atomic, validated and audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import validation, versioning
from sikkerhedsnet.core.errors import DomainError, Duplicate, StaleEdit
from sikkerhedsnet.core.text import clean_text
from sikkerhedsnet.reports.checks import not_future, required_municipality_id, required_title

from .models import (
    Consultation,
    District,
    EarlyInterventionProject,
    ProjectBudget,
    ProjectExpense,
    WellbeingConversation,
)
from .rules import AGE_BANDS

PROJECT_TEXT_FIELDS = (
    "leader",
    "goal",
    "target_group",
    "content",
    "progress",
    "economy_explanation",
    "evaluation_process",
    "evaluation_effect",
    "organisational_learning",
    "links",
    "future",
)


def _district_names(names: Sequence[str]) -> list[str]:
    cleaned = []
    for name in names:
        name = validation.text(
            name,
            field="districts",
            max_length=120,
            messages={validation.TOO_LONG: _("Et distriktsnavn må højst være 120 tegn.")},
        )
        if name and name not in cleaned:
            cleaned.append(name)
    return cleaned


def _sync_districts(project: EarlyInterventionProject, names: list[str]) -> None:
    existing = {d.name: d for d in project.districts.all()}
    for name in names:
        if name not in existing:
            District.objects.create(project=project, name=name)
    for name, district in existing.items():
        if name in names:
            continue
        if district.consultations.exists() or district.conversations.exists():
            raise DomainError(
                _("Distriktet %(name)s har registreringer og kan ikke fjernes.") % {"name": name},
                field="districts",
                code="district_in_use",
            )
        district.delete()


@transaction.atomic
def early_project_save(
    *,
    by: User,
    name: str,
    districts: Sequence[str],
    project: EarlyInterventionProject | None = None,
    expected_version: int | None = None,
    **texts: str,
) -> EarlyInterventionProject:
    """Create or update a project's template texts and its districts."""
    unknown = set(texts) - set(PROJECT_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    name = required_title(name, "name")
    names = _district_names(districts)
    municipality_id = required_municipality_id(by)
    duplicates = EarlyInterventionProject.objects.filter(municipality_id=municipality_id, name=name)
    if project is None:
        if duplicates.exists():
            raise Duplicate(_("Der findes allerede et projekt med dette navn."), field="name", code="duplicate_name")
        project = EarlyInterventionProject.objects.create(
            municipality_id=municipality_id,
            name=name,
            created_by=by,
            **{k: (clean_text(v) if k == "leader" else (v or "").strip()) for k, v in texts.items()},
        )
        _sync_districts(project, names)
        audit.record(by=by, type=AuditEvent.Type.CREATED, target=project, new={"name": name, "districts": names})
        return project
    stale = _("En anden har gemt ændringer i projektet, mens du redigerede. Dine ændringer er ikke gemt.")
    current = versioning.lock(EarlyInterventionProject, project.pk)
    if expected_version is None:  # an edit must name the version it was based on
        raise StaleEdit(stale)
    versioning.check_version(current, expected_version, stale)
    if duplicates.exclude(pk=current.pk).exists():
        raise Duplicate(_("Der findes allerede et projekt med dette navn."), field="name", code="duplicate_name")
    versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={"name": name}
        | {key: clean_text(value) if key == "leader" else (value or "").strip() for key, value in texts.items()},
        private=PROJECT_TEXT_FIELDS,
        extra_old={"districts": list(current.districts.values_list("name", flat=True))},
        extra_new={"districts": names},
    )
    _sync_districts(current, names)
    return current


def _district_of(project: EarlyInterventionProject, district: District) -> District:
    if district.project_id != project.pk:
        raise DomainError(_("Distriktet hører ikke til projektet."), field="district", code="invalid_district")
    return district


def _age_band(age_band: str, *, required: bool) -> str:
    if age_band and age_band not in AGE_BANDS:
        raise DomainError(_("Vælg en aldersgruppe."), field="age_band", code="invalid_age_band")
    if required and not age_band:
        raise DomainError(_("Vælg barnets aldersgruppe."), field="age_band", code="age_band_required")
    return age_band


@transaction.atomic
def consultation_record(
    *,
    by: User,
    project: EarlyInterventionProject,
    district: District,
    requested_on: date,
    specific_child: bool,
    age_band: str = "",
) -> Consultation:
    """Log a district's request for advice (sparring); anonymous: at most the child's age band."""
    _district_of(project, district)
    not_future(requested_on, "requested_on")
    age_band = _age_band(age_band, required=specific_child)
    if not specific_child and age_band:
        raise DomainError(
            _("Aldersgruppe angives kun, når henvendelsen drejer sig om et konkret barn."),
            field="age_band",
            code="age_band_without_child",
        )
    consultation = Consultation.objects.create(
        project=project,
        district=district,
        requested_on=requested_on,
        specific_child=specific_child,
        age_band=age_band,
        recorded_by=by,
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=consultation,
        new={"district": district.name, "on": requested_on, "specific_child": specific_child},
    )
    return consultation


@transaction.atomic
def wellbeing_conversation_record(
    *,
    by: User,
    project: EarlyInterventionProject,
    district: District,
    held_on: date,
    age_band: str,
    parental_consent: bool,
    parents_meeting_on: date | None,
) -> WellbeingConversation:
    """Log a wellbeing conversation: refused without the parents' consent and a prior meeting with them [AAR]."""
    _district_of(project, district)
    not_future(held_on, "held_on")
    age_band = _age_band(age_band, required=True)
    if not parental_consent:
        raise DomainError(
            _("En trivselssamtale kræver forældrenes samtykke."), field="parental_consent", code="consent_required"
        )
    if parents_meeting_on is None:
        raise DomainError(
            _("Der skal have været et møde med forældrene før samtalen."),
            field="parents_meeting_on",
            code="parents_meeting_required",
        )
    if parents_meeting_on > held_on:
        raise DomainError(
            _("Mødet med forældrene skal ligge før samtalen."),
            field="parents_meeting_on",
            code="parents_meeting_after_conversation",
        )
    try:
        with transaction.atomic():
            conversation = WellbeingConversation.objects.create(
                project=project,
                district=district,
                held_on=held_on,
                age_band=age_band,
                parental_consent=parental_consent,
                parents_meeting_on=parents_meeting_on,
                recorded_by=by,
            )
    except IntegrityError as exc:  # the database's own check of the same rule
        raise DomainError(_("Samtalen opfylder ikke kravene."), code="consent_required") from exc
    audit.record(
        by=by, type=AuditEvent.Type.CREATED, target=conversation, new={"district": district.name, "on": held_on}
    )
    return conversation


@transaction.atomic
def project_budget_set(*, by: User, project: EarlyInterventionProject, year: int, amount: int) -> ProjectBudget:
    if not 1900 <= year <= 2200:
        raise DomainError(_("Året skal ligge mellem 1900 og 2200."), field="year", code="invalid_year")
    if amount < 0:
        raise DomainError(_("Beløbet må ikke være negativt."), field="amount", code="negative_amount")
    budget, created = ProjectBudget.objects.update_or_create(project=project, year=year, defaults={"amount": amount})
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED if created else AuditEvent.Type.CHANGED,
        target=budget,
        new={"year": year, "amount": amount},
    )
    return budget


@transaction.atomic
def project_expense_record(
    *, by: User, project: EarlyInterventionProject, booked_on: date, kind: str, amount: int, text: str
) -> ProjectExpense:
    if kind not in ProjectExpense.Kind.values:
        raise DomainError(_("Vælg udgift eller refusion."), field="kind", code="invalid_kind")
    if amount <= 0:
        raise DomainError(_("Beløbet skal være større end 0."), field="amount", code="invalid_amount")
    expense = ProjectExpense.objects.create(
        project=project,
        booked_on=booked_on,
        kind=kind,
        amount=amount,
        text=required_title(text, "text"),
        recorded_by=by,
    )
    audit.record(
        by=by, type=AuditEvent.Type.CREATED, target=expense, new={"on": booked_on, "kind": kind, "amount": amount}
    )
    return expense
