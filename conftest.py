"""Shared test setup: Copenhagen time, no network, and the permission cast (caseworker, colleague, outsider)."""

from __future__ import annotations

import os
import socket

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("TZ", "Europe/Copenhagen")

# Property tests check rules, not speed: several suites share one machine, so a wall-clock deadline only
# produces flaky failures. Example counts stay at Hypothesis' default; `HYPOTHESIS_PROFILE=soak` (make soak)
# runs a thousand examples per property.
hypothesis_settings.register_profile("sikkerhedsnet", deadline=None)
hypothesis_settings.register_profile("soak", deadline=None, max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sikkerhedsnet"))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may talk to loopback (PostgreSQL, the live server) but never to the network."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        loopback = isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))
        if isinstance(host, str) and not loopback and self.family != socket.AF_UNIX:
            raise RuntimeError(f"network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate-limit counters live in the cache; a test must not inherit another test's (ids are reused)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_hasher(request: pytest.FixtureRequest, settings) -> None:  # type: ignore[no-untyped-def]
    """MD5 keeps the suite fast; tests marked `real_password_hasher` keep the configured Argon2."""
    if request.node.get_closest_marker("real_password_hasher") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def municipality(db):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory

    return MunicipalityFactory()


@pytest.fixture
def team(municipality):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import TeamFactory

    return TeamFactory(department__municipality=municipality, name="Team A")


@pytest.fixture
def other_team(municipality):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import TeamFactory

    return TeamFactory(department__municipality=municipality, name="Team B")


@pytest.fixture
def caseworker(team):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    return UserFactory(username="caseworker", role="caseworker", team=team)


@pytest.fixture
def colleague_same_team(team):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    return UserFactory(username="colleague", role="caseworker", team=team)


@pytest.fixture
def outsider(other_team):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    return UserFactory(username="outsider", role="caseworker", team=other_team)


@pytest.fixture
def team_leader(team):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    return UserFactory(username="leader", role="team_leader", team=team)


@pytest.fixture
def child(caseworker):  # type: ignore[no-untyped-def]
    """A child whose case is held by `caseworker` in `team`."""
    from sikkerhedsnet.children.tests.factories import ChildFactory

    return ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)


@pytest.fixture
def api_client(db):  # type: ignore[no-untyped-def]
    """api_client(user) -> a Django test client that sends that user's bearer token."""
    from django.test import Client

    from sikkerhedsnet.accounts.services import api_token_create

    def make(user):  # type: ignore[no-untyped-def]
        token = api_token_create(by=user, user=user)
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


@pytest.fixture
def page(live_server):  # type: ignore[no-untyped-def]
    """A Playwright page in Debian's Chromium; console errors (e.g. CSP violations) fail the test."""
    from playwright.sync_api import sync_playwright

    from sikkerhedsnet.testing.browser import CHROMIUM, CHROMIUM_ARGS

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        pg = context.new_page()
        errors: list[str] = []
        # JavaScript errors and CSP violations fail the test; so does any sub-resource (CSS, JS, image) that
        # fails to load. A page navigated to on purpose may answer 404 (need-to-know tests).
        pg.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on(
            "response",
            lambda r: (
                errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )
        yield pg
        context.close()
        browser.close()
    assert not errors, f"browser errors: {errors}"


@pytest.fixture
def browser_without_js(live_server):  # type: ignore[no-untyped-def]
    """A Playwright page with JavaScript switched off: the product must work without it."""
    from playwright.sync_api import sync_playwright

    from sikkerhedsnet.testing.browser import CHROMIUM, CHROMIUM_ARGS

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="da-DK", java_script_enabled=False
        )
        yield context.new_page()
        context.close()
        browser.close()


# A test that touches no database checks a pure rule: it gives the same answer on every engine, so the PostgreSQL
# run of `make test` (DB_FREE_TESTS=skip) leaves it to the SQLite run instead of running it twice.
_DB_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("DB_FREE_TESTS") != "skip":
        return
    keep, skipped = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (keep if uses_db else skipped).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = keep
