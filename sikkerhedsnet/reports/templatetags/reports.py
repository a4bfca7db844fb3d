from django import template

from sikkerhedsnet.reports.suppression import suppress

register = template.Library()


@register.filter(name="suppress")
def suppress_filter(value: int) -> str:
    return suppress(int(value))
