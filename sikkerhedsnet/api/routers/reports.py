"""API: the reports app (docs/api-contract.md, Reports): the caseload, the business-case computation, and the
management dashboard and placement economics as JSON (the same `tables.Report` as the pages and the exports)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, WithJsonSchema

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error, error_response
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.reports.access import COMPLIANCE_ROLES, REPORT_ROLES, is_suppressed_for, require
from sikkerhedsnet.reports.business_cases.rules import BusinessCaseInvalid, compute
from sikkerhedsnet.reports.compliance_selectors import compliance_figures
from sikkerhedsnet.reports.management_documents import dashboard_report, placement_economics_report
from sikkerhedsnet.reports.rules import compliance as compliance_rules
from sikkerhedsnet.reports.rules.management import default_months, default_years, month_end
from sikkerhedsnet.reports.rules.periods import validate_date_period, validate_year_range
from sikkerhedsnet.reports.selectors import caseload_for, report_team_ids
from sikkerhedsnet.reports.suppression import is_small
from sikkerhedsnet.reports.tables import NUMERIC_KINDS, Report, cell_value, suppression_note

router = Router(tags=["reports"])

# Amounts and years are validated by the business-case rule, so that a wrong type gets the same clear code
# (invalid_amount, invalid_years, ...) as a wrong value; the schema documents them as integers.
Integer = Annotated[Any, WithJsonSchema({"type": "integer"})]
IntegerList = Annotated[Any, WithJsonSchema({"type": "array", "items": {"type": "integer"}})]
Text = Annotated[Any, WithJsonSchema({"type": "string"})]


class InvestmentIn(BaseModel):  # plain pydantic: ninja's Schema would turn any object into a line
    label: Text = Field(None, description="What the money is spent on")
    amount_per_year: Integer = Field(None, description="Whole kroner, the same every year (a cost, ≥ 0)")
    amounts: IntegerList = Field(None, description="Extension: one amount per year instead of amount_per_year")


class SavingIn(BaseModel):
    label: Text = Field(None, description="What is saved")
    increment_per_year: Integer = Field(None, description="Whole kroner; year k saves k × increment")
    amounts: IntegerList = Field(None, description="Instead of increment_per_year: one amount per year")


class BusinessCaseIn(Schema):
    first_year: Integer = Field(..., description="The first year, e.g. 2016")
    years: Integer = Field(..., description="Number of years, 1–30")
    investments: list[InvestmentIn] | Any = Field(default_factory=list)
    savings: list[SavingIn] | Any = Field(default_factory=list)


class YearOut(Schema):
    year: int
    investment: int
    savings: int
    net: int
    cumulative: int


class BusinessCaseOut(Schema):
    years: list[YearOut]
    first_non_negative_year: int | None = Field(..., description="First year whose net is ≥ 0 (break-even)")
    payback_year: int | None = Field(..., description="First year whose cumulative net is ≥ 0; null if none")


def _as_data(payload: BusinessCaseIn) -> dict[str, Any]:
    def lines(value: Any) -> Any:
        if isinstance(value, list):
            return [item.model_dump(exclude_none=True) if isinstance(item, BaseModel) else item for item in value]
        return value

    return {
        "first_year": payload.first_year,
        "years": payload.years,
        "investments": lines(payload.investments),
        "savings": lines(payload.savings),
    }


@router.post(
    "/business-cases/compute",
    response={200: BusinessCaseOut, 422: Error},
    summary="Compute a business case: net and cumulative per year, break-even and payback",
)
def compute_business_case(request: AuthenticatedHttpRequest, payload: BusinessCaseIn) -> Any:
    """Pure computation; nothing is stored. Every amount is whole kroner ≥ 0 (investments are costs)."""
    try:
        result = compute(_as_data(payload))
    except BusinessCaseInvalid as exc:
        return _invalid(exc)
    return result.as_contract()


def _invalid(exc: BusinessCaseInvalid) -> HttpResponse:
    return error_response(422, exc.code, exc.message, [{"field": p.field, "message": p.message} for p in exc.problems])


class TargetOut(Schema):
    min: int
    max: int


class CaseworkerLoadOut(Schema):
    username: str
    team: str
    open_cases: int | None = Field(..., description="null: 1–4, withheld for analysts (small-number suppression)")


class CaseloadOut(Schema):
    target: TargetOut
    caseworkers: list[CaseworkerLoadOut]


@router.get("/reports/caseload", response={200: CaseloadOut, 403: Error}, summary="Open cases per caseworker")
def caseload(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """Team leader: own team; head and analyst: the municipality. Other roles: 403. Analysts get counts of 1–4
    as null (small-number suppression, as on the page)."""
    if request.user.role not in REPORT_ROLES:
        raise PermissionDenied("Your role does not allow this report.")
    load = caseload_for(request.user)
    suppressed = is_suppressed_for(request.user)

    def shown(n: int) -> int | None:
        return None if suppressed and is_small(n) else n

    return {
        "target": {"min": load.target_min, "max": load.target_max},
        "caseworkers": [
            {"username": row.user.username, "team": row.team_name, "open_cases": shown(row.open_cases)}
            for row in load.rows
        ],
    }


# --- Reports as JSON ------------------------------------------------------------------------------------------
# A report answered by the API leaves the department as a file does, so it is always suppressed as the exports
# are (counts 1–4 as "<5", figures resting on them as ".."; reports/suppression.py), whatever the role, and the
# answer is logged as an export (format "json"). The figures are the exports' figures, cell by cell.


class ReportColumnOut(Schema):
    label: str
    kind: str = Field(..., description="text | count | kr | percent | share | interval | decimal | number")


class ReportCellOut(Schema):
    text: str = Field(..., description='As printed in the exports: Danish number format, "<5", "..", "–"')
    value: int | float | str | None = Field(
        ...,
        description="The figure when it is shown (a number in a numeric column, else the text); null when "
        "withheld or empty",
    )


class ReportTableOut(Schema):
    title: str
    columns: list[ReportColumnOut]
    rows: list[list[ReportCellOut]]
    note: str


class ReportSectionOut(Schema):
    heading: str
    text: str
    table: ReportTableOut


class ReportOut(Schema):
    title: str
    slug: str
    intro: str
    method: str
    data_at: datetime = Field(..., description="When the data were read")
    suppressed: bool = Field(..., description="Always true: small numbers are suppressed as in the exports")
    suppression_note: str
    sections: list[ReportSectionOut]


def _cell(value: Any, kind: str) -> dict[str, Any]:
    text, shown = cell_value(value, kind, suppressed=True)
    if isinstance(shown, date):
        shown = shown.isoformat()
    if kind in NUMERIC_KINDS and not isinstance(shown, int | float):
        shown = None if text in ("<5", "..", "–") else shown
    return {"text": str(text), "value": shown}


def report_out(report: Report) -> dict[str, Any]:
    """A `tables.Report` as JSON, suppressed exactly as the CSV and XLSX exports."""
    return {
        "title": str(report.title),
        "slug": report.slug,
        "intro": str(report.intro),
        "method": str(report.method),
        "data_at": timezone.localtime(report.data_at),
        "suppressed": True,
        "suppression_note": suppression_note(),
        "sections": [
            {
                "heading": str(section.heading),
                "text": str(section.text),
                "table": {
                    "title": str(section.table.title),
                    "columns": [{"label": str(c.label), "kind": c.kind} for c in section.table.columns],
                    "rows": [
                        [_cell(v, c.kind) for v, c in zip(row, section.table.columns, strict=True)]
                        for row in section.table.rows
                    ],
                    "note": str(section.table.note),
                },
            }
            for section in report.sections
        ],
    }


def report_read_record(request: AuthenticatedHttpRequest, report: Report, *, child_id: int | None = None) -> None:
    """Log the report's JSON as the exports are logged (reports/views/common.py, `export`)."""
    audit.record(
        by=request.user,
        type=AuditEvent.Type.EXPORTED,
        child_id=child_id,
        new={
            "report": report.slug,
            "format": "json",
            "suppressed": True,
            "at": timezone.localtime().isoformat(timespec="seconds"),
        },
    )


MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
START_MONTH = Query(None, pattern=MONTH_PATTERN, description="First month, YYYY-MM (default: 11 months ago)")
END_MONTH = Query(None, pattern=MONTH_PATTERN, description="Last month included, YYYY-MM (default: this month)")
FIRST_YEAR = Query(None, description="First year (default: two years ago)")
LAST_YEAR = Query(None, description="Last year included (default: this year)")


def _month(value: str, field: str) -> date:
    year, month = int(value[:4]), int(value[5:7])  # the pattern allows ASCII digits only
    if year < 1:
        raise DomainError("The month is out of range.", field=field, code=validation.DATE_OUT_OF_RANGE)
    return validation.plausible_date(date(year, month, 1), field=field) or date(year, month, 1)


def month_range(start: str | None, end: str | None, *, today: date) -> tuple[date, date]:
    """The months asked for (first day of each), as the dashboard page reads `?start=&end=`."""
    default_start, default_end = default_months(today)
    first = _month(start, "start") if start else default_start
    last = _month(end, "end") if end else default_end
    validate_date_period(first, month_end(last))
    return first, last


def year_range(first_year: int | None, last_year: int | None, default: tuple[int, int]) -> tuple[int, int]:
    first = default[0] if first_year is None else first_year
    last = default[1] if last_year is None else last_year
    validate_year_range(first, last)
    return first, last


class DashboardOut(ReportOut):
    start: date = Field(..., description="The first month of the period")
    end: date = Field(..., description="The last day of the period")


class PlacementsOut(ReportOut):
    first_year: int
    last_year: int


@router.get(
    "/reports/dashboard",
    response={200: DashboardOut, 403: Error, 422: Error},
    summary="The management dashboard (ledelsesinformation)",
)
def dashboard(
    request: AuthenticatedHttpRequest, start: str | None = START_MONTH, end: str | None = END_MONTH
) -> dict[str, Any]:
    """Team leader: own team; head and analyst: the municipality. Small numbers suppressed as in the exports."""
    require(request.user, REPORT_ROLES)
    today = timezone.localdate()
    first, last = month_range(start, end, today=today)
    report = dashboard_report(request.user, first, month_end(last), suppressed=True, now=timezone.now(), today=today)
    report_read_record(request, report)
    return report_out(report) | {"start": first, "end": month_end(last)}


@router.get(
    "/reports/placements",
    response={200: PlacementsOut, 403: Error, 422: Error},
    summary="Placement pattern and economics per year",
)
def placements(
    request: AuthenticatedHttpRequest, first_year: int | None = FIRST_YEAR, last_year: int | None = LAST_YEAR
) -> dict[str, Any]:
    """Placed children, cost and price per year, share without consent, network share (Billund tables 4 and 5)."""
    require(request.user, REPORT_ROLES)
    first, last = year_range(first_year, last_year, default_years(timezone.localdate()))
    report = placement_economics_report(request.user, first, last, suppressed=True, now=timezone.now())
    report_read_record(request, report)
    return report_out(report) | {"first_year": first, "last_year": last}


# --- the self-audit (docs/compliance.md; api-contract "Compliance (self-audit)") ---------------------------------
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # ASCII digits only; the calendar check is date.fromisoformat's


class CriterionOut(Schema):
    code: str = Field(
        ...,
        description="assessment_24h, receipt_6_working_days, child_conversation_before_decision, "
        "investigation_4_months, child_plan_on_time, first_followup_3_months, followup_cadence, "
        "goals_followed_up",
    )
    label: str
    met: int = Field(..., ge=0, description="Items that met the criterion (0 <= met <= total)")
    total: int = Field(..., ge=0, description="Items counted: done, or past their deadline")


class ComplianceOut(Schema):
    start: date = Field(..., serialization_alias="from")
    end: date = Field(..., serialization_alias="to")
    criteria: list[CriterionOut]


def _day(value: str, field: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise DomainError("Not a date (YYYY-MM-DD).", field=field, code=validation.DATE_OUT_OF_RANGE) from None
    return validation.plausible_date(day, field=field) or day


@router.get(
    "/reports/compliance",
    response={200: ComplianceOut, 403: Error, 422: Error},
    summary="The self-audit against Ankestyrelsen's criteria",
    by_alias=True,
)
def compliance(
    request: AuthenticatedHttpRequest,
    start: str | None = Query(
        None, alias="from", pattern=DATE_PATTERN, description="First day (default: 11 months ago, 1st)"
    ),
    end: str | None = Query(None, alias="to", pattern=DATE_PATTERN, description="Last day included (default: today)"),
) -> dict[str, Any]:
    """Team leader: own team; head: the municipality. Exact counts of items (no child is named); the read is
    logged as the report exports are."""
    require(request.user, COMPLIANCE_ROLES)
    today = timezone.localdate()
    default = compliance_rules.default_period(today)
    first = _day(start, "from") if start else default[0]
    last = _day(end, "to") if end else default[1]
    validate_date_period(first, last)
    figures = compliance_figures(report_team_ids(request.user), first, last, now=timezone.now(), today=today)
    audit.record(
        by=request.user,
        type=AuditEvent.Type.EXPORTED,
        new={
            "report": "compliance",
            "format": "json",
            "suppressed": False,
            "at": timezone.localtime().isoformat(timespec="seconds"),
        },
    )
    return {
        "start": first,
        "end": last,
        "criteria": [
            {
                "code": c.code,
                "label": str(c.label),
                "met": figures.scope[c.code].met,
                "total": figures.scope[c.code].total,
            }
            for c in compliance_rules.CRITERIA
        ],
    }
