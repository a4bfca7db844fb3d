"""API: GET /followup-policies and /followup-policies/{code}/schedule (api-contract.md)."""

from datetime import date

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


# --- PUT /api/v1/followup-policies/adopted (docs/api-contract.md, Additions v2, Organisation settings) -------

ADOPTED = "/api/v1/followup-policies/adopted"


def _put(client, body):  # type: ignore[no-untyped-def]
    import json

    return client.put(ADOPTED, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("role", ["head", "admin"])
def test_adopt_policy_from_a_date(api_client, municipality, frozen, role):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory
    from sikkerhedsnet.audit.models import AuditEvent
    from sikkerhedsnet.followup.models import PolicyAdoption

    user = UserFactory(role=role, team=None, municipality=municipality)
    response = _put(api_client(user), {"code": "swedish", "from": "2025-08-01"})
    assert response.status_code == 200
    assert response.json() == {"code": "swedish", "from": "2025-08-01"}
    adoption = PolicyAdoption.objects.get(municipality=municipality)
    assert (adoption.policy_code, adoption.adopted_on.isoformat()) == ("swedish", "2025-08-01")
    assert AuditEvent.objects.filter(target_id=str(adoption.pk), old__policy="legal").exists()
    # The same again changes nothing and still answers 200 (PUT is idempotent).
    assert _put(api_client(user), {"code": "swedish", "from": "2025-08-01"}).status_code == 200
    assert PolicyAdoption.objects.filter(municipality=municipality).count() == 1


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "analyst", "auditor"])
def test_adopt_policy_other_roles_403(api_client, municipality, team, frozen, role):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    user = UserFactory(
        role=role, team=team if role in ("caseworker", "team_leader") else None, municipality=municipality
    )
    response = _put(api_client(user), {"code": "swedish", "from": "2025-08-01"})
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_adopt_policy_bad_input(api_client, head, frozen):  # type: ignore[no-untyped-def]
    client = api_client(head)
    assert _put(client, {"code": "nope", "from": "2025-08-01"}).json()["code"] == "unknown_policy"
    past = _put(client, {"code": "swedish", "from": "2025-07-19"})
    assert (past.status_code, past.json()["code"], past.json()["errors"][0]["field"]) == (422, "date_in_past", "from")
    assert _put(client, {"code": "swedish"}).status_code == 422
    assert _put(client, {"code": "swedish", "from": "not a date"}).status_code == 422


def test_adopt_policy_keeps_the_statutory_first_followup(api_client, head, child, caseworker, frozen):  # type: ignore[no-untyped-def]
    """Start 10 June 2025 under `legal` (first follow-up 10 September). Kolding from 20 July plans a running
    preventive measure every 3 months from 20 July (20 October): the statutory 10 September stays first."""
    from sikkerhedsnet.measures.tests.factories import MeasureFactory

    measure = MeasureFactory(child=child, start_on=date(2025, 6, 10), decided_on=date(2025, 6, 1), step=2, category="3")
    assert _put(api_client(head), {"code": "kolding", "from": "2025-07-20"}).status_code == 200
    body = api_client(caseworker).get(f"/api/v1/measures/{measure.pk}").json()
    followups = [(f["due_date"], f["status"]) for f in body["followups"]]
    assert followups[:3] == [("2025-09-10", "upcoming"), ("2025-10-20", "upcoming"), ("2026-01-20", "upcoming")]
    assert [f["due_date"] for f in body["followups"]] == sorted(f["due_date"] for f in body["followups"])


def test_adopt_policy_only_in_own_municipality(api_client, head, frozen):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
    from sikkerhedsnet.followup.models import PolicyAdoption

    other = MunicipalityFactory(code="899", name="Anden Kommune")
    other_head = UserFactory(role="head", team=None, municipality=other)
    assert _put(api_client(other_head), {"code": "kolding", "from": "2025-07-20"}).status_code == 200
    assert list(PolicyAdoption.objects.values_list("municipality_id", flat=True)) == [other.pk]
    assert _put(api_client(head), {"code": "legal", "from": "2025-07-20"}).status_code == 200
    assert not PolicyAdoption.objects.exclude(municipality=other).exists()  # legal already in force: unchanged
