"""A Report as CSV, XLSX (openpyxl) or a committee PDF (WeasyPrint). Every file shows the date of its data.

Files leave the department, so aggregate reports are always exported suppressed; a child's own measurements
are personal data (not statistics) and are exported in full, with the export logged against the child.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sikkerhedsnet.core.charts import svg_data_uri
from sikkerhedsnet.core.exports import csv_row, xlsx_append
from sikkerhedsnet.core.pdf import render_pdf

from .tables import COUNT, KR, NUMERIC_KINDS, PERCENT, SHARE, Report, cell_value, render_table, suppression_note

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def data_date_text(report: Report) -> str:
    return _("Data pr. %(when)s") % {"when": date_format(timezone.localtime(report.data_at), "j. F Y \\k\\l. H:i")}


def _filename(report: Report, extension: str) -> str:
    stamp = timezone.localtime(report.data_at).strftime("%Y-%m-%d")
    return f"{report.slug}-{stamp}.{extension}"


def _attachment(content: bytes, report: Report, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, extension)}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_bytes(report: Report, *, suppressed: bool) -> bytes:
    """Semicolon-separated UTF-8 with BOM (what Danish Excel opens directly); the data date first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_row([report.title]))
    writer.writerow(csv_row([data_date_text(report)]))
    if suppressed:
        writer.writerow(csv_row([suppression_note()]))
    for section in report.sections:
        rendered = render_table(section.table, suppressed=suppressed)
        writer.writerow([])
        writer.writerow(csv_row([rendered.title]))
        writer.writerow(csv_row([label for label, _numeric in rendered.headers]))
        for row in rendered.rows:
            writer.writerow(csv_row([text for text, _numeric in row]))
        if rendered.note:
            writer.writerow(csv_row([rendered.note]))
    if report.method:
        writer.writerow([])
        writer.writerow(csv_row([report.method]))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Tabel"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def xlsx_bytes(report: Report, *, suppressed: bool) -> bytes:
    """A front sheet (title, data date, suppression, method) and one sheet per table, numbers as numbers."""
    workbook = Workbook()
    front = workbook.active
    front.title = _("Om rapporten")[:31]
    xlsx_append(front, [report.title])
    front["A1"].font = Font(bold=True, size=14)
    xlsx_append(front, [data_date_text(report)])
    for text in (report.intro, suppression_note() if suppressed else "", report.method):
        if text:
            xlsx_append(front, [text])
    front.column_dimensions["A"].width = 100
    used = {front.title}
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_title(str(section.table.title), used))
        xlsx_append(sheet, [str(section.table.title)])
        sheet["A1"].font = Font(bold=True)
        xlsx_append(sheet, [data_date_text(report)])
        xlsx_append(sheet, [str(c.label) for c in section.table.columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in section.table.rows:
            xlsx_append(
                sheet, [_xlsx_value(v, c.kind, suppressed) for v, c in zip(row, section.table.columns, strict=True)]
            )
        for index, column in enumerate(section.table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 14 if column.kind in NUMERIC_KINDS else 36
            number_format = {KR: "#,##0", COUNT: "0", PERCENT: "0.0", SHARE: "0.0"}.get(column.kind)
            if number_format:
                for cell in sheet[letter][3:]:
                    if isinstance(cell.value, int | float):
                        cell.number_format = number_format
        if section.table.note:
            sheet.append([])
            xlsx_append(sheet, [str(section.table.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any, kind: str, suppressed: bool) -> Any:
    text, number = cell_value(value, kind, suppressed=suppressed)
    return number if isinstance(number, int | float) else text


def pdf_bytes(
    report: Report, *, suppressed: bool, template: str = "reports/pdf/report.html", extra: dict[str, Any] | None = None
) -> bytes:
    sections = [
        {
            "heading": s.heading,
            "text": s.text,
            "table": render_table(s.table, suppressed=suppressed),
            "chart_uri": svg_data_uri(s.chart.svg) if s.chart else "",
            "chart_alt": s.chart.alt if s.chart else "",
        }
        for s in report.sections
    ]
    context = {
        "report": report,
        "sections": sections,
        "data_date": data_date_text(report),
        "suppression_note": suppression_note() if suppressed else "",
        "printed_at": timezone.localtime(),
        **(extra or {}),
    }
    return render_pdf(template, context)


def export_response(
    report: Report,
    fmt: str,
    *,
    suppressed: bool,
    pdf_template: str = "reports/pdf/report.html",
    pdf_extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if fmt == "csv":
        return _attachment(csv_bytes(report, suppressed=suppressed), report, "csv")
    if fmt == "xlsx":
        return _attachment(xlsx_bytes(report, suppressed=suppressed), report, "xlsx")
    return _attachment(pdf_bytes(report, suppressed=suppressed, template=pdf_template, extra=pdf_extra), report, "pdf")
