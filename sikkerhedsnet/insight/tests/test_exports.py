"""The access report's rows and files, built the same way for the page, the download and background jobs."""

import csv
import io

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.insight.exports import access_log_csv, access_log_pdf


def test_csv_keeps_machine_codes_and_reasons(caseworker) -> None:
    audit.record(by=caseworker, type=AuditEvent.Type.BREAK_THE_GLASS, child_id=1, reason="Døgnvagt; akut")
    rows = list(csv.reader(io.StringIO(access_log_csv(AuditEvent.objects.all()).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1:] == ["caseworker", "break_the_glass", "", "", "Døgnvagt; akut"]


def test_pdf_is_a_pdf_even_without_events(db) -> None:
    assert access_log_pdf([], cpr_digits="6101154001").startswith(b"%PDF")


def test_csv_writes_a_formula_in_a_reason_as_text(caseworker) -> None:
    formula = '=HYPERLINK("http://x","y")'  # issue #20: a live link in the auditor's spreadsheet
    audit.record(by=caseworker, type=AuditEvent.Type.BREAK_THE_GLASS, child_id=1, reason=formula)
    rows = list(csv.reader(io.StringIO(access_log_csv(AuditEvent.objects.all()).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == "'" + formula
