"""When the child's investigation was concluded, for a placement's precondition (Barnets lov §§ 46–47, issue #15).

measures sits below intake in the layers and never imports it: intake registers its function here when the app
registry is ready (`IntakeConfig.ready`), as followup registers the follow-up plan in `plans.py`. Without intake
installed no investigation is known, so a placement needs the urgent route.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

InvestigationProvider = Callable[[int], "date | None"]  # child id -> the day its latest investigation concluded

_provider: list[InvestigationProvider] = []


def register_investigation_provider(provider: InvestigationProvider) -> None:
    _provider[:] = [provider]


def concluded_on(child_id: int) -> date | None:
    """The Danish day the child's latest child investigation was concluded, or None."""
    return _provider[0](child_id) if _provider else None
