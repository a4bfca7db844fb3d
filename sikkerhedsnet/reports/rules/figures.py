"""Figures shared by every report: a part out of a total, and growth on the previous period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Share:
    """A count out of a total; `percent` is None when the total is 0."""

    part: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        if self.total == 0:
            return None
        return (Decimal(100) * self.part / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def growth_percent(previous: int | None, current: int) -> Decimal | None:
    if not previous:
        return None
    return (Decimal(100) * (current - previous) / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
