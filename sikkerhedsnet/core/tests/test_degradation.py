"""Graceful degradation when the database is away: 503 with a Danish page, JSON for the API, /healthz says so."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from sikkerhedsnet.accounts.services import api_token_create

DOWN = mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down"))


def test_api_answers_503_json_when_database_unreachable(db, caseworker) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=caseworker, user=caseworker)}")
    with DOWN:
        response = client.get("/api/v1/children?q=a")
    assert (response.status_code, response.json()) == (
        503,
        {"code": "database_unavailable", "message": "The database cannot be reached.", "errors": []},
    )


def test_api_post_answers_503_json_when_database_unreachable(db, caseworker) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=caseworker, user=caseworker)}")
    with DOWN:
        response = client.post("/api/v1/children", json.dumps({"cpr": "1"}), content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (503, "database_unavailable")


def test_api_503_even_with_debug_on(db, caseworker, settings) -> None:
    settings.DEBUG = True
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=caseworker, user=caseworker)}")
    with DOWN:
        response = client.get("/api/v1/children?q=a")
    assert response.status_code == 503 and "Traceback" not in response.content.decode()


def test_form_post_answers_danish_503_when_database_unreachable(db, caseworker, child) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    with DOWN:
        response = client.post(f"/boern/{child.pk}/journal/", {"title": "x", "text": "y", "form_token": "a" * 30})
    assert (
        response.status_code == 503 and "Intet af det, du allerede har gemt, er gået tabt" in response.content.decode()
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once the socket is closed


PROBE = """
import django, json; django.setup()
from django.test import Client
c = Client(raise_request_exception=False)
out = {}
probes = [
    ("healthz", "/healthz", {}),
    ("page", "/boern/mine-sager/", {"HTTP_COOKIE": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}),
    ("api", "/api/v1/children", {"HTTP_AUTHORIZATION": "Bearer skn_x"}),
    ("login", "/accounts/login/", {}),
]
for name, path, kwargs in probes:
    r = c.get(path, **kwargs)
    out[name] = [r.status_code, r.content.decode()[:4000]]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def unreachable():
    """The whole app in a fresh process whose PostgreSQL server does not exist."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PG_TEST", "SQLITE_TEST"))} | {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_closed_port()}/nowhere",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE], cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_unreachable_database_healthz_is_503_database_error(unreachable) -> None:
    status, body = unreachable["healthz"]
    assert (status, json.loads(body)) == (503, {"status": "error", "database": "error"})


def test_unreachable_database_page_is_danish_503(unreachable) -> None:
    status, body = unreachable["page"]
    assert status == 503 and "Systemet er midlertidigt utilgængeligt" in body


def test_unreachable_database_api_is_503_json(unreachable) -> None:
    status, body = unreachable["api"]
    assert (status, json.loads(body)["code"]) == (503, "database_unavailable")


def test_unreachable_database_login_page_still_renders_or_says_503(unreachable) -> None:
    status, body = unreachable["login"]
    assert status in (200, 503) and "Traceback" not in body
