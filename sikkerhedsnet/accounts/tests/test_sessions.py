"""Sessions: 30 minutes idle ends them; "log ud overalt" ends every session and revokes API tokens."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.accounts.models import ApiToken
from sikkerhedsnet.accounts.services import api_token_create
from sikkerhedsnet.audit.models import AuditEvent

PASSWORD = "test-password-123"


def _logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_session_survives_29_idle_minutes(caseworker) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _logged_in(caseworker)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/boern/mine-sager/").status_code == 200


def test_session_ends_after_30_idle_minutes(caseworker) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _logged_in(caseworker)
    with time_machine.travel(start + timedelta(minutes=30, seconds=5), tick=False):
        response = client.get("/boern/mine-sager/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_activity_extends_the_session(caseworker) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = _logged_in(caseworker)
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        client.get("/boern/mine-sager/")
    with time_machine.travel(start + timedelta(minutes=45), tick=False):
        assert client.get("/boern/mine-sager/").status_code == 200


def test_session_cookie_is_httponly_and_expires_with_browser(caseworker) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": caseworker.username, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and not cookie["max-age"]


def test_profile_page_offers_log_out_everywhere(caseworker) -> None:
    client = _logged_in(caseworker)
    body = client.get("/accounts/profil/").content.decode()
    assert 'action="/accounts/logout-everywhere/"' in body and "Log ud overalt" in body


def test_log_out_everywhere_ends_other_sessions(caseworker) -> None:
    laptop, tablet = _logged_in(caseworker), _logged_in(caseworker)
    laptop.post("/accounts/logout-everywhere/")
    response = tablet.get("/boern/mine-sager/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_log_out_everywhere_ends_this_session_too(caseworker) -> None:
    laptop = _logged_in(caseworker)
    laptop.post("/accounts/logout-everywhere/")
    assert laptop.get("/boern/mine-sager/").status_code == 302


def test_log_out_everywhere_revokes_api_tokens(caseworker) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    _logged_in(caseworker).post("/accounts/logout-everywhere/")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/children?q=x").status_code == 401
    assert not ApiToken.objects.filter(user=caseworker, revoked_at__isnull=True).exists()


def test_log_out_everywhere_leaves_other_users_logged_in(caseworker, colleague_same_team) -> None:
    other = _logged_in(colleague_same_team)
    _logged_in(caseworker).post("/accounts/logout-everywhere/")
    assert other.get("/boern/mine-sager/").status_code == 200


def test_log_out_everywhere_is_audited(caseworker) -> None:
    _logged_in(caseworker).post("/accounts/logout-everywhere/")
    assert AuditEvent.objects.filter(type="logout_everywhere", actor_id=caseworker.pk).count() == 1


def test_log_out_everywhere_requires_post(caseworker) -> None:
    assert _logged_in(caseworker).get("/accounts/logout-everywhere/").status_code == 405


def test_user_can_log_in_again_after_log_out_everywhere(caseworker) -> None:
    _logged_in(caseworker).post("/accounts/logout-everywhere/")
    assert _logged_in(caseworker).get("/boern/mine-sager/").status_code == 200
