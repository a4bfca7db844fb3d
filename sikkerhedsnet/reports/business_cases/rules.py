"""The business case (investment case): investments and savings per year, net, cumulative and payback.

Contract (api-contract.md, Reports): a saving line grows by its increment every year (year k saves
k × increment) or gives its `amounts` (one per year); `net` = savings − investment; `payback_year` is the
first year whose cumulative net is ≥ 0 (None within the horizon otherwise); `first_non_negative_year` the
first year whose net is ≥ 0 (Billund calls it break-even, domain.md §5.1).

Sign convention: every amount is entered as a positive number of whole kroner; an investment is a cost and a
saving a gain. The Billund table prints the investments as negative numbers; here they are the same numbers
entered under investments.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

MAX_YEARS = 30
MAX_LINES = 50
MAX_AMOUNT = 10**12  # one trillion kroner: far above any municipal budget, far below a 64-bit column
FIRST_YEAR_MIN, FIRST_YEAR_MAX = 1900, 2200
MAX_LABEL = 200


@dataclass(frozen=True)
class Problem:
    """One invalid input: `field` is a dotted path into the request body (e.g. `savings.1.amounts`)."""

    field: str
    code: str
    message: str


class BusinessCaseInvalid(DomainError):
    """The input cannot be computed. Carries every problem found; `code`/`field` are the first one's."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0]
        super().__init__(str(first.message), field=first.field, code=first.code)
        self.problems = list(problems)


@dataclass(frozen=True)
class Line:
    """An investment (cost) or a saving. Exactly one of `per_year`, `increment_per_year`, `amounts`."""

    label: str
    per_year: int | None = None  # the same amount every year (investments)
    increment_per_year: int | None = None  # year k gives k × increment (savings)
    amounts: tuple[int, ...] | None = None  # one amount per year

    def amount_in(self, k: int) -> int:
        """The amount in year k (1-based)."""
        if self.amounts is not None:
            return self.amounts[k - 1]
        if self.increment_per_year is not None:
            return k * self.increment_per_year
        return self.per_year or 0


@dataclass(frozen=True)
class BusinessCaseInput:
    first_year: int
    years: int
    investments: tuple[Line, ...]
    savings: tuple[Line, ...]


@dataclass(frozen=True)
class YearRow:
    year: int
    investment: int
    savings: int
    net: int
    cumulative: int


@dataclass(frozen=True)
class LineRow:
    kind: str  # "investment" or "saving"
    label: str
    amounts: tuple[int, ...]


@dataclass(frozen=True)
class BusinessCaseResult:
    years: tuple[YearRow, ...]
    lines: tuple[LineRow, ...]
    first_non_negative_year: int | None
    payback_year: int | None

    @property
    def total_investment(self) -> int:
        return sum(r.investment for r in self.years)

    @property
    def total_savings(self) -> int:
        return sum(r.savings for r in self.years)

    @property
    def total_net(self) -> int:
        return sum(r.net for r in self.years)

    def as_contract(self) -> dict[str, Any]:
        """The body of `POST /api/v1/business-cases/compute`."""
        return {
            "years": [
                {
                    "year": r.year,
                    "investment": r.investment,
                    "savings": r.savings,
                    "net": r.net,
                    "cumulative": r.cumulative,
                }
                for r in self.years
            ],
            "first_non_negative_year": self.first_non_negative_year,
            "payback_year": self.payback_year,
        }


# --- parsing and validation --------------------------------------------------------------------------------


def whole_number(value: Any) -> int | None:
    """A JSON number that is a whole number, as int; None for anything else (text, bool, 1.5, NaN, null)."""
    if isinstance(value, bool):  # True is an int in Python, but not a number in the API
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, field: str, code: str, message: Any) -> None:
        self.problems.append(Problem(field, code, str(message)))

    def amount(self, value: Any, field: str) -> int | None:
        number = whole_number(value)
        if number is None:
            self.add(field, "invalid_amount", _("Beløbet skal være et helt antal kroner (et tal)."))
            return None
        if number < 0:
            self.add(field, "negative_amount", _("Beløbet må ikke være negativt. Udgifter føres som investeringer."))
            return None
        if number > MAX_AMOUNT:
            self.add(field, "amount_too_large", _("Beløbet er urealistisk stort."))
            return None
        return number


def _label(c: _Collector, raw: Mapping[str, Any], field: str) -> str:
    try:
        label = validation.text(
            raw.get("label"),
            field=f"{field}.label",
            max_length=MAX_LABEL,
            required=True,
            messages={
                validation.REQUIRED: _("Skriv en tekst for linjen."),
                validation.TOO_LONG: _("Teksten må højst være 200 tegn."),
            },
        )
    except DomainError as exc:
        c.add(exc.field or f"{field}.label", exc.code, exc.message)
        return ""
    return " ".join(label.split())


def _amount_list(c: _Collector, raw: Any, field: str, years: int | None) -> tuple[int, ...] | None:
    if not isinstance(raw, list | tuple):
        c.add(field, "invalid_amount", _("Angiv beløbene som en liste med ét beløb pr. år."))
        return None
    before = len(c.problems)
    amounts = [c.amount(v, f"{field}.{i}") for i, v in enumerate(raw)]
    if years is not None and len(raw) != years:
        c.add(
            field,
            "amounts_length_mismatch",
            _("Der skal være ét beløb pr. år: %(years)s beløb, ikke %(given)s.") % {"years": years, "given": len(raw)},
        )
    if len(c.problems) > before:
        return None
    return tuple(a for a in amounts if a is not None)


def _line(c: _Collector, raw: Any, field: str, years: int | None, *, kind: str) -> Line | None:
    if not isinstance(raw, Mapping):
        c.add(field, "invalid_line", _("Hver linje skal have en tekst og et beløb."))
        return None
    label = _label(c, raw, field)
    single_key = "amount_per_year" if kind == "investment" else "increment_per_year"
    has_single = raw.get(single_key) is not None
    has_amounts = raw.get("amounts") is not None
    if has_single == has_amounts:
        message = (
            _("Angiv enten et beløb pr. år eller ét beløb for hvert år.")
            if kind == "investment"
            else _("Angiv enten en årlig stigning eller ét beløb for hvert år.")
        )
        c.add(field, f"invalid_{kind}_line", message)
        return None
    if has_amounts:
        amounts = _amount_list(c, raw["amounts"], f"{field}.amounts", years)
        return Line(label, amounts=amounts) if amounts is not None and label else None
    value = c.amount(raw[single_key], f"{field}.{single_key}")
    if value is None or not label:
        return None
    return Line(label, per_year=value) if kind == "investment" else Line(label, increment_per_year=value)


def parse_business_case(data: Mapping[str, Any]) -> BusinessCaseInput:
    """Validate a JSON-like request body; raise BusinessCaseInvalid listing every problem."""
    c = _Collector()
    first_year = whole_number(data.get("first_year"))
    if first_year is None:
        c.add("first_year", "invalid_first_year", _("Første år skal være et årstal."))
    elif not FIRST_YEAR_MIN <= first_year <= FIRST_YEAR_MAX:
        c.add("first_year", "invalid_first_year", _("Første år skal ligge mellem 1900 og 2200."))
    years = whole_number(data.get("years"))
    if years is None:
        c.add("years", "invalid_years", _("Antal år skal være et helt tal."))
    elif not 1 <= years <= MAX_YEARS:
        c.add("years", "years_out_of_range", _("Antal år skal være mellem 1 og 30."))
        years = None
    lines: dict[str, list[Line]] = {"investments": [], "savings": []}
    for key, kind in (("investments", "investment"), ("savings", "saving")):
        raw_lines = data.get(key, [])
        if not isinstance(raw_lines, list | tuple):
            c.add(key, "invalid_line", _("Linjerne skal angives som en liste."))
            continue
        if len(raw_lines) > MAX_LINES:
            c.add(key, "too_many_lines", _("Højst 50 linjer."))
            continue
        for i, raw in enumerate(raw_lines):
            line = _line(c, raw, f"{key}.{i}", years, kind=kind)
            if line is not None:
                lines[key].append(line)
    if c.problems:
        raise BusinessCaseInvalid(c.problems)
    assert first_year is not None and years is not None
    return BusinessCaseInput(first_year, years, tuple(lines["investments"]), tuple(lines["savings"]))


# --- computation -------------------------------------------------------------------------------------------


def compute_business_case(case: BusinessCaseInput) -> BusinessCaseResult:
    """Investment, savings, net and cumulative net for each year, with break-even and payback years."""
    rows: list[YearRow] = []
    cumulative = 0
    for k in range(1, case.years + 1):
        investment = sum(line.amount_in(k) for line in case.investments)
        savings = sum(line.amount_in(k) for line in case.savings)
        net = savings - investment
        cumulative += net
        rows.append(YearRow(case.first_year + k - 1, investment, savings, net, cumulative))
    line_rows = tuple(
        LineRow(kind, line.label, tuple(line.amount_in(k) for k in range(1, case.years + 1)))
        for kind, group in (("investment", case.investments), ("saving", case.savings))
        for line in group
    )
    return BusinessCaseResult(
        years=tuple(rows),
        lines=line_rows,
        first_non_negative_year=next((r.year for r in rows if r.net >= 0), None),
        payback_year=next((r.year for r in rows if r.cumulative >= 0), None),
    )


def compute(data: Mapping[str, Any]) -> BusinessCaseResult:
    """Parse and compute in one step (the API's entry point)."""
    return compute_business_case(parse_business_case(data))


# --- realised and actual against the forecast ----------------------------------------------------------------


@dataclass(frozen=True)
class RealisedRow:
    """A year with recorded outcome figures (e.g. Kalundborg's realised gain) against the forecast."""

    year: int
    expected_investment: int
    expected_savings: int
    expected_net: int
    realised_investment: int
    realised_savings: int
    realised_net: int

    @property
    def difference(self) -> int:
        return self.realised_net - self.expected_net


def realised_against_expected(result: BusinessCaseResult, realised: Mapping[int, tuple[int, int]]) -> list[RealisedRow]:
    """Rows for the years that have realised (investment, savings) figures, in year order."""
    by_year = {r.year: r for r in result.years}
    rows = []
    for year in sorted(realised):
        if year not in by_year:
            continue
        expected = by_year[year]
        investment, savings = realised[year]
        rows.append(
            RealisedRow(
                year, expected.investment, expected.savings, expected.net, investment, savings, savings - investment
            )
        )
    return rows


@dataclass(frozen=True)
class MonthActual:
    """One month of case data: children placed against the baseline, and the saving at average cost."""

    month: Any  # a date: the first day of the month
    placed: int
    avoided: Decimal  # baseline − placed; negative when more children are placed than at baseline
    saving: int  # whole kroner; avoided × average annual cost ÷ 12


def _kroner(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def placement_actuals(
    *, baseline_placed: Decimal | int, placed_by_month: Mapping[Any, int], average_cost_per_year: int
) -> list[MonthActual]:
    """Placements avoided each month relative to the baseline, valued at the average cost of a placement.

    `placed_by_month` maps the first day of each month to the number of children placed in it (the measures
    data, counted at the month's end). A month's saving is (baseline − placed) × average cost per year ÷ 12.
    """
    baseline = Decimal(baseline_placed)
    monthly_cost = Decimal(average_cost_per_year) / 12
    result = []
    for month in sorted(placed_by_month):
        placed = placed_by_month[month]
        avoided = baseline - placed
        result.append(MonthActual(month, placed, avoided, _kroner(avoided * monthly_cost)))
    return result


@dataclass(frozen=True)
class ForecastRow:
    """A year of the forecast against the savings measured from case data so far.

    When only some months of a year have data, the forecast is taken pro rata for those months, so the two
    columns always cover the same period.
    """

    year: int
    months: int
    forecast_savings: int
    actual_savings: int

    @property
    def difference(self) -> int:
        return self.actual_savings - self.forecast_savings


def _year_is_complete(year: int, months: int, *, today: date) -> bool:
    """A year of case data is complete when all 12 months have data and the year has ended (issue #15)."""
    return months == 12 and date(year, 12, 31) < today


def actual_against_forecast(
    result: BusinessCaseResult, actuals: Sequence[MonthActual], *, today: date
) -> list[ForecastRow]:
    """Per forecast year whose case data are complete: forecast savings and measured savings.

    A year still running (or with months missing) is left out: its measured savings would be set against a
    forecast for less than a year and look like a shortfall or a windfall (see `incomplete_years`).
    """
    by_year: dict[int, list[MonthActual]] = {}
    for month in actuals:
        by_year.setdefault(month.month.year, []).append(month)
    rows = []
    for r in result.years:
        months = by_year.get(r.year)
        if not months or not _year_is_complete(r.year, len(months), today=today):
            continue
        forecast = _kroner(Decimal(r.savings) * len(months) / 12)
        rows.append(ForecastRow(r.year, len(months), forecast, sum(m.saving for m in months)))
    return rows


def incomplete_years(
    result: BusinessCaseResult, actuals: Sequence[MonthActual], *, today: date
) -> list[tuple[int, int]]:
    """(year, months with data) of each forecast year that has case data but is not complete, for the page to say."""
    by_year: dict[int, int] = {}
    for month in actuals:
        by_year[month.month.year] = by_year.get(month.month.year, 0) + 1
    return [
        (r.year, by_year[r.year])
        for r in result.years
        if r.year in by_year and not _year_is_complete(r.year, by_year[r.year], today=today)
    ]
