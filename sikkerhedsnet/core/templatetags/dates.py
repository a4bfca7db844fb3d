"""The one date format of the user interface (issue #14): long dates in text ("3. december 2026", in English
"3 December 2026"), a moment with its local time, and ISO 8601 in inputs. Loaded as a template builtin
(config/settings.py), so every template uses `{{ day|longdate }}` instead of its own `|date:"..."` style."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language

register = template.Library()

# (date, date with time) per language; Danish writes the time "kl. 14.05" (Retskrivningsordbogen).
FORMATS: dict[str, tuple[str, str]] = {
    "da": ("j. F Y", r"j. F Y \k\l. H.i"),
    "en": ("j F Y", "j F Y, H:i"),
}


def _formats() -> tuple[str, str]:
    return FORMATS.get((get_language() or "da")[:2], FORMATS["da"])


@register.filter(expects_localtime=True)
def longdate(value: date | datetime | None) -> str:
    """A calendar day in text: "3. december 2026"; a moment gives its local day."""
    if not isinstance(value, date):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _formats()[0])


@register.filter(expects_localtime=True)
def longdatetime(value: datetime | date | None) -> str:
    """A moment in text with its Danish local time: "3. december 2026 kl. 14.05"."""
    if not isinstance(value, datetime):
        return longdate(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _formats()[1])


@register.filter
def isodate(value: date | datetime | None) -> str:
    """The day as an input's value: "2026-12-03"."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat() if isinstance(value, date) else ""
