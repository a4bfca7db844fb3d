"""Figures of the early-intervention reporting template (Aarhus, domain.md §5.5), from plain rows.

Consultations (sparring) are requested by districts; some concern a specific child, whose age band is then
recorded (0–6, 7–12, 13–18). The template reports, per year: the number of requests, growth on the previous
year, the average per district, the share about specific children and, of those, the share aged 0–6; and the
project's budget, net spending and surplus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sikkerhedsnet.reports.rules.figures import Share, growth_percent

AGE_BANDS = ("0-6", "7-12", "13-18")


@dataclass(frozen=True)
class ConsultationRow:
    year: int
    district: str
    specific_child: bool
    age_band: str | None  # one of AGE_BANDS when specific_child, else None


@dataclass(frozen=True)
class YearFigures:
    year: int
    total: int
    by_district: dict[str, int]
    growth_percent: Decimal | None  # on the previous year; None without a previous year or from 0
    average_per_district: Decimal | None
    specific_child: Share
    aged_0_6: Share  # of the requests about a specific child
    by_age_band: dict[str, int]


def consultation_figures(
    rows: Iterable[ConsultationRow], *, districts: Sequence[str], years: Sequence[int]
) -> list[YearFigures]:
    """One YearFigures per year in `years` (empty years included, with zeros)."""
    per_year: dict[int, list[ConsultationRow]] = {y: [] for y in years}
    for row in rows:
        if row.year in per_year:
            per_year[row.year].append(row)
    result: list[YearFigures] = []
    previous: int | None = None
    for year in years:
        items = per_year[year]
        total = len(items)
        by_district = {d: 0 for d in districts}
        for row in items:
            by_district[row.district] = by_district.get(row.district, 0) + 1
        specific = [r for r in items if r.specific_child]
        by_band = {b: sum(1 for r in specific if r.age_band == b) for b in AGE_BANDS}
        average = (
            (Decimal(total) / len(by_district)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if by_district
            else None
        )
        result.append(
            YearFigures(
                year=year,
                total=total,
                by_district=by_district,
                growth_percent=growth_percent(previous, total),
                average_per_district=average,
                specific_child=Share(len(specific), total),
                aged_0_6=Share(by_band["0-6"], len(specific)),
                by_age_band=by_band,
            )
        )
        previous = total
    return result


def combined(figures: Sequence[YearFigures]) -> tuple[Share, Share]:
    """Shares over several years together: (about specific children, of those aged 0–6)."""
    total = sum(f.total for f in figures)
    specific = sum(f.specific_child.part for f in figures)
    young = sum(f.aged_0_6.part for f in figures)
    return Share(specific, total), Share(young, specific)


@dataclass(frozen=True)
class Economy:
    budget: int
    expenses: int
    reimbursements: int

    @property
    def spent(self) -> int:
        """Net spending: expenses less reimbursements (e.g. refusion for long-term sick leave)."""
        return self.expenses - self.reimbursements

    @property
    def surplus(self) -> int:
        """Budget less net spending; negative is an overspend."""
        return self.budget - self.spent

    @property
    def surplus_share(self) -> Share:
        return Share(self.surplus, self.budget)
