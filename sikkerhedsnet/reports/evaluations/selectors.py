"""Reads of evaluations, scoped to the user's municipality. Only `evaluation_participants` returns children:
it is for the head and logs each read."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.selectors import child_queryset_in_scope
from sikkerhedsnet.reports.access import municipality_id_of

# The one edge between two sub-domains: goal 5 counts the involvement questionnaire's answers (measurements).
from sikkerhedsnet.reports.measurements.selectors import heard_answers

from .models import Evaluation, EvaluationParticipant, EvaluationSnapshot
from .rules import Comparison, compare_groups, lottery


def evaluations_for(user: User) -> QuerySet[Evaluation]:
    municipality_id = municipality_id_of(user)
    if municipality_id is None:
        return Evaluation.objects.none()  # as the filter on None did: no municipality, no records
    return Evaluation.objects.filter(municipality_id=municipality_id).order_by("-baseline_on", "title")


def evaluation_get(user: User, evaluation_id: int) -> Evaluation:
    found = evaluations_for(user).filter(pk=evaluation_id).select_related("lottery_run_by").first()
    if found is None:
        raise Http404
    return found


def evaluation_population(evaluation: Evaluation) -> list[tuple[int, int]]:
    """(child id, caseworker id) of the cases the lottery draws from: the pool caseworkers' cases open on the
    baseline date (so that as few children as possible change caseworker, domain.md §3.10)."""
    pool = list(evaluation.pool.values_list("pk", flat=True))
    cases = (
        Case.objects.filter(caseworker_id__in=pool, opened_on__lte=evaluation.baseline_on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=evaluation.baseline_on))
        .order_by("child_id")
        .values_list("child_id", "caseworker_id")
    )
    # caseworker_id is nullable on Case, but `caseworker_id__in=pool` keeps only cases that have one.
    return cast("list[tuple[int, int]]", list(cases))


def evaluation_groups(evaluation: Evaluation) -> dict[int, str]:
    """child id → group, as the lottery assigned them."""
    return dict(EvaluationParticipant.objects.filter(evaluation=evaluation).values_list("child_id", "group"))


def evaluation_lottery_reproduces(evaluation: Evaluation) -> bool:
    """Does drawing again from the recorded seed give exactly the recorded groups?"""
    seed = evaluation.lottery_seed
    if seed is None:  # the lottery is not done (Evaluation.lottery_done)
        return False
    rows = list(
        EvaluationParticipant.objects.filter(evaluation=evaluation).values_list("child_id", "caseworker_id", "group")
    )
    if evaluation.unit == Evaluation.Unit.CASES:
        draws = {
            d.unit_id: d.group
            for d in lottery([r[0] for r in rows], seed=seed, share_percent=evaluation.new_model_share)
        }
        return all(draws.get(child_id) == group for child_id, _cw, group in rows)
    draws = {
        d.unit_id: d.group for d in lottery({r[1] for r in rows}, seed=seed, share_percent=evaluation.new_model_share)
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
    for child_id, heard in heard_answers(list(groups), since=since):
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
