"""System checks of the audit chain's key: production refuses to start with a missing, short or development key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

MIN_KEY_LENGTH = 32


@register()
def audit_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """audit.E001: in production the key must be set, at least 32 characters, and not the development key."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    key = getattr(settings, "AUDIT_HMAC_KEY", "") or ""
    development = getattr(settings, "AUDIT_HMAC_KEY_DEVELOPMENT", None)
    if len(key) < MIN_KEY_LENGTH or key == development:
        return [
            Error(
                "AUDIT_HMAC_KEY is missing, shorter than 32 characters or the development key.",
                hint=(
                    "Set AUDIT_HMAC_KEY (or AUDIT_HMAC_KEY_FILE) to a random secret kept outside the database, "
                    "e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'. Never change it afterwards: "
                    "the existing chain would no longer verify."
                ),
                id="audit.E001",
            )
        ]
    return []
