"""Writing and verifying the hash-chained audit log. Only services and selectors call `record`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Entry:
    """What one audit event says, before it is chained."""

    type: str
    target_model: str = ""
    target_id: str = ""
    child_id: int | None = None
    reason: str = ""
    old: Any = None
    new: Any = None


_PLAIN = (str, int, bool, type(None))


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    # Fast path: a flat dict of strings/ints/bools comes back from JSON unchanged (most events look like this).
    if type(value) is dict and all(type(k) is str and type(v) in _PLAIN for k, v in value.items()):
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def compute_hash(
    *,
    seq: int,
    prev_hash: str,
    type: str,
    actor_id: int | None,
    actor_username: str,
    target_model: str,
    target_id: str,
    child_id: int | None,
    reason: str,
    old: Any,
    new: Any,
    created_at: datetime,
) -> str:
    payload = json.dumps(
        [
            seq,
            prev_hash,
            type,
            actor_id,
            actor_username,
            target_model,
            target_id,
            child_id,
            reason,
            old,
            new,
            created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def record(
    *,
    by: Any,
    type: str,
    target: models.Model | None = None,
    child_id: int | None = None,
    reason: str = "",
    old: Any = None,
    new: Any = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction."""
    target_model, target_id = _target_of(target)
    return record_many(
        by=by,
        entries=[
            Entry(
                type=type,
                target_model=target_model,
                target_id=target_id,
                child_id=child_id,
                reason=reason,
                old=old,
                new=new,
            )
        ],
    )[0]


# Above this many events, insert without the ORM (COPY on PostgreSQL): generated histories write millions.
_FAST_INSERT_FROM = 1000
_EVENT_FIELDS = (
    "seq",
    "type",
    "actor_id",
    "actor_username",
    "target_model",
    "target_id",
    "child_id",
    "reason",
    "old",
    "new",
    "created_at",
    "prev_hash",
    "hash",
)


# A fast row inserter (`core.bulk.insert`: COPY on PostgreSQL). The audit app sits on the floor of the house and
# imports nothing of ours, so bulk writers hand it in.
class Inserter(Protocol):
    def __call__(
        self, model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *, with_ids: bool = ...
    ) -> list[int]: ...


def record_many(
    *, by: Any, entries: Iterable[Entry], return_events: bool = True, insert: Inserter | None = None
) -> list[AuditEvent]:
    """Append several events with one lock of the chain head (e.g. every child a search returned).

    Bulk writers (synthetic data) pass `return_events=False` and get [] back: no model objects are built; they
    also pass `insert=core.bulk.insert`, used for batches of 1,000 events or more.
    """
    entries = list(entries)
    if not entries:
        return []
    actor_id = by.pk if by is not None and getattr(by, "pk", None) else None
    actor_username = by.get_username() if actor_id else ""
    with transaction.atomic():
        # The head row is the chain's lock: PostgreSQL blocks the next writer here (FOR UPDATE); SQLite runs
        # transactions IMMEDIATE (settings), so only one writer is ever inside. Either way: no fork.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        now = timezone.now()
        rows = []
        seq, prev = head.seq, head.hash
        for entry in entries:
            seq += 1
            old, new = _jsonable(entry.old), _jsonable(entry.new)
            digest = compute_hash(
                seq=seq,
                prev_hash=prev,
                type=entry.type,
                actor_id=actor_id,
                actor_username=actor_username,
                target_model=entry.target_model,
                target_id=entry.target_id,
                child_id=entry.child_id,
                reason=entry.reason,
                old=old,
                new=new,
                created_at=now,
            )
            rows.append(
                (
                    seq,
                    entry.type,
                    actor_id,
                    actor_username,
                    entry.target_model,
                    entry.target_id,
                    entry.child_id,
                    entry.reason,
                    old,
                    new,
                    now,
                    prev,
                    digest,
                )
            )
            prev = digest
        if insert is not None and len(rows) >= _FAST_INSERT_FROM:
            ids = insert(AuditEvent, _EVENT_FIELDS, rows, with_ids=return_events)
            events = []
            if return_events:
                events = [
                    AuditEvent(id=i, **dict(zip(_EVENT_FIELDS, r, strict=True))) for i, r in zip(ids, rows, strict=True)
                ]
        else:
            events = AuditEvent.objects.bulk_create(
                [AuditEvent(**dict(zip(_EVENT_FIELDS, r, strict=True))) for r in rows]
            )
        AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return events if return_events else []


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=5000)


def audit_chain_verify() -> ChainProblem | None:
    """Walk the chain; return the first broken entry, or None when every link holds."""
    expected_seq, prev = 0, GENESIS_HASH
    for event in _events_in_order():
        expected_seq += 1
        if event.seq != expected_seq:
            return ChainProblem(expected_seq, f"entry {expected_seq} is missing (next present is {event.seq})")
        if event.prev_hash != prev:
            return ChainProblem(event.seq, "prev_hash does not match the preceding entry (inserted or reordered)")
        digest = compute_hash(
            seq=event.seq,
            prev_hash=event.prev_hash,
            type=event.type,
            actor_id=event.actor_id,
            actor_username=event.actor_username,
            target_model=event.target_model,
            target_id=event.target_id,
            child_id=event.child_id,
            reason=event.reason,
            old=event.old,
            new=event.new,
            created_at=event.created_at,
        )
        if digest != event.hash:
            return ChainProblem(event.seq, "content does not match its hash (changed)")
        prev = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq or head_hash != prev:
        return ChainProblem(expected_seq + 1, f"the newest entries are missing (head says {head_seq})")
    return None
