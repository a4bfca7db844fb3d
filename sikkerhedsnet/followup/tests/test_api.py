"""API: GET /followup-policies and /followup-policies/{code}/schedule (api-contract.md)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SCHEDULE = "/api/v1/followup-policies/{code}/schedule"


def test_policies_list_has_legal_kolding_swedish(api_client, caseworker) -> None:
    response = api_client(caseworker).get("/api/v1/followup-policies")
    assert response.status_code == 200
    assert {p["code"] for p in response.json()} >= {"legal", "kolding", "swedish"}


def test_policies_need_a_token() -> None:
    assert Client().get("/api/v1/followup-policies").status_code == 401


def test_policy_detail_describes_phases(api_client, caseworker) -> None:
    body = api_client(caseworker).get("/api/v1/followup-policies/kolding").json()
    assert body["cadences"]["foster_family"]["phases"][0] == {
        "every": {"value": 1, "unit": "months"},
        "until": {"value": 6, "unit": "months"},
        "set_by_caseworker": False,
    }


def test_schedule_kolding_foster_family_month_ends(api_client, caseworker) -> None:
    response = api_client(caseworker).get(
        SCHEDULE.format(code="kolding"), {"measure_kind": "foster_family", "start": "2024-01-31", "count": 8}
    )
    assert response.status_code == 200
    assert response.json()["dates"] == [
        "2024-02-29",
        "2024-03-31",
        "2024-04-30",
        "2024-05-31",
        "2024-06-30",
        "2024-07-31",
        "2024-10-31",
        "2025-01-31",
    ]


def test_schedule_returns_milestones(api_client, caseworker) -> None:
    body = (
        api_client(caseworker)
        .get(SCHEDULE.format(code="swedish"), {"measure_kind": "residential", "start": "2025-12-01", "count": 2})
        .json()
    )
    assert (body["dates"], body["milestones"]) == (
        ["2025-12-29", "2026-02-09"],
        [{"date": "2026-06-01", "kind": "home_return_reconsideration"}],
    )


def test_schedule_ongoing_true_counts_from_adoption(api_client, caseworker) -> None:
    body = (
        api_client(caseworker)
        .get(
            SCHEDULE.format(code="kolding"),
            {"measure_kind": "residential", "start": "2025-10-31", "count": 4, "ongoing": "true"},
        )
        .json()
    )
    assert body["dates"] == ["2025-12-31", "2026-02-28", "2026-04-30", "2026-07-31"]


def test_schedule_empty_milestones_for_kolding(api_client, caseworker) -> None:
    body = (
        api_client(caseworker)
        .get(SCHEDULE.format(code="kolding"), {"measure_kind": "preventive", "start": "2025-10-31", "count": 1})
        .json()
    )
    assert body["milestones"] == []


def test_schedule_unknown_policy_is_404_with_code(api_client, caseworker) -> None:
    response = api_client(caseworker).get(
        SCHEDULE.format(code="weekly"), {"measure_kind": "preventive", "start": "2025-10-31", "count": 1}
    )
    assert (response.status_code, response.json()["code"]) == (404, "unknown_policy")


def test_schedule_unknown_kind_is_422(api_client, caseworker) -> None:
    response = api_client(caseworker).get(
        SCHEDULE.format(code="kolding"), {"measure_kind": "kennel", "start": "2025-10-31", "count": 1}
    )
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "unknown_measure_kind",
        "measure_kind",
    )


@pytest.mark.parametrize("count", ["0", "501", "-3", "ti"])
def test_schedule_count_outside_1_to_500_is_422(api_client, caseworker, count: str) -> None:
    response = api_client(caseworker).get(
        SCHEDULE.format(code="kolding"), {"measure_kind": "preventive", "start": "2025-10-31", "count": count}
    )
    assert response.status_code == 422


def test_schedule_count_500_is_allowed(api_client, caseworker) -> None:
    response = api_client(caseworker).get(
        SCHEDULE.format(code="swedish"), {"measure_kind": "preventive", "start": "2025-10-31", "count": 500}
    )
    assert len(response.json()["dates"]) == 500


@pytest.mark.parametrize("start", ["", "2025-02-30", "31-01-2025", "9999-12-31"])
def test_schedule_bad_start_is_422(api_client, caseworker, start: str) -> None:
    response = api_client(caseworker).get(
        SCHEDULE.format(code="legal"), {"measure_kind": "preventive", "start": start, "count": 500}
    )
    assert response.status_code == 422


def test_schedule_openapi_documents_endpoints(api_client, caseworker) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/followup-policies/{code}/schedule" in paths and "/api/v1/measures" in paths
