"""Small validation helpers shared by the safety services (Danish messages, DomainError on bad input)."""

from __future__ import annotations

from datetime import date

from django.db.models import Model
from django.utils import timezone

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import validation

text = validation.text  # cleaned text; refuses too long (and, when required, blank) input


def not_in_future(day: date, *, field: str) -> date:
    """The day, unless it is after today (Danish time)."""
    validation.not_in_future(day, today=timezone.localdate(), field=field)
    return day


def export_record(*, by: User, child_id: int, target: Model, kind: str) -> None:
    """Log an export (PDF) about a child: the data-protection authority expects exports in the log."""
    audit.record(by=by, type=AuditEvent.Type.EXPORTED, target=target, child_id=child_id, new={"kind": kind})
