"""A measure's follow-up plan, shown on the measure's page, is computed by followup (policy adoptions, meetings held).

measures sits below followup in the layers and never imports it: followup registers its function here when the
app registry is ready (`FollowupConfig.ready`), as each app's deadline providers are found by core.deadlines.
Without followup installed a measure's page simply shows no plan.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .models import Measure

PlanProvider = Callable[..., Any]  # (measure, *, today) -> followup.selectors.MeasurePlan

_provider: list[PlanProvider] = []


def register_plan_provider(provider: PlanProvider) -> None:
    _provider[:] = [provider]


def plan_for(measure: Measure, *, today: date) -> Any | None:
    """The measure's follow-up plan from the registered provider, or None."""
    return _provider[0](measure, today=today) if _provider else None
