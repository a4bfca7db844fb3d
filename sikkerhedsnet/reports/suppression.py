"""Small-number suppression for figures that leave the department: counts 1–4 are shown as "<5".

A figure derived from counts (a share, an interval, an average, a growth rate) is withheld as ".." (Statistics
Denmark's sign for confidential figures) when any count it rests on is 1–4, because the small count could
otherwise be worked back out of it. For a share k of n that means k, n and the complement n − k.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SUPPRESS_BELOW = 5
SUPPRESSED_COUNT = "<5"
WITHHELD = ".."


def is_small(count: int) -> bool:
    """1–4: too few to publish. 0 is not small (there is nobody to identify)."""
    return 0 < count < SUPPRESS_BELOW


def suppress(count: int) -> str:
    """0 stays 0 (nobody to identify); 1-4 become "<5"; 5 and up are shown."""
    if is_small(count):
        return SUPPRESSED_COUNT
    return str(count)


def share_basis(part: int, total: int) -> tuple[int, int, int]:
    """The counts a share rests on: the part, the total and the rest."""
    return (part, total, total - part)


def is_disclosive(basis: Iterable[int]) -> bool:
    """Would a figure derived from these counts reveal a small count?"""
    return any(is_small(abs(c)) for c in basis)


def secondary_suppression(parts: Sequence[int]) -> set[int]:
    """Indexes of parts to withhold as well, so a suppressed part cannot be worked out by subtraction.

    When a row shows parts and their total (e.g. moved down / unchanged / moved up of N children) and exactly
    one part is small, the smallest other non-zero part is withheld too. With two or more small parts, or
    none, nothing more is needed.
    """
    small = [i for i, v in enumerate(parts) if is_small(v)]
    if len(small) != 1:
        return set()
    others = [(v, i) for i, v in enumerate(parts) if i not in small and v > 0]
    return {min(others)[1]} if others else set()
