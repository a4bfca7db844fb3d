"""Writes of the tasks room: a user's saved filters. Each one atomic and audited."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

from . import rules
from .models import SavedFilter

MAX_SAVED_FILTERS = 30  # per user and page: a list to pick from, not a store


@transaction.atomic
def saved_filter_save(*, by: User, page: str, name: str, filters: dict[str, str]) -> SavedFilter:
    """Save the filter under a name (the same name on the same page replaces the old one)."""
    if page not in SavedFilter.Page.values:
        raise DomainError(_("Ukendt side."), field="page", code="invalid")
    name = validation.text(name, field="name", max_length=80, required=True)
    clean = rules.clean_filter(filters)
    if not clean:
        raise DomainError(_("Vælg mindst ét filter, før du gemmer."), field="name", code="required")
    mine = SavedFilter.objects.filter(user=by, page=page)
    if not mine.filter(name=name).exists() and mine.count() >= MAX_SAVED_FILTERS:
        raise DomainError(_("Du har for mange gemte filtre her. Slet et først."), field="name", code="too_many")
    saved, created = SavedFilter.objects.update_or_create(
        user=by, page=page, name=name, defaults={"query": urlencode(sorted(clean.items()))}
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED if created else AuditEvent.Type.CHANGED,
        target=saved,
        new={"page": page, "query": saved.query},
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, by: User, filter_id: int) -> None:
    """Delete one of the user's own saved filters (another's is as if it did not exist)."""
    saved = SavedFilter.objects.select_for_update().get(pk=filter_id, user=by)
    audit.record(by=by, type=AuditEvent.Type.DELETED, target=saved, old={"page": saved.page, "query": saved.query})
    saved.delete()
