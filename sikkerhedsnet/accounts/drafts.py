"""Form drafts: nothing typed is ever lost (issue #14 item 2).

Two ways in: long forms autosave (static/js/app.js, `draft_save`), and a POST that arrives after the session has
expired is kept (`draft_keep_unclaimed`, from `FormDraftMiddleware`) and claimed by the next login in the same
browser (`drafts_claim`). The form page restores the draft; a successful save of the form discards it. The text
is sealed at rest, never logged, and expires after a day. Drafts are not audited: they are the user's own unsaved
words, not yet part of the case, and an audit row would keep them (or their existence) beyond the day.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sikkerhedsnet.core.sealing import seal, unseal

from .models import FormDraft, User

DRAFT_LIFETIME = timedelta(days=1)
CLAIM_COOKIE = "skn_kladde"
LAST_USER_COOKIE = "skn_bruger"  # signed: whose draft a POST without a session is
LAST_USER_SALT = "sikkerhedsnet.form-drafts.last-user"
SESSION_KEY = "_form_drafts"  # the form paths this session has drafts for: a successful save discards them
MAX_DRAFT_CHARS = 200_000
MAX_PATH = 300
# Never kept: the one-time tokens of the form that was posted (a draft is submitted again as a fresh form).
SKIPPED_FIELDS = frozenset({"csrfmiddlewaretoken", "form_token"})

Fields = dict[str, list[str]]


def claim_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_fields(raw: dict[str, list[str]]) -> Fields | None:
    """The fields worth keeping, or None when nothing was typed or the draft is too large to keep."""
    fields = {name: [str(v) for v in values] for name, values in raw.items() if name not in SKIPPED_FIELDS}
    if not any(v.strip() for values in fields.values() for v in values):
        return None
    if sum(len(name) + sum(len(v) for v in values) for name, values in fields.items()) > MAX_DRAFT_CHARS:
        return None
    return fields


def _sealed(fields: Fields) -> str:
    return seal(json.dumps(fields, ensure_ascii=False))


def _purge_expired() -> None:
    FormDraft.objects.filter(expires_at__lte=timezone.now()).delete()


@transaction.atomic
def draft_keep_unclaimed(*, user_id: int, token: str, form_path: str, page_path: str, fields: Fields) -> FormDraft:
    """Keep what was posted without a session, for this user's next login with the browser's token."""
    _purge_expired()
    now = timezone.now()
    return FormDraft.objects.create(
        user_id=user_id,
        claimed=False,
        claim_hash=claim_hash(token),
        form_path=form_path[:MAX_PATH],
        page_path=page_path[:MAX_PATH],
        sealed_fields=_sealed(fields),
        created_at=now,
        expires_at=now + DRAFT_LIFETIME,
    )


def unclaimed_draft_exists(token: str) -> bool:
    return (
        bool(token)
        and FormDraft.objects.filter(
            claimed=False, claim_hash=claim_hash(token), expires_at__gt=timezone.now()
        ).exists()
    )


@transaction.atomic
def drafts_claim(*, user: User, token: str) -> list[str]:
    """Claim the browser's drafts kept for the user who just logged in; returns their form paths."""
    if not token:
        return []
    drafts = list(
        FormDraft.objects.select_for_update()
        .filter(user=user, claimed=False, claim_hash=claim_hash(token), expires_at__gt=timezone.now())
        .order_by("created_at")
    )
    paths = []
    for draft in drafts:
        FormDraft.objects.filter(user=user, form_path=draft.form_path, claimed=True).delete()  # the newest wins
        draft.claimed, draft.claim_hash = True, ""
        draft.save(update_fields=["claimed", "claim_hash"])
        paths.append(draft.form_path)
    return paths


@transaction.atomic
def draft_save(*, user: User, form_path: str, page_path: str, fields: Fields) -> FormDraft:
    """Autosave: the user's one draft of this form, replaced each time."""
    now = timezone.now()
    draft, _ = FormDraft.objects.update_or_create(
        user=user,
        claimed=True,
        form_path=form_path[:MAX_PATH],
        defaults={
            "page_path": page_path[:MAX_PATH],
            "sealed_fields": _sealed(fields),
            "created_at": now,
            "expires_at": now + DRAFT_LIFETIME,
        },
    )
    return draft


def draft_for(user: User, form_path: str) -> tuple[Fields, FormDraft] | None:
    """The user's live draft of this form, unsealed (None when there is none or it can no longer be read)."""
    draft = FormDraft.objects.filter(
        user=user, claimed=True, form_path=form_path, expires_at__gt=timezone.now()
    ).first()
    if draft is None:
        return None
    text = unseal(draft.sealed_fields)
    if text is None:
        return None
    return json.loads(text), draft


def draft_discard(*, user: User, form_path: str) -> None:
    FormDraft.objects.filter(user=user, claimed=True, form_path=form_path).delete()
