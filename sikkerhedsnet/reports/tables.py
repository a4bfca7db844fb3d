"""Report tables: one structure rendered as an HTML table, CSV, XLSX and in the committee PDF.

A `Report` is a title, the moment its data were read, and sections; a section has a table and may have a
chart of the same figures (every chart has its table). Suppression is decided when rendering: figures that
leave the department (PDF, CSV, XLSX) and every page an analyst sees are suppressed; the department's own
leaders see exact counts on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules.figures import Share
from .rules.intervals import Interval
from .suppression import SUPPRESSED_COUNT, WITHHELD, is_disclosive, is_small, share_basis

# Column kinds.
TEXT = "text"
COUNT = "count"  # a number of children/cases/requests: suppressed 1–4
KR = "kr"  # whole kroner
PERCENT = "percent"  # a Decimal percentage (e.g. growth, underspend); wrap in Derived to tie it to counts
SHARE = "share"  # a Share (part of total), shown as a percentage
INTERVAL = "interval"  # an Interval of proportions (0–1), shown as "low–high %"
DECIMAL = "decimal"  # a Decimal with one decimal (an average)
NUMBER = "number"  # a plain number that is not a count of people (a year, a score, a step)

NUMERIC_KINDS = frozenset({COUNT, KR, PERCENT, SHARE, INTERVAL, DECIMAL, NUMBER})


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT


@dataclass(frozen=True)
class Derived:
    """A figure computed from counts (`basis`); withheld when suppressed and any count is 1–4."""

    value: Any
    basis: tuple[int, ...]


@dataclass(frozen=True)
class Protected:
    """A figure withheld when suppressed although it is not small itself (secondary suppression)."""

    value: Any


@dataclass(frozen=True)
class Unreleased:
    """A figure of a month (or year) that is not over yet: when suppressed, shown as not yet released (only
    complete months leave the department; reports/publication/services.py)."""

    value: Any


def not_released_text() -> str:
    return str(_("ikke offentliggjort endnu"))


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    note: str = ""


@dataclass
class Chart:
    svg: str
    alt: str


@dataclass
class Section:
    heading: str
    table: Table
    chart: Chart | None = None
    text: str = ""


@dataclass
class Report:
    title: str
    sections: list[Section]
    data_at: datetime = field(default_factory=timezone.now)
    intro: str = ""
    method: str = ""  # how figures were computed (e.g. the interval method)
    slug: str = "rapport"  # for export file names; never personal data


# --- formatting -----------------------------------------------------------------------------------------


def danish_int(n: int) -> str:
    """3102000 → "3.102.000"; -3102000 → "-3.102.000"."""
    return f"{n:,}".replace(",", ".")


def danish_decimal(value: Decimal | float, places: int = 1) -> str:
    quantum = Decimal(1).scaleb(-places)
    d = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _sep, fraction = f"{abs(d):f}".partition(".")
    return f"{sign}{danish_int(int(whole))}" + (f",{fraction}" if places else "")


def _percent_of(share: Share) -> Decimal | None:
    return share.percent


def cell_value(value: Any, kind: str, *, suppressed: bool) -> tuple[str, Any]:
    """(text for people, value for a spreadsheet) of one cell. The spreadsheet value is a number when the
    figure is shown, else the same text."""
    basis: tuple[int, ...] = ()
    if isinstance(value, Unreleased):
        if suppressed:
            return not_released_text(), not_released_text()
        value = value.value
    if isinstance(value, Protected):
        if suppressed:
            return WITHHELD, WITHHELD
        value = value.value
    if isinstance(value, Derived):
        basis, value = value.basis, value.value
    if isinstance(value, Share) and not basis:
        basis = share_basis(value.part, value.total)
    if value is None:
        return "–", "–"
    if isinstance(value, str):  # a label in a numeric column, e.g. "I alt"
        return value, value
    if kind == COUNT and suppressed and is_small(int(value)):
        return SUPPRESSED_COUNT, SUPPRESSED_COUNT
    if suppressed and basis and is_disclosive(basis):
        return WITHHELD, WITHHELD
    if kind == COUNT:
        return danish_int(int(value)), int(value)
    if kind == KR:
        return danish_int(int(value)), int(value)
    if kind == SHARE:
        percent = _percent_of(value)
        if percent is None:
            return "–", "–"
        return f"{danish_decimal(percent)} %", float(percent)
    if kind == PERCENT:
        return f"{danish_decimal(value)} %", float(value)
    if kind == INTERVAL:
        interval: Interval = value
        text = f"{danish_decimal(interval.low * 100)}–{danish_decimal(interval.high * 100)} %"
        return text, text
    if kind == DECIMAL:
        return danish_decimal(value), float(value)
    if kind == NUMBER:
        if isinstance(value, int):
            return str(value), value
        return danish_decimal(value), float(value)
    if isinstance(value, date):
        return value.isoformat(), value
    return str(value), str(value)


@dataclass(frozen=True)
class RenderedTable:
    title: str
    headers: list[tuple[str, bool]]  # (label, numeric)
    rows: list[list[tuple[str, bool]]]  # (text, numeric)
    note: str


def render_table(table: Table, *, suppressed: bool) -> RenderedTable:
    headers = [(str(c.label), c.kind in NUMERIC_KINDS) for c in table.columns]
    rows = [
        [
            (cell_value(v, c.kind, suppressed=suppressed)[0], c.kind in NUMERIC_KINDS)
            for v, c in zip(row, table.columns, strict=True)
        ]
        for row in table.rows
    ]
    return RenderedTable(str(table.title), headers, rows, str(table.note))


def suppression_note() -> str:
    return str(
        _(
            'Antal mellem 1 og 4 vises som "<5"; 0 vises som 0. Andele og andre tal, der bygger på antal mellem '
            '1 og 4, vises som "..".'
        )
    )
