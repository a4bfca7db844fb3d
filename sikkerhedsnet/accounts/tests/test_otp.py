"""Two-factor: TOTP enrolment and verification (django-otp), and who OTP_REQUIRED forces through it."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent

PASSWORD = "test-password-123"


def totp_now(device: TOTPDevice) -> str:
    """The code an authenticator app would show right now for this device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _login(client: Client, username: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def _enrol(client: Client, user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    client.get("/accounts/otp/")
    device = TOTPDevice.objects.get(user=user)
    client.post("/accounts/otp/", {"token": totp_now(device)})
    device.refresh_from_db()
    return device


@pytest.fixture
def otp_required(settings):  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED = True


def test_otp_required_sends_caseworker_to_enrolment_after_login(client, caseworker, otp_required) -> None:
    response = _login(client, "caseworker")
    assert response["Location"] == "/accounts/otp/"


def test_otp_required_blocks_case_pages_until_verified(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    response = client.get("/boern/mine-sager/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/otp/")


@pytest.mark.parametrize("role", ["caseworker", "sos_consultant", "team_leader", "head", "admin", "auditor"])
def test_otp_required_applies_to_roles_with_personal_data(client, team, otp_required, role) -> None:
    team_or_none = team if role in ("caseworker", "sos_consultant", "team_leader") else None
    UserFactory(username="someone", role=role, team=team_or_none, municipality=team.department.municipality)
    assert _login(client, "someone")["Location"] == "/accounts/otp/"


def test_otp_required_does_not_apply_to_analyst(client, team, otp_required) -> None:
    UserFactory(username="tal", role="analyst", team=None, municipality=team.department.municipality)
    _login(client, "tal")
    assert client.get("/rapporter/").status_code == 200


def test_otp_not_required_lets_caseworker_without_device_in(client, caseworker, settings) -> None:
    settings.OTP_REQUIRED = False
    _login(client, "caseworker")
    assert client.get("/boern/mine-sager/").status_code == 200


def test_enrolment_page_shows_qr_code_and_key(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    body = client.get("/accounts/otp/").content.decode()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    assert "data:image/svg+xml;base64," in body
    assert __import__("base64").b32encode(device.bin_key).decode() in body


def test_enrolment_with_correct_code_confirms_device_and_opens_pages(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    device = _enrol(client, caseworker)
    assert device.confirmed
    assert client.get("/boern/mine-sager/").status_code == 200


def test_enrolment_is_audited(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    _enrol(client, caseworker)
    assert AuditEvent.objects.filter(type="user_changed", new__otp="enrolled", actor_id=caseworker.pk).exists()


def test_wrong_code_is_refused_with_danish_message(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    client.get("/accounts/otp/")
    response = client.post("/accounts/otp/", {"token": "000000"})
    assert "Koden er forkert eller udløbet" in response.content.decode()
    assert client.get("/boern/mine-sager/").status_code == 302


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567890123"])
def test_malformed_code_is_a_form_error_not_a_crash(client, caseworker, otp_required, token) -> None:
    _login(client, "caseworker")
    response = client.post("/accounts/otp/", {"token": token})
    assert response.status_code == 200 and "form-error" in response.content.decode()


def test_second_login_asks_for_code_not_enrolment(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    _enrol(client, caseworker)
    second = Client()
    _login(second, "caseworker")
    body = second.get("/accounts/otp/").content.decode()
    assert "Skriv den 6-cifrede kode" in body and "data:image/svg+xml" not in body


def test_second_login_with_valid_code_is_verified(client, caseworker, otp_required, settings) -> None:
    _login(client, "caseworker")
    device = _enrol(client, caseworker)
    device.last_t = -1  # the code from enrolment may be reused here within the same 30-second step
    device.save()
    second = Client()
    _login(second, "caseworker")
    second.post("/accounts/otp/", {"token": totp_now(device)})
    assert second.get("/boern/mine-sager/").status_code == 200


def test_enrolled_device_is_required_even_when_otp_not_required(client, caseworker, settings) -> None:
    settings.OTP_REQUIRED = True
    _login(client, "caseworker")
    _enrol(client, caseworker)
    settings.OTP_REQUIRED = False
    second = Client()
    assert _login(second, "caseworker")["Location"] == "/accounts/otp/"
    assert second.get("/boern/mine-sager/").status_code == 302


def test_otp_keeps_the_page_asked_for_before_login(client, caseworker, otp_required) -> None:
    client.post("/accounts/login/?next=/boern/ny/", {"username": "caseworker", "password": PASSWORD})
    device = _enrol(client, caseworker)
    assert device.confirmed
    assert client.get("/boern/ny/").status_code == 200


def test_otp_redirects_to_the_page_asked_for(client, caseworker, otp_required) -> None:
    client.post("/accounts/login/?next=/boern/ny/", {"username": "caseworker", "password": PASSWORD})
    client.get("/accounts/otp/")
    device = TOTPDevice.objects.get(user=caseworker)
    response = client.post("/accounts/otp/", {"token": totp_now(device)})
    assert response["Location"] == "/boern/ny/"


def test_api_token_is_not_blocked_by_otp(api_client, caseworker, otp_required) -> None:
    assert api_client(caseworker).get("/api/v1/children?q=x").status_code == 200


# --- Issue #20, High 2: a new secret per enrolment attempt, shown once; a password reset starts over ----------


def _shown_secret(body: str) -> str:
    return body.split('class="app-secret">', 1)[1].split("<", 1)[0]


def test_enrolment_second_visit_shows_a_new_secret_and_the_first_is_refused(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    first = _shown_secret(client.get("/accounts/otp/").content.decode())
    seen = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    old_code = totp_now(seen)
    second = _shown_secret(client.get("/accounts/otp/").content.decode())
    response = client.post("/accounts/otp/", {"token": old_code})
    assert first != second
    assert "Koden er forkert eller udløbet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()


def test_enrolment_secret_is_not_shown_again_after_a_wrong_code(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    secret = _shown_secret(client.get("/accounts/otp/").content.decode())
    body = client.post("/accounts/otp/", {"token": "000000"}).content.decode()
    assert secret not in body and "data:image/svg+xml" not in body


def test_enrolment_start_is_audited(client, caseworker, otp_required) -> None:
    _login(client, "caseworker")
    client.get("/accounts/otp/")
    assert AuditEvent.objects.filter(type="user_changed", new__otp="enrolment_started", actor_id=caseworker.pk).exists()


def test_password_reset_invalidates_the_old_device_and_requires_enrolment(client, caseworker, otp_required):
    from sikkerhedsnet.accounts.services import user_create_or_update

    _login(client, "caseworker")
    old = _enrol(client, caseworker)
    old.last_t = -1  # the code from enrolment may be given again within the same 30-second step
    admin = UserFactory(username="ada", role="admin", team=None, municipality=caseworker.municipality)
    user_create_or_update(
        by=admin, username="caseworker", role="caseworker", team=caseworker.team, password="Nyt-godt-kodeord-9"
    )
    second = Client()
    second.post("/accounts/login/", {"username": "caseworker", "password": "Nyt-godt-kodeord-9"})
    enrolment = second.get("/accounts/otp/").content.decode()
    refused = second.post("/accounts/otp/", {"token": totp_now(old)}).content.decode()
    assert "data:image/svg+xml" in enrolment and "Koden er forkert eller udløbet" in refused
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert AuditEvent.objects.filter(type="user_changed", actor_id=admin.pk, new__otp_reset=True).exists()
