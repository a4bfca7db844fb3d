"""{% form_token %}: the hidden one-time token for forms whose view uses @single_submit."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sikkerhedsnet.core.formtokens import FIELD_NAME, new_token

register = template.Library()


@register.simple_tag
def form_token() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_token())
