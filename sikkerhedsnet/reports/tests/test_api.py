"""API: business-case compute and the caseload report, exactly per the contract."""

import pytest

from sikkerhedsnet.accounts.tests.factories import TeamFactory, UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.reports.business_cases.examples import BILLUND

pytestmark = pytest.mark.django_db

URL = "/api/v1/business-cases/compute"
BILLUND_BODY = {k: BILLUND[k] for k in ("first_year", "years", "investments", "savings")}


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_compute_billund_returns_the_seed_table(api_client, caseworker) -> None:
    response = _post(api_client(caseworker), BILLUND_BODY)
    assert response.status_code == 200
    assert response.json() == {
        "years": [
            {"year": 2016, "investment": 4136000, "savings": 1034000, "net": -3102000, "cumulative": -3102000},
            {"year": 2017, "investment": 4136000, "savings": 2068000, "net": -2068000, "cumulative": -5170000},
            {"year": 2018, "investment": 4136000, "savings": 3102000, "net": -1034000, "cumulative": -6204000},
            {"year": 2019, "investment": 4136000, "savings": 4136000, "net": 0, "cumulative": -6204000},
        ],
        "first_non_negative_year": 2019,
        "payback_year": None,
    }


def test_compute_saving_amounts_line(api_client, caseworker) -> None:
    body = {
        "first_year": 2020,
        "years": 2,
        "investments": [{"label": "I", "amount_per_year": 10}],
        "savings": [{"label": "S", "amounts": [5, 20]}],
    }
    assert [y["cumulative"] for y in _post(api_client(caseworker), body).json()["years"]] == [-5, 5]


def test_compute_payback_year_is_first_cumulative_at_or_above_zero(api_client, caseworker) -> None:
    assert _post(api_client(caseworker), {**BILLUND_BODY, "years": 7}).json()["payback_year"] == 2022


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"years": 31}, "years_out_of_range", "years"),
        ({"years": 0}, "years_out_of_range", "years"),
        ({"years": -3}, "years_out_of_range", "years"),
        ({"years": "fire"}, "invalid_years", "years"),
        ({"first_year": -2016}, "invalid_first_year", "first_year"),
        (
            {"investments": [{"label": "X", "amount_per_year": "ni hundrede"}]},
            "invalid_amount",
            "investments.0.amount_per_year",
        ),
        ({"investments": [{"label": "X", "amount_per_year": -1}]}, "negative_amount", "investments.0.amount_per_year"),
        ({"savings": [{"label": "X", "amounts": [1, 2]}]}, "amounts_length_mismatch", "savings.0.amounts"),
        ({"savings": [{"label": "X", "amounts": [1, 2, None, 4]}]}, "invalid_amount", "savings.0.amounts.2"),
        ({"savings": [{"label": "X"}]}, "invalid_saving_line", "savings.0"),
        ({"savings": "mange"}, "invalid_line", "savings"),
        ({"savings": [17]}, "invalid_line", "savings.0"),
    ],
)
def test_compute_bad_input_is_422_with_code_and_field(api_client, caseworker, changes, code, field) -> None:
    response = _post(api_client(caseworker), {**BILLUND_BODY, **changes})
    body = response.json()
    assert (response.status_code, body["code"], body["errors"][0]["field"]) == (422, code, field)


def test_compute_missing_years_is_422(api_client, caseworker) -> None:
    body = {k: v for k, v in BILLUND_BODY.items() if k != "years"}
    assert _post(api_client(caseworker), body).status_code == 422


def test_compute_not_json_is_4xx_not_500(api_client, caseworker) -> None:
    response = api_client(caseworker).post(URL, "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


def test_compute_without_token_is_401(client) -> None:
    assert _post(client, BILLUND_BODY).status_code == 401


def test_compute_is_documented_in_the_openapi_schema(api_client, caseworker) -> None:
    schema = api_client(caseworker).get("/api/v1/openapi.json").json()
    assert "/api/v1/business-cases/compute" in schema["paths"] and "/api/v1/reports/caseload" in schema["paths"]


# --- caseload ------------------------------------------------------------------------------------------------


def _cases(worker, n, *, closed=0):
    from django.utils import timezone

    for _ in range(n):
        ChildFactory(case__caseworker=worker, case__team=worker.team)
    for _ in range(closed):
        ChildFactory(case__caseworker=worker, case__team=worker.team, case__closed_on=timezone.localdate())


def test_caseload_team_leader_sees_own_team_with_open_cases_counted(
    api_client, team_leader, caseworker, colleague_same_team, outsider
) -> None:
    _cases(caseworker, 3, closed=2)
    _cases(colleague_same_team, 1)
    _cases(outsider, 4)
    body = api_client(team_leader).get("/api/v1/reports/caseload").json()
    assert body == {
        "target": {"min": 20, "max": 22},
        "caseworkers": [
            {"username": "caseworker", "team": "Team A", "open_cases": 3},
            {"username": "colleague", "team": "Team A", "open_cases": 1},
        ],
    }


@pytest.mark.parametrize("role", ["head", "analyst"])
def test_caseload_head_and_analyst_see_the_municipality(api_client, role, municipality, caseworker, outsider) -> None:
    _cases(caseworker, 2)
    _cases(outsider, 5)
    other_municipality_worker = UserFactory(team=TeamFactory())
    _cases(other_municipality_worker, 1)
    user = UserFactory(role=role, team=None, municipality=municipality)
    rows = api_client(user).get("/api/v1/reports/caseload").json()["caseworkers"]
    # Analysts see suppressed figures only (issue #20, Medium 6): 2 open cases is withheld, as on the page.
    small = 2 if role == "head" else None
    assert {(r["username"], r["open_cases"]) for r in rows} == {("caseworker", small), ("outsider", 5)}


def test_caseload_uses_the_municipality_target(api_client, municipality, team_leader) -> None:
    municipality.caseload_target_min, municipality.caseload_target_max = 15, 18
    municipality.save()
    assert api_client(team_leader).get("/api/v1/reports/caseload").json()["target"] == {"min": 15, "max": 18}


@pytest.mark.parametrize("role", ["caseworker", "sos_consultant", "admin", "auditor"])
def test_caseload_other_roles_are_403(api_client, team, role) -> None:
    user = UserFactory(
        role=role,
        team=team if role in ("caseworker", "sos_consultant") else None,
        municipality=team.department.municipality,
    )
    response = api_client(user).get("/api/v1/reports/caseload")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_caseload_empty_municipality_is_an_empty_list(api_client, municipality) -> None:
    user = UserFactory(role="head", team=None, municipality=municipality)
    assert api_client(user).get("/api/v1/reports/caseload").json()["caseworkers"] == []
