from django import template

from sikkerhedsnet.reports.suppression import suppress
from sikkerhedsnet.reports.tables import danish_int

register = template.Library()


@register.filter(name="suppress")
def suppress_filter(value: int) -> str:
    return suppress(int(value))


@register.filter(name="kr")
def kroner_filter(value: int) -> str:
    """Whole kroner with Danish thousands separators: 3102000 → 3.102.000."""
    return danish_int(int(value))
