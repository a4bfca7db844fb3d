"""Reports and their exports count the actor's municipality only (issue #20, High 1).

Two municipalities: the head works in A; B has a caseworker with open cases who appears in no report of A's.
"""

import pytest

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


@pytest.fixture
def worker_b(db):  # type: ignore[no-untyped-def]
    team_b = TeamFactory(department__municipality=MunicipalityFactory(name="Kommune B", code="899"), name="Team B2")
    worker = UserFactory(username="b_worker", last_name="Bkommune", role="caseworker", team=team_b)
    for _ in range(3):
        ChildFactory(case__team=team_b, case__caseworker=worker)
    return worker


def test_caseload_report_page_shows_no_caseworker_of_another_municipality(client, head, team, worker_b) -> None:
    client.force_login(head)
    body = client.get("/rapporter/sagstal/").content.decode()
    assert "Bkommune" not in body and "Team B2" not in body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_caseload_export_has_no_caseworker_of_another_municipality(client, head, team, worker_b, fmt) -> None:
    client.force_login(head)
    response = client.get(f"/rapporter/sagstal/eksport/{fmt}/")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and b"Team B2" not in body


def test_caseload_api_lists_no_caseworker_of_another_municipality(api_client, head, team, worker_b) -> None:
    rows = api_client(head).get("/api/v1/reports/caseload").json()["caseworkers"]
    assert "b_worker" not in {r["username"] for r in rows}


# --- the management's own records: early-intervention projects and evaluations (two municipalities) -------------


@pytest.fixture
def project_b(db):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.reports.tests.factories import EarlyInterventionProjectFactory

    return EarlyInterventionProjectFactory(
        municipality=MunicipalityFactory(name="Kommune B", code="898"), name="Kommune B's projekt"
    )


def test_early_project_of_another_municipality_is_404_to_read_change_and_log(api_client, head, project_b) -> None:
    client = api_client(head)
    base = f"/api/v1/early-intervention-projects/{project_b.pk}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/expenses").status_code == 404
    body = '{"name": "Overtaget", "version": 1}'
    assert client.put(base, body, content_type="application/json").status_code == 404
    expense = '{"booked_on": "2026-01-05", "amount": 100, "text": "X"}'
    assert client.post(f"{base}/expenses", expense, content_type="application/json").status_code == 404
    project_b.refresh_from_db()
    assert project_b.name == "Kommune B's projekt" and not project_b.expenses.exists()
    listed = client.get("/api/v1/early-intervention-projects").json()["items"]
    assert "Kommune B's projekt" not in {p["name"] for p in listed}


def test_early_project_created_by_a_head_is_the_heads_municipalitys(api_client, head, project_b) -> None:
    from sikkerhedsnet.reports.early_intervention.models import EarlyInterventionProject

    response = api_client(head).post(
        "/api/v1/early-intervention-projects", '{"name": "Nyt projekt"}', content_type="application/json"
    )
    assert response.status_code == 201
    assert EarlyInterventionProject.objects.get(name="Nyt projekt").municipality_id == head.municipality_id


def test_evaluation_of_another_municipality_is_404_and_no_lottery_is_drawn(api_client, head) -> None:
    from sikkerhedsnet.reports.evaluations.models import Evaluation
    from sikkerhedsnet.reports.tests.factories import EvaluationFactory

    evaluation: Evaluation = EvaluationFactory(municipality=MunicipalityFactory(name="Kommune B", code="898"))  # type: ignore[assignment]
    client = api_client(head)
    assert client.get(f"/api/v1/evaluations/{evaluation.pk}").status_code == 404
    response = client.post(
        f"/api/v1/evaluations/{evaluation.pk}/lottery", '{"seed": 1}', content_type="application/json"
    )
    assert response.status_code == 404 and not evaluation.participants.exists()
