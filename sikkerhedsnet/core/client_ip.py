"""The client's IP address, behind reverse proxies only when they are trusted (`TRUSTED_PROXIES`).

`X-Forwarded-For` is written by whoever sends the request, so it is read only when the direct peer
(`REMOTE_ADDR`) is one of the configured proxies; then the list is walked from the right (the entry the nearest
proxy appended) past every trusted proxy, and the first address that is not one is the client. A client that
puts its own `X-Forwarded-For` in front gains nothing: its entries lie to the left of the one our proxy appended.
Without `TRUSTED_PROXIES` the header is ignored and every request behind one proxy has the proxy's address.
Used by the login lockout (`AXES_CLIENT_IP_CALLABLE`; README, "Accounts and sessions").
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def trusted_networks(proxies: Iterable[str]) -> tuple[Network, ...]:
    """The proxies as networks ("10.0.0.5", "10.1.0.0/16", "::1"); a malformed entry raises ValueError."""
    return _networks(tuple(proxies))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip_from(remote_addr: str | None, forwarded_for: str, proxies: Iterable[str]) -> str | None:
    """The client's address from the peer's address, the X-Forwarded-For header and the trusted proxies."""
    networks = trusted_networks(proxies)

    def trusted(text: str | None) -> bool:
        address = _address(text or "")
        return address is not None and any(address in network for network in networks)

    if not networks or not trusted(remote_addr):
        return remote_addr
    client = remote_addr
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if _address(hop) is None:
            break  # garbage: keep the last address a trusted proxy vouched for
        client = hop
        if not trusted(hop):
            break
    return client


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address of a request (see the module docstring)."""
    return client_ip_from(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        getattr(settings, "TRUSTED_PROXIES", ()),
    )
