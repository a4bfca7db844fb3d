"""The safety endpoints of the public contract (target group, safety plans, scaling)."""

import json

import pytest
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.safety.models import SafetyPlan
from sikkerhedsnet.safety.tests.factories import complete_content

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def send(client, method, path, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method)(path, data=data, content_type="application/json", **headers)


@pytest.fixture
def api(api_client, caseworker):
    return api_client(caseworker)


def _plan(api, child, body=None):
    return send(api, "post", f"/api/v1/children/{child.pk}/safety-plans", body or {}).json()


# --- target group ---


def test_target_group_post_returns_201_with_result(api, child) -> None:
    response = send(
        api,
        "post",
        f"/api/v1/children/{child.pk}/target-group-assessments",
        {
            "assessed_on": str(TODAY()),
            "criteria": [],
            "neglect_conditions": ["basic_needs_unmet", "intoxicated_adults"],
            "neglect_repeated": True,
        },
    )
    body = response.json()
    assert response.status_code == 201
    assert (body["gross_neglect"], body["eligible"], isinstance(body["id"], int)) == (True, True, True)


def test_target_group_one_condition_is_not_gross_neglect(api, child) -> None:
    body = send(
        api,
        "post",
        f"/api/v1/children/{child.pk}/target-group-assessments",
        {"assessed_on": str(TODAY()), "neglect_conditions": ["basic_needs_unmet"], "neglect_repeated": True},
    ).json()
    assert (body["gross_neglect"], body["eligible"]) == (False, False)


def test_target_group_violence_as_a_neglect_sign_is_eligible_and_records_the_criteria(api, child):  # type: ignore[no-untyped-def]
    body = send(
        api,
        "post",
        f"/api/v1/children/{child.pk}/target-group-assessments",
        {
            "assessed_on": str(TODAY()),
            "neglect_conditions": ["violence_or_abuse"],
            "target_criteria": ["safety_clearly_at_risk", "ordinary_treatment_insufficient"],
        },
    ).json()
    assert (body["gross_neglect"], body["eligible"], body["target_criteria"]) == (
        False,
        True,
        ["safety_clearly_at_risk", "ordinary_treatment_insufficient"],
    )


@pytest.mark.parametrize("field", ["criteria", "neglect_conditions", "target_criteria"])
def test_target_group_unknown_code_is_422(api, child, field) -> None:
    response = send(
        api,
        "post",
        f"/api/v1/children/{child.pk}/target-group-assessments",
        {"assessed_on": str(TODAY()), field: ["unknown_code"]},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith(field)


def test_target_group_of_other_teams_child_is_404(api_client, outsider, child) -> None:
    response = send(
        api_client(outsider),
        "post",
        f"/api/v1/children/{child.pk}/target-group-assessments",
        {"assessed_on": str(TODAY())},
    )
    assert response.status_code == 404


# --- safety plans ---


def test_safety_plan_post_returns_201_draft_version_1(api, child) -> None:
    response = send(api, "post", f"/api/v1/children/{child.pk}/safety-plans", {"level": "minimum"})
    body = response.json()
    assert response.status_code == 201
    assert (body["version"], body["level"], body["status"]) == (1, "minimum", "draft")


def test_safety_plan_post_keeps_the_contract_body_shape(api, child) -> None:
    body = _plan(
        api,
        child,
        {"level": "detailed", **complete_content("detailed"), "danger_statement": "Fare", "safety_goal": "Mål"},
    )
    expected = complete_content("detailed")
    assert {k: body[k] for k in expected} == expected
    assert (body["danger_statement"], body["safety_goal"], body["missing"]) == ("Fare", "Mål", [])


def test_safety_plan_post_coordinator_none_reason_is_kept(api, child) -> None:
    body = _plan(api, child, {"network_coordinator": {"none_reason": "Familien har intet netværk"}})
    assert body["network_coordinator"] == {"none_reason": "Familien har intet netværk"}


def test_safety_plan_post_unknown_explanation_method_is_422(api, child) -> None:
    response = send(
        api,
        "post",
        f"/api/v1/children/{child.pk}/safety-plans",
        {"child_explanation": {"method": "telepathy", "text": ""}},
    )
    assert response.status_code == 422


def test_safety_plan_post_while_one_is_in_progress_is_409(api, child) -> None:
    _plan(api, child)
    response = send(api, "post", f"/api/v1/children/{child.pk}/safety-plans", {})
    assert (response.status_code, response.json()["code"]) == (409, "safety_plan_exists")


def test_safety_plan_put_draft_replaces_content_in_place(api, child) -> None:
    plan = _plan(api, child)
    body = send(
        api,
        "put",
        f"/api/v1/safety-plans/{plan['id']}",
        {"level": "minimum", "lock_version": plan["lock_version"], **complete_content()},
    ).json()
    assert (body["id"], body["version"], body["status"], body["missing"]) == (plan["id"], 1, "draft", [])


def test_safety_plan_approve_incomplete_minimum_is_422_listing_missing_in_order(api, child) -> None:
    plan = _plan(api, child)
    response = api.post(f"/api/v1/safety-plans/{plan['id']}/approve")
    assert response.status_code == 422
    assert response.json()["code"] == "incomplete_plan"
    assert response.json()["missing"] == ["agreements", "contacts", "network_coordinator", "child_explanation"]


def test_safety_plan_approve_incomplete_detailed_lists_all_seven(api, child) -> None:
    plan = _plan(api, child, {"level": "detailed"})
    missing = api.post(f"/api/v1/safety-plans/{plan['id']}/approve").json()["missing"]
    assert missing == [
        "agreements",
        "contacts",
        "network_coordinator",
        "child_explanation",
        "professional_agreements",
        "informed_persons",
        "contingency",
    ]


def test_safety_plan_approve_detailed_missing_only_contingency(api, child) -> None:
    content = complete_content("detailed")
    content.pop("contingency")
    plan = _plan(api, child, {"level": "detailed", **content})
    assert api.post(f"/api/v1/safety-plans/{plan['id']}/approve").json()["missing"] == ["contingency"]


def test_safety_plan_approve_complete_is_200_active(api, child) -> None:
    plan = _plan(api, child, complete_content())
    response = send(api, "post", f"/api/v1/safety-plans/{plan['id']}/approve", {})
    assert (response.status_code, response.json()["status"]) == (200, "active")


def test_safety_plan_approve_with_review_date(api, child) -> None:
    plan = _plan(api, child, complete_content())
    review_on = TODAY().isoformat()  # today is the earliest allowed review date
    body = send(api, "post", f"/api/v1/safety-plans/{plan['id']}/approve", {"review_on": review_on}).json()
    assert body["review_on"] == review_on


def test_safety_plan_approve_with_malformed_body_is_422(api, child) -> None:
    plan = _plan(api, child, complete_content())
    response = api.post(f"/api/v1/safety-plans/{plan['id']}/approve", data="{nope", content_type="application/json")
    assert response.status_code == 422


def test_safety_plan_put_active_creates_new_draft_version_and_active_stays(api, child) -> None:
    plan = _plan(api, child, complete_content())
    active = api.post(f"/api/v1/safety-plans/{plan['id']}/approve").json()
    revision = send(
        api,
        "put",
        f"/api/v1/safety-plans/{plan['id']}",
        {"level": "detailed", "lock_version": active["lock_version"], **complete_content("detailed")},
    ).json()
    assert (revision["version"], revision["status"]) == (2, "draft") and revision["id"] != plan["id"]
    assert api.get(f"/api/v1/safety-plans/{plan['id']}").json()["status"] == "active"


def test_safety_plan_approving_the_revision_supersedes_the_old_version(api, child) -> None:
    plan = _plan(api, child, complete_content())
    active = api.post(f"/api/v1/safety-plans/{plan['id']}/approve").json()
    revision = send(
        api,
        "put",
        f"/api/v1/safety-plans/{plan['id']}",
        {"level": "minimum", "lock_version": active["lock_version"], **complete_content()},
    ).json()
    api.post(f"/api/v1/safety-plans/{revision['id']}/approve")
    versions = api.get(f"/api/v1/safety-plans/{revision['id']}/versions").json()
    assert [(v["version"], v["status"]) for v in versions] == [(1, "superseded"), (2, "active")]


def test_safety_plan_put_with_stale_lock_version_is_409(api, child) -> None:
    plan = _plan(api, child)
    send(api, "put", f"/api/v1/safety-plans/{plan['id']}", {"contingency": "a", "lock_version": plan["lock_version"]})
    response = send(
        api, "put", f"/api/v1/safety-plans/{plan['id']}", {"contingency": "b", "lock_version": plan["lock_version"]}
    )
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")


def test_safety_plan_put_on_superseded_version_is_409(api, child) -> None:
    plan = _plan(api, child, complete_content())
    active = api.post(f"/api/v1/safety-plans/{plan['id']}/approve").json()
    revision = send(
        api, "put", f"/api/v1/safety-plans/{plan['id']}", {"lock_version": active["lock_version"], **complete_content()}
    ).json()
    api.post(f"/api/v1/safety-plans/{revision['id']}/approve")
    superseded = api.get(f"/api/v1/safety-plans/{plan['id']}").json()
    response = send(api, "put", f"/api/v1/safety-plans/{plan['id']}", {"lock_version": superseded["lock_version"]})
    assert (response.status_code, response.json()["code"]) == (409, "plan_not_editable")


def test_safety_plan_end_records_outcome(api, child) -> None:
    plan = _plan(api, child, complete_content())
    api.post(f"/api/v1/safety-plans/{plan['id']}/approve")
    body = send(api, "post", f"/api/v1/safety-plans/{plan['id']}/end", {"outcome": "returned_home"}).json()
    assert (body["status"], body["outcome"]) == ("ended", "returned_home")


def test_safety_plan_put_and_approve_of_other_teams_child_is_404(api, api_client, outsider, child) -> None:
    plan = _plan(api, child, complete_content())
    client = api_client(outsider)
    body = {"lock_version": plan["lock_version"]}
    assert send(client, "put", f"/api/v1/safety-plans/{plan['id']}", body).status_code == 404
    assert client.post(f"/api/v1/safety-plans/{plan['id']}/approve").status_code == 404
    assert SafetyPlan.objects.get(pk=plan["id"]).status == "draft"


def test_safety_plan_missing_is_404(api) -> None:
    assert api.get("/api/v1/safety-plans/999999").status_code == 404


def test_safety_plan_with_access_reason_breaks_the_glass(api, api_client, outsider, child) -> None:
    plan = _plan(api, child)
    response = api_client(outsider).get(
        f"/api/v1/safety-plans/{plan['id']}", HTTP_X_ACCESS_REASON="Døgnvagt: politiet ringede"
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(type="break_the_glass", child_id=child.pk).exists()


# --- scaling ---


def _scaling(api, child, score, **extra):
    body = {
        "question": "Hvor tryg?",
        "scored_on": str(TODAY()),
        "scores": [{"participant": "Mette", "role": "mother", "score": score}],
    } | extra
    return send(api, "post", f"/api/v1/children/{child.pk}/scalings", body)


def test_scaling_post_returns_201(api, child) -> None:
    response = _scaling(api, child, 7)
    assert response.status_code == 201 and response.json()["scores"] == [
        {"participant": "Mette", "role": "mother", "score": 7}
    ]


@pytest.mark.parametrize("bad", [11, -1, 7.5, 7.0, "7", True, None])
def test_scaling_score_not_an_integer_0_to_10_is_422(api, child, bad) -> None:
    assert _scaling(api, child, bad).status_code == 422


def test_scaling_unknown_role_is_422(api, child) -> None:
    response = send(
        api,
        "post",
        f"/api/v1/children/{child.pk}/scalings",
        {"scored_on": str(TODAY()), "scores": [{"participant": "Mette", "role": "aunt", "score": 5}]},
    )
    assert response.status_code == 422


def test_scaling_without_scores_is_422(api, child) -> None:
    assert _scaling(api, child, 5, scores=[]).status_code == 422


def test_scaling_get_returns_the_series_per_participant(api, child) -> None:
    _scaling(api, child, 2, scored_on="2026-01-05")
    _scaling(api, child, 6, scored_on="2026-03-05")
    body = api.get(f"/api/v1/children/{child.pk}/scalings").json()
    assert [i["scored_on"] for i in body["items"]] == ["2026-01-05", "2026-03-05"]
    assert body["series"][0]["lines"] == [
        {
            "participant": "Mette",
            "role": "mother",
            "points": [{"scored_on": "2026-01-05", "score": 2}, {"scored_on": "2026-03-05", "score": 6}],
        }
    ]


def test_openapi_documents_the_safety_endpoints(client, db) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/children/{child_id}/target-group-assessments",
        "/api/v1/children/{child_id}/safety-plans",
        "/api/v1/safety-plans/{plan_id}",
        "/api/v1/safety-plans/{plan_id}/approve",
        "/api/v1/safety-plans/{plan_id}/versions",
        "/api/v1/children/{child_id}/scalings",
    } <= set(paths)


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_safety_plan_approve_with_deeply_nested_json_is_422_not_500(api, child, depth) -> None:
    plan = _plan(api, child)
    body = "[" * depth + "]" * depth  # the JSON parser runs out of stack (issue #20)
    response = api.post(f"/api/v1/safety-plans/{plan['id']}/approve", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert SafetyPlan.objects.get(pk=plan["id"]).status == "draft"
