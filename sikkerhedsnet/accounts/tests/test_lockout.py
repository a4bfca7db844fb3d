"""The login lockout's two limits and the trusted proxy (accounts/lockout.py, core/client_ip.py; issue #20).

Policy: 5 failures of one username from one address lock that pair; 25 failures from one address over all
usernames (password spraying) lock the address; no lock of a username from every address, so an attacker
cannot lock the real user out. Behind a proxy the address is read from X-Forwarded-For only when the proxy is in
TRUSTED_PROXIES.
"""

import pytest
from django.test import Client

from sikkerhedsnet.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-123"
ATTACKER, USER = "203.0.113.66", "198.51.100.10"
PROXY = "10.0.0.5"


def _login(username: str, password: str, ip: str, forwarded_for: str = ""):  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=ip, HTTP_X_FORWARDED_FOR=forwarded_for) if forwarded_for else Client(REMOTE_ADDR=ip)
    return client.post("/accounts/login/", {"username": username, "password": password})


def _spray(ip: str, count: int, forwarded_for: str = "") -> None:
    for n in range(count):
        _login(f"gaet{n}", "Sommer2026!", ip, forwarded_for)


def test_password_spraying_locks_the_address(caseworker) -> None:
    _spray(ATTACKER, 25)
    assert _login("caseworker", PASSWORD, ATTACKER).status_code == 429


def test_24_failures_over_many_usernames_do_not_lock_the_address(caseworker) -> None:
    _spray(ATTACKER, 24)
    assert _login("caseworker", PASSWORD, ATTACKER).status_code == 302


def test_spraying_from_one_address_does_not_lock_another(caseworker) -> None:
    _spray(ATTACKER, 25)
    assert _login("caseworker", PASSWORD, USER).status_code == 302


def test_failures_for_a_user_from_elsewhere_do_not_lock_the_user_out_of_their_own_address(caseworker) -> None:
    for _ in range(10):
        _login("caseworker", "forkert", ATTACKER)
    assert _login("caseworker", PASSWORD, ATTACKER).status_code == 429
    assert _login("caseworker", PASSWORD, USER).status_code == 302


def test_a_successful_login_does_not_reset_the_address_count(caseworker, team) -> None:
    UserFactory(username="egen", role="caseworker", team=team)
    _spray(ATTACKER, 20)
    assert _login("egen", PASSWORD, ATTACKER).status_code == 302
    _spray(ATTACKER, 5)
    assert _login("caseworker", PASSWORD, ATTACKER).status_code == 429


def test_behind_a_trusted_proxy_an_attacker_cannot_lock_out_a_user(settings, caseworker) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(10):
        _login("caseworker", "forkert", PROXY, forwarded_for=ATTACKER)
    assert _login("caseworker", PASSWORD, PROXY, forwarded_for=USER).status_code == 302


def test_behind_a_trusted_proxy_spraying_locks_the_attackers_address_only(settings, caseworker) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    _spray(PROXY, 25, forwarded_for=ATTACKER)
    assert _login("caseworker", PASSWORD, PROXY, forwarded_for=ATTACKER).status_code == 429
    assert _login("caseworker", PASSWORD, PROXY, forwarded_for=USER).status_code == 302


def test_x_forwarded_for_from_an_untrusted_client_does_not_dodge_the_limit(caseworker) -> None:
    """Without TRUSTED_PROXIES a client's own X-Forwarded-For is ignored: rotating it changes nothing."""
    for n in range(25):
        _login(f"gaet{n}", "Sommer2026!", ATTACKER, forwarded_for=f"192.0.2.{n}")
    assert _login("caseworker", PASSWORD, ATTACKER, forwarded_for="192.0.2.200").status_code == 429
