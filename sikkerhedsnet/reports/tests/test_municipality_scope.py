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
