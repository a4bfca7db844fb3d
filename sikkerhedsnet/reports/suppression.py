"""Small-number suppression for figures that leave the department: counts 1–4 are shown as "<5".

A figure derived from counts (a share, an interval, an average, a growth rate) is withheld as ".." (Statistics
Denmark's sign for confidential figures) when any count it rests on is 1–4, because the small count could
otherwise be worked back out of it. For a share k of n that means k, n and the complement n − k.

The rule that holds across every query (docs/hardening.md, "Small numbers"): a count over time is released
only as a cell of a fixed grid (calendar months; calendar years), suppressed on that grid whatever period was
asked for; a figure for an asked-for period is the sum of its grid cells and is released only when every cell
it sums is released (`grid_sum`). So every answer, and every difference of two answers, is a sum of released
cells, and no pair of overlapping periods gives back a cell shown as "<5".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def small_range(parts: Sequence[int], hidden: Iterable[int], index: int) -> tuple[int, int]:
    """What a reader who knows this rule can work out about the small part `index` from the total and the
    parts shown: the lowest and highest value it can have.

    Hidden small parts are 1–4 ("<5"); a part withheld as ".." is at least 5 (else it would show "<5").
    """
    hidden = set(hidden)
    rest = sum(parts[i] for i in hidden)  # the total minus every part shown
    others = hidden - {index}
    least = sum(1 if is_small(parts[j]) else SUPPRESS_BELOW for j in others)
    unbounded = any(not is_small(parts[j]) for j in others)
    most = sum(SUPPRESS_BELOW - 1 for j in others if is_small(parts[j]))
    low = 1 if unbounded else max(1, rest - most)
    return low, min(SUPPRESS_BELOW - 1, rest - least)


def secondary_suppression(parts: Sequence[int]) -> set[int]:
    """Indexes of parts to withhold as well, so a suppressed part cannot be worked out by subtraction.

    When a row shows parts and their total (e.g. moved down / unchanged / moved up of N children) and some
    part is small, other non-zero parts (the smallest that will do) are withheld too, until the total minus the
    parts shown tells no more about any small part than its "<5" does: every small part can still be 1 to 4
    (`small_range`). A lone small part next to a withheld 5 would otherwise be exactly 1 (a total 6 more than
    the parts shown); two small parts hidden together would be exactly 1 and 1 (2 more).
    """
    small = {i for i, v in enumerate(parts) if is_small(v)}
    hidden = set(small)
    candidates = sorted((v, i) for i, v in enumerate(parts) if i not in small and v > 0)

    def protects(cells: set[int]) -> bool:
        return total_is_safe(parts, cells)

    while small and candidates and not protects(hidden):
        # The smallest part that is enough on its own, else the smallest part and look again.
        enough = next((c for c in candidates if protects(hidden | {c[1]})), candidates[0])
        candidates.remove(enough)
        hidden.add(enough[1])
    return hidden - small


def total_is_safe(parts: Sequence[int], hidden: Iterable[int]) -> bool:
    """May the parts' total be shown next to the parts not in `hidden`? Only when every small part can still be
    anything from 1 to 4. When secondary suppression runs out of parts to withhold (e.g. 5 and 1 and nothing
    else: the total 6 gives the 1 back), the total must be withheld instead."""
    hidden = set(hidden)
    small = [i for i, v in enumerate(parts) if is_small(v)]
    return all(small_range(parts, hidden | set(small), i) == (1, SUPPRESS_BELOW - 1) for i in small)


def grid_sum(cells: Iterable[int]) -> tuple[int, bool]:
    """A period's count as the sum of its grid cells (months), and whether it may be released.

    It may only when every cell it sums is itself released (0 or 5 and up): the answer is then a sum of
    released cells, and so is the difference of any two answers, which therefore never gives back a cell
    shown as "<5" (Jan–Jun 16 and Jan–May 15 would give June = 1).
    """
    values = list(cells)
    return sum(values), not any(is_small(v) for v in values)


@dataclass(frozen=True)
class Hidden:
    """A chart point its table withholds: drawn as a marked gap labelled "<5" or "..", never as a 0 bar."""

    label: str = WITHHELD


HIDDEN_SMALL = Hidden(SUPPRESSED_COUNT)
HIDDEN = Hidden(WITHHELD)


def is_hidden(value: object) -> bool:
    return isinstance(value, Hidden)


def money_withheld(children: Sequence[int]) -> tuple[set[int], bool]:
    """Kroner cells of one row (or column) with their total: which to withhold, and may the total be shown?

    `children[i]` is how many children (placements) part i's amount rests on. A part resting on 1–4 children is
    withheld as ".." as a count of 1–4 is (one child's placement price must not be readable). Unlike a count, an
    amount has no known range, so the total minus the parts shown gives the withheld parts' sum exactly: a
    withheld part therefore needs a withheld companion resting on 5 or more children (the smallest such), so
    that what can be worked out rests on at least 5 children; with no such part, the total is withheld instead.
    Parts of 0 children (0 kr.) are shown: there is nobody to identify."""
    hidden = {i for i, n in enumerate(children) if is_small(n)}
    if not hidden:
        return set(), True
    companions = sorted((n, i) for i, n in enumerate(children) if i not in hidden and n >= SUPPRESS_BELOW)
    if not companions:
        return hidden, False
    return hidden | {companions[0][1]}, True
