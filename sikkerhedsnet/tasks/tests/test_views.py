"""The first screen of each role, the acute flag, the SoS consultant's cases, bookmarkable and saved filters."""

from datetime import date, datetime, timedelta
from typing import cast

import pytest
import time_machine
from django.test import Client

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.legal import LOCAL_TZ
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
from sikkerhedsnet.safety.tests.factories import SafetyPlanFactory
from sikkerhedsnet.tasks import services
from sikkerhedsnet.tasks.models import SavedFilter
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 12, 9, 0, tzinfo=LOCAL_TZ)  # a Thursday


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("caseworker", "/underretninger/mine-opgaver/"),
        ("sos_consultant", "/boern/mine-konsulentsager/"),
        ("team_leader", "/accounts/team/"),
        ("head", "/accounts/team/"),
        ("analyst", "/rapporter/"),
        ("auditor", "/logning/"),
    ],
)
def test_home_each_role_lands_on_its_first_screen(team, role, start) -> None:
    user = cast(
        User, UserFactory(role=role, team=team if role != "head" else None, municipality=team.department.municipality)
    )
    response = _client(user).get("/")
    assert response.status_code == 302 and response["Location"].startswith(start)


def test_my_tasks_shows_overdue_due_today_and_new(caseworker, child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 11, 1))  # due 1 March: overdue
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=2), acute=True)
    html = _client(caseworker).get("/underretninger/mine-opgaver/").content.decode()
    overdue, today, new = (
        html.index('id="overdue-heading"'),
        html.index('id="today-heading"'),
        html.index('id="new-heading"'),
    )
    assert overdue < today < new
    assert "Afslut børnefaglig undersøgelse" in html[overdue:today]
    assert "Akut" in html[new:] and child.full_name in html[new:]


def test_my_tasks_filter_in_query_string_keeps_only_that_window(caseworker, child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 11, 1))  # overdue
    html = _client(caseworker).get("/underretninger/mine-opgaver/", {"frist": "senere"}).content.decode()
    assert child.full_name not in html and "Nulstil filter" in html


def test_my_cases_unknown_filter_values_are_ignored_not_500(caseworker, child) -> None:
    response = _client(caseworker).get("/boern/mine-sager/", {"frist": "<x>", "type": "٣", "raadgiver": "-1"})
    assert response.status_code == 200 and child.full_name in response.content.decode()


def test_team_dashboard_flags_acute_unassigned_cases_first(team_leader, team) -> None:
    calm = cast(Child, ChildFactory(case__team=team, case__caseworker=None, case__opened_on=date(2026, 1, 1)))
    acute = cast(Child, ChildFactory(case__team=team, case__caseworker=None, case__opened_on=date(2026, 3, 1)))
    NotificationFactory(child=acute, received_at=NOW - timedelta(hours=1), acute=True)
    html = _client(team_leader).get("/accounts/team/").content.decode()
    assert html.index(acute.full_name) < html.index(calm.full_name)
    assert 'badge badge-error">Akut' in html


def test_team_dashboard_lists_overdue_across_the_team_filtered_by_member(
    team_leader, caseworker, colleague_same_team, child
) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 11, 1))
    other = cast(Child, ChildFactory(case__team=colleague_same_team.team, case__caseworker=colleague_same_team))
    InvestigationFactory(child=other, awareness_on=date(2025, 11, 1))
    client = _client(team_leader)
    assert other.full_name in client.get("/accounts/team/").content.decode()
    html = client.get("/accounts/team/", {"raadgiver": str(caseworker.pk)}).content.decode()
    assert child.full_name in html and other.full_name not in html


def test_consultations_lists_cases_with_the_consultants_safety_work(team, caseworker, child) -> None:
    consultant = cast(User, UserFactory(role="sos_consultant", team=team))
    SafetyPlanFactory(child=child, created_by=consultant)
    quiet = cast(Child, ChildFactory(case__team=team, case__caseworker=caseworker))
    html = _client(consultant).get("/boern/mine-konsulentsager/").content.decode()
    assert child.full_name in html and quiet.full_name not in html
    assert AuditEvent.objects.filter(type="children_listed", actor_id=consultant.pk, child_id=child.pk).exists()


def test_consultations_is_the_consultants_page_only(caseworker) -> None:
    assert _client(caseworker).get("/boern/mine-konsulentsager/").status_code == 403


def test_saved_filter_is_saved_listed_and_applied(caseworker) -> None:
    client = _client(caseworker)
    response = client.post(
        "/boern/filtre/gem/", with_form_token({"name": "Dagens", "page": "my_tasks", "query": "frist=i-dag&cpr=0101"})
    )
    assert response["Location"] == "/underretninger/mine-opgaver/?frist=i-dag"
    assert SavedFilter.objects.get(user=caseworker).query == "frist=i-dag"  # the CPR never stored
    assert (
        'href="/underretninger/mine-opgaver/?frist=i-dag">Dagens' in client.get(response["Location"]).content.decode()
    )


def test_saved_filter_with_the_same_name_replaces_the_old(caseworker) -> None:
    services.saved_filter_save(by=caseworker, page="my_tasks", name="A", filters={"frist": "i-dag"})
    services.saved_filter_save(by=caseworker, page="my_tasks", name="A", filters={"frist": "uge"})
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["frist=uge"]


def test_saved_filter_of_another_user_cannot_be_deleted(caseworker, colleague_same_team) -> None:
    saved = services.saved_filter_save(by=caseworker, page="my_tasks", name="A", filters={"frist": "i-dag"})
    assert _client(colleague_same_team).post(f"/boern/filtre/{saved.pk}/slet/").status_code == 404
    assert _client(caseworker).post(f"/boern/filtre/{saved.pk}/slet/").status_code == 302
    assert not SavedFilter.objects.exists()
