"""API: POST /measures and GET /measures/{id} (api-contract.md)."""

from datetime import date, datetime

import pytest
import time_machine
from django.test import Client

from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.followup.tests.conftest import CPH
from sikkerhedsnet.followup.tests.factories import PolicyAdoptionFactory
from sikkerhedsnet.measures.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 1, 15, 10, 0, tzinfo=CPH), tick=False):
        yield


@pytest.fixture
def kolding(municipality):  # type: ignore[no-untyped-def]
    return PolicyAdoptionFactory(municipality=municipality, policy_code="kolding", adopted_on=date(2015, 9, 1))


def post(client: Client, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/measures", body, content_type="application/json")


def body_for(child, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    body: dict[str, object] = {
        "child_id": child.pk,
        "kind": "foster_family",
        "start_date": "2026-01-31",
        "monthly_cost": 39000,
    }
    body.update(changes)
    return body


def test_post_measure_returns_201_with_dates_of_active_policy(frozen, api_client, caseworker, child, kolding) -> None:
    client = api_client(caseworker)
    response = post(client, body_for(child))
    assert response.status_code == 201
    schedule = client.get(
        "/api/v1/followup-policies/kolding/schedule",
        {"measure_kind": "foster_family", "start": "2026-01-31", "count": len(response.json()["followup_dates"])},
    ).json()
    assert response.json()["followup_dates"] == schedule["dates"]


def test_post_measure_dates_start_as_policy_says(frozen, api_client, caseworker, child, kolding) -> None:
    dates = post(api_client(caseworker), body_for(child)).json()["followup_dates"]
    assert dates[:3] == ["2026-02-28", "2026-03-31", "2026-04-30"]


def test_post_measure_without_adoption_uses_legal(frozen, api_client, caseworker, child) -> None:
    body = post(api_client(caseworker), body_for(child, kind="preventive")).json()
    assert (body["followup_policy"], body["followup_dates"][:2]) == ("legal", ["2026-04-30", "2026-10-31"])


def test_post_measure_minimal_placement_lists_missing(frozen, api_client, caseworker, child, kolding) -> None:
    body = post(api_client(caseworker), body_for(child)).json()
    assert (body["complete"], body["missing"]) == (
        False,
        ["legal_basis", "placement_type", "consent", "return_home_plan"],
    )


def test_post_measure_complete_placement(frozen, api_client, caseworker, child, kolding) -> None:
    body = post(
        api_client(caseworker),
        body_for(
            child,
            placement_type="general_foster_family",
            consent="with_consent",
            step=4,
            category="4b",
            return_home_plan="Samvær og forældrekursus",
            return_home_plan_made_on="2026-01-10",
        ),
    ).json()
    assert (body["complete"], body["legal_basis"], body["step"]) == (True, "bl-46", 4)


def test_post_measure_is_saved_for_the_child(frozen, api_client, caseworker, child, kolding) -> None:
    measure_id = post(api_client(caseworker), body_for(child)).json()["id"]
    measure = Measure.objects.get(pk=measure_id)
    assert (measure.child_id, measure.monthly_cost, measure.start_on) == (child.pk, 39000, date(2026, 1, 31))


def test_post_measure_negative_cost_is_422(frozen, api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), body_for(child, monthly_cost=-100))
    assert (response.status_code, response.json()["code"]) == (422, "negative_cost")


def test_post_measure_fractional_cost_is_422(frozen, api_client, caseworker, child) -> None:
    assert post(api_client(caseworker), body_for(child, monthly_cost=12.5)).status_code == 422


def test_post_measure_end_before_start_is_422(frozen, api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), body_for(child, end_date="2026-01-30"))
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "end_on")


def test_post_measure_unknown_kind_is_422(frozen, api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), body_for(child, kind="kennel"))
    assert (response.status_code, response.json()["code"]) == (422, "unknown_measure_kind")


def test_post_measure_missing_field_is_422(frozen, api_client, caseworker, child) -> None:
    body = body_for(child)
    del body["start_date"]
    assert post(api_client(caseworker), body).status_code == 422


def test_post_measure_other_team_child_is_404(frozen, api_client, outsider, child) -> None:
    assert post(api_client(outsider), body_for(child)).status_code == 404


def test_post_measure_unknown_child_is_404(frozen, api_client, caseworker) -> None:
    assert (
        post(
            api_client(caseworker),
            {"child_id": 999999, "kind": "preventive", "start_date": "2026-01-31", "monthly_cost": 0},
        ).status_code
        == 404
    )


def test_post_measure_analyst_forbidden(frozen, api_client, child) -> None:
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    analyst = UserFactory(username="analyst", role="analyst", team=None)
    assert post(api_client(analyst), body_for(child)).status_code == 403


def test_post_measure_moving_up_without_reason_is_422(frozen, api_client, caseworker, child) -> None:
    client = api_client(caseworker)
    post(client, body_for(child, kind="preventive", step=2))
    response = post(client, body_for(child, step=4))
    assert (response.status_code, response.json()["code"]) == (422, "step_up_reason_required")


def test_post_measure_huge_child_id_is_422(frozen, api_client, caseworker) -> None:
    response = post(
        api_client(caseworker),
        {"child_id": 10**30, "kind": "preventive", "start_date": "2026-01-31", "monthly_cost": 0},
    )
    assert response.status_code == 422


def test_post_measure_idempotency_key_creates_once(frozen, api_client, caseworker, child) -> None:
    client = api_client(caseworker)
    first = client.post(
        "/api/v1/measures", body_for(child), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    second = client.post(
        "/api/v1/measures", body_for(child), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert (first.json()["id"], Measure.objects.count()) == (second.json()["id"], 1)


def test_get_measure_returns_same_dates(frozen, api_client, caseworker, child, kolding) -> None:
    client = api_client(caseworker)
    created = post(client, body_for(child)).json()
    fetched = client.get(f"/api/v1/measures/{created['id']}").json()
    assert fetched["followup_dates"] == created["followup_dates"]


def test_get_measure_with_access_reason_breaks_the_glass(frozen, api_client, caseworker, outsider, child) -> None:
    measure_id = post(api_client(caseworker), body_for(child)).json()["id"]
    response = api_client(outsider).get(
        f"/api/v1/measures/{measure_id}", HTTP_X_ACCESS_REASON="Døgnvagt: politiet ringede"
    )
    assert response.status_code == 200


def test_list_child_measures(frozen, api_client, caseworker, child) -> None:
    client = api_client(caseworker)
    post(client, body_for(child, kind="preventive"))
    assert client.get(f"/api/v1/children/{child.pk}/measures").json()["count"] == 1


def test_post_measure_exclusion_with_plan_date_after_start_is_422_not_500(
    frozen, api_client, caseworker, child
) -> None:
    body = body_for(
        child,
        return_home_exclusion="severe_disability",
        return_home_exclusion_note="Lægeerklæring i sagen.",
        return_home_plan_made_on="2026-02-01",  # after the start on 31 January (issue #20)
    )
    response = post(api_client(caseworker), body)
    assert (response.status_code, response.json()["code"]) == (422, "return_home_plan_after_start")
    assert not Measure.objects.exists()


def test_post_placement_without_concluded_investigation_is_422_naming_the_precondition(
    frozen, api_client, caseworker, kolding
):  # type: ignore[no-untyped-def]
    uninvestigated = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    response = post(api_client(caseworker), body_for(uninvestigated))
    data = response.json()
    assert (response.status_code, data["code"], data["missing"]) == (
        422,
        "precondition_missing",
        ["placement_needs_investigation"],
    )


def test_post_placement_by_the_urgent_route_is_201(frozen, api_client, caseworker, kolding):  # type: ignore[no-untyped-def]
    uninvestigated = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    response = post(api_client(caseworker), body_for(uninvestigated, urgent_reason="Akut: moren er indlagt."))
    assert (response.status_code, response.json()["urgent_reason"]) == (201, "Akut: moren er indlagt.")
