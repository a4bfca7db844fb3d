"""Writes of business cases: create, update (refusing a stale edit) and the realised figures of a year.
Each one atomic, validated and audited."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.errors import DomainError, Duplicate, StaleEdit
from sikkerhedsnet.core.text import clean_text
from sikkerhedsnet.reports.checks import required_municipality_id, required_title

from .models import BusinessCase, BusinessCaseLine, BusinessCaseOutcome
from .rules import BusinessCaseInput, parse_business_case


def _baseline(data: Mapping[str, Any]) -> tuple[Decimal | None, int | None]:
    placed, cost = data.get("baseline_placed"), data.get("average_placement_cost")
    if placed is not None:
        try:
            placed = Decimal(str(placed))
        except InvalidOperation as exc:
            raise DomainError(_("Skriv et tal."), field="baseline_placed", code="invalid_number") from exc
        if not placed.is_finite() or placed < 0 or placed >= 1_000_000:
            raise DomainError(_("Skriv et tal fra 0."), field="baseline_placed", code="invalid_number")
        placed = placed.quantize(Decimal("0.1"))
    if cost is not None and (not isinstance(cost, int) or isinstance(cost, bool) or not 0 <= cost < 2**31):
        raise DomainError(_("Skriv et helt antal kroner."), field="average_placement_cost", code="invalid_amount")
    return placed, cost


def _write_lines(business_case: BusinessCase, parsed: BusinessCaseInput) -> None:
    lines = []
    for kind, group in (
        (BusinessCaseLine.Kind.INVESTMENT, parsed.investments),
        (BusinessCaseLine.Kind.SAVING, parsed.savings),
    ):
        for position, line in enumerate(group):
            lines.append(
                BusinessCaseLine(
                    business_case=business_case,
                    kind=kind,
                    position=position,
                    label=line.label,
                    amount_per_year=line.per_year if kind == BusinessCaseLine.Kind.INVESTMENT else None,
                    increment_per_year=line.increment_per_year,
                    amounts=list(line.amounts) if line.amounts is not None else None,
                )
            )
    BusinessCaseLine.objects.bulk_create(lines)


def _snapshot(business_case: BusinessCase) -> dict[str, Any]:
    lines = list(business_case.lines.order_by("kind", "position"))
    return {
        "title": business_case.title,
        "first_year": business_case.first_year,
        "years": business_case.years,
        "baseline_placed": business_case.baseline_placed,
        "average_placement_cost": business_case.average_placement_cost,
        "lines": [{"kind": line.kind, **line.as_input()} for line in lines],
    }


def _unique_title_guard(municipality_id: int, title: str, exclude_pk: int | None = None) -> None:
    qs = BusinessCase.objects.filter(municipality_id=municipality_id, title=title)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise Duplicate(
            _("Der findes allerede en business case med denne titel."), field="title", code="duplicate_title"
        )


@transaction.atomic
def business_case_create(*, by: User, data: Mapping[str, Any], municipality_id: int | None = None) -> BusinessCase:
    """Save a business case: title, description, first_year, years, investments, savings and the optional
    baseline (placed children and average cost) for following it with case data. The municipality is the
    user's unless given (the demo data)."""
    municipality_id = municipality_id or required_municipality_id(by)
    title = required_title(data.get("title", ""))
    parsed = parse_business_case(data)
    placed, cost = _baseline(data)
    _unique_title_guard(municipality_id, title)
    business_case = BusinessCase.objects.create(
        municipality_id=municipality_id,
        title=title,
        description=clean_text(data.get("description") or ""),
        first_year=parsed.first_year,
        years=parsed.years,
        baseline_placed=placed,
        average_placement_cost=cost,
        created_by=by,
    )
    _write_lines(business_case, parsed)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=business_case, new=_snapshot(business_case))
    return business_case


@transaction.atomic
def business_case_update(
    *, by: User, business_case: BusinessCase, expected_version: int, data: Mapping[str, Any]
) -> BusinessCase:
    """Replace a business case's content; refuses a stale edit."""
    current = BusinessCase.objects.select_for_update().get(pk=business_case.pk)
    if current.version != expected_version:
        raise StaleEdit(
            _("En anden har gemt ændringer i denne business case, mens du redigerede. Dine ændringer er ikke gemt.")
        )
    title = required_title(data.get("title", ""))
    parsed = parse_business_case(data)
    placed, cost = _baseline(data)
    _unique_title_guard(current.municipality_id, title, exclude_pk=current.pk)
    old = _snapshot(current)
    current.title = title
    current.description = clean_text(data.get("description") or "")
    current.first_year, current.years = parsed.first_year, parsed.years
    current.baseline_placed, current.average_placement_cost = placed, cost
    current.version += 1
    current.save()
    current.lines.all().delete()
    _write_lines(current, parsed)
    audit.record(by=by, type=AuditEvent.Type.CHANGED, target=current, old=old, new=_snapshot(current))
    return current


@transaction.atomic
def business_case_outcome_record(
    *, by: User, business_case: BusinessCase, year: int, investment: int, savings: int, note: str = ""
) -> BusinessCaseOutcome:
    """Record (or correct) the realised investment and savings of one year of the case."""
    if not business_case.first_year <= year <= business_case.last_year:
        raise DomainError(
            _("Året skal ligge i business casens periode (%(first)s–%(last)s).")
            % {"first": business_case.first_year, "last": business_case.last_year},
            field="year",
            code="year_outside_case",
        )
    for field, value in (("investment", investment), ("savings", savings)):
        if value < 0:
            raise DomainError(_("Beløbet må ikke være negativt."), field=field, code="negative_amount")
    outcome, created = BusinessCaseOutcome.objects.update_or_create(
        business_case=business_case,
        year=year,
        defaults={"investment": investment, "savings": savings, "note": clean_text(note), "recorded_by": by},
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED if created else AuditEvent.Type.CHANGED,
        target=outcome,
        new={"year": year, "investment": investment, "savings": savings},
    )
    return outcome
