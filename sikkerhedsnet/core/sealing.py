"""Sealing short-lived text at rest (form drafts): Fernet (AES-128-CBC + HMAC) with a key derived from SECRET_KEY.

A draft holds what a caseworker typed about a child; it lives at most a day, so a key rotation that makes old
drafts unreadable loses nothing that matters (`unseal` then answers None).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

_PURPOSE = b"sikkerhedsnet/form-drafts/v1:"


def _fernet() -> Fernet:
    digest = hashlib.sha256(_PURPOSE + settings.SECRET_KEY.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def unseal(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return None
