"""The client's address behind trusted proxies only (core/client_ip.py); no database."""

import pytest

from sikkerhedsnet.core.client_ip import client_ip_from

PROXIES = ["10.0.0.5", "10.1.0.0/16"]


def test_client_ip_without_trusted_proxies_ignores_x_forwarded_for() -> None:
    assert client_ip_from("10.0.0.5", "203.0.113.7", []) == "10.0.0.5"


def test_client_ip_from_an_untrusted_peer_ignores_x_forwarded_for() -> None:
    assert client_ip_from("198.51.100.9", "203.0.113.7", PROXIES) == "198.51.100.9"


def test_client_ip_from_a_trusted_proxy_is_the_forwarded_client() -> None:
    assert client_ip_from("10.0.0.5", "203.0.113.7", PROXIES) == "203.0.113.7"


def test_client_ip_walks_past_every_trusted_proxy() -> None:
    assert client_ip_from("10.0.0.5", "203.0.113.7, 10.1.2.3", PROXIES) == "203.0.113.7"


def test_client_ip_ignores_what_the_client_put_in_front() -> None:
    """A forged entry lies left of the one our proxy appended, which is the client's real address."""
    assert client_ip_from("10.0.0.5", "192.0.2.1, 203.0.113.7", PROXIES) == "203.0.113.7"


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_client_ip_without_a_usable_forwarded_address_is_the_proxy(header) -> None:
    assert client_ip_from("10.0.0.5", header, PROXIES) == "10.0.0.5"


def test_client_ip_ipv6() -> None:
    assert client_ip_from("::1", "2001:db8::7", ["::1"]) == "2001:db8::7"
