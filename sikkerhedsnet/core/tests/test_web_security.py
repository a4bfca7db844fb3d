"""Web security: deploy checks, production headers and cookies, CSP, rate limits of login and API."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from sikkerhedsnet.accounts.services import api_token_create

ROOT = Path(settings.BASE_DIR)


from sikkerhedsnet.core.tests.test_security import _collected_static_root  # noqa: E402


def _production(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run Python in a fresh process with production settings (they are read at start-up)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "PG_TEST", "SQLITE_TEST", "STATIC_"))
    } | {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
        "BACKUP_KEY": secrets.token_urlsafe(48),
        "STATIC_ROOT": _collected_static_root(),
        "DJANGO_ALLOWED_HOSTS": "sikkerhedsnet.kommune.example,testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production(tmp_path) -> None:
    result = _production(
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION_PROBE = """
import django, json; django.setup()
from django.conf import settings
from django.test import Client, override_settings
# Static files need `collectstatic` in production (the manifest); this probe looks at headers and cookies only.
override_settings(STORAGES=settings.STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
c = Client()
plain = c.get('/healthz')
secure = c.get('/accounts/login/', secure=True)
print(json.dumps({
    "redirect": [plain.status_code, plain.get('Location', '')],
    "hsts": secure.get('Strict-Transport-Security', ''),
    "cookies": {name: dict(m.items()) for name, m in secure.cookies.items()},
    "settings": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                 settings.CSRF_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE, settings.CSRF_COOKIE_SAMESITE,
                 settings.DEBUG],
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    result = _production(PRODUCTION_PROBE, tmp_path_factory.mktemp("prod"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production) -> None:
    assert production["redirect"] == [301, "https://testserver/healthz"]


def test_production_sends_hsts_for_a_year_with_subdomains(production) -> None:
    assert production["hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_production_cookies_are_secure_httponly_samesite(production) -> None:
    assert production["settings"] == [True, True, True, True, "Lax", "Lax", False]


def test_production_csrf_cookie_on_the_login_page_is_secure_and_httponly(production) -> None:
    cookie = production["cookies"]["csrftoken"]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def test_session_cookie_is_httponly_and_samesite(db, caseworker) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "caseworker", "password": "test-password-123"})
    cookie = response.cookies["sessionid"]
    assert response.status_code == 302 and (cookie["httponly"], cookie["samesite"]) == (True, "Lax")


def test_pages_forbid_inline_scripts_and_framing(client, db) -> None:
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_pages_send_nosniff_and_same_origin_referrer(client, db) -> None:
    response = client.get("/accounts/login/")
    assert (response["X-Content-Type-Options"], response["Referrer-Policy"]) == ("nosniff", "same-origin")


# ----------------------------------------------------------------------------------------- rate limits


def test_login_locks_after_five_failures_even_with_the_right_password(db, caseworker) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "caseworker", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "caseworker", "password": "test-password-123"})
    assert response.status_code in (403, 429) and "_auth_user_id" not in client.session


def test_api_rate_limit_answers_429_in_the_error_shape(db, caseworker, settings) -> None:
    settings.API_THROTTLE_RATE = "3/min"
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=caseworker, user=caseworker)}")
    statuses = [client.get("/api/v1/children?q=a").status_code for _ in range(3)]
    refused = client.get("/api/v1/children?q=a")
    assert statuses == [200, 200, 200] and refused.status_code == 429
    assert refused.json()["code"] == "rate_limited" and set(refused.json()) == {"code", "message", "errors"}
    assert int(refused["Retry-After"]) > 0


def test_api_rate_limit_is_per_user(db, caseworker, colleague_same_team, settings) -> None:
    settings.API_THROTTLE_RATE = "2/min"
    mine = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=caseworker, user=caseworker)}")
    theirs = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=colleague_same_team, user=colleague_same_team)}")
    for _ in range(3):
        mine.get("/api/v1/children?q=a")
    assert theirs.get("/api/v1/children?q=a").status_code == 200


def test_api_malformed_json_is_422_in_the_error_shape(db, caseworker) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=caseworker, user=caseworker)}")
    response = client.post("/api/v1/children", data="{nope", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


def test_openapi_schema_declares_401_422_429_503_on_every_operation(client, db) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "422", "429", "503"} <= set(operation["responses"]), f"{method} {path}"


def test_api_docs_use_local_assets_only(client, db) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in html.lower() and "/static/ninja/swagger-ui-bundle.js" in html


def test_api_docs_scripts_and_styles_are_our_own_static_files(client, db) -> None:
    """Every script and stylesheet of the Swagger UI page is a local static file that exists, so the CSP
    (script-src 'self') lets the page load; none is inline."""
    import re

    from django.contrib.staticfiles import finders

    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assets = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html) + re.findall(r'<link[^>]*\shref="([^"]+\.css)"', html)
    assert response.status_code == 200 and assets
    assert all(a.startswith("/static/") and finders.find(a.removeprefix("/static/")) for a in assets), assets
    assert "script-src 'self'" in response["Content-Security-Policy"]
