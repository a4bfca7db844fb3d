"""API: the management's own records in the reports room: evaluations of a practice change and early-intervention
projects (the Aarhus template). The same services, selectors and role rules as the pages (reports/access.py):
the report roles read, heads manage; another municipality's record is 404. Reports are suppressed as exports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.api.params import ISO_DATE_PATTERN, IsoDate, query_date
from sikkerhedsnet.api.routers.reports import ReportOut, report_out, report_read_record, year_range
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.reports.access import (
    EARLY_INTERVENTION_MANAGERS,
    EARLY_INTERVENTION_RECORDERS,
    EVALUATION_MANAGERS,
    REPORT_ROLES,
    municipality_id_of,
    require,
)
from sikkerhedsnet.reports.early_intervention import selectors as early_selectors
from sikkerhedsnet.reports.early_intervention import services as early_services
from sikkerhedsnet.reports.early_intervention.documents import early_intervention_report
from sikkerhedsnet.reports.early_intervention.models import (
    Consultation,
    District,
    EarlyInterventionProject,
    ProjectBudget,
    ProjectExpense,
    WellbeingConversation,
)
from sikkerhedsnet.reports.evaluations import selectors as evaluation_selectors
from sikkerhedsnet.reports.evaluations import services as evaluation_services
from sikkerhedsnet.reports.evaluations.documents import evaluation_report
from sikkerhedsnet.reports.evaluations.models import Evaluation, EvaluationSnapshot
from sikkerhedsnet.reports.evaluations.providers import staircase_provider

router = Router(tags=["reports"])

MAX_ID = 2**63 - 1
MAX_SEED = 2**62 - 1
PathId = Path(..., ge=1, le=MAX_ID)
FOLLOW_UP_ON = Query(
    None, pattern=ISO_DATE_PATTERN, description="The follow-up round to compare with the baseline (default: the latest)"
)
FIRST_YEAR = Query(None, description="First year of the report (default: the first year with consultations)")
LAST_YEAR = Query(None, description="Last year of the report (default: this year)")


# --- Evaluations ----------------------------------------------------------------------------------------------


class EvaluationIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    baseline_date: date
    unit: Literal["cases", "caseworkers"] = "cases"
    new_model_share: int = Field(50, ge=1, le=99, description="Percent of the units drawn to the new model")
    pool: list[str] = Field(
        ..., min_length=1, max_length=500, description="Usernames of the municipality's caseworkers taking part"
    )


class LotteryIn(Schema):
    seed: int | None = Field(None, ge=0, le=MAX_SEED, description="Empty: a random seed; recorded either way")


class EvaluationOut(Schema):
    id: int
    title: str
    description: str
    baseline_date: date
    unit: str
    new_model_share: int
    pool: list[str] = Field(..., description="Usernames of the caseworkers taking part")
    lottery_seed: int | None
    lottery_run_at: datetime | None
    rounds: list[date] = Field(..., description="The dates snapshots were taken")
    version: int


class EvaluationList(Schema):
    items: list[EvaluationOut]
    count: int


class EvaluationDetailOut(EvaluationOut):
    follow_up_on: date | None = Field(..., description="The follow-up round the report compares with the baseline")
    report: ReportOut


def evaluation_out(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "id": evaluation.pk,
        "title": evaluation.title,
        "description": evaluation.description,
        "baseline_date": evaluation.baseline_on,
        "unit": evaluation.unit,
        "new_model_share": evaluation.new_model_share,
        "pool": sorted(u.username for u in evaluation.pool.all()),
        "lottery_seed": evaluation.lottery_seed,
        "lottery_run_at": timezone.localtime(evaluation.lottery_run_at) if evaluation.lottery_run_at else None,
        "rounds": [d for d, _n in evaluation_selectors.evaluation_rounds(evaluation)],
        "version": evaluation.version,
    }


def _pool(user: User, usernames: list[str]) -> list[User]:
    """The caseworkers named, among those the page offers (active caseworkers and SoS consultants of the user's
    municipality); anyone else is refused, as the service refuses them."""
    municipality_id = municipality_id_of(user)
    if municipality_id is None:
        raise DomainError("Your account belongs to no municipality.", code="no_municipality")
    found = list(
        User.objects.filter(
            username__in=set(usernames),
            role__in=[Role.CASEWORKER, Role.SOS_CONSULTANT],
            is_active=True,
            team__department__municipality_id=municipality_id,
        )
    )
    if len(found) != len(set(usernames)):
        raise DomainError("Only the municipality's caseworkers can take part.", field="pool", code="invalid_pool")
    return found


@router.get("/evaluations", response={200: EvaluationList, 403: Error})
def list_evaluations(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The municipality's evaluations (report roles)."""
    require(request.user, REPORT_ROLES)
    items = [evaluation_out(e) for e in evaluation_selectors.evaluations_for(request.user).prefetch_related("pool")]
    return {"items": items, "count": len(items)}


@router.get("/evaluations/{evaluation_id}", response={200: EvaluationDetailOut, 403: Error, 404: Error, 422: Error})
def get_evaluation(
    request: AuthenticatedHttpRequest, evaluation_id: int = PathId, follow_up_on: str | None = FOLLOW_UP_ON
) -> dict[str, Any]:
    """The evaluation and its report (groups, positions at baseline and follow-up, the comparison), suppressed."""
    require(request.user, REPORT_ROLES)
    evaluation = evaluation_selectors.evaluation_get(request.user, evaluation_id)
    asked = query_date(follow_up_on, field="follow_up_on")
    follow_ups = [d for d, _n in evaluation_selectors.evaluation_rounds(evaluation) if d > evaluation.baseline_on]
    chosen = asked or (follow_ups[-1] if follow_ups else None)
    report = evaluation_report(evaluation, follow_up_on=chosen, suppressed=True)
    report_read_record(request, report)
    return evaluation_out(evaluation) | {"follow_up_on": chosen, "report": report_out(report)}


@router.post("/evaluations", response={201: EvaluationOut, 403: Error, 409: Error, 422: Error})
def create_evaluation(request: AuthenticatedHttpRequest, payload: EvaluationIn) -> Status:
    """Head: set up an evaluation (baseline, the caseworkers in the trial, the share drawn to the new model)."""
    require(request.user, EVALUATION_MANAGERS)
    validation.plausible_date(payload.baseline_date, field="baseline_date")
    evaluation = evaluation_services.evaluation_create(
        by=request.user,
        title=payload.title,
        description=payload.description,
        baseline_on=payload.baseline_date,
        unit=payload.unit,
        new_model_share=payload.new_model_share,
        pool=_pool(request.user, payload.pool),
    )
    return Status(201, evaluation_out(evaluation))


@router.post(
    "/evaluations/{evaluation_id}/lottery",
    response={200: EvaluationOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def run_evaluation_lottery(
    request: AuthenticatedHttpRequest, payload: LotteryIn, evaluation_id: int = PathId
) -> dict[str, Any]:
    """Head: draw the groups once, from a recorded seed. Again: 409 `lottery_already_run`."""
    require(request.user, EVALUATION_MANAGERS)
    evaluation = evaluation_selectors.evaluation_get(request.user, evaluation_id)
    evaluation = evaluation_services.evaluation_lottery_run(by=request.user, evaluation=evaluation, seed=payload.seed)
    return evaluation_out(evaluation)


class PositionIn(Schema):
    child_id: StrictInt = Field(..., ge=1, le=MAX_ID, description="A participant in the evaluation")
    category: Literal["1", "2", "3", "4a", "4b"] | None = Field(None, description="Børnelineal category")
    step: StrictInt | None = Field(None, ge=1, le=5, description="Staircase step 1–5")


class SnapshotIn(Schema):
    taken_on: IsoDate = Field(..., description="Not before the baseline, not in the future; taken again: replaced")
    positions: list[PositionIn] = Field(
        default_factory=list,
        max_length=5000,
        description="By hand, one per participant (a participant left out is not recorded); ignored when the "
        "measures data provide the positions",
    )


class SnapshotOut(EvaluationOut):
    taken_on: date
    recorded: int = Field(..., description="The number of children recorded on that date")


def _manual_positions(
    request: AuthenticatedHttpRequest, evaluation: Evaluation, positions: list[PositionIn]
) -> dict[int, tuple[str | None, int | None]]:
    """The positions sent, for participants the user may see (as the page offers them); anyone else is 422."""
    visible = {child.pk for child, _group in evaluation_selectors.evaluation_participants(request.user, evaluation)}
    values: dict[int, tuple[str | None, int | None]] = {}
    for position in positions:
        if position.child_id not in visible or position.child_id in values:
            raise DomainError(
                "Each position must name a different participant of the evaluation.",
                field="positions",
                code="invalid_participant",
            )
        values[position.child_id] = (position.category, position.step)
    return values


@router.post(
    "/evaluations/{evaluation_id}/snapshots",
    response={201: SnapshotOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def take_evaluation_snapshot(
    request: AuthenticatedHttpRequest, payload: SnapshotIn, evaluation_id: int = PathId
) -> Status:
    """Head: record every participant's Børnelineal category and staircase step on a date (after the lottery;
    the baseline first). From the measures data when wired, otherwise the positions sent."""
    require(request.user, EVALUATION_MANAGERS)
    evaluation = evaluation_selectors.evaluation_get(request.user, evaluation_id)
    validation.plausible_date(payload.taken_on, field="taken_on")
    provider = staircase_provider()
    if provider is not None:
        count = evaluation_services.evaluation_snapshot_take(
            by=request.user,
            evaluation=evaluation,
            on=payload.taken_on,
            provider=provider,
            source=EvaluationSnapshot.Source.CASE_DATA,
        )
    else:
        values = _manual_positions(request, evaluation, payload.positions)
        count = evaluation_services.evaluation_snapshot_take(
            by=request.user, evaluation=evaluation, on=payload.taken_on, provider=lambda ids, _on: values
        )
    evaluation = evaluation_selectors.evaluation_get(request.user, evaluation.pk)
    return Status(201, evaluation_out(evaluation) | {"taken_on": payload.taken_on, "recorded": count})


# --- Early-intervention projects ------------------------------------------------------------------------------

Text = Field("", max_length=5000)


class EarlyProjectIn(Schema):
    name: str = Field(..., max_length=200)
    districts: list[str] = Field(default_factory=list, max_length=100, description="District names, each ≤ 120")
    leader: str = Field("", max_length=200)
    goal: str = Text
    target_group: str = Text
    content: str = Text
    progress: str = Text
    economy_explanation: str = Text
    evaluation_process: str = Text
    evaluation_effect: str = Text
    organisational_learning: str = Text
    links: str = Text
    future: str = Text


class EarlyProjectUpdateIn(EarlyProjectIn):
    version: int = Field(..., ge=0, le=MAX_ID, description="The version you read; a stale one answers 409 stale_edit")


class EarlyProjectOut(Schema):
    id: int
    name: str
    districts: list[str]
    leader: str
    goal: str
    target_group: str
    content: str
    progress: str
    economy_explanation: str
    evaluation_process: str
    evaluation_effect: str
    organisational_learning: str
    links: str
    future: str
    version: int


class EarlyProjectList(Schema):
    items: list[EarlyProjectOut]
    count: int


class EarlyProjectDetailOut(EarlyProjectOut):
    first_year: int
    last_year: int
    report: ReportOut


def early_project_out(project: EarlyInterventionProject) -> dict[str, Any]:
    return {
        "id": project.pk,
        "name": project.name,
        "districts": sorted(d.name for d in project.districts.all()),
        **{k: getattr(project, k) for k in early_services.PROJECT_TEXT_FIELDS},
        "version": project.version,
    }


def _early_save(
    request: AuthenticatedHttpRequest, payload: EarlyProjectIn, project: EarlyInterventionProject | None
) -> EarlyInterventionProject:
    return early_services.early_project_save(
        by=request.user,
        name=payload.name,
        districts=payload.districts,
        project=project,
        expected_version=getattr(payload, "version", None),
        **{k: getattr(payload, k) for k in early_services.PROJECT_TEXT_FIELDS},
    )


@router.get("/early-intervention-projects", response={200: EarlyProjectList, 403: Error})
def list_early_projects(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The municipality's early-intervention projects (report roles)."""
    require(request.user, REPORT_ROLES)
    projects = early_selectors.early_projects_for(request.user).prefetch_related("districts")
    items = [early_project_out(p) for p in projects]
    return {"items": items, "count": len(items)}


@router.get(
    "/early-intervention-projects/{project_id}",
    response={200: EarlyProjectDetailOut, 403: Error, 404: Error, 422: Error},
)
def get_early_project(
    request: AuthenticatedHttpRequest,
    project_id: int = PathId,
    first_year: int | None = FIRST_YEAR,
    last_year: int | None = LAST_YEAR,
) -> dict[str, Any]:
    """The project and its report for a year range (consultations, conversations, economy), suppressed."""
    require(request.user, REPORT_ROLES)
    project = early_selectors.early_project_get(request.user, project_id)
    this_year = timezone.localdate().year
    recorded = project.consultations.order_by("requested_on").values_list("requested_on__year", flat=True).first()
    first, last = year_range(first_year, last_year, (recorded or this_year, max(recorded or this_year, this_year)))
    report = early_intervention_report(project, first, last, suppressed=True)
    report_read_record(request, report)
    return early_project_out(project) | {"first_year": first, "last_year": last, "report": report_out(report)}


@router.post("/early-intervention-projects", response={201: EarlyProjectOut, 403: Error, 409: Error, 422: Error})
def create_early_project(request: AuthenticatedHttpRequest, payload: EarlyProjectIn) -> Status:
    """Head: a new project with its template texts and districts. A name already used answers 409."""
    require(request.user, EARLY_INTERVENTION_MANAGERS)
    return Status(201, early_project_out(_early_save(request, payload, None)))


@router.put(
    "/early-intervention-projects/{project_id}",
    response={200: EarlyProjectOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def update_early_project(
    request: AuthenticatedHttpRequest, payload: EarlyProjectUpdateIn, project_id: int = PathId
) -> dict[str, Any]:
    """Head: replace the project's texts and districts. A stale `version` answers 409 stale_edit."""
    require(request.user, EARLY_INTERVENTION_MANAGERS)
    project = early_selectors.early_project_get(request.user, project_id)
    project = _early_save(request, payload, project)
    return early_project_out(early_selectors.early_project_get(request.user, project.pk))


# --- The early-intervention log: consultations, wellbeing conversations, budget, expenses ---------------------
# As the record page: the case roles who give the advice log it (no child is identified; at most an age band);
# the project is the user's municipality's (404 otherwise); a district is named by its name in the project.

AgeBand = Literal["0-6", "7-12", "13-18"]
DISTRICT = Field(..., max_length=120, description="The name of one of the project's districts")


class ConsultationIn(Schema):
    district: str = DISTRICT
    requested_on: IsoDate = Field(..., description="Not in the future")
    specific_child: StrictBool = False
    age_band: AgeBand | Literal[""] = Field("", description="Only (and then required) when about a specific child")


class ConsultationOut(Schema):
    id: int
    project_id: int
    district: str
    requested_on: date
    specific_child: bool
    age_band: str


class ConversationIn(Schema):
    district: str = DISTRICT
    held_on: IsoDate = Field(..., description="Not in the future")
    age_band: AgeBand
    parental_consent: StrictBool = Field(..., description="Required true: no conversation without consent")
    parents_meeting_on: IsoDate | None = Field(None, description="Required: the meeting with the parents, before")


class ConversationOut(Schema):
    id: int
    project_id: int
    district: str
    held_on: date
    age_band: str
    parental_consent: bool
    parents_meeting_on: date


class BudgetIn(Schema):
    year: StrictInt = Field(..., ge=1900, le=2200)
    amount: StrictInt = Field(..., ge=0, le=10**12, description="Whole kroner; the year's budget is replaced")


class BudgetOut(Schema):
    project_id: int
    year: int
    amount: int


class ExpenseIn(Schema):
    booked_on: IsoDate
    kind: Literal["expense", "reimbursement"] = "expense"
    amount: StrictInt = Field(..., ge=1, le=10**12, description="Whole kroner, > 0")
    text: str = Field(..., max_length=200)


class ExpenseOut(Schema):
    id: int
    project_id: int
    booked_on: date
    kind: str
    amount: int
    text: str


def _recording_project(request: AuthenticatedHttpRequest, project_id: int) -> EarlyInterventionProject:
    require(request.user, EARLY_INTERVENTION_RECORDERS)
    return early_selectors.early_project_get(request.user, project_id)


def _district(project: EarlyInterventionProject, name: str) -> District:
    district = project.districts.filter(name=name.strip()).first()
    if district is None:
        raise DomainError("The project has no district of that name.", field="district", code="invalid_district")
    return district


@router.post(
    "/early-intervention-projects/{project_id}/consultations",
    response={201: ConsultationOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def record_consultation(request: AuthenticatedHttpRequest, payload: ConsultationIn, project_id: int = PathId) -> Status:
    """Log a district's request for advice (sparring); anonymous, at most the child's age band."""
    project = _recording_project(request, project_id)
    validation.plausible_date(payload.requested_on, field="requested_on")
    consultation = early_services.consultation_record(
        by=request.user,
        project=project,
        district=_district(project, payload.district),
        requested_on=payload.requested_on,
        specific_child=payload.specific_child,
        age_band=payload.age_band,
    )
    return Status(201, _consultation_out(consultation))


@router.post(
    "/early-intervention-projects/{project_id}/wellbeing-conversations",
    response={201: ConversationOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def record_wellbeing_conversation(
    request: AuthenticatedHttpRequest, payload: ConversationIn, project_id: int = PathId
) -> Status:
    """Log a wellbeing conversation: refused without the parents' consent and a prior meeting with them."""
    project = _recording_project(request, project_id)
    validation.plausible_date(payload.held_on, field="held_on")
    validation.plausible_date(payload.parents_meeting_on, field="parents_meeting_on")
    conversation = early_services.wellbeing_conversation_record(
        by=request.user,
        project=project,
        district=_district(project, payload.district),
        held_on=payload.held_on,
        age_band=payload.age_band,
        parental_consent=payload.parental_consent,
        parents_meeting_on=payload.parents_meeting_on,
    )
    return Status(201, _conversation_out(conversation))


@router.post(
    "/early-intervention-projects/{project_id}/budgets",
    response={200: BudgetOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def set_project_budget(
    request: AuthenticatedHttpRequest, payload: BudgetIn, project_id: int = PathId
) -> dict[str, Any]:
    """Set (or replace) the project's budget for a year."""
    project = _recording_project(request, project_id)
    budget = early_services.project_budget_set(
        by=request.user, project=project, year=payload.year, amount=payload.amount
    )
    return _budget_out(budget)


@router.post(
    "/early-intervention-projects/{project_id}/expenses",
    response={201: ExpenseOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def record_project_expense(request: AuthenticatedHttpRequest, payload: ExpenseIn, project_id: int = PathId) -> Status:
    """Book an expense or a refund on the project."""
    project = _recording_project(request, project_id)
    validation.plausible_date(payload.booked_on, field="booked_on")
    expense = early_services.project_expense_record(
        by=request.user,
        project=project,
        booked_on=payload.booked_on,
        kind=payload.kind,
        amount=payload.amount,
        text=payload.text,
    )
    return Status(201, _expense_out(expense))


# --- Reading the log back: the lists next to the POSTs ---------------------------------------------------------
# The same people as the record page (the case roles of the project's municipality; another municipality's
# project is 404). These are single anonymous records, not suppressed figures, so the analyst, who sees only
# suppressed figures, reads the project's report (GET …/{id}) instead; a list is 403 for the analyst.

YEAR = Query(None, ge=1900, le=2200, description="Only this calendar year (default: every year)")


class ConsultationList(Schema):
    items: list[ConsultationOut]
    count: int


class ConversationList(Schema):
    items: list[ConversationOut]
    count: int


class BudgetList(Schema):
    items: list[BudgetOut]
    count: int


class ExpenseList(Schema):
    items: list[ExpenseOut]
    count: int


def _listed(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"items": rows, "count": len(rows)}


# One answer per record of the project's log, the same after recording it (POST) and in its list (GET).
def _consultation_out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "project_id": c.project_id,
        "district": c.district.name,
        "requested_on": c.requested_on,
        "specific_child": c.specific_child,
        "age_band": c.age_band,
    }


def _conversation_out(c: WellbeingConversation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "project_id": c.project_id,
        "district": c.district.name,
        "held_on": c.held_on,
        "age_band": c.age_band,
        "parental_consent": c.parental_consent,
        "parents_meeting_on": c.parents_meeting_on,
    }


def _budget_out(b: ProjectBudget) -> dict[str, Any]:
    return {"project_id": b.project_id, "year": b.year, "amount": b.amount}


def _expense_out(e: ProjectExpense) -> dict[str, Any]:
    return {
        "id": e.pk,
        "project_id": e.project_id,
        "booked_on": e.booked_on,
        "kind": e.kind,
        "amount": e.amount,
        "text": e.text,
    }


@router.get(
    "/early-intervention-projects/{project_id}/consultations",
    response={200: ConsultationList, 403: Error, 404: Error, 422: Error},
)
def list_consultations(
    request: AuthenticatedHttpRequest, project_id: int = PathId, year: int | None = YEAR
) -> dict[str, Any]:
    """The project's logged consultations, oldest first (anonymous: at most the child's age band)."""
    project = _recording_project(request, project_id)
    rows = project.consultations.select_related("district").order_by("requested_on", "id")
    if year is not None:
        rows = rows.filter(requested_on__year=year)
    return _listed([_consultation_out(c) for c in rows])


@router.get(
    "/early-intervention-projects/{project_id}/wellbeing-conversations",
    response={200: ConversationList, 403: Error, 404: Error, 422: Error},
)
def list_wellbeing_conversations(
    request: AuthenticatedHttpRequest, project_id: int = PathId, year: int | None = YEAR
) -> dict[str, Any]:
    """The project's logged wellbeing conversations, oldest first."""
    project = _recording_project(request, project_id)
    rows = project.conversations.select_related("district").order_by("held_on", "id")
    if year is not None:
        rows = rows.filter(held_on__year=year)
    return _listed([_conversation_out(c) for c in rows])


@router.get(
    "/early-intervention-projects/{project_id}/budgets",
    response={200: BudgetList, 403: Error, 404: Error, 422: Error},
)
def list_project_budgets(
    request: AuthenticatedHttpRequest, project_id: int = PathId, year: int | None = YEAR
) -> dict[str, Any]:
    """The project's budget per year, in year order."""
    project = _recording_project(request, project_id)
    rows = project.budgets.order_by("year")
    if year is not None:
        rows = rows.filter(year=year)
    return _listed([_budget_out(b) for b in rows])


@router.get(
    "/early-intervention-projects/{project_id}/expenses",
    response={200: ExpenseList, 403: Error, 404: Error, 422: Error},
)
def list_project_expenses(
    request: AuthenticatedHttpRequest, project_id: int = PathId, year: int | None = YEAR
) -> dict[str, Any]:
    """The project's booked expenses and refunds, oldest first."""
    project = _recording_project(request, project_id)
    rows = project.expenses.order_by("booked_on", "id")
    if year is not None:
        rows = rows.filter(booked_on__year=year)
    return _listed([_expense_out(e) for e in rows])
