"""Writing and verifying the hash-chained audit log. Only services and selectors call `record`.

The chain is keyed: each event's hash is HMAC-SHA256 over its content and its predecessor's hash, with a key derived
from `settings.AUDIT_HMAC_KEY`, which lives outside the database. Events written before the key existed keep their
plain SHA-256 hash (`AuditEvent.scheme`). Signed checkpoints of the chain's head are appended to a file outside the
database (`settings.AUDIT_CHECKPOINT_FILE`) and to the log; verification checks the chain against them, so a chain
whose newest entries were dropped, or which was recomputed, fails. docs/hardening.md, "The keyed audit chain".
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
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


def _payload(
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
) -> bytes:
    """The canonical bytes of one event (both schemes hash the same bytes)."""
    return json.dumps(
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
    ).encode("utf-8")


def compute_hash(**fields: Any) -> str:
    """The unkeyed SHA-256 of an event: scheme 1, the chain before the key (verified, never written any more)."""
    return hashlib.sha256(_payload(**fields)).hexdigest()


def compute_hmac(*, key: bytes, **fields: Any) -> str:
    """The keyed hash of an event: scheme 2, HMAC-SHA256 with the chain key (`chain_key()`)."""
    return hmac.digest(key, _payload(**fields), "sha256").hex()


@functools.lru_cache(maxsize=8)
def _derive(secret: str, purpose: str) -> bytes:
    # One secret, two keys: a checkpoint signature can never be passed off as an event hash, or the reverse.
    return hmac.digest(secret.encode("utf-8"), f"sikkerhedsnet.audit/{purpose}".encode(), "sha256")


def chain_key() -> bytes:
    """The key of the event hashes, derived from `settings.AUDIT_HMAC_KEY`."""
    return _derive(settings.AUDIT_HMAC_KEY, "chain")


def checkpoint_key() -> bytes:
    """The key of the checkpoint signatures, derived from `settings.AUDIT_HMAC_KEY`."""
    return _derive(settings.AUDIT_HMAC_KEY, "checkpoint")


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
    "scheme",
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
        key = chain_key()
        rows = []
        seq, prev = head.seq, head.hash
        for entry in entries:
            seq += 1
            old, new = _jsonable(entry.old), _jsonable(entry.new)
            digest = compute_hmac(
                key=key,
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
                    AuditEvent.Scheme.HMAC_SHA256,
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


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that the chain of database `db` had entry `seq` with hash `hash` at time `at`."""

    db: str
    seq: int
    hash: str
    at: str
    sig: str = ""
    line: int = 0  # where it was read from (1-based), 0 when not read from a file

    VERSION = 1

    def signed_bytes(self) -> bytes:
        return json.dumps(
            ["audit-checkpoint", self.VERSION, self.db, self.seq, self.hash, self.at],
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")

    def signature(self, key: bytes) -> str:
        return hmac.digest(key, self.signed_bytes(), "sha256").hex()

    def to_line(self) -> str:
        fields = {"v": self.VERSION, "db": self.db, "seq": self.seq, "hash": self.hash, "at": self.at, "sig": self.sig}
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def database_label() -> str:
    """Which database a checkpoint speaks for: engine and name (a test, scratch or restored copy is another one)."""
    return f"{connection.vendor}:{connection.settings_dict['NAME']}"


checkpoint_logger = logging.getLogger("sikkerhedsnet.audit.checkpoints")


def audit_checkpoint_write(*, path: Path | None = None, previous: Checkpoint | None = None) -> Checkpoint | None:
    """Sign the chain's head and append it to the checkpoint file and the log. None when `previous` has that head.

    The file is opened for appending and each checkpoint is one `write` of one line, so several writers (the job
    worker, a cron job) never interleave their lines.
    """
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first() or (0, GENESIS_HASH)
    if previous is not None and (previous.seq, previous.hash) == head:
        return None
    unsigned = Checkpoint(
        db=database_label(),
        seq=head[0],
        hash=head[1],
        at=timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
    )
    checkpoint = Checkpoint(
        db=unsigned.db, seq=unsigned.seq, hash=unsigned.hash, at=unsigned.at, sig=unsigned.signature(checkpoint_key())
    )
    line = checkpoint.to_line()
    target = Path(path or settings.AUDIT_CHECKPOINT_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    # Also to the log stream: a second copy out of reach of whoever can write the database or this host's disk.
    checkpoint_logger.info("audit checkpoint %s", line)
    return checkpoint


@dataclass
class CheckpointFile:
    """The checkpoints of this database read from the file, and what was wrong with the file."""

    path: Path
    exists: bool = False
    checkpoints: list[Checkpoint] = field(default_factory=list)
    other_databases: int = 0
    problem: str | None = None


def audit_checkpoints_read(*, path: Path | None = None, db: str | None = None) -> CheckpointFile:
    """Read every checkpoint and check its signature; keep those of this database. A bad line is a problem."""
    result = CheckpointFile(path=Path(path or settings.AUDIT_CHECKPOINT_FILE))
    db = db if db is not None else database_label()
    key = checkpoint_key()
    try:
        handle = result.path.open(encoding="utf-8")
    except FileNotFoundError:
        return result
    result.exists = True
    with handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                raw = json.loads(text)
                checkpoint = Checkpoint(
                    db=str(raw["db"]),
                    seq=int(raw["seq"]),
                    hash=str(raw["hash"]),
                    at=str(raw["at"]),
                    sig=str(raw["sig"]),
                    line=number,
                )
                version = raw["v"]
            except (ValueError, KeyError, TypeError):
                result.problem = f"checkpoint file {result.path}, line {number}: not a checkpoint"
                return result
            if version != Checkpoint.VERSION or not hmac.compare_digest(checkpoint.signature(key), checkpoint.sig):
                result.problem = (
                    f"checkpoint file {result.path}, line {number}: the signature does not match "
                    "(the line was edited or forged, or signed with another key)"
                )
                return result
            if checkpoint.db == db:
                result.checkpoints.append(checkpoint)
            else:
                result.other_databases += 1
    return result


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=5000)


def audit_chain_verify(*, checkpoints: Sequence[Checkpoint] = (), key: bytes | None = None) -> ChainProblem | None:
    """Walk the chain; return the first broken entry, or None when every link and every checkpoint holds.

    Each entry must follow its predecessor and match its hash: HMAC with the chain key, or plain SHA-256 for the
    entries written before the key (only before the first keyed entry: a plain entry after a keyed one is a chain
    recomputed without the key). Each checkpoint must match the entry it names, and the chain must reach the
    newest checkpoint (otherwise its newest entries were removed).
    """
    key = key if key is not None else chain_key()
    vouched: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        vouched.setdefault(checkpoint.seq, []).append(checkpoint)
    expected_seq, prev, keyed = 0, GENESIS_HASH, False
    for event in _events_in_order():
        expected_seq += 1
        if event.seq != expected_seq:
            return ChainProblem(expected_seq, f"entry {expected_seq} is missing (next present is {event.seq})")
        if event.prev_hash != prev:
            return ChainProblem(event.seq, "prev_hash does not match the preceding entry (inserted or reordered)")
        fields = {
            "seq": event.seq,
            "prev_hash": event.prev_hash,
            "type": event.type,
            "actor_id": event.actor_id,
            "actor_username": event.actor_username,
            "target_model": event.target_model,
            "target_id": event.target_id,
            "child_id": event.child_id,
            "reason": event.reason,
            "old": event.old,
            "new": event.new,
            "created_at": event.created_at,
        }
        if event.scheme == AuditEvent.Scheme.HMAC_SHA256:
            keyed = True
            digest = compute_hmac(key=key, **fields)
        elif event.scheme == AuditEvent.Scheme.SHA256:
            if keyed:
                return ChainProblem(
                    event.seq, "an entry without the key follows keyed entries (the chain was recomputed)"
                )
            digest = compute_hash(**fields)
        else:
            return ChainProblem(event.seq, f"unknown hash scheme {event.scheme}")
        if not hmac.compare_digest(digest, event.hash):
            return ChainProblem(event.seq, "content does not match its hash (changed, or recomputed without the key)")
        for checkpoint in vouched.get(event.seq, ()):
            if checkpoint.hash != event.hash:
                return ChainProblem(
                    event.seq,
                    f"the entry differs from the checkpoint of {checkpoint.at} (line {checkpoint.line}): "
                    "the chain was rewritten or recomputed",
                )
        prev = event.hash
    newest = max(checkpoints, key=lambda c: c.seq, default=None)
    if newest is not None and newest.seq > expected_seq:
        return ChainProblem(
            expected_seq + 1,
            f"the chain ends at entry {expected_seq}, but the checkpoint of {newest.at} (line {newest.line}) "
            f"vouches for entry {newest.seq}: entries were removed (the newest, or some and the chain recomputed)",
        )
    if any(c.hash != GENESIS_HASH for c in vouched.get(0, ())):
        return ChainProblem(0, "a checkpoint of the empty chain has a hash other than the genesis hash")
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq or head_hash != prev:
        return ChainProblem(expected_seq + 1, f"the newest entries are missing (head says {head_seq})")
    return None
