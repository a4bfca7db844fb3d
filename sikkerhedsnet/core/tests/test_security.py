"""Security headers on pages, and the production settings (checked in a subprocess with DJANGO_ENV=production)."""

import functools
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@functools.cache
def _collected_static_root() -> str:
    """A STATIC_ROOT as `collectstatic` leaves it (its manifest), so production settings find their static files."""
    root = Path(tempfile.mkdtemp(prefix="skn-static-"))
    (root / "staticfiles.json").write_text(json.dumps({"paths": {}, "version": "1.1", "hash": ""}))
    return str(root)


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "OTP_", "STATIC_"))}
    env |= {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
        "BACKUP_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "sikkerhedsnet.demo-kommune.invalid",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "STATIC_ROOT": _collected_static_root(),
    }
    return env | extra


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_audit_key() -> None:
    env = _production_env()
    del env["AUDIT_HMAC_KEY"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0 and "AUDIT_HMAC_KEY" in result.stderr


def test_production_refuses_to_run_commands_without_a_backup_key() -> None:
    env = _production_env()
    del env["BACKUP_KEY"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0 and "backup.E001" in result.stderr


def test_production_refuses_a_short_audit_key() -> None:
    result = _run(["manage.py", "check"], _production_env(AUDIT_HMAC_KEY="short"))
    assert result.returncode != 0 and "audit.E001" in result.stderr


def test_production_refuses_to_start_before_collectstatic(tmp_path) -> None:
    """Without the manifest every page would be a 500 (issue #20): `manage.py check` fails with core.E001."""
    result = _run(["manage.py", "check"], _production_env(STATIC_ROOT=str(tmp_path / "static")))
    assert result.returncode != 0 and "core.E001" in result.stderr


def test_production_wsgi_refuses_to_start_before_collectstatic(tmp_path) -> None:
    """The WSGI server (gunicorn) runs no system checks: loading the application itself fails."""
    result = _run(["-c", "import config.wsgi"], _production_env(STATIC_ROOT=str(tmp_path / "static")))
    assert result.returncode != 0 and "core.E001" in result.stderr


def test_production_wsgi_starts_after_collectstatic() -> None:
    result = _run(["-c", "import config.wsgi"], _production_env())
    assert result.returncode == 0, result.stderr


def test_collectstatic_is_not_blocked_by_the_missing_manifest(tmp_path) -> None:
    """The check must not block the command that fixes it: collectstatic runs only the `staticfiles` checks."""
    env = _production_env(STATIC_ROOT=str(tmp_path / "static"))
    result = _run(["manage.py", "check", "--tag", "staticfiles"], env)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def production_settings() -> dict[str, object]:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        " 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY',"
        " 'SECURE_SSL_REDIRECT', 'X_FRAME_OPTIONS', 'OTP_REQUIRED', 'SESSION_COOKIE_AGE']}))"
    )
    result = _run(["-c", code], _production_env())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_turns_on_hsts_for_a_year_with_subdomains(production_settings) -> None:
    assert (
        production_settings["SECURE_HSTS_SECONDS"] >= 31536000 and production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    )


def test_production_cookies_are_secure_and_httponly(production_settings) -> None:
    assert all(
        production_settings[k]
        for k in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY")
    )


def test_production_redirects_to_https_and_has_no_debug(production_settings) -> None:
    assert production_settings["SECURE_SSL_REDIRECT"] and not production_settings["DEBUG"]


def test_production_requires_two_factor_and_30_minute_sessions(production_settings) -> None:
    assert production_settings["OTP_REQUIRED"] and production_settings["SESSION_COOKIE_AGE"] == 30 * 60


# Headers on a real page


@pytest.fixture
def page_response(client, caseworker):  # type: ignore[no-untyped-def]
    client.force_login(caseworker)
    return client.get("/boern/mine-sager/")


def test_csp_allows_no_inline_scripts_or_styles(page_response) -> None:
    csp = page_response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_csp_forbids_framing_and_foreign_forms(page_response) -> None:
    csp = page_response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp and "object-src 'none'" in csp


def test_page_cannot_be_framed(page_response) -> None:
    assert page_response["X-Frame-Options"] == "DENY"


def test_referrer_policy_keeps_urls_in_the_site(page_response) -> None:
    assert page_response["Referrer-Policy"] == "same-origin"


def test_content_type_sniffing_is_off(page_response) -> None:
    assert page_response["X-Content-Type-Options"] == "nosniff"


def test_pages_carry_no_inline_script_or_style(client, caseworker, child) -> None:
    client.force_login(caseworker)
    for path in ("/boern/mine-sager/", f"/boern/{child.pk}/", "/boern/", "/accounts/profil/"):
        body = client.get(path).content.decode()
        assert "<script>" not in body and "<style" not in body and ' style="' not in body, path
