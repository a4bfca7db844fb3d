"""Logging in: Argon2 hashes, django-axes lockout, the Danish lockout page, the login audit."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.accounts.services import user_create_or_update
from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent

PASSWORD = "test-password-123"


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.real_password_hasher
def test_user_create_stores_password_as_argon2id_hash(team) -> None:
    user, _ = user_create_or_update(
        by=None, username="argon", role="caseworker", team=team, password="Et-langt-kodeord-1"
    )
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.real_password_hasher
def test_argon2_hash_verifies_the_right_password_only(team) -> None:
    user, _ = user_create_or_update(
        by=None, username="argon", role="caseworker", team=team, password="Et-langt-kodeord-1"
    )
    assert check_password("Et-langt-kodeord-1", user.password) and not check_password("forkert", user.password)


@pytest.mark.real_password_hasher
def test_login_form_accepts_argon2_password(client, team) -> None:
    user_create_or_update(by=None, username="argon", role="caseworker", team=team, password="Et-langt-kodeord-1")
    response = _login(client, "argon", "Et-langt-kodeord-1")
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_login_with_right_password_redirects_to_start_page_and_is_audited(client, caseworker) -> None:
    response = _login(client, "caseworker", PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(type="login", actor_id=caseworker.pk).count() == 1


def test_login_with_wrong_password_shows_danish_message_and_keeps_username(client, caseworker) -> None:
    response = _login(client, "caseworker", "forkert")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Forkert brugernavn eller adgangskode" in body and 'value="caseworker"' in body


def test_four_failed_logins_do_not_lock(client, caseworker) -> None:
    for _ in range(4):
        _login(client, "caseworker", "forkert")
    assert _login(client, "caseworker", PASSWORD).status_code == 302


def test_fifth_failed_login_locks_with_danish_page(client, caseworker) -> None:
    responses = [_login(client, "caseworker", "forkert") for _ in range(5)]
    assert responses[-1].status_code == 429
    assert "Midlertidigt spærret" in responses[-1].content.decode()


def test_locked_account_refuses_even_the_right_password(client, caseworker) -> None:
    for _ in range(5):
        _login(client, "caseworker", "forkert")
    response = _login(client, "caseworker", PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def _five_failures_at(client: Client, moment) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(moment, tick=False):
        for _ in range(5):
            _login(client, "caseworker", "forkert")


def test_lock_still_holds_after_14_minutes(client, caseworker) -> None:
    start = timezone.now()
    _five_failures_at(client, start)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert _login(client, "caseworker", PASSWORD).status_code == 429


def test_lock_is_lifted_after_15_minutes(client, caseworker) -> None:
    start = timezone.now()
    _five_failures_at(client, start)
    with time_machine.travel(start + timedelta(minutes=15, seconds=5), tick=False):
        assert _login(client, "caseworker", PASSWORD).status_code == 302


def test_lock_is_per_username_so_colleague_can_still_log_in(client, caseworker, colleague_same_team) -> None:
    for _ in range(5):
        _login(client, "caseworker", "forkert")
    assert _login(Client(), "colleague", PASSWORD).status_code == 302


def test_inactive_user_cannot_log_in(client, team) -> None:
    UserFactory(username="gone", team=team, is_active=False)
    response = _login(client, "gone", PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_login_page_does_not_redirect_to_another_site(client, caseworker) -> None:
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"username": "caseworker", "password": PASSWORD}
    )
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


def test_logout_requires_post(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/accounts/logout/").status_code == 405


def test_logout_ends_session_and_is_audited(client, caseworker) -> None:
    client.force_login(caseworker)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(type="logout", actor_id=caseworker.pk).exists()
