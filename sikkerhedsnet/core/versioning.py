"""Optimistic locking for records that carry a `version`: lock the row, refuse a stale edit, change, save, audit.

A service that edits such a record does it in one call:

    current = versioning.lock(Child, child.pk, expected_version=expected_version, stale_message=_("..."))
    ...validate against `current`...
    versioning.versioned_update(
        current, by=by, action=AuditEvent.Type.CHANGED, expected_version=expected_version,
        changes={"city": city}, child_id=current.pk,
    )

`versioned_update` also takes a record that is not locked yet (it locks and re-reads it). It records ONE audit
event whose `old`/`new` hold the fields that really changed (foreign keys by id), so the log says what a value
was before. Free text is not written there unless the service leaves it out of `private`: see `REDACTED`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext as _

from sikkerhedsnet.audit import services as audit

from .errors import StaleEdit

M = TypeVar("M", bound=models.Model)

# Written instead of the value of a `private` field: the event says the text changed, never what it said. The
# audit log is kept after a retention run erases the case, so a child's or a family's words must not live there.
REDACTED = "[redacted]"

_LOCKED = "_versioning_locked"


def _queryset(source: type[M] | QuerySet[M]) -> QuerySet[M]:
    if isinstance(source, QuerySet):
        return source
    return source._default_manager.all()


def _mark(obj: M) -> M:
    setattr(obj, _LOCKED, True)
    return obj


def check_version(obj: models.Model, expected_version: int | None, stale_message: str | None = None) -> None:
    """Refuse a stale edit: someone saved the record after this user opened it. None skips the check."""
    if expected_version is not None and obj.version != expected_version:  # type: ignore[attr-defined]
        raise StaleEdit(
            stale_message or _("En anden har gemt ændringer, mens du redigerede. Dine ændringer er ikke gemt.")
        )


def lock(
    source: type[M] | QuerySet[M],
    pk: Any = None,
    *,
    expected_version: int | None = None,
    stale_message: str | None = None,
    **lookup: Any,
) -> M:
    """The row, locked until the transaction ends (`select_for_update`); a stale `expected_version` is refused.

    `source` is a model or a queryset (e.g. with `select_related`); the row is found by `pk` or by `lookup`.
    """
    if pk is not None:
        lookup["pk"] = pk
    obj = _queryset(source).select_for_update().get(**lookup)
    check_version(obj, expected_version, stale_message)
    return _mark(obj)


def lock_all(queryset: QuerySet[M]) -> list[M]:
    """Every row of `queryset`, locked until the transaction ends (e.g. the drafts a plan's end discards)."""
    return [_mark(obj) for obj in queryset.select_for_update()]


def _column(meta: Any, name: str) -> models.Field[Any, Any]:
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if not isinstance(field, models.Field) or not field.concrete or field.many_to_many:
        raise TypeError(f"{meta.label}.{name} is not a column")
    return field


def versioned_update(
    obj: M,
    *,
    by: Any,
    action: str,
    expected_version: int | None,
    changes: Mapping[str, Any],
    stale_message: str | None = None,
    child_id: int | None = None,
    private: Collection[str] = (),
    also_set: Mapping[str, Any] | None = None,
    extra_old: Mapping[str, Any] | None = None,
    extra_new: Mapping[str, Any] | None = None,
    reason: str = "",
) -> M:
    """Apply `changes` to the locked row, bump `version`, save the changed columns and record one audit event.

    Runs in the caller's transaction (the service is `transaction.atomic`; no savepoint of its own).
    - `obj` from `lock()`/`lock_all()` is used as it is; any other instance is locked and re-read first.
    - `expected_version` None skips the version check (an action that is not an edit of an opened form).
    - The event (`action`, e.g. `AuditEvent.Type.CHANGED`) holds in `old`/`new` only the fields whose value
      changed; `private` fields appear there as `REDACTED`. `extra_old`/`extra_new` add context that is not a
      column of the row (related rows, a reason, a count).
    - `also_set` is set and saved but not recorded: derived columns and who-last-edited bookkeeping.
    - Only the changed columns are saved, with `version` and any `auto_now` column; django-simple-history
      still writes its full snapshot, naming `by` as the user.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("versioned_update() runs inside the service's transaction.atomic")
    current = obj if getattr(obj, _LOCKED, False) else lock(type(obj), obj.pk)
    check_version(current, expected_version, stale_message)
    meta = current._meta
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    update_fields = ["version"]
    for name, value in changes.items():
        field = _column(meta, name)
        before = getattr(current, field.attname)  # a foreign key by its id
        setattr(current, name, value)
        after = getattr(current, field.attname)
        if before == after:
            continue
        old[name], new[name] = (REDACTED, REDACTED) if name in private else (before, after)
        update_fields.append(field.name)
    for name, value in (also_set or {}).items():
        setattr(current, name, value)
        update_fields.append(_column(meta, name).name)
    update_fields += [f.name for f in meta.concrete_fields if getattr(f, "auto_now", False)]
    current.version += 1  # type: ignore[attr-defined]
    current._history_user = by  # type: ignore[attr-defined]
    current.save(update_fields=list(dict.fromkeys(update_fields)))
    audit.record(
        by=by,
        type=action,
        target=current,
        child_id=child_id,
        reason=reason,
        old={**old, **(extra_old or {})} or None,
        new={**new, **(extra_new or {})} or None,
    )
    return current
