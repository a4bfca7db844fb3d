"""API: the reports app (docs/api-contract.md, Reports)."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja import Field, Router, Schema
from pydantic import BaseModel, WithJsonSchema

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error, error_response
from sikkerhedsnet.reports.access import REPORT_ROLES, is_suppressed_for
from sikkerhedsnet.reports.business_cases.rules import BusinessCaseInvalid, compute
from sikkerhedsnet.reports.selectors import caseload_for
from sikkerhedsnet.reports.suppression import is_small

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
