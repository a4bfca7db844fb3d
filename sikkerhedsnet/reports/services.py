"""Writes of the reports app: business cases, evaluations (lottery, snapshots), FIT and questionnaire answers,
and early-intervention records. Each one atomic, validated and audited."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import Conflict, DomainError, Duplicate, StaleEdit
from sikkerhedsnet.core.text import clean_text

from .access import municipality_id_of
from .models import (
    BusinessCase,
    BusinessCaseLine,
    BusinessCaseOutcome,
    Consultation,
    District,
    EarlyInterventionProject,
    Evaluation,
    EvaluationParticipant,
    EvaluationSnapshot,
    FitScore,
    InvolvementResponse,
    ProjectBudget,
    ProjectExpense,
    WellbeingConversation,
)
from .providers import StaircaseProvider
from .rules.business_case import BusinessCaseInput, parse_business_case
from .rules.early_intervention import AGE_BANDS
from .rules.evaluation import CATEGORIES, STEPS, lottery
from .selectors import evaluation_population

MAX_SEED = 2**62


def _municipality_id(by: User) -> int:
    municipality_id = municipality_id_of(by)
    if municipality_id is None:
        raise DomainError(_("Din bruger hører ikke til en kommune."), code="no_municipality")
    return municipality_id


def _title(value: str, field: str = "title") -> str:
    return validation.text(value, field=field, max_length=200, required=True)


def _not_future(day: date, field: str) -> None:
    validation.not_in_future(day, today=timezone.localdate(), field=field)


# --- business cases ----------------------------------------------------------------------------------------


def _baseline(data: Mapping[str, Any]) -> tuple[Decimal | None, int | None]:
    placed, cost = data.get("baseline_placed"), data.get("average_placement_cost")
    if placed is not None:
        try:
            placed = Decimal(str(placed))
        except InvalidOperation as exc:
            raise DomainError(_("Skriv et tal."), field="baseline_placed", code="invalid_number") from exc
        if not placed.is_finite() or placed < 0 or placed >= 1_000_000:
            raise DomainError(_("Skriv et tal fra 0."), field="baseline_placed", code="invalid_number")
        placed = placed.quantize(Decimal("0.1"))
    if cost is not None and (not isinstance(cost, int) or isinstance(cost, bool) or not 0 <= cost < 2**31):
        raise DomainError(_("Skriv et helt antal kroner."), field="average_placement_cost", code="invalid_amount")
    return placed, cost


def _write_lines(business_case: BusinessCase, parsed: BusinessCaseInput) -> None:
    lines = []
    for kind, group in (
        (BusinessCaseLine.Kind.INVESTMENT, parsed.investments),
        (BusinessCaseLine.Kind.SAVING, parsed.savings),
    ):
        for position, line in enumerate(group):
            lines.append(
                BusinessCaseLine(
                    business_case=business_case,
                    kind=kind,
                    position=position,
                    label=line.label,
                    amount_per_year=line.per_year if kind == BusinessCaseLine.Kind.INVESTMENT else None,
                    increment_per_year=line.increment_per_year,
                    amounts=list(line.amounts) if line.amounts is not None else None,
                )
            )
    BusinessCaseLine.objects.bulk_create(lines)


def _snapshot(business_case: BusinessCase) -> dict[str, Any]:
    lines = list(business_case.lines.order_by("kind", "position"))
    return {
        "title": business_case.title,
        "first_year": business_case.first_year,
        "years": business_case.years,
        "baseline_placed": business_case.baseline_placed,
        "average_placement_cost": business_case.average_placement_cost,
        "lines": [{"kind": line.kind, **line.as_input()} for line in lines],
    }


def _unique_title_guard(municipality_id: int, title: str, exclude_pk: int | None = None) -> None:
    qs = BusinessCase.objects.filter(municipality_id=municipality_id, title=title)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise Duplicate(
            _("Der findes allerede en business case med denne titel."), field="title", code="duplicate_title"
        )


@transaction.atomic
def business_case_create(*, by: User, data: Mapping[str, Any], municipality_id: int | None = None) -> BusinessCase:
    """Save a business case: title, description, first_year, years, investments, savings and the optional
    baseline (placed children and average cost) for following it with case data. The municipality is the
    user's unless given (the demo data)."""
    municipality_id = municipality_id or _municipality_id(by)
    title = _title(data.get("title", ""))
    parsed = parse_business_case(data)
    placed, cost = _baseline(data)
    _unique_title_guard(municipality_id, title)
    business_case = BusinessCase.objects.create(
        municipality_id=municipality_id,
        title=title,
        description=clean_text(data.get("description") or ""),
        first_year=parsed.first_year,
        years=parsed.years,
        baseline_placed=placed,
        average_placement_cost=cost,
        created_by=by,
    )
    _write_lines(business_case, parsed)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=business_case, new=_snapshot(business_case))
    return business_case


@transaction.atomic
def business_case_update(
    *, by: User, business_case: BusinessCase, expected_version: int, data: Mapping[str, Any]
) -> BusinessCase:
    """Replace a business case's content; refuses a stale edit."""
    current = BusinessCase.objects.select_for_update().get(pk=business_case.pk)
    if current.version != expected_version:
        raise StaleEdit(
            _("En anden har gemt ændringer i denne business case, mens du redigerede. Dine ændringer er ikke gemt.")
        )
    title = _title(data.get("title", ""))
    parsed = parse_business_case(data)
    placed, cost = _baseline(data)
    _unique_title_guard(current.municipality_id, title, exclude_pk=current.pk)
    old = _snapshot(current)
    current.title = title
    current.description = clean_text(data.get("description") or "")
    current.first_year, current.years = parsed.first_year, parsed.years
    current.baseline_placed, current.average_placement_cost = placed, cost
    current.version += 1
    current.save()
    current.lines.all().delete()
    _write_lines(current, parsed)
    audit.record(by=by, type=AuditEvent.Type.CHANGED, target=current, old=old, new=_snapshot(current))
    return current


@transaction.atomic
def business_case_outcome_record(
    *, by: User, business_case: BusinessCase, year: int, investment: int, savings: int, note: str = ""
) -> BusinessCaseOutcome:
    """Record (or correct) the realised investment and savings of one year of the case."""
    if not business_case.first_year <= year <= business_case.last_year:
        raise DomainError(
            _("Året skal ligge i business casens periode (%(first)s–%(last)s).")
            % {"first": business_case.first_year, "last": business_case.last_year},
            field="year",
            code="year_outside_case",
        )
    for field, value in (("investment", investment), ("savings", savings)):
        if value < 0:
            raise DomainError(_("Beløbet må ikke være negativt."), field=field, code="negative_amount")
    outcome, created = BusinessCaseOutcome.objects.update_or_create(
        business_case=business_case,
        year=year,
        defaults={"investment": investment, "savings": savings, "note": clean_text(note), "recorded_by": by},
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED if created else AuditEvent.Type.CHANGED,
        target=outcome,
        new={"year": year, "investment": investment, "savings": savings},
    )
    return outcome


# --- evaluations -------------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_create(
    *,
    by: User,
    title: str,
    baseline_on: date,
    pool: Sequence[User],
    unit: str = Evaluation.Unit.CASES,
    new_model_share: int = 50,
    description: str = "",
) -> Evaluation:
    """Set up an evaluation: its baseline date and the caseworkers whose cases (or who) take part."""
    municipality_id = _municipality_id(by)
    title = _title(title)
    if unit not in Evaluation.Unit.values:
        raise DomainError(_("Vælg sager eller rådgivere."), field="unit", code="invalid_unit")
    if not 1 <= new_model_share <= 99:
        raise DomainError(_("Andelen skal være mellem 1 og 99 %."), field="new_model_share", code="invalid_share")
    if not pool:
        raise DomainError(_("Vælg mindst én rådgiver."), field="pool", code="empty_pool")
    for user in pool:
        if user.role not in (Role.CASEWORKER, Role.SOS_CONSULTANT) or municipality_id_of(user) != municipality_id:
            raise DomainError(_("Kun kommunens rådgivere kan være med i forsøget."), field="pool", code="invalid_pool")
    if Evaluation.objects.filter(municipality_id=municipality_id, title=title).exists():
        raise Duplicate(_("Der findes allerede en evaluering med denne titel."), field="title", code="duplicate_title")
    evaluation = Evaluation.objects.create(
        municipality_id=municipality_id,
        title=title,
        description=clean_text(description),
        baseline_on=baseline_on,
        unit=unit,
        new_model_share=new_model_share,
        created_by=by,
    )
    evaluation.pool.set(pool)
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=evaluation,
        new={
            "title": title,
            "baseline_on": baseline_on,
            "unit": unit,
            "share": new_model_share,
            "pool": sorted(u.pk for u in pool),
        },
    )
    return evaluation


@transaction.atomic
def evaluation_lottery_run(*, by: User, evaluation: Evaluation, seed: int | None = None) -> Evaluation:
    """Draw the groups once, from a recorded seed (a new random one unless given), and record who and when."""
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if current.lottery_done:
        raise Conflict(_("Lodtrækningen er allerede foretaget og kan ikke gentages."), code="lottery_already_run")
    if seed is None:
        seed = secrets.randbelow(10**9)
    if not 0 <= seed < MAX_SEED:
        raise DomainError(_("Seed skal være et helt tal fra 0."), field="seed", code="invalid_seed")
    population = evaluation_population(current)
    if not population:
        raise DomainError(_("Rådgiverne i forsøget har ingen åbne sager på baseline-datoen."), code="empty_population")
    if current.unit == Evaluation.Unit.CASES:
        draws = {
            d.unit_id: d for d in lottery([c for c, _w in population], seed=seed, share_percent=current.new_model_share)
        }
        participants = [
            EvaluationParticipant(
                evaluation=current,
                child_id=child_id,
                caseworker_id=worker_id,
                group=draws[child_id].group,
                ticket=draws[child_id].ticket,
            )
            for child_id, worker_id in population
        ]
    else:
        draws = {
            d.unit_id: d for d in lottery({w for _c, w in population}, seed=seed, share_percent=current.new_model_share)
        }
        participants = [
            EvaluationParticipant(
                evaluation=current,
                child_id=child_id,
                caseworker_id=worker_id,
                group=draws[worker_id].group,
                ticket=draws[worker_id].ticket,
            )
            for child_id, worker_id in population
        ]
    EvaluationParticipant.objects.bulk_create(participants)
    current.lottery_seed, current.lottery_run_at, current.lottery_run_by = seed, timezone.now(), by
    current.version += 1
    current.save()
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=current,
        new={"lottery_seed": seed, "units": len(draws), "children": len(participants)},
    )
    audit.record_many(
        by=by,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CREATED,
                target_model="reports.evaluationparticipant",
                target_id=str(current.pk),
                child_id=p.child_id,
                new={"group": p.group},
            )
            for p in participants
        ],
    )
    return current


def _position(value: Any, child_id: int) -> tuple[str, int | None]:
    try:
        category, step = value
    except (TypeError, ValueError) as exc:
        raise DomainError(_("Ugyldig måling."), code="invalid_snapshot") from exc
    category = "" if category in (None, "") else str(category)
    if category and category not in CATEGORIES:
        raise DomainError(
            _("Ukendt Børnelineal-kategori: %(c)s.") % {"c": category},
            field=f"category_{child_id}",
            code="invalid_category",
        )
    if step is not None and (isinstance(step, bool) or step not in STEPS):
        raise DomainError(_("Trinnet skal være 1–5."), field=f"step_{child_id}", code="invalid_step")
    return category, step


@transaction.atomic
def evaluation_snapshot_take(
    *,
    by: User,
    evaluation: Evaluation,
    on: date,
    provider: StaircaseProvider,
    source: str = EvaluationSnapshot.Source.MANUAL,
) -> int:
    """Record every participant's Børnelineal category and staircase step on `on`, from the provider
    (the measures data once wired; a form's values until then). A child the provider has no value for is left
    out. Re-taking a date replaces that date's values. Returns the number of children recorded."""
    if not evaluation.lottery_done:
        raise DomainError(_("Foretag lodtrækningen, før der måles."), code="lottery_not_run")
    if on < evaluation.baseline_on:
        raise DomainError(_("Målingen kan ikke ligge før baseline."), field="taken_on", code="before_baseline")
    _not_future(on, "taken_on")
    if (
        on != evaluation.baseline_on
        and not EvaluationSnapshot.objects.filter(evaluation=evaluation, taken_on=evaluation.baseline_on).exists()
    ):
        raise DomainError(_("Registrér baseline-målingen først."), field="taken_on", code="baseline_missing")
    child_ids = list(
        EvaluationParticipant.objects.filter(evaluation=evaluation)
        .order_by("child_id")
        .values_list("child_id", flat=True)
    )
    values = provider(child_ids, on)
    rows = []
    for child_id in child_ids:
        if child_id not in values:
            continue
        category, step = _position(values[child_id], child_id)
        if not category and step is None:
            continue
        rows.append(
            EvaluationSnapshot(
                evaluation=evaluation,
                child_id=child_id,
                taken_on=on,
                category=category,
                step=step,
                source=source,
                recorded_by=by,
            )
        )
    replaced = EvaluationSnapshot.objects.filter(evaluation=evaluation, taken_on=on).delete()[0]
    EvaluationSnapshot.objects.bulk_create(rows)
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED if replaced else AuditEvent.Type.CREATED,
        target=evaluation,
        new={"snapshot_on": on, "children": len(rows), "replaced": replaced, "source": source},
    )
    audit.record_many(
        by=by,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CREATED,
                target_model="reports.evaluationsnapshot",
                target_id=str(evaluation.pk),
                child_id=r.child_id,
                new={"on": on, "category": r.category, "step": r.step},
            )
            for r in rows
        ],
    )
    return len(rows)


# --- FIT and the involvement questionnaire -----------------------------------------------------------------


def _score(value: Decimal | None, field: str) -> Decimal | None:
    if value is None:
        return None
    value = Decimal(value)
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(40):
        raise DomainError(_("Scoren skal være mellem 0 og 40."), field=field, code="invalid_score")
    if value != value.quantize(Decimal("0.1")):
        raise DomainError(_("Højst én decimal."), field=field, code="invalid_score")
    return value


@transaction.atomic
def fit_score_record(
    *, by: User, child: Child, session_on: date, respondent: str, ors: Decimal | None, srs: Decimal | None
) -> FitScore:
    """Record one respondent's ORS and/or SRS from a session (FIT, at every contact [KOL])."""
    _not_future(session_on, "session_on")
    if respondent not in FitScore.Respondent.values:
        raise DomainError(_("Vælg hvem der svarede."), field="respondent", code="invalid_respondent")
    ors, srs = _score(ors, "ors"), _score(srs, "srs")
    if ors is None and srs is None:
        raise DomainError(_("Udfyld ORS, SRS eller begge."), field="ors", code="score_required")
    score = FitScore.objects.create(
        child=child, session_on=session_on, respondent=respondent, ors=ors, srs=srs, recorded_by=by
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=score,
        child_id=child.pk,
        new={"session_on": session_on, "respondent": respondent, "ors": ors, "srs": srs},
    )
    return score


@transaction.atomic
def involvement_response_record(
    *, by: User, child: Child, answered_on: date, respondent: str, involved: int, heard: int, effect: int
) -> InvolvementResponse:
    """Record an answer to Familierådgivningen's questionnaire (every 3 months [KOL])."""
    _not_future(answered_on, "answered_on")
    if respondent not in InvolvementResponse.Respondent.values:
        raise DomainError(_("Vælg hvem der svarede."), field="respondent", code="invalid_respondent")
    for field, value in (("involved", involved), ("heard", heard), ("effect", effect)):
        if value not in (1, 2, 3, 4, 5):
            raise DomainError(_("Svar 1–5."), field=field, code="invalid_answer")
    response = InvolvementResponse.objects.create(
        child=child,
        answered_on=answered_on,
        respondent=respondent,
        involved=involved,
        heard=heard,
        effect=effect,
        recorded_by=by,
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=response,
        child_id=child.pk,
        new={"answered_on": answered_on, "respondent": respondent, "answers": [involved, heard, effect]},
    )
    return response


# --- early intervention ------------------------------------------------------------------------------------

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
    name = _title(name, "name")
    names = _district_names(districts)
    municipality_id = _municipality_id(by)
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
    current = EarlyInterventionProject.objects.select_for_update().get(pk=project.pk)
    if current.version != expected_version:
        raise StaleEdit(_("En anden har gemt ændringer i projektet, mens du redigerede. Dine ændringer er ikke gemt."))
    if duplicates.exclude(pk=current.pk).exists():
        raise Duplicate(_("Der findes allerede et projekt med dette navn."), field="name", code="duplicate_name")
    old = {"name": current.name, "districts": list(current.districts.values_list("name", flat=True))}
    current.name = name
    for key, value in texts.items():
        setattr(current, key, clean_text(value) if key == "leader" else (value or "").strip())
    current.version += 1
    current.save()
    _sync_districts(current, names)
    audit.record(by=by, type=AuditEvent.Type.CHANGED, target=current, old=old, new={"name": name, "districts": names})
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
    _not_future(requested_on, "requested_on")
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
    _not_future(held_on, "held_on")
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
        project=project, booked_on=booked_on, kind=kind, amount=amount, text=_title(text, "text"), recorded_by=by
    )
    audit.record(
        by=by, type=AuditEvent.Type.CREATED, target=expense, new={"on": booked_on, "kind": kind, "amount": amount}
    )
    return expense
