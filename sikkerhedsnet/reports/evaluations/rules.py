"""Evaluation of a practice change (the Kolding design, domain.md §3.10): the lottery and the comparison.

The lottery is reproducible from its recorded seed by anyone, without this program's random generator: each
unit (a case or a caseworker) gets the ticket SHA-256("<seed>:<unit id>"); units sorted by ticket, the first
round(N × share) go to the new model, the rest to comparison. Same seed and same units → same assignment,
whatever Python version runs it.

The comparison counts, per group, the children whose staircase step at the follow-up snapshot is lower (less
intrusive) than at baseline, with Wilson intervals per group and Newcombe's interval for the difference.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sikkerhedsnet.core.calendar import add_months
from sikkerhedsnet.reports.rules.intervals import Interval, newcombe_difference, wilson_interval

NEW_MODEL = "new_model"
COMPARISON = "comparison"

# Børnelineal categories (Kolding) and the staircase steps 1 (prevention) … 5 (institution), domain.md §3.8.
CATEGORIES = ("1", "2", "3", "4a", "4b")
STEPS = (1, 2, 3, 4, 5)


def ticket(seed: int, unit_id: int) -> str:
    """The unit's lottery ticket: hex SHA-256 of "<seed>:<unit id>"."""
    return hashlib.sha256(f"{seed}:{unit_id}".encode("ascii")).hexdigest()


def new_model_count(total: int, share_percent: int) -> int:
    """How many of `total` units go to the new model: total × share %, rounded half up."""
    if not 0 <= share_percent <= 100:
        raise ValueError("share_percent must be 0-100")
    return int((Decimal(total) * share_percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Draw:
    unit_id: int
    ticket: str
    group: str


def lottery(unit_ids: Iterable[int], *, seed: int, share_percent: int = 50) -> list[Draw]:
    """Assign each unit to the new model or comparison; the result is ordered by ticket."""
    units = sorted(set(unit_ids))
    ranked = sorted((ticket(seed, u), u) for u in units)
    cut = new_model_count(len(units), share_percent)
    return [Draw(u, t, NEW_MODEL if i < cut else COMPARISON) for i, (t, u) in enumerate(ranked)]


@dataclass(frozen=True)
class Movement:
    """Staircase movement of one group between the baseline and a follow-up snapshot."""

    group: str
    children: int  # with both a baseline and a follow-up step
    moved_down: int  # to a less intrusive step
    unchanged: int
    moved_up: int

    @property
    def interval(self) -> Interval | None:
        return wilson_interval(self.moved_down, self.children)


def movement(group: str, steps: Iterable[tuple[int | None, int | None]]) -> Movement:
    """Count (baseline step, follow-up step) pairs; pairs with a missing step are left out."""
    down = same = up = 0
    for before, after in steps:
        if before is None or after is None:
            continue
        if after < before:
            down += 1
        elif after > before:
            up += 1
        else:
            same += 1
    return Movement(group, down + same + up, down, same, up)


@dataclass(frozen=True)
class Comparison:
    new_model: Movement
    comparison: Movement

    @property
    def difference(self) -> Interval | None:
        """New model minus comparison, share moved to a less intrusive step (Newcombe)."""
        return newcombe_difference(
            self.new_model.moved_down, self.new_model.children, self.comparison.moved_down, self.comparison.children
        )


def compare_groups(
    groups: Mapping[int, str], baseline: Mapping[int, int | None], follow_up: Mapping[int, int | None]
) -> Comparison:
    """Compare the groups: `groups` maps child id → group; the two mappings child id → staircase step."""
    pairs: dict[str, list[tuple[int | None, int | None]]] = {NEW_MODEL: [], COMPARISON: []}
    for child_id, group in groups.items():
        pairs[group].append((baseline.get(child_id), follow_up.get(child_id)))
    return Comparison(movement(NEW_MODEL, pairs[NEW_MODEL]), movement(COMPARISON, pairs[COMPARISON]))


def quarter_dates(baseline: date, count: int) -> list[date]:
    """Baseline and the next `count` quarterly snapshot dates (every 3 calendar months, clamped to month end)."""
    return [add_months(baseline, 3 * k) for k in range(count + 1)]
