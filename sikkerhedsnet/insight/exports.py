"""The access report for one person as the auditor reads it, and as CSV and PDF files.

Views and background jobs both build their files here, so the columns and wording are the same everywhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.exports import csv_row
from sikkerhedsnet.core.pdf import render_pdf

from . import wording

# The CSV columns are the API contract's access-log fields (GET /api/v1/audit/access-log).
CSV_HEADER = ["at", "user", "action", "object_type", "object_id", "reason"]


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
    """The report for the person it is about, in plain words: when, who (name, role and team), what they did or
    looked at, and why. No usernames, event codes or internal ids (insight/wording.py)."""
    return render_pdf(
        "insight/access_log_pdf.html",
        {
            "rows": wording.lines(events),
            "cpr": cprlib.format_cpr(cpr_digits),
            "generated_at": timezone.localtime(),
            "municipality": municipality,
        },
    )
