"""Break the glass grants reading only (issue #20, Medium 3): every write for a child seen only through it is 403."""

import json

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import selectors
from sikkerhedsnet.children.models import Case, JournalEntry
from sikkerhedsnet.measures.models import Measure
from sikkerhedsnet.safety.models import SafetyPlan
from sikkerhedsnet.testing.forms import with_form_token

REASON = "Døgnvagt: politiet ringede om barnet"
JOURNAL = {"occurred_on": "2026-01-05", "title": "Opkald", "text": "Politiet ringede."}


@pytest.fixture
def night_shift(client, child, outsider):  # type: ignore[no-untyped-def]
    """The outsider (another team) has broken the glass for the child: a live grant."""
    selectors.child_get_for_user(outsider, child.pk, reason=REASON)
    client.force_login(outsider)
    return client


def _refused(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 403 and "kun læseadgang" in response.content.decode()


def test_break_glass_still_lets_the_child_page_be_read_and_logged(night_shift, child, outsider) -> None:
    assert night_shift.get(f"/boern/{child.pk}/").status_code == 200
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk, actor_id=outsider.pk, reason=REASON)


def test_break_glass_refuses_a_journal_note(night_shift, child) -> None:
    response = night_shift.post(f"/boern/{child.pk}/journal/", with_form_token(JOURNAL))
    assert _refused(response) and not JournalEntry.objects.filter(child=child).exists()


def test_break_glass_refuses_a_safety_plan(night_shift, child) -> None:
    response = night_shift.post(f"/sikkerhed/boern/{child.pk}/sikkerhedsplan/ny/", with_form_token({}))
    assert _refused(response) and not SafetyPlan.objects.filter(child=child).exists()


def test_break_glass_refuses_a_measure_or_placement(night_shift, child) -> None:
    response = night_shift.post(f"/indsatser/barn/{child.pk}/ny/", with_form_token({"kind": "foster_family"}))
    assert _refused(response) and not Measure.objects.filter(child=child).exists()


def test_break_glass_refuses_the_legal_hold(client, child, other_team):
    leader = UserFactory(role="team_leader", team=other_team)
    selectors.child_get_for_user(leader, child.pk, reason=REASON)
    client.force_login(leader)
    response = client.post(
        f"/sletning/slettestop/{child.pk}/",
        with_form_token({"legal_hold": "on", "reason": "Klagesag i Ankestyrelsen"}),
    )
    assert _refused(response) and not Case.objects.get(child=child).legal_hold


def test_break_glass_refuses_a_journal_note_in_the_api(api_client, child, outsider) -> None:
    response = api_client(outsider).post(
        f"/api/v1/children/{child.pk}/journal",
        data=json.dumps(JOURNAL),
        content_type="application/json",
        HTTP_X_ACCESS_REASON=REASON,
    )
    assert (response.status_code, response.json()["code"]) == (403, "break_glass_read_only")
    assert not JournalEntry.objects.filter(child=child).exists()


def test_break_glass_refuses_a_measure_in_the_api(api_client, child, outsider) -> None:
    selectors.child_get_for_user(outsider, child.pk, reason=REASON)
    body = {"child_id": child.pk, "kind": "foster_family", "start_date": "2026-01-31", "monthly_cost": 90000}
    response = api_client(outsider).post("/api/v1/measures", data=json.dumps(body), content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (403, "break_glass_read_only")
    assert not Measure.objects.filter(child=child).exists()


def test_break_glass_still_lets_the_api_read(api_client, child, outsider) -> None:
    response = api_client(outsider).get(f"/api/v1/children/{child.pk}/journal", HTTP_X_ACCESS_REASON=REASON)
    assert response.status_code == 200


def test_child_get_for_user_for_write_refuses_a_grant(child, outsider) -> None:
    selectors.child_get_for_user(outsider, child.pk, reason=REASON)
    with pytest.raises(selectors.BreakGlassReadOnly):
        selectors.child_get_for_user(outsider, child.pk, for_write=True)


def test_child_get_for_user_for_write_allows_the_own_team(child, caseworker) -> None:
    assert selectors.child_get_for_user(caseworker, child.pk, for_write=True) == child
