"""Browser: each role's first screen after logging in (Playwright + Debian Chromium + axe-core), and the
reassignment journey with its confirmation step."""

from datetime import timedelta
from typing import cast

import pytest
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.intake.tests.factories import NotificationFactory
from sikkerhedsnet.safety.tests.factories import SafetyPlanFactory
from sikkerhedsnet.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREENS = [
    ("caseworker", "Mine opgaver"),
    ("sos_consultant", "Mine konsulentsager"),
    ("team_leader", "Teamoverblik"),
    ("head", "Teamoverblik"),
    ("analyst", "Rapporter"),
    ("admin", "Brugere"),
    ("auditor", "Logning: indsigt for en person"),
]


def test_each_role_lands_on_its_first_screen(page, live_server, team, caseworker, child) -> None:
    NotificationFactory(child=child, received_at=timezone.now() - timedelta(hours=1), acute=True)
    unassigned = cast(Child, ChildFactory(case__team=team, case__caseworker=None))
    NotificationFactory(child=unassigned, received_at=timezone.now() - timedelta(hours=1), acute=True)
    municipality = team.department.municipality
    seen = {}
    for role, _heading in FIRST_SCREENS:
        user = (
            caseworker
            if role == "caseworker"
            else UserFactory(
                username=f"first_{role}",
                role=role,
                team=team if role in ("sos_consultant", "team_leader") else None,
                municipality=municipality,
                is_staff=role == "admin",
            )
        )
        if role == "sos_consultant":
            SafetyPlanFactory(child=child, created_by=user)
        page.context.clear_cookies()
        login(page, live_server.url, user)
        seen[role] = page.locator("h1").first.inner_text()
        if role == "caseworker":
            assert page.get_by_role("heading", name="Nye underretninger").is_visible()
            assert page.get_by_role("link", name=child.full_name).first.is_visible()
        if role == "team_leader":
            row = page.locator("tr", has_text=unassigned.full_name)
            assert row.get_by_text("Akut").first.is_visible()
        if role == "sos_consultant":
            assert page.get_by_role("link", name=child.full_name).first.is_visible()
        assert_accessible(page)
    assert seen == {role: heading for role, heading in FIRST_SCREENS}


def test_team_leader_reassigns_a_leaving_caseworkers_cases_after_confirming(
    page, live_server, team_leader, caseworker, colleague_same_team, child
) -> None:
    login(page, live_server.url, team_leader)
    page.get_by_role("link", name="Omfordel sager, når en rådgiver stopper").click()
    page.select_option("#leaving", str(caseworker.pk))
    page.get_by_role("button", name="Vis sagerne").click()
    assert_accessible(page)
    page.select_option("#id_all_to", str(colleague_same_team.pk))
    page.get_by_role("button", name="Videre til bekræftelse").click()
    assert page.locator("h1").inner_text() == "Bekræft omfordeling"
    assert_accessible(page)
    page.get_by_role("button", name="Bekræft omfordeling").click()
    assert page.get_by_text("1 sag er fordelt.").first.is_visible()
    child.case.refresh_from_db()
    assert child.case.caseworker == colleague_same_team
