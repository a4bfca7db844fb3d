"""The admin's user pages: users and teams only, within the own municipality; bad input is a form error."""

from typing import cast

import pytest
from django.test import Client

from sikkerhedsnet.accounts.models import ApiToken, User
from sikkerhedsnet.accounts.services import api_token_create
from sikkerhedsnet.accounts.tests.factories import TeamFactory, UserFactory
from sikkerhedsnet.audit.models import AuditEvent


@pytest.fixture
def admin(team):  # type: ignore[no-untyped-def]
    return UserFactory(username="ada", role="admin", team=None, municipality=team.department.municipality)


@pytest.fixture
def admin_client(admin) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin)
    return client


def _new_user(**overrides: object) -> dict[str, object]:
    return {
        "username": "nyrådgiver",
        "first_name": "Ny",
        "last_name": "Rådgiver",
        "role": "caseworker",
        "password": "",
        "is_active": "on",
    } | overrides


def test_user_list_shows_users_of_own_municipality_only(admin_client, caseworker) -> None:
    stranger = UserFactory(username="fremmed")  # another municipality via its own team
    body = admin_client.get("/accounts/brugere/").content.decode()
    assert caseworker.username in body and stranger.username not in body


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "head", "analyst", "auditor"])
def test_user_pages_are_for_admins_only(client, team, role) -> None:
    user = UserFactory(
        role=role,
        team=team if role in ("caseworker", "team_leader") else None,
        municipality=team.department.municipality,
    )
    client.force_login(user)
    assert client.get("/accounts/brugere/").status_code == 403


def test_admin_creates_user_in_a_team(admin_client, team) -> None:
    response = admin_client.post("/accounts/brugere/ny/", _new_user(team=team.pk, password="Et-godt-kodeord-9"))
    user = User.objects.get(username="nyrådgiver")
    assert response.status_code == 302 and user.team == team and user.check_password("Et-godt-kodeord-9")


def test_creating_a_user_is_audited(admin_client, team, admin) -> None:
    admin_client.post("/accounts/brugere/ny/", _new_user(team=team.pk))
    assert AuditEvent.objects.filter(type="user_changed", actor_id=admin.pk, new__created=True).exists()


def test_caseworker_without_team_is_refused_and_typed_text_kept(admin_client) -> None:
    response = admin_client.post("/accounts/brugere/ny/", _new_user(team=""))
    body = response.content.decode()
    assert response.status_code == 422 and "skal have et team" in body and 'value="Rådgiver"' in body


def test_team_of_another_municipality_is_an_invalid_choice(admin_client) -> None:
    foreign_team = TeamFactory()
    response = admin_client.post("/accounts/brugere/ny/", _new_user(team=foreign_team.pk))
    assert response.status_code == 422 and not User.objects.filter(username="nyrådgiver").exists()


def test_weak_password_is_refused_in_danish(admin_client, team) -> None:
    response = admin_client.post("/accounts/brugere/ny/", _new_user(team=team.pk, password="123"))
    assert response.status_code == 422 and "Denne adgangskode er for kort" in response.content.decode()


def test_duplicate_username_is_refused(admin_client, team, caseworker) -> None:
    response = admin_client.post("/accounts/brugere/ny/", _new_user(username="CASEWORKER", team=team.pk))
    assert response.status_code == 422 and "Brugernavnet er optaget" in response.content.decode()


@pytest.mark.parametrize("username", ["a", "med mellemrum", "x" * 151, "<script>"])
def test_invalid_username_is_refused(admin_client, team, username) -> None:
    response = admin_client.post("/accounts/brugere/ny/", _new_user(username=username, team=team.pk))
    assert response.status_code == 422


def test_unknown_role_is_refused(admin_client, team) -> None:
    response = admin_client.post("/accounts/brugere/ny/", _new_user(role="superuser", team=team.pk))
    assert response.status_code == 422


def test_editing_a_user_of_another_municipality_is_404(admin_client) -> None:
    stranger = UserFactory(username="fremmed")
    assert admin_client.get(f"/accounts/brugere/{stranger.pk}/").status_code == 404


def test_editing_a_huge_user_id_is_404(admin_client) -> None:
    assert admin_client.get("/accounts/brugere/99999999999999999999/").status_code == 404


def test_deactivating_a_user_ends_sessions_and_revokes_tokens(admin_client, caseworker, team) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    tablet = Client()
    tablet.force_login(caseworker)
    admin_client.post(
        f"/accounts/brugere/{caseworker.pk}/",
        {"first_name": "Test", "last_name": "Bruger", "role": "caseworker", "team": team.pk, "password": ""},
    )
    assert tablet.get("/boern/mine-sager/").status_code == 302
    assert not ApiToken.objects.filter(user=caseworker, revoked_at__isnull=True).exists()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/children?q=x").status_code == 401


def test_admin_cannot_deactivate_themselves(admin_client, admin) -> None:
    response = admin_client.post(f"/accounts/brugere/{admin.pk}/", {"role": "admin", "password": ""})
    admin.refresh_from_db()
    assert response.status_code == 422 and admin.is_active


def test_reset_otp_removes_the_users_devices(admin_client, caseworker, team) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    admin_client.post(
        f"/accounts/brugere/{caseworker.pk}/",
        {"role": "caseworker", "team": team.pk, "password": "", "is_active": "on", "reset_otp": "on"},
    )
    assert not TOTPDevice.objects.filter(user=caseworker).exists()


def test_admin_sees_no_case_content(admin_client, child) -> None:
    assert admin_client.get(f"/boern/{child.pk}/").status_code == 404
    assert admin_client.get("/boern/mine-sager/").status_code == 403


def test_saving_a_user_of_another_municipality_is_404_and_changes_nothing(admin_client, team) -> None:
    stranger = cast(User, UserFactory(username="fremmed", role="caseworker"))
    own_team = stranger.team_id
    response = admin_client.post(f"/accounts/brugere/{stranger.pk}/", _new_user(role="admin", team=team.pk))
    stranger.refresh_from_db()
    assert response.status_code == 404 and (stranger.role, stranger.team_id) == ("caseworker", own_team)


def test_creating_a_user_who_exists_in_another_municipality_does_not_take_them_over(admin_client, team) -> None:
    stranger = cast(User, UserFactory(username="fremmed", role="caseworker"))
    home = stranger.municipality_id
    response = admin_client.post("/accounts/brugere/ny/", _new_user(username="fremmed", team=team.pk))
    stranger.refresh_from_db()
    assert response.status_code == 422 and stranger.municipality_id == home
