import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditChainHead, AuditEvent


@pytest.fixture
def chain(caseworker):
    for i in range(5):
        audit.record(by=caseworker, type=AuditEvent.Type.CHILD_VIEWED, child_id=i + 1)
    return list(AuditEvent.objects.order_by("seq"))


def test_verify_intact_chain_reports_no_problem(chain) -> None:
    assert audit.audit_chain_verify() is None


def test_each_event_holds_the_hash_of_its_predecessor(chain) -> None:
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]


def test_verify_detects_changed_entry(chain) -> None:
    AuditEvent.objects.filter(seq=3).update(actor_username="someone-else")
    assert audit.audit_chain_verify().seq == 3


def test_verify_detects_deleted_entry(chain) -> None:
    AuditEvent.objects.filter(seq=2).delete()
    assert audit.audit_chain_verify().seq == 2


def test_verify_detects_deleted_newest_entry(chain) -> None:
    AuditEvent.objects.filter(seq=5).delete()
    assert audit.audit_chain_verify().seq == 5


def test_verify_detects_inserted_entry(chain, caseworker) -> None:
    # Make room by shifting the tail, then insert a forged event with a self-consistent hash.
    for e in AuditEvent.objects.filter(seq__gte=3).order_by("-seq"):
        AuditEvent.objects.filter(pk=e.pk).update(seq=e.seq + 1)
    forged = chain[1]
    AuditEvent.objects.create(
        seq=3,
        type="child_viewed",
        actor_id=caseworker.pk,
        actor_username="caseworker",
        child_id=99,
        created_at=forged.created_at,
        prev_hash=forged.hash,
        hash="f" * 64,
    )
    AuditChainHead.objects.update(seq=6)
    problem = audit.audit_chain_verify()
    assert problem is not None and problem.seq == 3


def test_verify_audit_command_exits_non_zero_with_first_broken_entry(chain) -> None:
    AuditEvent.objects.filter(seq=4).update(reason="tampered")
    with pytest.raises(CommandError, match="entry 4"):
        call_command("verify_audit")


def test_record_many_chains_a_batch_in_order(caseworker) -> None:
    events = audit.record_many(
        by=caseworker, entries=[audit.Entry(type=AuditEvent.Type.CHILD_SEARCHED, child_id=i) for i in range(3)]
    )
    assert [e.seq for e in events] == [1, 2, 3] and audit.audit_chain_verify() is None
