"""Exports (CSV, XLSX, committee PDF): data date shown, small numbers suppressed, every export logged."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.template.loader import render_to_string
from openpyxl import load_workbook

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.reports import exports
from sikkerhedsnet.reports.business_cases import documents as business_case_documents
from sikkerhedsnet.reports.business_cases import services as business_case_services
from sikkerhedsnet.reports.business_cases.examples import BILLUND
from sikkerhedsnet.reports.early_intervention import documents as early_documents
from sikkerhedsnet.reports.tables import Column, Report, Section, Table

from .factories import ConsultationFactory, DistrictFactory, EarlyInterventionProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(municipality):
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


def _small_report():
    with time_machine.travel("2026-03-24 09:15 +01:00", tick=False):
        return Report(
            title="Test",
            slug="test",
            sections=[
                Section(
                    "Antal",
                    Table(
                        "Antal", [Column("Team"), Column("Sager", "count")], [["A", 0], ["B", 1], ["C", 4], ["D", 5]]
                    ),
                ),
            ],
        )


def test_csv_suppresses_1_to_4_and_keeps_0_and_5() -> None:
    text = exports.csv_bytes(_small_report(), suppressed=True).decode("utf-8-sig")
    assert "A;0\r\nB;<5\r\nC;<5\r\nD;5\r\n" in text


def test_csv_shows_the_date_of_the_data() -> None:
    text = exports.csv_bytes(_small_report(), suppressed=True).decode("utf-8-sig")
    assert "Data pr. 24. marts 2026 kl. 09:15" in text.splitlines()[1]


def test_xlsx_has_numbers_as_numbers_and_suppressed_counts_as_text() -> None:
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(_small_report(), suppressed=True)))
    sheet = book.worksheets[1]
    assert [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)] == [0, "<5", "<5", 5]


def test_xlsx_front_sheet_has_title_data_date_and_suppression_note() -> None:
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(_small_report(), suppressed=True)))
    cells = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert cells[0] == "Test" and cells[1].startswith("Data pr. 24. marts 2026") and '"<5"' in cells[2]


def test_pdf_is_a_pdf() -> None:
    assert exports.pdf_bytes(_small_report(), suppressed=True).startswith(b"%PDF")


def test_billund_pdf_html_holds_the_exact_table(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    report = business_case_documents.business_case_report(case, today=date(2026, 1, 1))
    sections = [
        {
            "heading": s.heading,
            "text": s.text,
            "table": exports.render_table(s.table, suppressed=True),
            "chart_uri": "",
            "chart_alt": "",
        }
        for s in report.sections
    ]
    html = render_to_string("reports/pdf/report.html", {"report": report, "sections": sections, "data_date": "x"})
    assert all(f">{v}<" in html for v in ("-3.102.000", "-2.068.000", "-1.034.000", "-6.204.000"))


def test_early_intervention_pdf_follows_the_template_structure(head, municipality) -> None:
    project = EarlyInterventionProjectFactory(municipality=municipality, goal="Hurtigere hjælp")
    report = early_documents.early_intervention_report(project, 2017, 2018, suppressed=True)
    sections = [
        {"table": exports.render_table(s.table, suppressed=True), "chart_uri": "", "chart_alt": ""}
        for s in report.sections
    ]
    html = render_to_string(
        "reports/pdf/early_intervention.html",
        {"project": project, "sections": sections, "data_date": "x", "first_year": 2017, "last_year": 2018},
    )
    headings = [
        "Projekt og projektleder",
        "Kort beskrivelse",
        "Projektstatus",
        "Økonomi",
        "Evalueringsresultater",
        "Organisatorisk læring",
        "Sammenhæng med andre tidlige indsatser",
        "Fremtidsscenarier og justeringer",
    ]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions) and "Hurtigere hjælp" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_caseload_export_formats_and_audit(client, head, team, caseworker, fmt) -> None:
    ChildFactory(case__team=team, case__caseworker=caseworker)
    client.force_login(head)
    response = client.get(f"/rapporter/sagstal/eksport/{fmt}/")
    assert response.status_code == 200 and response["Content-Type"] == exports.CONTENT_TYPES[fmt]
    assert response["Content-Disposition"].startswith('attachment; filename="sagstal-')
    assert AuditEvent.objects.filter(type="exported", actor_id=head.pk).exists()


def test_caseload_export_is_suppressed_even_for_the_head(client, head, team, caseworker) -> None:
    for _ in range(2):
        ChildFactory(case__team=team, case__caseworker=caseworker)
    client.force_login(head)
    text = client.get("/rapporter/sagstal/eksport/csv/").content.decode("utf-8-sig")
    assert f"{caseworker.get_full_name()};Team A;<5;" in text


def test_early_intervention_pdf_export(client, head, municipality) -> None:
    project = EarlyInterventionProjectFactory(municipality=municipality)
    ConsultationFactory(district=DistrictFactory(project=project), requested_on=date(2018, 1, 2))
    client.force_login(head)
    response = client.get(f"/rapporter/tidlig-indsats/{project.pk}/eksport/pdf/?first_year=2017&last_year=2018")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


FORMULA = '=HYPERLINK("http://x","y")'  # issue #20: a name or title a spreadsheet would run


def _report_with_formulas():
    return Report(
        title="@SUM(1+1)",
        slug="test",
        intro="+cmd",
        sections=[Section("=1+1", Table(FORMULA, [Column("-Team"), Column("Sager", "count")], [[FORMULA, 5]]))],
    )


def test_csv_writes_formulas_as_text() -> None:
    text = exports.csv_bytes(_report_with_formulas(), suppressed=False).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["'@SUM(1+1)"] and ["'-Team", "Sager"] in rows and ["'" + FORMULA, "5"] in rows


def test_xlsx_holds_values_never_formulas() -> None:
    book = load_workbook(io.BytesIO(exports.xlsx_bytes(_report_with_formulas(), suppressed=False)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'" + FORMULA in [cell.value for cell in cells] and "'@SUM(1+1)" in [cell.value for cell in cells]
