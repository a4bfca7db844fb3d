"""Writes of evaluations: set-up, the lottery (once, from a recorded seed) and the quarterly snapshots.
Each one atomic, validated and audited."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import versioning
from sikkerhedsnet.core.errors import Conflict, DomainError, Duplicate
from sikkerhedsnet.core.text import clean_text
from sikkerhedsnet.reports.access import municipality_id_of
from sikkerhedsnet.reports.checks import not_future, required_municipality_id, required_title

from .models import Evaluation, EvaluationParticipant, EvaluationSnapshot
from .providers import StaircaseProvider
from .rules import CATEGORIES, STEPS, lottery
from .selectors import evaluation_population

MAX_SEED = 2**62


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
    municipality_id = required_municipality_id(by)
    title = required_title(title)
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
    current = versioning.lock(Evaluation, evaluation.pk)
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
    versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=None,
        changes={"lottery_seed": seed, "lottery_run_at": timezone.now(), "lottery_run_by": by},
        extra_new={"units": len(draws), "children": len(participants)},
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
    not_future(on, "taken_on")
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
