"""Team leader's and head's start page: cases to assign, caseloads, reasoned accesses to review."""

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children import selectors
from sikkerhedsnet.children.models import BreakGlassAccess
from sikkerhedsnet.children.tests.factories import ChildFactory


def test_dashboard_lists_unassigned_open_cases_of_the_team(client, team_leader, team) -> None:
    waiting = ChildFactory(case__team=team, case__caseworker=None, first_name="Ventende")
    client.force_login(team_leader)
    body = client.get("/accounts/team/").content.decode()
    assert waiting.full_name in body and f"/boern/{waiting.pk}/sag/fordel/" in body


def test_dashboard_leaves_out_other_teams_unassigned_cases(client, team_leader, other_team) -> None:
    elsewhere = ChildFactory(case__team=other_team, case__caseworker=None, first_name="Andetsteds")
    client.force_login(team_leader)
    assert elsewhere.full_name not in client.get("/accounts/team/").content.decode()


def test_head_sees_unassigned_cases_of_every_team(client, team, other_team) -> None:
    head = UserFactory(role="head", team=None, municipality=team.department.municipality)
    elsewhere = ChildFactory(case__team=other_team, case__caseworker=None, first_name="Andetsteds")
    client.force_login(head)
    assert elsewhere.full_name in client.get("/accounts/team/").content.decode()


def test_dashboard_counts_open_cases_per_caseworker(client, team_leader, caseworker, team) -> None:
    ChildFactory.create_batch(3, case__team=team, case__caseworker=caseworker)
    client.force_login(team_leader)
    rows = [r for r in client.get("/accounts/team/").context["rows"] if r.user == caseworker]
    assert rows[0].open_cases == 3 and rows[0].status == "under"


@pytest.mark.parametrize("role", ["caseworker", "analyst", "admin", "auditor"])
def test_dashboard_is_for_leaders_only(client, team, role) -> None:
    user = UserFactory(
        role=role, team=team if role == "caseworker" else None, municipality=team.department.municipality
    )
    client.force_login(user)
    assert client.get("/accounts/team/").status_code == 403


def test_team_leader_marks_break_the_glass_access_as_reviewed(client, child, outsider, team_leader) -> None:
    selectors.child_get_for_user(outsider, child.pk, reason="Døgnvagt: akut henvendelse fra politiet")
    access = BreakGlassAccess.objects.get()
    client.force_login(team_leader)
    client.post(f"/accounts/team/adgang/{access.pk}/set/")
    access.refresh_from_db()
    assert access.reviewed_by == team_leader


def test_team_leader_cannot_review_another_teams_access(client, outsider, team_leader, other_team) -> None:
    foreign_child = ChildFactory(case__team=other_team)
    stranger = UserFactory(role="caseworker", team=team_leader.team)
    selectors.child_get_for_user(stranger, foreign_child.pk, reason="Døgnvagt: akut henvendelse")
    access = BreakGlassAccess.objects.get()
    client.force_login(team_leader)
    response = client.post(f"/accounts/team/adgang/{access.pk}/set/", follow=True)
    access.refresh_from_db()
    assert access.reviewed_at is None and "Adgangen findes ikke" in response.content.decode()


def test_break_the_glass_review_lists_the_objects_read_under_it(client, child, outsider, team_leader):
    from sikkerhedsnet.children.models import JournalEntry
    from sikkerhedsnet.children.tests.factories import JournalEntryFactory

    entry = JournalEntryFactory(child=child)
    selectors.child_get_for_user(outsider, child.pk, reason="Døgnvagt: akut henvendelse fra politiet")
    selectors.object_get_for_user(outsider, JournalEntry.objects.all(), entry.pk, purpose="journal")
    client.force_login(team_leader)
    body = client.get("/accounts/team/").content.decode()
    assert f"journalnotat {entry.pk} (journal)" in body
