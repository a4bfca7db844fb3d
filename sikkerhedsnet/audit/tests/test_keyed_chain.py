"""The keyed chain and its checkpoints (issue #20, Medium 5).

An attacker with write access to the database (but not to the key or the checkpoint file) tries to shorten the
chain or to erase one user's events and recompute it. Before the keyed chain each of these passed verification.
"""

import json
import logging
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.checks import audit_key_check
from sikkerhedsnet.audit.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
FIELDS = (
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
)


def _verify(**options) -> str:
    """Run `verify_audit` and return what it printed (CommandError when it fails)."""
    out = StringIO()
    call_command("verify_audit", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def two_users_chain(caseworker, colleague_same_team):
    """Six events, alternating between two users, then a checkpoint of the head (as the worker writes one)."""
    for i in range(6):
        audit.record(by=(caseworker, colleague_same_team)[i % 2], type=AuditEvent.Type.CHILD_VIEWED, child_id=i + 1)
    audit.audit_checkpoint_write()


def _recompute(key: bytes | None) -> None:
    """The attack: renumber what is left and recompute every link and the head, unkeyed (key None) or with `key`."""
    seq, prev = 0, audit.GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        seq += 1
        fields = {name: getattr(event, name) for name in FIELDS} | {"seq": seq, "prev_hash": prev}
        if key is None:
            digest, scheme = audit.compute_hash(**fields), AuditEvent.Scheme.SHA256
        else:
            digest, scheme = audit.compute_hmac(key=key, **fields), AuditEvent.Scheme.HMAC_SHA256
        AuditEvent.objects.filter(pk=event.pk).update(seq=seq, prev_hash=prev, hash=digest, scheme=scheme)
        prev = digest
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev})


def _recompute_from(start: int, *, prev: str) -> None:
    """Recompute the links from entry `start` on, unkeyed, on top of `prev` (the entries before stay as they are)."""
    for event in AuditEvent.objects.filter(seq__gte=start).order_by("seq"):
        fields = {name: getattr(event, name) for name in FIELDS} | {"seq": event.seq, "prev_hash": prev}
        digest = audit.compute_hash(**fields)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest, scheme=AuditEvent.Scheme.SHA256)
        prev = digest
    AuditChainHead.objects.filter(pk=1).update(hash=prev)


def _erase_user(user) -> None:
    AuditEvent.objects.filter(actor_id=user.pk).delete()


def _legacy_rows(n: int) -> None:
    """Rows as the chain wrote them before the key: plain SHA-256, scheme 1."""
    prev = audit.GENESIS_HASH
    for seq in range(1, n + 1):
        fields = dict.fromkeys(FIELDS, None) | {
            "type": "child_viewed",
            "actor_username": "",
            "target_model": "",
            "target_id": "",
            "reason": "",
            "child_id": seq,
            "created_at": datetime(2026, 1, seq, 12, tzinfo=CPH),
        }
        digest = audit.compute_hash(seq=seq, prev_hash=prev, **fields)
        AuditEvent.objects.create(seq=seq, prev_hash=prev, hash=digest, scheme=AuditEvent.Scheme.SHA256, **fields)
        prev = digest
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": n, "hash": prev})


# ------------------------------------------------------------------------------------------------ the key


def test_record_writes_hmac_with_the_key_not_the_plain_hash(caseworker) -> None:
    event = audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    fields = {name: getattr(event, name) for name in FIELDS} | {"seq": 1, "prev_hash": audit.GENESIS_HASH}
    assert event.scheme == AuditEvent.Scheme.HMAC_SHA256
    assert event.hash == audit.compute_hmac(key=audit.chain_key(), **fields) != audit.compute_hash(**fields)


def test_verify_with_another_key_fails(caseworker) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    problem = audit.audit_chain_verify(key=b"not the key")
    assert problem is not None and problem.seq == 1


def test_record_adds_no_query_for_the_key(caseworker, django_assert_num_queries) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    # Savepoint, lock the head, insert, move the head, release: the same five as before the key.
    with django_assert_num_queries(5):
        audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=2)


# -------------------------------------------------------------------------------------- legacy rows


def test_legacy_unkeyed_rows_still_verify_and_new_rows_chain_on_with_the_key(caseworker) -> None:
    _legacy_rows(3)
    event = audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=9)
    audit.audit_checkpoint_write()
    assert (event.seq, event.scheme, event.prev_hash) == (4, 2, AuditEvent.objects.get(seq=3).hash)
    assert "Audit chain intact: 4 entries; 1 checkpoint(s) hold" in _verify()


def test_changed_legacy_row_is_still_detected(caseworker) -> None:
    _legacy_rows(3)
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=9)
    AuditEvent.objects.filter(seq=2).update(child_id=77)
    problem = audit.audit_chain_verify()
    assert problem is not None and problem.seq == 2


# ------------------------------------------------------------------------- truncation and recomputing


def test_truncated_chain_with_reset_head_fails_verification(two_users_chain) -> None:
    AuditEvent.objects.filter(seq__gt=4).delete()
    AuditChainHead.objects.filter(pk=1).update(seq=4, hash=AuditEvent.objects.get(seq=4).hash)
    assert audit.audit_chain_verify() is None  # the chain alone cannot see it: this passed before
    with pytest.raises(CommandError, match="chain ends at entry 4.*vouches for entry 6: entries were removed"):
        _verify()


def test_erasing_one_users_events_and_recomputing_without_key_fails(two_users_chain, colleague_same_team) -> None:
    _erase_user(colleague_same_team)
    _recompute(key=None)
    with pytest.raises(CommandError, match="entry 4: the chain ends at entry 3, .* vouches for entry 6"):
        _verify()


def test_erasing_one_users_events_and_recomputing_with_a_wrong_key_fails(two_users_chain, colleague_same_team) -> None:
    _erase_user(colleague_same_team)
    _recompute(key=b"a guessed key")
    with pytest.raises(CommandError, match="entry 1: content does not match its hash"):
        _verify()


def test_recomputing_the_tail_without_key_fails_even_before_a_checkpoint(caseworker, colleague_same_team) -> None:
    for user in (caseworker, colleague_same_team, caseworker, caseworker):
        audit.record(by=user, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    first = AuditEvent.objects.get(seq=1)
    _erase_user(colleague_same_team)
    _recompute(key=None)
    # Keep the first (keyed) entry as it was; only what follows is rewritten (plain SHA-256, no key needed).
    AuditEvent.objects.filter(seq=1).update(hash=first.hash, scheme=first.scheme)
    _recompute_from(2, prev=first.hash)
    problem = audit.audit_chain_verify()
    assert problem is not None and problem.seq == 2 and "without the key follows keyed entries" in problem.problem


def test_recomputing_legacy_rows_is_caught_by_a_checkpoint() -> None:
    _legacy_rows(4)
    audit.audit_checkpoint_write()
    AuditEvent.objects.filter(seq=2).delete()
    _recompute(key=None)  # no key needed for plain SHA-256: only the checkpoint can tell
    assert audit.audit_chain_verify() is None
    with pytest.raises(CommandError, match="chain ends at entry 3"):
        _verify()


def test_checkpoint_naming_a_rewritten_entry_fails(two_users_chain, caseworker, colleague_same_team) -> None:
    # Same length as the checkpoint says, but a different chain: one user's events erased, others appended.
    _erase_user(colleague_same_team)
    for _ in range(3):
        audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=5)
    _recompute(key=None)
    with pytest.raises(CommandError, match="entry 6: the entry differs from the checkpoint of .* \\(line 1\\)"):
        _verify()


def test_checkpoint_mismatch_is_named(caseworker) -> None:
    for i in range(3):
        audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=i)
    checkpoint = audit.audit_checkpoint_write()
    assert checkpoint is not None
    forged = audit.Checkpoint(db=checkpoint.db, seq=2, hash="e" * 64, at=checkpoint.at, line=7)
    problem = audit.audit_chain_verify(checkpoints=[forged])
    assert problem is not None and problem.seq == 2 and "differs from the checkpoint" in problem.problem


# ------------------------------------------------------------------------------------- the checkpoints


def test_untouched_chain_with_checkpoints_passes(caseworker, checkpoint_file) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    call_command("audit_checkpoint", stdout=StringIO())
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=2)
    audit.audit_checkpoint_write()
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=3)
    assert "Audit chain intact: 3 entries; 2 checkpoint(s) hold, the newest at entry 2" in _verify()


def test_checkpoint_line_is_signed_json_without_personal_data(caseworker, checkpoint_file) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1, reason="Freja 010203-1234")
    audit.audit_checkpoint_write()
    line = json.loads(checkpoint_file.read_text().splitlines()[-1])
    assert set(line) == {"v", "db", "seq", "hash", "at", "sig"}
    assert (line["seq"], line["hash"]) == (1, AuditEvent.objects.get(seq=1).hash) and len(line["sig"]) == 64


def test_checkpoint_appends_and_goes_to_the_log(caseworker, checkpoint_file) -> None:
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect()
    logger = logging.getLogger("sikkerhedsnet.audit.checkpoints")
    logger.addHandler(handler)
    try:
        audit.audit_checkpoint_write()
        audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
        audit.audit_checkpoint_write()
    finally:
        logger.removeHandler(handler)
    lines = checkpoint_file.read_text().splitlines()
    assert len(lines) == 2 and [r.getMessage() for r in records] == [f"audit checkpoint {x}" for x in lines]


def test_checkpoint_is_skipped_when_the_head_did_not_move(caseworker) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    first = audit.audit_checkpoint_write()
    assert audit.audit_checkpoint_write(previous=first) is None


@pytest.mark.parametrize(
    "edit",
    [
        lambda cp: cp | {"seq": cp["seq"] - 1},
        lambda cp: cp | {"hash": "0" * 64},
        lambda cp: cp | {"at": "2020-01-01T00:00:00+00:00"},
        lambda cp: cp | {"db": "sqlite:/elsewhere"},
        lambda cp: cp | {"sig": "f" * 64},
    ],
    ids=["seq", "hash", "at", "db", "sig"],
)
def test_tampered_checkpoint_line_fails(two_users_chain, checkpoint_file, edit) -> None:
    line = json.loads(checkpoint_file.read_text())
    checkpoint_file.write_text(json.dumps(edit(line)) + "\n")
    with pytest.raises(CommandError, match="line 1: the signature does not match"):
        _verify()


def test_checkpoint_signed_with_another_key_fails(two_users_chain, checkpoint_file) -> None:
    with override_settings(AUDIT_HMAC_KEY="another key of at least thirty-two characters"):
        audit.audit_checkpoint_write()
    with pytest.raises(CommandError, match="line 2: the signature does not match"):
        _verify()


def test_garbage_in_the_checkpoint_file_fails(two_users_chain, checkpoint_file) -> None:
    with checkpoint_file.open("a") as f:
        f.write("not json\n")
    with pytest.raises(CommandError, match="line 2: not a checkpoint"):
        _verify()


def test_checkpoints_of_another_database_are_ignored(caseworker, checkpoint_file) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    other = audit.Checkpoint(db="postgresql:elsewhere", seq=99, hash="a" * 64, at="2026-01-01T00:00:00+00:00")
    signed = audit.Checkpoint(**{**other.__dict__, "sig": other.signature(audit.checkpoint_key())})
    checkpoint_file.write_text(signed.to_line() + "\n")
    found = audit.audit_checkpoints_read()
    assert (found.problem, found.checkpoints, found.other_databases) == (None, [], 1)
    assert "Audit chain intact: 1 entries." in _verify()


def test_verify_without_checkpoints_warns_and_can_be_made_to_fail(caseworker) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    assert "Warning: No checkpoint of this database" in _verify()
    with pytest.raises(CommandError, match="No checkpoint of this database"):
        _verify(require_checkpoints=True)


def test_checkpoint_of_the_empty_chain_passes() -> None:
    audit.audit_checkpoint_write()
    assert "Audit chain intact: 0 entries; 1 checkpoint(s) hold" in _verify()


# ------------------------------------------------------------------------------------- the key's check


@pytest.mark.parametrize(
    "key", ["", "too-short", "dev-only-audit-key-never-use-in-production-2b8e41d7"], ids=["empty", "short", "dev"]
)
def test_production_refuses_a_missing_short_or_development_key(settings, key) -> None:
    settings.PRODUCTION, settings.AUDIT_HMAC_KEY = True, key
    assert [m.id for m in audit_key_check()] == ["audit.E001"]


def test_production_accepts_a_long_random_key(settings) -> None:
    settings.PRODUCTION, settings.AUDIT_HMAC_KEY = True, "k" * 48
    assert audit_key_check() == []


def test_development_uses_the_marked_development_key(settings) -> None:
    assert settings.AUDIT_HMAC_KEY == settings.AUDIT_HMAC_KEY_DEVELOPMENT and audit_key_check() == []
