"""API: recording a held follow-up (POST /measures/{id}/followups) and reading follow-ups."""

from __future__ import annotations

import pytest

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.followup.models import FollowUp
from sikkerhedsnet.measures.models import Measure

pytestmark = pytest.mark.django_db


def held(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "measure_version": 1,
        "due_date": "2025-04-10",
        "held_date": "2025-04-14",
        "method": "ics",
        "participants": ["parents", "school"],
        "summary": "Det går bedre i skolen.",
    }
    return body | changes


def post(client, measure, body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/measures/{measure.pk}/followups", body, content_type="application/json")


def test_hold_followup_returns_201_and_records_it(frozen, api_client, caseworker, measure) -> None:
    response = post(api_client(caseworker), measure, held())
    assert response.status_code == 201
    assert FollowUp.objects.get(pk=response.json()["id"]).due_on.isoformat() == "2025-04-10"


def test_hold_followup_bumps_the_measure_version(frozen, api_client, caseworker, measure) -> None:
    client = api_client(caseworker)
    post(client, measure, held())
    assert client.get(f"/api/v1/measures/{measure.pk}").json()["version"] == 2


def test_hold_followup_with_stale_measure_version_is_409_and_records_nothing(
    frozen, api_client, caseworker, measure
) -> None:
    Measure.objects.filter(pk=measure.pk).update(version=2)
    response = post(api_client(caseworker), measure, held())
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert not FollowUp.objects.exists()


def test_hold_followup_with_stale_policy_token_is_409(frozen, api_client, caseworker, measure) -> None:
    response = post(api_client(caseworker), measure, held(policy_token=measure.pk + 10_000))
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"held_date": "2025-07-21"}, "held_date", "date_in_future"),
        ({"held_date": "9999-01-01"}, "held_date", "date_out_of_range"),
        ({"due_date": "2025-05-01"}, "due_date", "not_an_open_follow_up"),
        ({"child_heard": False}, "child_not_heard_reason", "child_not_heard_reason_required"),
        ({"participants": []}, "participants", "participants_required"),
        ({"decision": "adjust"}, "decision_reason", "decision_reason_required"),
        ({"goal_reviews": [{"goal_id": 123456, "attainment": 2}]}, "goal_reviews", "unknown_goal"),
    ],
)
def test_hold_followup_invalid_input_is_422_with_code(
    frozen, api_client, caseworker, measure, changes, field, code
) -> None:
    response = post(api_client(caseworker), measure, held(**changes))
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (422, code, field)
    assert not FollowUp.objects.exists()


def test_hold_followup_unknown_method_is_422_validation_error(frozen, api_client, caseworker, measure) -> None:
    response = post(api_client(caseworker), measure, held(method="telepathy"))
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


def test_hold_followup_by_other_team_is_404_and_records_nothing(frozen, api_client, outsider, measure) -> None:
    response = post(api_client(outsider), measure, held())
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_hold_followup_under_break_the_glass_is_403(frozen, api_client, outsider, measure) -> None:
    client = api_client(outsider)
    response = client.post(
        f"/api/v1/measures/{measure.pk}/followups",
        held(),
        content_type="application/json",
        HTTP_X_ACCESS_REASON="Vagtcentralen ringede i nat",
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_get_followup_returns_meeting_and_logs_the_read(frozen, api_client, caseworker, measure) -> None:
    client = api_client(caseworker)
    follow_up_id = post(client, measure, held()).json()["id"]
    body = client.get(f"/api/v1/followups/{follow_up_id}").json()
    assert (body["held_date"], body["participants"], body["decision"]) == (
        "2025-04-14",
        ["parents", "school"],
        "continue",
    )
    assert AuditEvent.objects.filter(type="child_viewed", child_id=measure.child_id, actor_id=caseworker.pk).exists()


def test_get_followup_by_other_team_is_404(frozen, api_client, caseworker, outsider, measure) -> None:
    follow_up_id = post(api_client(caseworker), measure, held()).json()["id"]
    assert api_client(outsider).get(f"/api/v1/followups/{follow_up_id}").status_code == 404


def test_list_child_followups_lists_the_held_ones(frozen, api_client, caseworker, measure) -> None:
    client = api_client(caseworker)
    post(client, measure, held())
    body = client.get(f"/api/v1/children/{measure.child_id}/followups").json()
    assert [f["due_date"] for f in body["items"]] == ["2025-04-10"]
