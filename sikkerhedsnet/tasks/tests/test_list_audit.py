"""Pages that list children by name log it (issue #20): one `children_listed` event per child shown, with the page.

Mine sager, Mine opgaver, the team overview, the notification queue and the follow-up overview; "Find barn"
already logs `child_searched` per hit.
"""

from datetime import timedelta
from typing import cast

import pytest
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import BreakGlassAccess, Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.followup.tests.factories import FollowUpFactory
from sikkerhedsnet.intake.tests.factories import NotificationFactory
from sikkerhedsnet.measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _listed(user, page: str) -> set[int | None]:  # type: ignore[no-untyped-def]
    events = AuditEvent.objects.filter(type="children_listed", actor_id=user.pk, new__page=page)
    return set(events.values_list("child_id", flat=True))


def _get(user, url: str):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_my_cases_logs_each_child_listed(caseworker, child) -> None:
    other = cast(Child, ChildFactory(case__caseworker=caseworker, case__team=caseworker.team))
    _get(caseworker, "/boern/mine-sager/")
    assert _listed(caseworker, "my_cases") == {child.pk, other.pk}


def test_my_tasks_logs_each_child_listed(caseworker, child) -> None:
    NotificationFactory(child=child, routed_team=caseworker.team, assigned_to=caseworker)
    _get(caseworker, "/underretninger/mine-opgaver/")
    assert _listed(caseworker, "my_tasks") == {child.pk}


def test_team_dashboard_logs_unassigned_and_break_glass_children(team_leader, team, outsider, child) -> None:
    unassigned = cast(Child, ChildFactory(case__team=team, case__caseworker=None))
    now = timezone.now()
    BreakGlassAccess.objects.create(
        user=outsider, child=child, reason="Døgnvagt: akut", granted_at=now, expires_at=now + timedelta(hours=8)
    )
    _get(team_leader, "/accounts/team/")
    assert _listed(team_leader, "team_dashboard") == {unassigned.pk, child.pk}


def test_notification_queue_logs_each_child_listed(caseworker, child) -> None:
    NotificationFactory(child=child, routed_team=caseworker.team, assigned_to=caseworker)
    _get(caseworker, "/underretninger/?vis=all")
    assert _listed(caseworker, "notification_queue") == {child.pk}


def test_followup_overview_logs_each_child_listed(caseworker, child) -> None:
    FollowUpFactory(measure=MeasureFactory(child=child, created_by=caseworker))
    response = _get(caseworker, "/opfoelgning/")
    assert child.full_name in response.content.decode()
    assert _listed(caseworker, "followup_overview") == {child.pk}


def test_a_list_without_children_logs_nothing(caseworker) -> None:
    _get(caseworker, "/boern/mine-sager/")
    assert not AuditEvent.objects.filter(type="children_listed").exists()
