"""Reads for reports. Aggregates are counted in the database and scoped to the user's municipality; no
selector here returns a child except `evaluation_participants`, which is for the head only and logs the read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from sikkerhedsnet.accounts.models import Role, Team, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.caseloads import CaseloadRow, caseload_rows
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.selectors import child_queryset_in_scope

from .access import municipality_id_of
from .models import (
    BusinessCase,
    Consultation,
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
from .rules.business_case import BusinessCaseResult, compute
from .rules.early_intervention import ConsultationRow, Economy
from .rules.evaluation import Comparison, compare_groups, lottery
from .rules.management import MeasureRow, month_end, months_between

# --- teams and caseloads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamCount:
    team: str
    open_cases: int
    closed_cases: int


def _cases_of_team(*, closed: bool) -> Subquery:
    counted = (
        Case.objects.filter(team=OuterRef("pk"), closed_on__isnull=not closed)
        .order_by()
        .values("team")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def open_cases_per_team(user: User) -> list[TeamCount]:
    """Open and closed cases per team in the user's municipality.

    One query; each team's counts come from the (team, closed_on) index, so the cost follows the municipality's
    size, not the national case table (a join + GROUP BY hashed every case in the country).
    """
    teams: QuerySet[Team] = (
        Team.objects.filter(department__municipality_id=municipality_id_of(user))
        .annotate(open_cases=_cases_of_team(closed=False), closed_cases=_cases_of_team(closed=True))
        .order_by("name")
    )
    return [TeamCount(t.name, t.open_cases, t.closed_cases) for t in teams]


def report_team_ids(user: User) -> list[int]:
    """Teams whose figures the user may see: a team leader their own team; head and analyst the municipality."""
    if user.role == Role.TEAM_LEADER:
        return [user.team_id] if user.team_id else []
    if user.role in (Role.HEAD, Role.ANALYST):
        return list(
            Team.objects.filter(department__municipality_id=municipality_id_of(user)).values_list("pk", flat=True)
        )
    return []


@dataclass(frozen=True)
class Caseload:
    target_min: int
    target_max: int
    rows: list[CaseloadRow]


def caseload_for(user: User) -> Caseload:
    """Open cases per caseworker against the municipality's target range (children.caseloads)."""
    municipality = user.municipality or (user.team.department.municipality if user.team_id else None)
    if municipality is None:
        return Caseload(20, 22, [])
    low, high = municipality.caseload_target_min, municipality.caseload_target_max
    return Caseload(low, high, caseload_rows(report_team_ids(user), low=low, high=high))


# --- business cases ----------------------------------------------------------------------------------------


def business_cases_for(user: User) -> QuerySet[BusinessCase]:
    return BusinessCase.objects.filter(municipality_id=municipality_id_of(user)).order_by("title")


def business_case_get(user: User, business_case_id: int) -> BusinessCase:
    """The business case in the user's municipality; 404 otherwise."""
    found = business_cases_for(user).filter(pk=business_case_id).prefetch_related("lines", "outcomes").first()
    if found is None:
        raise Http404
    return found


def business_case_input(business_case: BusinessCase) -> dict[str, object]:
    """The stored case in the compute rule's (and the API's) input shape."""
    lines = list(business_case.lines.all())
    return {
        "first_year": business_case.first_year,
        "years": business_case.years,
        "investments": [line.as_input() for line in lines if line.kind == "investment"],
        "savings": [line.as_input() for line in lines if line.kind == "saving"],
    }


def business_case_result(business_case: BusinessCase) -> BusinessCaseResult:
    return compute(business_case_input(business_case))


PLACEMENT_KINDS = ("foster_family", "network_foster_family", "residential")


def placed_children_by_month(municipality_id: int, start: date, end: date) -> dict[date, int]:
    """Children with a placement running on the last day of each month from start to end (`end` itself for
    the last month). One query over the core Measure record (measures app), counted here.
    """
    from sikkerhedsnet.measures.models import Measure

    spans = list(
        Measure.objects.filter(
            kind__in=PLACEMENT_KINDS,
            child__case__team__department__municipality_id=municipality_id,
            start_on__lte=end,
        )
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        .values_list("child_id", "start_on", "end_on")
    )
    result: dict[date, int] = {}
    for month in months_between(start, end):
        day = min(month_end(month), end)
        result[month] = len({child for child, s, e in spans if s <= day and (e is None or e >= day)})
    return result


def measure_rows(municipality_id: int, start: date, end: date) -> list[MeasureRow]:
    """Every measure in the municipality running some day in [start, end], as plain rows for
    rules.management (spending per month and kind, placement economics per year).

    Reads only the core Measure fields. `without_consent` is False until the measures app records consent;
    wire it here (one field) when it does.
    """
    from sikkerhedsnet.measures.models import Measure

    rows = (
        Measure.objects.filter(child__case__team__department__municipality_id=municipality_id, start_on__lte=end)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        .values_list("child_id", "kind", "start_on", "end_on", "monthly_cost")
    )
    return [
        MeasureRow(
            child_id,
            kind,
            start_on,
            end_on,
            cost,
            placement=kind in PLACEMENT_KINDS,
            network=kind == "network_foster_family",
            foster=kind in ("foster_family", "network_foster_family"),
        )
        for child_id, kind, start_on, end_on, cost in rows
    ]


# --- evaluations -------------------------------------------------------------------------------------------


def evaluations_for(user: User) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(municipality_id=municipality_id_of(user)).order_by("-baseline_on", "title")


def evaluation_get(user: User, evaluation_id: int) -> Evaluation:
    found = evaluations_for(user).filter(pk=evaluation_id).select_related("lottery_run_by").first()
    if found is None:
        raise Http404
    return found


def evaluation_population(evaluation: Evaluation) -> list[tuple[int, int | None]]:
    """(child id, caseworker id) of the cases the lottery draws from: the pool caseworkers' cases open on the
    baseline date (so that as few children as possible change caseworker, domain.md §3.10)."""
    pool = list(evaluation.pool.values_list("pk", flat=True))
    cases = (
        Case.objects.filter(caseworker_id__in=pool, opened_on__lte=evaluation.baseline_on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=evaluation.baseline_on))
        .order_by("child_id")
        .values_list("child_id", "caseworker_id")
    )
    return list(cases)


def evaluation_groups(evaluation: Evaluation) -> dict[int, str]:
    """child id → group, as the lottery assigned them."""
    return dict(EvaluationParticipant.objects.filter(evaluation=evaluation).values_list("child_id", "group"))


def evaluation_lottery_reproduces(evaluation: Evaluation) -> bool:
    """Does drawing again from the recorded seed give exactly the recorded groups?"""
    if not evaluation.lottery_done:
        return False
    rows = list(
        EvaluationParticipant.objects.filter(evaluation=evaluation).values_list("child_id", "caseworker_id", "group")
    )
    if evaluation.unit == Evaluation.Unit.CASES:
        draws = {
            d.unit_id: d.group
            for d in lottery(
                [r[0] for r in rows], seed=evaluation.lottery_seed, share_percent=evaluation.new_model_share
            )
        }
        return all(draws.get(child_id) == group for child_id, _cw, group in rows)
    draws = {
        d.unit_id: d.group
        for d in lottery({r[1] for r in rows}, seed=evaluation.lottery_seed, share_percent=evaluation.new_model_share)
    }
    return all(draws.get(caseworker_id) == group for _child, caseworker_id, group in rows)


def evaluation_group_sizes(evaluation: Evaluation) -> dict[str, int]:
    return dict(
        EvaluationParticipant.objects.filter(evaluation=evaluation).values_list("group").annotate(n=Count("pk"))
    )


def evaluation_rounds(evaluation: Evaluation) -> list[tuple[date, int]]:
    """Snapshot dates with the number of children rated on each."""
    return list(
        EvaluationSnapshot.objects.filter(evaluation=evaluation)
        .values_list("taken_on")
        .annotate(n=Count("pk"))
        .order_by("taken_on")
    )


def evaluation_steps_on(evaluation: Evaluation, taken_on: date) -> dict[int, int | None]:
    return dict(
        EvaluationSnapshot.objects.filter(evaluation=evaluation, taken_on=taken_on).values_list("child_id", "step")
    )


def evaluation_comparison(evaluation: Evaluation, follow_up_on: date) -> Comparison:
    """The two groups' movement down the staircase from the baseline round to the `follow_up_on` round."""
    groups = evaluation_groups(evaluation)
    return compare_groups(
        groups, evaluation_steps_on(evaluation, evaluation.baseline_on), evaluation_steps_on(evaluation, follow_up_on)
    )


def evaluation_latest_positions(evaluation: Evaluation) -> dict[int, tuple[str, int | None]]:
    """Each child's most recent (category, step): the starting point of the next manual snapshot."""
    result: dict[int, tuple[str, int | None]] = {}
    rows = (
        EvaluationSnapshot.objects.filter(evaluation=evaluation)
        .order_by("taken_on")
        .values_list("child_id", "category", "step")
    )
    for child_id, category, step in rows:
        result[child_id] = (category, step)
    return result


def evaluation_category_counts(evaluation: Evaluation) -> dict[tuple[date, str, str], int]:
    """(snapshot date, group, Børnelineal category) → number of children."""
    groups = evaluation_groups(evaluation)
    counts: dict[tuple[date, str, str], int] = {}
    rows = EvaluationSnapshot.objects.filter(evaluation=evaluation).values_list("taken_on", "child_id", "category")
    for taken_on, child_id, category in rows:
        key = (taken_on, groups.get(child_id, ""), category)
        counts[key] = counts.get(key, 0) + 1
    return counts


def evaluation_positive_answers(evaluation: Evaluation, since: date) -> dict[str, tuple[int, int]]:
    """Goal 5: per group, (answers with 4 or 5 on "heard", all answers) since the baseline."""
    groups = evaluation_groups(evaluation)
    result = {"new_model": (0, 0), "comparison": (0, 0)}
    rows = InvolvementResponse.objects.filter(child_id__in=list(groups), answered_on__gte=since).values_list(
        "child_id", "heard"
    )
    for child_id, heard in rows:
        positive, total = result[groups[child_id]]
        result[groups[child_id]] = (positive + (heard >= 4), total + 1)
    return result


def evaluation_participants(user: User, evaluation: Evaluation) -> list[tuple[Child, str]]:
    """The children in the evaluation that the user may see (the head: the municipality), each read logged."""
    groups = evaluation_groups(evaluation)
    children = list(
        child_queryset_in_scope(user).filter(pk__in=list(groups)).select_related("case").order_by("last_name", "pk")
    )
    audit.record_many(
        by=user,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.RECORD_VIEWED,
                target_model="children.child",
                target_id=str(c.pk),
                child_id=c.pk,
                new={"purpose": "evaluation", "evaluation": evaluation.pk},
            )
            for c in children
        ],
    )
    return [(c, groups[c.pk]) for c in children]


# --- FIT and the involvement questionnaire (the child is already access-checked by the caller) ------------


def fit_scores(child: Child) -> list[FitScore]:
    return list(FitScore.objects.filter(child=child).order_by("session_on", "respondent", "pk"))


def involvement_responses(child: Child) -> list[InvolvementResponse]:
    return list(InvolvementResponse.objects.filter(child=child).order_by("answered_on", "respondent", "pk"))


# --- early intervention ------------------------------------------------------------------------------------


def early_projects_for(user: User) -> QuerySet[EarlyInterventionProject]:
    return EarlyInterventionProject.objects.filter(municipality_id=municipality_id_of(user)).order_by("name")


def early_project_get(user: User, project_id: int) -> EarlyInterventionProject:
    found = early_projects_for(user).filter(pk=project_id).first()
    if found is None:
        raise Http404
    return found


def consultation_rows(project: EarlyInterventionProject, first_year: int, last_year: int) -> list[ConsultationRow]:
    rows = Consultation.objects.filter(
        project=project, requested_on__year__gte=first_year, requested_on__year__lte=last_year
    ).values_list("requested_on__year", "district__name", "specific_child", "age_band")
    return [ConsultationRow(year, district, specific, band or None) for year, district, specific, band in rows]


def conversations_per_year(project: EarlyInterventionProject, first_year: int, last_year: int) -> dict[int, int]:
    return dict(
        WellbeingConversation.objects.filter(
            project=project, held_on__year__gte=first_year, held_on__year__lte=last_year
        )
        .values_list("held_on__year")
        .annotate(n=Count("pk"))
    )


def project_economy(project: EarlyInterventionProject, year: int) -> Economy | None:
    """Budget and net spending for a year; None when the year has no budget."""
    budget = ProjectBudget.objects.filter(project=project, year=year).values_list("amount", flat=True).first()
    if budget is None:
        return None
    totals = {kind: 0 for kind in ProjectExpense.Kind.values}
    totals.update(
        ProjectExpense.objects.filter(project=project, booked_on__year=year)
        .values_list("kind")
        .annotate(total=Sum("amount"))
    )
    return Economy(budget=budget, expenses=totals["expense"], reimbursements=totals["reimbursement"])
