"""PDF rendering with WeasyPrint from a Django template (A4, Danish, fonts shipped with the OS)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render `template` to a PDF. Static files (CSS, images) resolve from the local static folders."""
    from weasyprint import HTML  # imported lazily: heavy, and only PDF views need it

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
