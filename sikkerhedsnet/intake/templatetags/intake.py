"""Display helpers for intake templates (no queries)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def countdown(due_at: datetime | None, now: datetime) -> str:
    """'om 5 t 20 min' before an hour-based deadline, 'overskredet med 3 t' after it."""
    if due_at is None:
        return ""
    seconds = int((due_at - now).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    span = _("%(h)s t %(m)s min") % {"h": hours, "m": minutes} if hours < 48 else _("%(d)s døgn") % {"d": hours // 24}
    if seconds >= 0:
        return _("om %(span)s") % {"span": span}
    return _("overskredet med %(span)s") % {"span": span}


@register.filter
def is_past(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and due_at < now
