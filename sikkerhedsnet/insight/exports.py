"""The access report for one person as the auditor reads it, and as CSV and PDF files.

Views and background jobs both build their files here, so the columns and wording are the same everywhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.exports import csv_row
from sikkerhedsnet.core.pdf import render_pdf

# The CSV columns are the API contract's access-log fields (GET /api/v1/audit/access-log).
CSV_HEADER = ["at", "user", "action", "object_type", "object_id", "reason"]

# Why a child was opened (the `purpose` the views pass to the access getter), in words for the auditor.
PURPOSES = {
    "edit": _("redigering af oplysninger"),
    "journal": _("journalnotat"),
    "document": _("upload af dokument"),
    "document_download": _("hentning af dokument"),
    "history": _("tidligere versioner"),
    "relation": _("familie og netværk"),
    "relation_edit": _("familie og netværk"),
    "relation_remove": _("familie og netværk"),
    "case_assign": _("fordeling af sagen"),
    "case_close": _("lukning af sagen"),
    "case_reopen": _("genåbning af sagen"),
    "break_the_glass_search": _("søgning med begrundelse"),
}


@dataclass(frozen=True)
class Row:
    """One audit event as the auditor reads it."""

    at: datetime
    user: str
    action: str
    object: str
    reason: str


def describe(event: AuditEvent) -> Row:
    action = str(event.get_type_display())
    purpose = event.new.get("purpose") if isinstance(event.new, dict) else None
    if purpose:
        action = f"{action} ({PURPOSES.get(purpose, purpose)})"
    return Row(
        at=event.created_at,
        user=event.actor_username or "–",
        action=action,
        object=f"{event.target_model} {event.target_id}".strip() or "–",
        reason=event.reason,
    )


def access_log_csv(events: Iterable[AuditEvent]) -> bytes:
    """UTF-8 with a BOM (Excel), semicolon-separated, machine-readable codes in the contract's columns."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_HEADER)
    for e in events:
        writer.writerow(
            csv_row(
                [
                    timezone.localtime(e.created_at).isoformat(),
                    e.actor_username,
                    e.type,
                    e.target_model,
                    e.target_id,
                    e.reason,  # free text: `=HYPERLINK(...)` is written as text (core/exports.py)
                ]
            )
        )
    return out.getvalue().encode("utf-8")


def access_log_pdf(events: Iterable[AuditEvent], *, cpr_digits: str, municipality: str = "") -> bytes:
    """A4 landscape report for the data subject: who, when, what, and the stated reason."""
    return render_pdf(
        "insight/access_log_pdf.html",
        {
            "rows": [describe(e) for e in events],
            "cpr": cprlib.format_cpr(cpr_digits),
            "generated_at": timezone.localtime(),
            "municipality": municipality,
        },
    )
