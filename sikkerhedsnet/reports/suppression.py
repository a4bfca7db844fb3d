"""Small-number suppression for figures that leave the department: counts 1–4 are shown as "<5"."""

from __future__ import annotations

SUPPRESS_BELOW = 5


def suppress(count: int) -> str:
    """0 stays 0 (nobody to identify); 1-4 become "<5"; 5 and up are shown."""
    if 0 < count < SUPPRESS_BELOW:
        return "<5"
    return str(count)
