"""System checks of the ground floor: production refuses to start without its collected static files."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def static_manifest_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """core.E001: in production the static files' manifest (`collectstatic`) must exist in STATIC_ROOT.

    Without it every page that names a static file fails with a 500 (the manifest storage cannot map the name to
    its hashed copy), so the server must not start instead. `make serve` runs `collectstatic` first. Not tagged
    `staticfiles`, so `collectstatic` itself (which runs only those checks) still works.
    """
    if not getattr(settings, "PRODUCTION", False):
        return []
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name is None or staticfiles_storage.exists(manifest_name):
        return []
    return [
        Error(
            f"The static files are not collected: {settings.STATIC_ROOT}/{manifest_name} is missing, so every page "
            "would answer 500.",
            hint="Run `manage.py collectstatic --noinput` before starting the server (`make serve` does).",
            id="core.E001",
        )
    ]


def raise_for_startup_errors() -> None:
    """For the WSGI entry point, which runs no system checks: stop a production server that would answer 500s."""
    from django.core.exceptions import ImproperlyConfigured

    errors = static_manifest_check()
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg} {e.hint}" for e in errors))
