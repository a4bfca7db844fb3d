"""Fordeling, closing and reopening a case: services (audited, locked, permission-checked) and pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import TeamFactory, UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import Case
from sikkerhedsnet.core.errors import Conflict, DomainError, StaleEdit


@pytest.fixture
def head(team):  # type: ignore[no-untyped-def]
    return UserFactory(username="head", role="head", team=None, municipality=team.department.municipality)


def test_team_leader_assigns_case_to_colleague_and_it_is_audited(child, team_leader, colleague_same_team, team) -> None:
    case = services.case_assign(by=team_leader, child=child, team=team, caseworker=colleague_same_team)
    event = AuditEvent.objects.get(type="changed", target_model="children.case", child_id=child.pk)
    assert case.caseworker == colleague_same_team
    assert (event.old["caseworker"], event.new["caseworker"]) == (child.case.caseworker_id, colleague_same_team.pk)


def test_head_moves_case_to_another_team(child, head, other_team) -> None:
    assert services.case_assign(by=head, child=child, team=other_team, caseworker=None).team == other_team


def test_caseworker_may_not_assign(child, caseworker, team) -> None:
    with pytest.raises(PermissionDenied):
        services.case_assign(by=caseworker, child=child, team=team, caseworker=None)


def test_assigning_to_caseworker_of_other_team_is_refused(child, team_leader, team, outsider) -> None:
    with pytest.raises(DomainError, match="hører ikke til det valgte team"):
        services.case_assign(by=team_leader, child=child, team=team, caseworker=outsider)


def test_assigning_to_team_of_other_municipality_is_refused(child, head) -> None:
    with pytest.raises(DomainError):
        services.case_assign(by=head, child=child, team=TeamFactory(), caseworker=None)


def test_assigning_to_a_team_leader_is_refused(child, team_leader, team) -> None:
    with pytest.raises(DomainError, match="aktiv rådgiver"):
        services.case_assign(by=team_leader, child=child, team=team, caseworker=team_leader)


def test_stale_assignment_is_refused(child, team_leader, team, colleague_same_team) -> None:
    version = child.case.version
    services.case_assign(by=team_leader, child=child, team=team, caseworker=colleague_same_team)
    with pytest.raises(StaleEdit):
        services.case_assign(by=team_leader, child=child, team=team, caseworker=None, expected_version=version)


def test_caseworker_closes_own_case_and_it_is_audited(child, caseworker) -> None:
    case = services.case_close(by=caseworker, child=child, closed_on=timezone.localdate())
    assert case.closed_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        type="changed", target_model="children.case", new__closed_on__isnull=False
    ).exists()


def test_colleague_may_not_close_someone_elses_case(child, colleague_same_team) -> None:
    with pytest.raises(PermissionDenied):
        services.case_close(by=colleague_same_team, child=child, closed_on=timezone.localdate())


def test_closing_in_the_future_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError, match="fremtiden"):
        services.case_close(by=caseworker, child=child, closed_on=timezone.localdate() + timedelta(days=1))


def test_closing_before_opening_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError, match="før den er oprettet"):
        services.case_close(by=caseworker, child=child, closed_on=child.case.opened_on - timedelta(days=1))


def test_closing_a_closed_case_is_a_conflict(child, caseworker) -> None:
    services.case_close(by=caseworker, child=child, closed_on=timezone.localdate())
    with pytest.raises(Conflict):
        services.case_close(by=caseworker, child=child, closed_on=timezone.localdate())


def test_reopen_clears_the_closing_date(child, caseworker) -> None:
    services.case_close(by=caseworker, child=child, closed_on=timezone.localdate())
    assert services.case_reopen(by=caseworker, child=child).closed_on is None


def test_closed_case_leaves_my_cases(client, child, caseworker) -> None:
    services.case_close(by=caseworker, child=child, closed_on=timezone.localdate())
    client.force_login(caseworker)
    assert child.full_name not in client.get("/boern/mine-sager/").content.decode()


# Pages


def test_assign_page_is_forbidden_for_caseworker(client, child, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get(f"/boern/{child.pk}/sag/fordel/").status_code == 403


def test_assign_page_for_invisible_child_is_404(client, child, outsider) -> None:
    leader = UserFactory(role="team_leader", team=outsider.team)
    client.force_login(leader)
    assert client.get(f"/boern/{child.pk}/sag/fordel/").status_code == 404


def test_assign_form_saves_and_returns_to_the_child(client, child, team_leader, team, colleague_same_team) -> None:
    client.force_login(team_leader)
    response = client.post(
        f"/boern/{child.pk}/sag/fordel/",
        {"version": child.case.version, "team": team.pk, "caseworker": colleague_same_team.pk},
    )
    assert response["Location"] == f"/boern/{child.pk}/"
    assert Case.objects.get(child=child).caseworker == colleague_same_team


def test_assign_form_with_mismatched_team_shows_danish_error(
    client, child, team_leader, other_team, caseworker
) -> None:
    client.force_login(team_leader)
    response = client.post(
        f"/boern/{child.pk}/sag/fordel/",
        {"version": child.case.version, "team": other_team.pk, "caseworker": caseworker.pk},
    )
    assert response.status_code == 422 and "hører ikke til det valgte team" in response.content.decode()


def test_assign_form_with_tampered_caseworker_id_is_a_form_error(client, child, team_leader, team) -> None:
    foreigner = UserFactory()  # another municipality
    client.force_login(team_leader)
    response = client.post(
        f"/boern/{child.pk}/sag/fordel/", {"version": child.case.version, "team": team.pk, "caseworker": foreigner.pk}
    )
    assert response.status_code == 422 and Case.objects.get(child=child).caseworker_id != foreigner.pk


def test_assign_form_with_stale_version_says_so(client, child, team_leader, team) -> None:
    client.force_login(team_leader)
    response = client.post(
        f"/boern/{child.pk}/sag/fordel/", {"version": child.case.version - 1 + 7, "team": team.pk, "caseworker": ""}
    )
    assert response.status_code == 422 and "En anden har ændret sagen" in response.content.decode()


def test_moving_case_away_sends_team_leader_home(client, child, team_leader, other_team) -> None:
    client.force_login(team_leader)
    response = client.post(
        f"/boern/{child.pk}/sag/fordel/", {"version": child.case.version, "team": other_team.pk, "caseworker": ""}
    )
    assert response["Location"] == "/"


def test_close_page_closes_the_case(client, child, caseworker) -> None:
    client.force_login(caseworker)
    today = timezone.localdate()
    client.post(f"/boern/{child.pk}/sag/luk/", {"version": child.case.version, "closed_on": today.isoformat()})
    assert Case.objects.get(child=child).closed_on == today


def test_close_page_with_future_date_keeps_it_and_explains(client, child, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post(f"/boern/{child.pk}/sag/luk/", {"version": child.case.version, "closed_on": "2999-01-01"})
    body = response.content.decode()
    assert response.status_code == 422 and "fremtiden" in body and 'value="2999-01-01"' in body


def test_close_page_with_garbage_date_is_a_form_error(client, child, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post(f"/boern/{child.pk}/sag/luk/", {"version": "x", "closed_on": "31-31-2020"})
    assert response.status_code == 422


def test_reopen_button_reopens(client, child, caseworker) -> None:
    services.case_close(by=caseworker, child=child, closed_on=timezone.localdate())
    client.force_login(caseworker)
    client.post(f"/boern/{child.pk}/sag/genaabn/", {"version": Case.objects.get(child=child).version})
    assert Case.objects.get(child=child).closed_on is None


def test_reopen_requires_post(client, child, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get(f"/boern/{child.pk}/sag/genaabn/").status_code == 405


def test_child_page_shows_assign_link_to_team_leader_only(client, child, team_leader, caseworker) -> None:
    client.force_login(team_leader)
    assert "/sag/fordel/" in client.get(f"/boern/{child.pk}/").content.decode()
    client.force_login(caseworker)
    assert "/sag/fordel/" not in client.get(f"/boern/{child.pk}/").content.decode()
