"""Cells of exported spreadsheets (CSV and XLSX): values, never formulas (docs/hardening.md, "Exports").

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and some skip a leading
tab or carriage return first: a break-the-glass reason `=HYPERLINK("http://x","y")` would be a live link in
the auditor's file (and, with DDE in older Excel, a command). The rule (OWASP, "CSV Injection"): such a cell
gets a leading apostrophe, which makes it text. A plain number as text (`-12`, `-1.234,5`, `-3,5 %`) is left as
it is: it cannot be a formula, and a report's negative growth stays a number. XLSX cells are also typed as
strings, so openpyxl never writes a formula.

Every export calls `spreadsheet_cell` (or `csv_row` / `xlsx_append`) for every cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)*[ \u00a0]?%?")


def spreadsheet_cell(value: Any) -> Any:
    """The value, with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """One CSV row with every cell neutralised."""
    return [spreadsheet_cell(value) for value in values]


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet: cells neutralised, and every text cell typed as a string (never
    the formula type openpyxl gives a string starting with `=`)."""
    row = csv_row(values)
    sheet.append(row)
    if not row:
        return
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
