"""Omfordeling when a caseworker leaves: the service, the page with its confirmation step, the API. Two teams
and two municipalities."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.services import cases_reassign
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def away():  # type: ignore[no-untyped-def]
    """A caseworker in another municipality."""
    team = TeamFactory(department__municipality=MunicipalityFactory(name="Kommune B", code="899"), name="Team C")
    return UserFactory(username="away", role="caseworker", team=team)


@pytest.fixture
def two_cases(caseworker):  # type: ignore[no-untyped-def]
    return [ChildFactory(case__team=caseworker.team, case__caseworker=caseworker) for _ in range(2)]


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_cases_reassign_moves_each_case_with_one_audit_event(team_leader, caseworker, colleague_same_team, two_cases):
    before = AuditEvent.objects.filter(target_model="children.case").count()
    cases_reassign(by=team_leader, leaving=caseworker, moves={c.pk: colleague_same_team for c in two_cases})
    for child in two_cases:
        child.case.refresh_from_db()
        assert child.case.caseworker == colleague_same_team
    assert AuditEvent.objects.filter(target_model="children.case").count() == before + 2


def test_cases_reassign_to_another_team_moves_the_case_into_that_team(team_leader, caseworker, outsider, two_cases):
    cases_reassign(by=team_leader, leaving=caseworker, moves={two_cases[0].pk: outsider})
    two_cases[0].case.refresh_from_db()
    assert (two_cases[0].case.team, two_cases[0].case.caseworker) == (outsider.team, outsider)


def test_cases_reassign_to_another_municipality_is_refused_and_moves_nothing(
    team_leader, caseworker, colleague_same_team, away, two_cases
):
    first, second = two_cases
    with pytest.raises(DomainError) as refused:
        cases_reassign(by=team_leader, leaving=caseworker, moves={first.pk: colleague_same_team, second.pk: away})
    assert refused.value.code == "unknown_caseworker"
    first.case.refresh_from_db()
    assert first.case.caseworker == caseworker  # all or nothing


def test_cases_reassign_by_the_leader_of_another_team_finds_no_case(caseworker, outsider, colleague_same_team, child):
    other_leader = UserFactory(role="team_leader", team=outsider.team)
    with pytest.raises(DomainError) as refused:
        cases_reassign(by=other_leader, leaving=caseworker, moves={child.pk: colleague_same_team})
    assert refused.value.code == "unknown_case"


def test_cases_reassign_by_a_head_of_another_municipality_finds_no_case(caseworker, colleague_same_team, away, child):
    head = UserFactory(role="head", team=None, municipality=away.team.department.municipality)
    with pytest.raises(DomainError):
        cases_reassign(by=head, leaving=caseworker, moves={child.pk: colleague_same_team})


def test_cases_reassign_by_a_caseworker_is_refused(caseworker, colleague_same_team, child):
    with pytest.raises((DomainError, PermissionDenied)):
        cases_reassign(by=colleague_same_team, leaving=caseworker, moves={child.pk: colleague_same_team})


def test_reassign_page_asks_for_confirmation_before_moving(team_leader, caseworker, colleague_same_team, child):
    client = _client(team_leader)
    url = f"/accounts/team/omfordel/?raadgiver={caseworker.pk}"
    assert child.full_name in client.get(url).content.decode()
    data = {f"sag_{child.pk}": "on", "all_to": str(colleague_same_team.pk)}
    response = client.post(url, with_form_token(data))
    assert "Bekræft omfordeling" in response.content.decode()
    child.case.refresh_from_db()
    assert child.case.caseworker == caseworker  # nothing moved yet
    response = client.post(
        url, with_form_token(data | {f"til_{child.pk}": str(colleague_same_team.pk), "confirm": "True"})
    )
    assert response.status_code == 302
    child.case.refresh_from_db()
    assert child.case.caseworker == colleague_same_team


def test_reassign_page_without_a_colleague_keeps_the_choice_and_says_why(team_leader, caseworker, child):
    response = _client(team_leader).post(
        f"/accounts/team/omfordel/?raadgiver={caseworker.pk}", with_form_token({f"sag_{child.pk}": "on"})
    )
    assert response.status_code == 422 and "Vælg en ny rådgiver til sagen." in response.content.decode()


def test_reassign_page_hides_a_caseworker_of_another_team_from_a_team_leader(team_leader, outsider):
    assert _client(team_leader).get(f"/accounts/team/omfordel/?raadgiver={outsider.pk}").status_code == 404


def test_reassign_api_moves_all_cases_to_one_colleague(
    api_client, team_leader, caseworker, colleague_same_team, two_cases
):
    response = api_client(team_leader).post(
        "/api/v1/cases/reassign",
        {"from_caseworker": caseworker.username, "all_to": colleague_same_team.username},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["count"] == 2
    assert {i["caseworker"] for i in response.json()["items"]} == {colleague_same_team.username}


def test_reassign_api_to_another_municipality_is_422(api_client, team_leader, caseworker, away, child):
    response = api_client(team_leader).post(
        "/api/v1/cases/reassign",
        {"from_caseworker": caseworker.username, "moves": [{"child_id": child.pk, "to_caseworker": away.username}]},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "unknown_caseworker"


def test_reassign_api_by_a_caseworker_is_403(api_client, caseworker, colleague_same_team, child):
    response = api_client(colleague_same_team).post(
        "/api/v1/cases/reassign",
        {"from_caseworker": caseworker.username, "all_to": colleague_same_team.username},
        content_type="application/json",
    )
    assert response.status_code == 403
