from __future__ import annotations

from datetime import date

from .models import Measure


def child_has_active_measure(child_id: int, *, on: date) -> bool:
    """Does the child have a measure running on this day? (Triggers reassessment of a new notification.)"""
    return Measure.objects.filter(child_id=child_id).active_on(on).exists()
