"""Demo data: notifications and investigations in every state, relative to the day the demo is loaded."""

from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from sikkerhedsnet.core import legal
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.site.demo import seed_demo

CPH = legal.LOCAL_TZ
NOW = datetime(2026, 6, 17, 14, 0, tzinfo=CPH)
TODAY = date(2026, 6, 17)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        from django.db import transaction

        with transaction.atomic():
            counts = seed_demo()
            notifications = list(Notification.objects.select_related("child__case"))
            investigations = list(Investigation.objects.all())
            second = seed_demo()
            transaction.set_rollback(True)
    return counts, notifications, investigations, second


def unassessed(notifications):  # type: ignore[no-untyped-def]
    return [n for n in notifications if not n.is_assessed and not n.is_merged]


def test_demo_has_fresh_unassessed_notifications(demo) -> None:
    assert any(n.assessment_due_at > NOW and legal.local_day(n.assessment_due_at) > TODAY for n in unassessed(demo[1]))


def test_demo_has_notifications_due_today(demo) -> None:
    assert any(legal.local_day(n.assessment_due_at) == TODAY for n in unassessed(demo[1]))


def test_demo_has_overdue_notifications(demo) -> None:
    assert any(legal.local_day(n.assessment_due_at) < TODAY for n in unassessed(demo[1]))


def test_demo_has_acute_unassessed_notifications(demo) -> None:
    assert any(n.acute for n in unassessed(demo[1]))


def test_demo_has_assessed_closed_and_merged_notifications(demo) -> None:
    notifications = demo[1]
    assert any(n.is_assessed and not n.is_closed for n in notifications)
    assert any(n.is_closed for n in notifications) and any(n.is_merged for n in notifications)


def test_demo_has_professional_reporters_with_receipts_pending_and_sent(demo) -> None:
    professional = [n for n in demo[1] if n.is_professional]
    assert any(n.receipt_sent_on is None for n in professional) and any(n.receipt_sent_on for n in professional)


def test_demo_has_queued_notifications_without_caseworker(demo) -> None:
    assert any(n.child.case.caseworker_id is None for n in unassessed(demo[1]))


def test_demo_has_investigations_fresh_due_today_overdue_and_concluded(demo) -> None:
    drafts = [i for i in demo[2] if not i.is_concluded]
    assert any(i.due_on > TODAY for i in drafts) and any(i.due_on < TODAY for i in drafts)
    assert any(i.due_on == TODAY for i in drafts)
    assert any(i.is_concluded and not i.missing_parts() for i in demo[2])


def test_demo_data_obeys_the_rules_no_assessment_before_receipt(demo) -> None:
    assert all(n.assessed_at >= n.received_at for n in demo[1] if n.is_assessed)


def test_demo_seed_twice_changes_nothing(demo) -> None:
    assert demo[0]["notifications"] > 0 and demo[3] == {}


def test_generate_synthetic_adds_notifications_for_new_children(db) -> None:
    with time_machine.travel(NOW, tick=False):
        call_command("generate_synthetic", "--children", "40", "--seed", "3", stdout=StringIO())
    assert Notification.objects.filter(child__case__isnull=False).exists()
