"""The team leader's cases about to fall out of compliance this week (issue #15, item 3): the open steps the
review measures (docs/compliance.md) that fall due from today to Sunday, from the same deadlines as every list."""

from datetime import date, datetime
from typing import cast

import pytest
import time_machine
from django.test import Client

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.legal import LOCAL_TZ
from sikkerhedsnet.intake.models import Investigation
from sikkerhedsnet.intake.tests.factories import InvestigationFactory
from sikkerhedsnet.tasks import rules
from sikkerhedsnet.tasks.selectors import about_to_fall_out

pytestmark = pytest.mark.django_db

THURSDAY = datetime(2026, 10, 15, 12, 0, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    ("kind", "due_on", "expected"),
    [
        ("child_investigation", date(2026, 10, 18), False),  # not a kind the review measures
        ("investigation", date(2026, 10, 18), True),  # Sunday: still this week
        ("investigation", date(2026, 10, 19), False),  # Monday: next week
        ("investigation", date(2026, 10, 14), False),  # yesterday: already out
        ("notification_receipt", date(2026, 10, 15), True),
        ("followup", date(2026, 10, 16), True),
    ],
)
def test_is_about_to_fall_out(kind, due_on, expected) -> None:
    assert rules.is_about_to_fall_out(kind=kind, due_on=due_on, today=date(2026, 10, 15)) is expected


def test_about_to_fall_out_lists_the_investigation_due_sunday(team, caseworker) -> None:
    # Aware 18 June: due 18 October (Sunday); aware 19 June: due 19 October (next week).
    sunday = cast(
        Investigation,
        InvestigationFactory(
            child=ChildFactory(case__team=team, case__caseworker=caseworker), awareness_on=date(2026, 6, 18)
        ),
    )
    InvestigationFactory(
        child=ChildFactory(case__team=team, case__caseworker=caseworker), awareness_on=date(2026, 6, 19)
    )
    with time_machine.travel(THURSDAY, tick=False):
        found = about_to_fall_out([team], today=date(2026, 10, 15), now=THURSDAY)
    assert [(t.child.pk, t.deadline.due_on) for t in found] == [(sunday.child_id, date(2026, 10, 18))]


def test_team_dashboard_shows_the_section(team_leader, team, caseworker) -> None:
    child = cast(Child, ChildFactory(case__team=team, case__caseworker=caseworker))
    InvestigationFactory(child=child, awareness_on=date(2026, 6, 18))
    client = Client()
    client.force_login(team_leader)
    with time_machine.travel(THURSDAY, tick=False):
        response = client.get("/accounts/team/")
    assert response.status_code == 200
    assert "Sager, der er ved at falde ud af lovens frister i denne uge" in response.text
    assert child.case.number in response.text
