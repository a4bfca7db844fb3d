"""Retention and erasure (sletning): records past their retention period are erased in a planned, reviewed run.

Each app registers its record types in `<app>/retention.py` (found automatically), e.g.

    retention.register(retention.RecordType(
        key="children.case_file", label=_("Barnets sag"), model="children.Child",
        anchor=retention.CASE_CLOSED, child_path="", period={"years": 5}, legal_basis="...",
        municipality_path="case__team__department__municipality",
    ))

Two anchors: `CASE_CLOSED` (the period runs from the day the child's case was closed; an open case is never
due) and `CREATED` (the period runs from a date field on the record, e.g. for technical records). Whatever the
anchor, a record belonging to a child whose case carries a legal hold (`Case.legal_hold`, slettestop) is never
planned and never erased: the framework applies that filter itself, a registration cannot forget it.

Every run belongs to one municipality (`DeletionRun.municipality`): each municipality is the data controller of
its own records, so a head or an admin plans, reviews and decides runs of their own municipality's records only,
and never sees another's run. A record type says how one of its records maps to a municipality with
`municipality_path`, an ORM path from the model to the municipality (a child's records through the child's case
team and its department; a user's records through `user__municipality`). A record type that is not technical must
have one, so no registration can put a record in every municipality's run. Technical records (form tokens, job
files, sessions, ...) belong to no municipality: the system purges them in a run without a municipality
(`purge_technical`, every hour), which no page shows (`manage.py retention show RUN`). A run without a municipality
(the system's, or one planned before runs had a municipality) is for the system and the operator's shell only.

A municipality changes a period without code: `RETENTION_PERIODS = {"children.case_file": {"years": 10}}`.

The run has three steps, each logged in the audit log:
  plan    -> `deletion_plan`: lists every due record in a DeletionRun (nothing is deleted; a dry run);
  review  -> people read the plan (page /sletning/ or `manage.py retention show`);
  commit  -> `deletion_commit`: re-checks each record (a hold set or a case reopened since the plan wins)
             and erases it with everything that cascades from it, its django-simple-history rows and its
             files; or `deletion_discard`: the plan is dropped and nothing is deleted.
The audit log itself is not erased by a run (its hash chain is the evidence); it names records by id only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models, transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent

from .errors import Conflict
from .models import DeletionItem, DeletionRun

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CASE_CLOSED = "case_closed"
CREATED = "created"


@dataclass(frozen=True)
class RecordType:
    """A kind of record with a retention period. See the module docstring."""

    key: str
    label: StrOrPromise
    model: str  # "app_label.ModelName"
    anchor: str  # CASE_CLOSED or CREATED
    period: dict[str, int]  # relativedelta keywords: years, months, days
    legal_basis: StrOrPromise
    # ORM path from the model to its Child ("" when the model is Child); None: not about one child.
    child_path: str | None = None
    # ORM path from the model to its municipality (a foreign key), e.g. "child__case__team__department__municipality"
    # or "user__municipality". None: the record belongs to no municipality (technical records only).
    municipality_path: str | None = None
    # For CREATED: the date or datetime field the period runs from.
    date_field: str = ""
    # Technical records (tokens, caches of responses) may be purged without review (`retention purge-technical`).
    technical: bool = False
    # pk -> a non-personal line for the review (case number, dates). Default: none.
    summarize: Callable[[QuerySet[Any]], dict[Any, str]] | None = None
    # Records that go with one erased record but do not cascade in the schema (e.g. a parent related only
    # to this child). They are erased with it.
    companions: Callable[[models.Model], Iterable[models.Model]] | None = None
    # Runs erase the types in this order (then by key): records that protect another record's deletion (an
    # intake notification protects its child) go before it; the child's case file (100) goes last.
    order: int = 50

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_REGISTRY: dict[str, RecordType] = {}
_discovered = False


def register(record_type: RecordType) -> RecordType:
    if record_type.anchor not in (CASE_CLOSED, CREATED):
        raise ValueError(f"unknown anchor {record_type.anchor!r}")
    if record_type.anchor == CASE_CLOSED and record_type.child_path is None:
        raise ValueError("a CASE_CLOSED record type needs child_path")
    if record_type.anchor == CREATED and not record_type.date_field:
        raise ValueError("a CREATED record type needs date_field")
    if not record_type.technical and record_type.municipality_path is None:
        raise ValueError("a record type that is not technical needs municipality_path")
    _REGISTRY[record_type.key] = record_type
    return record_type


def record_types() -> list[RecordType]:
    """Every registered record type (each app's retention.py is imported once)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("retention")
        _discovered = True
    return sorted(_REGISTRY.values(), key=lambda r: (r.order, r.key))


def record_type(key: str) -> RecordType:
    record_types()
    return _REGISTRY[key]


# Where a municipality's own period comes from: (record type key, municipality id, day) -> years, or None for the
# default. Filled by accounts (its municipal settings) when the apps are ready; core names no app above it.
_municipal_period: Callable[[str, int, date], int | None] | None = None


def set_municipal_period_source(source: Callable[[str, int, date], int | None]) -> None:
    global _municipal_period
    _municipal_period = source


def period_of(rt: RecordType, *, municipality_id: int | None = None, on: date | None = None) -> relativedelta:
    """The period: the municipality's own setting in force on `on` (set in the browser, dated and audited);
    otherwise the deployment's RETENTION_PERIODS, otherwise the registered default."""
    if municipality_id is not None and on is not None and _municipal_period is not None:
        years = _municipal_period(rt.key, municipality_id, on)
        if years is not None:
            return relativedelta(years=years)
    spec = getattr(settings, "RETENTION_PERIODS", {}).get(rt.key, rt.period)
    return relativedelta(**spec)


def cutoff_for(rt: RecordType, as_of: date, *, municipality_id: int | None = None) -> date:
    """Records whose anchor day is on or before this day are due."""
    return as_of - period_of(rt, municipality_id=municipality_id, on=as_of)


def _prefix(rt: RecordType) -> str:
    return f"{rt.child_path}__" if rt.child_path else ""


def due(rt: RecordType, as_of: date, *, municipality_id: int | None = None) -> QuerySet[Any]:
    """The records of this type past their retention on `as_of`, never any under a legal hold.

    With `municipality_id`: only that municipality's records (none of a type that belongs to no municipality)."""
    qs = rt.model_class()._default_manager.all()
    if municipality_id is not None:
        if rt.municipality_path is None:
            return qs.none()
        qs = qs.filter(**{rt.municipality_path: municipality_id})
    cutoff = cutoff_for(rt, as_of, municipality_id=municipality_id)
    p = _prefix(rt)
    if rt.anchor == CASE_CLOSED:
        qs = qs.filter(**{f"{p}case__closed_on__isnull": False, f"{p}case__closed_on__lte": cutoff})
    else:
        field = rt.model_class()._meta.get_field(rt.date_field)
        if isinstance(field, models.DateTimeField):
            boundary = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))
            qs = qs.filter(**{f"{rt.date_field}__lt": boundary})
        else:
            qs = qs.filter(**{f"{rt.date_field}__lte": cutoff})
    if rt.child_path is not None:
        qs = qs.exclude(**{f"{p}case__legal_hold": True})
    return qs


def _child_ids(rt: RecordType, qs: QuerySet[Any]) -> dict[Any, int | None]:
    if rt.child_path is None:
        return {pk: None for pk in qs.values_list("pk", flat=True)}
    column = f"{rt.child_path}_id" if rt.child_path else "pk"
    return dict(qs.values_list("pk", column))


# ------------------------------------------------------------------------------------------ plan / decide


def _require_acts_for(by: Any, municipality_id: int | None) -> None:
    """A person acts for their own municipality only; `by=None` is the system (the job worker, the shell)."""
    if by is None:
        return
    if municipality_id is None or getattr(by, "municipality_id", None) != municipality_id:
        raise PermissionDenied


def in_municipality_run(rt: RecordType) -> bool:
    """A municipality's run covers its reviewed records; technical records are the system's (`purge_technical`)."""
    return not rt.technical and rt.municipality_path is not None


@transaction.atomic
def deletion_plan(
    *, by: Any, municipality: Any = None, as_of: date | None = None, keys: Iterable[str] | None = None
) -> DeletionRun:
    """Plan a deletion run: list every due record of the municipality (a dry run; nothing is deleted).

    `municipality=None` is the system's run over the whole installation (`by` must be None)."""
    municipality_id = municipality.pk if municipality is not None else None
    _require_acts_for(by, municipality_id)
    as_of = as_of or timezone.localdate()
    chosen = [
        rt
        for rt in record_types()
        if (keys is None or rt.key in set(keys)) and (municipality_id is None or in_municipality_run(rt))
    ]
    run = DeletionRun.objects.create(
        municipality=municipality,
        as_of=as_of,
        record_types=[rt.key for rt in chosen],
        planned_by=by,
        planned_at=timezone.now(),
    )
    counts = {}
    for rt in chosen:
        qs = due(rt, as_of, municipality_id=municipality_id)
        children = _child_ids(rt, qs)
        summaries = rt.summarize(qs) if rt.summarize else {}
        DeletionItem.objects.bulk_create(
            [
                DeletionItem(
                    run=run,
                    record_type=rt.key,
                    object_id=str(pk),
                    child_id=child_id,
                    summary=summaries.get(pk, "")[:200],
                )
                for pk, child_id in children.items()
            ],
            batch_size=1000,
        )
        counts[rt.key] = len(children)
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=run,
        new={"as_of": as_of, "municipality": municipality_id, "planned": counts},
    )
    return run


@transaction.atomic
def deletion_discard(*, by: Any, run: DeletionRun) -> DeletionRun:
    """Drop a plan: nothing is deleted; the plan stays visible as discarded."""
    run = DeletionRun.objects.select_for_update().get(pk=run.pk)
    _require_acts_for(by, run.municipality_id)
    if run.status != DeletionRun.Status.PLANNED:
        raise Conflict(_("Kørslen er allerede afgjort."), code="run_decided")
    run.status, run.decided_by, run.decided_at = DeletionRun.Status.DISCARDED, by, timezone.now()
    run.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(by=by, type=AuditEvent.Type.CHANGED, target=run, new={"status": run.status})
    return run


def _historical_models() -> list[tuple[type[models.Model], type[models.Model]]]:
    """(tracked model, its django-simple-history model) for every tracked model."""
    from simple_history.models import registered_models

    return [(m, m.history.model) for m in registered_models.values()]


def _erase(obj: models.Model, companions: Iterable[models.Model]) -> dict[str, int]:
    """Delete obj and what cascades from it (and its companions), with their history rows and files."""
    collector = NestedObjects(using=DEFAULT_DB_ALIAS)
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for instance in [obj, *companions]:
        by_model[type(instance)].append(instance)
    for instances in by_model.values():  # the collector takes one model per call
        collector.collect(instances)
    doomed: dict[type[models.Model], set[Any]] = defaultdict(set)
    files: list[tuple[Any, str]] = []
    for model, instances in collector.model_objs.items():
        for instance in instances:
            doomed[model._meta.concrete_model].add(instance.pk)
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    value = getattr(instance, field.attname)
                    if value:
                        files.append((field.storage, str(value)))
    for instance in [obj, *companions]:
        instance.delete()
    for tracked, historical in _historical_models():
        # The history of every erased record, and history rows that still point at an erased record (e.g.
        # a relation removed years ago that named this child).
        if doomed.get(tracked):
            historical._default_manager.filter(id__in=doomed[tracked]).delete()
        for field in historical._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if field.is_relation and field.name != "history_user" and doomed.get(target):
                historical._default_manager.filter(**{f"{field.attname}__in": doomed[target]}).delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return {model._meta.label_lower: len(pks) for model, pks in doomed.items()}


def _erase_technical(
    rt: RecordType, run: DeletionRun, planned: dict[Any, DeletionItem], still_due: dict[Any, models.Model]
) -> list[audit.Entry]:
    """Technical records go in bulk, logged as one event per type (a count, no ids)."""
    model = rt.model_class()
    files = [
        (field.storage, str(getattr(obj, field.attname)))
        for obj in still_due.values()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and getattr(obj, field.attname)
    ]
    model._default_manager.filter(pk__in=list(still_due)).delete()
    for pk, item in planned.items():
        if pk in still_due:
            item.outcome = DeletionItem.Outcome.DELETED
        else:
            item.outcome, item.note = DeletionItem.Outcome.SKIPPED, _("Ikke længere til sletning.")
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    if not still_due:
        return []
    return [
        audit.Entry(
            type=AuditEvent.Type.DELETED,
            target_model=model._meta.label_lower,
            new={"run": run.pk, "record_type": rt.key, "count": len(still_due)},
        )
    ]


@transaction.atomic
def deletion_commit(*, by: Any, run: DeletionRun) -> DeletionRun:
    """Erase the planned records that are still due; skip the rest with the reason."""
    run = DeletionRun.objects.select_for_update().get(pk=run.pk)
    _require_acts_for(by, run.municipality_id)
    if run.status != DeletionRun.Status.PLANNED:
        raise Conflict(_("Kørslen er allerede afgjort."), code="run_decided")
    entries = []
    for rt in record_types():
        items = list(run.items.filter(record_type=rt.key, outcome=DeletionItem.Outcome.PENDING))
        if not items:
            continue
        model = rt.model_class()
        pk_field = model._meta.pk
        planned = {pk_field.to_python(i.object_id): i for i in items}
        # Re-check now: a legal hold set, a case reopened or moved to another municipality, after the plan means
        # the record stays.
        still_due = {
            o.pk: o for o in due(rt, run.as_of, municipality_id=run.municipality_id).filter(pk__in=list(planned))
        }
        existing = set(model._default_manager.filter(pk__in=list(planned)).values_list("pk", flat=True))
        if rt.technical:
            entries += _erase_technical(rt, run, planned, still_due)
            DeletionItem.objects.bulk_update(items, ["outcome", "note"])
            continue
        for pk, item in planned.items():
            if pk not in existing:
                item.outcome, item.note = DeletionItem.Outcome.SKIPPED, _("Findes ikke længere (slettet før).")
            elif pk not in still_due:
                item.outcome, item.note = (
                    DeletionItem.Outcome.SKIPPED,
                    _("Ikke længere til sletning (slettestop, sagen er genåbnet eller flyttet)."),
                )
            else:
                obj = still_due[pk]
                try:
                    with transaction.atomic():
                        companions = list(rt.companions(obj)) if rt.companions else []
                        cascade = _erase(obj, companions)
                except (ProtectedError, IntegrityError) as exc:
                    item.outcome, item.note = DeletionItem.Outcome.FAILED, str(exc)[:300]
                else:
                    item.outcome = DeletionItem.Outcome.DELETED
                    entries.append(
                        audit.Entry(
                            type=AuditEvent.Type.DELETED,
                            target_model=model._meta.label_lower,
                            target_id=str(pk),
                            child_id=item.child_id,
                            new={"run": run.pk, "record_type": rt.key, "cascade": cascade},
                        )
                    )
        DeletionItem.objects.bulk_update(items, ["outcome", "note"])
    run.status, run.decided_by, run.decided_at = DeletionRun.Status.COMMITTED, by, timezone.now()
    run.save(update_fields=["status", "decided_by", "decided_at"])
    outcomes = dict(run.items.values_list("outcome").annotate(n=models.Count("pk")).values_list("outcome", "n"))
    audit.record_many(
        by=by,
        entries=[
            *entries,
            audit.Entry(
                type=AuditEvent.Type.CHANGED,
                target_model="core.deletionrun",
                target_id=str(run.pk),
                new={"status": run.status, "outcomes": outcomes},
            ),
        ],
    )
    return run


def purge_technical(*, by: Any = None, as_of: date | None = None) -> DeletionRun | None:
    """Plan and commit a run over the technical record types only (no review needed: no case content).

    The run belongs to no municipality (technical records belong to none) and is shown on no page. Nothing due,
    no run (the worker calls this every hour)."""
    as_of = as_of or timezone.localdate()
    technical = [rt for rt in record_types() if rt.technical]
    if not any(due(rt, as_of).exists() for rt in technical):
        return None
    run = deletion_plan(by=by, as_of=as_of, keys=[rt.key for rt in technical])
    return deletion_commit(by=by, run=run)


# --------------------------------------------------------------------- core's own (technical) record types

register(
    RecordType(
        key="core.form_submission",
        label=gettext_lazy("Brugte engangsnøgler til formularer"),
        model="core.FormSubmission",
        anchor=CREATED,
        date_field="created_at",
        period={"days": 2},
        legal_basis=gettext_lazy(
            "Teknisk: en nøgle har kun betydning, mens formularen er åben (sessionen varer 30 minutter)."
        ),
        technical=True,
    )
)
register(
    RecordType(
        key="core.job",
        label=gettext_lazy("Baggrundsjob og deres resultatfiler (eksporter)"),
        model="core.Job",
        anchor=CREATED,
        date_field="created_at",
        period={"days": 7},
        legal_basis=gettext_lazy(
            "Teknisk: en eksport hentes straks; filen rummer personoplysninger og skal ikke ligge."
        ),
        technical=True,
    )
)
register(
    RecordType(
        key="sessions.session",
        label=gettext_lazy("Udløbne sessioner"),
        model="sessions.Session",
        anchor=CREATED,
        date_field="expire_date",
        period={"days": 1},
        legal_basis=gettext_lazy("Teknisk: en udløbet session kan ikke bruges igen."),
        technical=True,
    )
)
