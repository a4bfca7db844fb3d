"""Intake's deadline providers (what "Mine sager", the child page and "Mine opgaver" show) and their query cost."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core import legal
from sikkerhedsnet.core.deadlines import open_deadlines
from sikkerhedsnet.intake.deadlines import investigation_deadlines, notification_deadlines
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory

CPH = legal.LOCAL_TZ
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=CPH)
TODAY = date(2026, 3, 10)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def kinds(deadlines) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(d.kind for d in deadlines)


def test_unassessed_notification_gives_the_24_hour_assessment_deadline(child) -> None:
    NotificationFactory(child=child, received_at=datetime(2026, 3, 9, 23, 30, tzinfo=CPH))
    (deadline,) = notification_deadlines([child.pk], TODAY)
    assert (deadline.kind, deadline.due_at, deadline.due_on, deadline.legal_reference) == (
        "notification_assessment",
        datetime(2026, 3, 10, 23, 30, tzinfo=CPH),
        TODAY,
        "BL § 136, stk. 2",
    )


def test_acute_notification_deadline_is_labelled_acute(child) -> None:
    NotificationFactory(child=child, acute=True)
    assert notification_deadlines([child.pk], TODAY)[0].label.startswith("AKUT")


def test_professional_notification_also_gives_the_receipt_deadline_marked_unverified(child) -> None:
    NotificationFactory(child=child, reporter_type="professional", received_at=datetime(2026, 3, 9, 9, tzinfo=CPH))
    receipt = [d for d in notification_deadlines([child.pk], TODAY) if d.kind == legal.RECEIPT][0]
    assert (receipt.due_on, receipt.legal_reference) == (date(2026, 3, 17), "BL § 138, stk. 1")


def test_abuse_notification_gives_the_conversation_deadline(child) -> None:
    NotificationFactory(child=child, categories=["violence"], child_conversation_required=True)
    assert kinds(notification_deadlines([child.pk], TODAY)) == ["child_conversation", "notification_assessment"]


def test_reassessment_notification_gives_the_reassessment_deadline(child) -> None:
    NotificationFactory(child=child, reassessment_required=True)
    assert kinds(notification_deadlines([child.pk], TODAY)) == ["notification_assessment", "notification_reassessment"]


def test_assessed_private_notification_has_no_open_deadline(child, caseworker) -> None:
    NotificationFactory(child=child, outcome="advice", assessed_at=NOW, assessed_by=caseworker)
    assert notification_deadlines([child.pk], TODAY) == []


def test_merged_duplicate_leaves_the_assessment_queue_but_keeps_its_receipt(child, caseworker) -> None:
    original = NotificationFactory(child=child)
    NotificationFactory(
        child=child, reporter_type="professional", duplicate_of=original, merged_at=NOW, merged_by=caseworker
    )
    assert kinds(notification_deadlines([child.pk], TODAY)) == ["notification_assessment", "notification_receipt"]


def test_sibling_gets_the_notification_deadline_on_its_own_case(child, caseworker) -> None:
    sibling = ChildFactory(case__team=caseworker.team, case__caseworker=caseworker)
    notification = NotificationFactory(child=child)
    notification.siblings.add(sibling)
    assert [d.child_id for d in notification_deadlines([sibling.pk], TODAY)] == [sibling.pk]


def test_open_investigation_gives_its_four_month_deadline(child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 10, 31))
    (deadline,) = investigation_deadlines([child.pk], TODAY)
    assert (deadline.due_on, deadline.legal_reference) == (date(2026, 2, 28), "BL § 20, stk. 3")


def test_investigation_begun_before_2024_shows_the_serviceloven_paragraph(child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2023, 11, 1))
    assert investigation_deadlines([child.pk], TODAY)[0].legal_reference == "SEL § 50, stk. 7"


def test_concluded_investigation_has_no_deadline(child, caseworker) -> None:
    InvestigationFactory(child=child, status="concluded", concluded_at=NOW, concluded_by=caseworker)
    assert investigation_deadlines([child.pk], TODAY) == []


def test_open_deadlines_gathers_the_intake_providers(child) -> None:
    NotificationFactory(child=child)
    InvestigationFactory(child=child)
    assert kinds(open_deadlines([child.pk], today=TODAY)) == ["investigation", "notification_assessment"]


def _queries_for(child_ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        notification_deadlines(child_ids, TODAY)
        investigation_deadlines(child_ids, TODAY)
    return len(ctx.captured_queries)


def test_providers_use_a_constant_number_of_queries(caseworker) -> None:
    def make(n: int) -> list[int]:
        ids = []
        for _ in range(n):
            c = ChildFactory(case__team=caseworker.team, case__caseworker=caseworker)
            NotificationFactory(child=c, reporter_type="professional", received_at=NOW - timedelta(days=2))
            InvestigationFactory(child=c)
            ids.append(c.pk)
        return ids

    assert _queries_for(make(1)) == _queries_for(make(8))
