"""Data the reports app reads from apps that are built in parallel, named by dotted path (explicit wiring).

STAIRCASE_PROVIDER: `(child_ids: list[int], on: date) -> Mapping[child_id, (category, step)]`, the Børnelineal
category ("1", "2", "3", "4a", "4b" or None) and staircase step (1–5 or None) of each child on that day. The
measures app provides `sikkerhedsnet.measures.selectors.staircase_position`; until it is wired here, quarterly
snapshots are recorded by hand on the evaluation's snapshot page (the same service takes both).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from django.utils.module_loading import import_string

StaircaseProvider = Callable[[list[int], date], Mapping[int, tuple[str | None, int | None]]]

STAIRCASE_PROVIDER: str | None = "sikkerhedsnet.reports.evaluations.providers.measures_staircase"


def measures_staircase(child_ids: list[int], on: date) -> Mapping[int, tuple[str | None, int | None]]:
    """The measures app's staircase position, reordered to (category, step) as snapshots store it."""
    from sikkerhedsnet.measures.selectors import staircase_position

    return {child_id: (category, step) for child_id, (step, category) in staircase_position(child_ids, on).items()}


def staircase_provider() -> StaircaseProvider | None:
    """The wired provider, or None while snapshots are recorded by hand."""
    return import_string(STAIRCASE_PROVIDER) if STAIRCASE_PROVIDER else None
