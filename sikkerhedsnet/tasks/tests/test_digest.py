"""The daily digest command: overdue and next-2-working-days deadlines per caseworker, no CPR numbers."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core import legal
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory

CPH = legal.LOCAL_TZ
NOW = datetime(2026, 3, 12, 7, 0, tzinfo=CPH)  # a Thursday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mailed_caseworker(caseworker):  # type: ignore[no-untyped-def]
    caseworker.email = "raadgiver@demo.invalid"
    caseworker.save()
    return caseworker


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_deadline_digest", *args, stdout=out)
    return out.getvalue()


def test_digest_mails_overdue_and_next_two_working_days(mailed_caseworker, child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 11, 1))  # due 1 March: overdue
    NotificationFactory(
        child=child, reporter_type="professional", received_at=NOW - timedelta(days=5)
    )  # receipt 13 Mar
    run()
    (message,) = mail.outbox
    assert "Afslut børnefaglig undersøgelse" in message.body and "Send kvittering" in message.body
    assert message.to == ["raadgiver@demo.invalid"]


def test_digest_leaves_out_deadlines_beyond_two_working_days(mailed_caseworker, child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2026, 3, 1))  # due 1 July
    run()
    assert mail.outbox == []


def test_digest_counts_working_days_so_friday_deadlines_reach_monday(mailed_caseworker, child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 11, 16))  # due Monday 16 March
    run()
    assert "- 16. marts 2026 · Afslut børnefaglig undersøgelse" in mail.outbox[0].body


def test_digest_holds_names_and_case_numbers_but_no_cpr(mailed_caseworker, child) -> None:
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=30))
    run()
    body = mail.outbox[0].body
    assert child.full_name in body and child.case.number in body
    assert child.cpr not in body and child.cpr_formatted not in body and child.cpr[:6] not in body


def test_digest_goes_to_each_caseworker_separately(mailed_caseworker, colleague_same_team, child) -> None:
    colleague_same_team.email = "kollega@demo.invalid"
    colleague_same_team.save()
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=30))
    other = ChildFactory(case__team=colleague_same_team.team, case__caseworker=colleague_same_team)
    NotificationFactory(child=other, received_at=NOW - timedelta(hours=30))
    run()
    assert sorted(m.to[0] for m in mail.outbox) == ["kollega@demo.invalid", "raadgiver@demo.invalid"]


def test_digest_dry_run_prints_and_sends_nothing(mailed_caseworker, child) -> None:
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=30))
    out = run("--dry-run")
    assert child.full_name in out and mail.outbox == []


def test_digest_for_caseworker_without_email_is_printed(caseworker, child) -> None:
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=30))
    out = run()
    assert "ingen e-mailadresse" in out and mail.outbox == []
