"""API: the management dashboard and placement economics as JSON, evaluations and early-intervention projects."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.api.routers.reports import report_out
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.reports.early_intervention.models import EarlyInterventionProject
from sikkerhedsnet.reports.evaluations.models import Evaluation
from sikkerhedsnet.reports.rules.figures import Share
from sikkerhedsnet.reports.tables import COUNT, KR, SHARE, TEXT, Column, Report, Section, Table
from sikkerhedsnet.reports.tests.factories import EarlyInterventionProjectFactory, EvaluationFactory

pytestmark = pytest.mark.django_db


def evaluation_make(**kwargs):  # type: ignore[no-untyped-def]
    return EvaluationFactory(**kwargs)


def project_make(**kwargs):  # type: ignore[no-untyped-def]
    return EarlyInterventionProjectFactory(**kwargs)


@pytest.fixture
def head(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


@pytest.fixture
def analyst(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="analyst", role="analyst", team=None, municipality=municipality)


# --- reports as JSON -----------------------------------------------------------------------------------------


def test_report_out_suppresses_small_counts_and_shares_resting_on_them() -> None:
    rows: list[list[object]] = [["A", 3, 12000, Share(3, 10)], ["B", 12, 500, Share(6, 12)]]
    table = Table("T", [Column("Navn", TEXT), Column("Antal", COUNT), Column("Kr.", KR), Column("Andel", SHARE)], rows)
    out = report_out(Report(title="R", sections=[Section("S", table)]))
    cells = out["sections"][0]["table"]["rows"]
    assert [(c["text"], c["value"]) for c in cells[0]] == [("A", "A"), ("<5", None), ("12.000", 12000), ("..", None)]
    assert [c["value"] for c in cells[1]] == ["B", 12, 500, 50.0]


def test_dashboard_as_head_is_suppressed_and_logged_as_export(api_client, head) -> None:
    response = api_client(head).get("/api/v1/reports/dashboard", {"start": "2025-01", "end": "2025-12"})
    body = response.json()
    assert (response.status_code, body["suppressed"], body["start"], body["end"]) == (
        200,
        True,
        "2025-01-01",
        "2025-12-31",
    )
    assert AuditEvent.objects.filter(type="exported", actor_id=head.pk, new__format="json").exists()


def test_dashboard_default_period_is_the_last_twelve_months(api_client, head) -> None:
    body = api_client(head).get("/api/v1/reports/dashboard").json()
    today = timezone.localdate()
    assert body["end"][:7] == f"{today:%Y-%m}" and len(body["sections"]) > 3


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"start": "2025-06", "end": "2025-01"}, "end_before_start"),
        ({"start": "1980-01", "end": "2025-01"}, "period_too_long"),
        ({"start": "0000-01"}, "date_out_of_range"),
        ({"start": "2025-13"}, "validation_error"),
        ({"start": "٢٠٢٥-01"}, "validation_error"),
    ],
)
def test_dashboard_bad_period_is_422(api_client, head, query, code) -> None:
    response = api_client(head).get("/api/v1/reports/dashboard", query)
    assert (response.status_code, response.json()["code"]) == (422, code)


def test_dashboard_as_caseworker_is_403(api_client, caseworker) -> None:
    assert api_client(caseworker).get("/api/v1/reports/dashboard").status_code == 403


def test_placements_as_analyst_returns_the_years(api_client, analyst) -> None:
    body = api_client(analyst).get("/api/v1/reports/placements", {"first_year": 2023, "last_year": 2025}).json()
    assert (body["first_year"], body["last_year"], body["suppressed"]) == (2023, 2025, True)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"first_year": 2025, "last_year": 2024}, "end_before_start"),
        ({"first_year": 1990, "last_year": 2025}, "period_too_long"),
        ({"first_year": 99999}, "invalid_year"),
    ],
)
def test_placements_bad_years_are_422(api_client, head, query, code) -> None:
    response = api_client(head).get("/api/v1/reports/placements", query)
    assert (response.status_code, response.json()["code"]) == (422, code)


# --- evaluations ---------------------------------------------------------------------------------------------


def evaluation_body(pool: list[str], **changes: object) -> dict[str, object]:
    return {"title": "Signs of Safety i team A", "baseline_date": "2025-09-01", "pool": pool} | changes


def test_create_evaluation_as_head_returns_201(api_client, head, caseworker) -> None:
    response = api_client(head).post(
        "/api/v1/evaluations", evaluation_body([caseworker.username]), content_type="application/json"
    )
    assert (response.status_code, response.json()["pool"]) == (201, [caseworker.username])
    assert Evaluation.objects.get(pk=response.json()["id"]).municipality_id == head.municipality_id


def test_create_evaluation_as_analyst_is_403_and_creates_nothing(api_client, analyst, caseworker) -> None:
    response = api_client(analyst).post(
        "/api/v1/evaluations", evaluation_body([caseworker.username]), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_create_evaluation_with_caseworker_of_other_municipality_is_422(api_client, head) -> None:
    UserFactory(username="fremmed", role="caseworker")  # a team in another municipality
    response = api_client(head).post(
        "/api/v1/evaluations", evaluation_body(["fremmed"]), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_pool")
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [({"title": " "}, "required"), ({"baseline_date": "0202-01-01"}, "date_out_of_range")],
)
def test_create_evaluation_invalid_input_is_422(api_client, head, caseworker, changes, code) -> None:
    response = api_client(head).post(
        "/api/v1/evaluations", evaluation_body([caseworker.username], **changes), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (422, code)


def test_create_evaluation_with_title_in_use_is_409(api_client, head, caseworker, municipality) -> None:
    evaluation_make(municipality=municipality, title="Signs of Safety i team A")
    response = api_client(head).post(
        "/api/v1/evaluations", evaluation_body([caseworker.username]), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "duplicate_title")


def test_get_evaluation_carries_its_report(api_client, analyst, municipality) -> None:
    evaluation = evaluation_make(municipality=municipality)
    body = api_client(analyst).get(f"/api/v1/evaluations/{evaluation.pk}").json()
    assert (body["id"], body["report"]["suppressed"]) == (evaluation.pk, True)


def test_get_evaluation_of_other_municipality_is_404(api_client, head) -> None:
    evaluation = evaluation_make(municipality=MunicipalityFactory())
    assert api_client(head).get(f"/api/v1/evaluations/{evaluation.pk}").status_code == 404


def test_list_evaluations_shows_only_own_municipality(api_client, head, municipality) -> None:
    evaluation_make(municipality=municipality, title="Vores")
    evaluation_make(municipality=MunicipalityFactory(), title="Deres")
    assert [e["title"] for e in api_client(head).get("/api/v1/evaluations").json()["items"]] == ["Vores"]


def test_lottery_run_twice_is_409(api_client, head, municipality) -> None:
    evaluation = evaluation_make(
        municipality=municipality, lottery_seed=7, lottery_run_at=timezone.now(), lottery_run_by=head
    )
    response = api_client(head).post(
        f"/api/v1/evaluations/{evaluation.pk}/lottery", {"seed": 8}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "lottery_already_run")
    assert Evaluation.objects.get(pk=evaluation.pk).lottery_seed == 7


def test_lottery_on_other_municipality_is_404_and_draws_nothing(api_client, head) -> None:
    evaluation = evaluation_make(municipality=MunicipalityFactory())
    response = api_client(head).post(
        f"/api/v1/evaluations/{evaluation.pk}/lottery", {}, content_type="application/json"
    )
    assert response.status_code == 404
    assert Evaluation.objects.get(pk=evaluation.pk).lottery_seed is None


# --- early-intervention projects -----------------------------------------------------------------------------


def test_create_early_project_as_head_returns_201_with_districts(api_client, head) -> None:
    response = api_client(head).post(
        "/api/v1/early-intervention-projects",
        {"name": "Tidlig indsats Aarhus", "districts": ["Nord", "Syd", "Nord"], "goal": "Færre underretninger"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["districts"]) == (201, ["Nord", "Syd"])


def test_create_early_project_as_team_leader_is_403(api_client, team_leader) -> None:
    response = api_client(team_leader).post(
        "/api/v1/early-intervention-projects", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not EarlyInterventionProject.objects.exists()


def test_create_early_project_empty_name_is_422(api_client, head) -> None:
    response = api_client(head).post(
        "/api/v1/early-intervention-projects", {"name": "  "}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (
        422,
        "required",
        "name",
    )


def test_update_early_project_saves_and_bumps_version(api_client, head, municipality) -> None:
    project = project_make(municipality=municipality)
    response = api_client(head).put(
        f"/api/v1/early-intervention-projects/{project.pk}",
        {"name": "Nyt navn", "version": 1},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["name"], response.json()["version"]) == (200, "Nyt navn", 2)


def test_update_early_project_stale_version_is_409_and_changes_nothing(api_client, head, municipality) -> None:
    project = project_make(municipality=municipality, name="Gammelt navn")
    EarlyInterventionProject.objects.filter(pk=project.pk).update(version=3)
    response = api_client(head).put(
        f"/api/v1/early-intervention-projects/{project.pk}",
        {"name": "Nyt navn", "version": 1},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert EarlyInterventionProject.objects.get(pk=project.pk).name == "Gammelt navn"


def test_update_early_project_of_other_municipality_is_404_and_changes_nothing(api_client, head) -> None:
    project = project_make(municipality=MunicipalityFactory(), name="Deres")
    response = api_client(head).put(
        f"/api/v1/early-intervention-projects/{project.pk}",
        {"name": "Vores nu", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert EarlyInterventionProject.objects.get(pk=project.pk).name == "Deres"


def test_get_early_project_carries_its_report_for_the_years(api_client, analyst, municipality) -> None:
    project = project_make(municipality=municipality)
    body = (
        api_client(analyst)
        .get(f"/api/v1/early-intervention-projects/{project.pk}", {"first_year": 2018, "last_year": 2019})
        .json()
    )
    assert (body["first_year"], body["last_year"], body["report"]["suppressed"]) == (2018, 2019, True)


def test_list_early_projects_shows_only_own_municipality(api_client, head, municipality) -> None:
    project_make(municipality=municipality, name="Vores")
    project_make(municipality=MunicipalityFactory(), name="Deres")
    names = [p["name"] for p in api_client(head).get("/api/v1/early-intervention-projects").json()["items"]]
    assert names == ["Vores"]
