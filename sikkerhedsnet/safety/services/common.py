"""Small validation helpers shared by the safety services (Danish messages, DomainError on bad input)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.text import clean_text


def text(value: object, *, field: str, max_length: int, required: bool = False) -> str:
    """Cleaned text; refuses too long (and, when required, blank) input."""
    cleaned = clean_text(value) if isinstance(value, str) else ""
    if required and not cleaned:
        raise DomainError(_("Skal udfyldes."), field=field, code="required")
    if len(cleaned) > max_length:
        raise DomainError(_("Højst %(max)s tegn.") % {"max": max_length}, field=field, code="too_long")
    return cleaned


def not_in_future(day: date, *, field: str) -> date:
    if day > timezone.localdate():
        raise DomainError(_("Datoen må ikke ligge i fremtiden."), field=field, code="date_in_future")
    return day


def export_record(*, by: object, child_id: int, target: object, kind: str) -> None:
    """Log an export (PDF) about a child: the data-protection authority expects exports in the log."""
    audit.record(by=by, type=AuditEvent.Type.EXPORTED, target=target, child_id=child_id, new={"kind": kind})
