"""Retention of notifications and investigations: erased with the closed case file, never under slettestop."""

from datetime import date, timedelta

import pytest

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core import retention
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2031, 6, 1)


def _closed_child_with_intake(**case):  # type: ignore[no-untyped-def]
    closed = date(2025, 1, 1)
    child = ChildFactory(case__opened_on=closed - timedelta(days=300), case__closed_on=closed, **case)
    NotificationFactory(child=child)
    InvestigationFactory(child=child)
    return child


def test_deletion_commit_erases_notifications_investigations_and_the_case_file() -> None:
    child = _closed_child_with_intake()
    run = retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert not run.items.filter(outcome="failed").exists()
    assert (
        Child.objects.filter(pk=child.pk).exists(),
        Notification.objects.filter(child_id=child.pk).exists(),
        Investigation.objects.filter(child_id=child.pk).exists(),
    ) == (False, False, False)


def test_deletion_never_touches_intake_records_under_legal_hold() -> None:
    child = _closed_child_with_intake(case__legal_hold=True, case__legal_hold_reason="Klagesag i Ankestyrelsen")
    retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert Notification.objects.filter(child_id=child.pk).count() == 1
    assert Investigation.objects.filter(child_id=child.pk).count() == 1


def test_intake_records_of_a_case_closed_recently_are_not_due() -> None:
    child = _closed_child_with_intake()
    run = retention.deletion_plan(by=None, as_of=date(2027, 1, 1))
    assert not run.items.filter(child_id=child.pk).exists()
