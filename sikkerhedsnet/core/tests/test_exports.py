"""Spreadsheet cells are values, never formulas (OWASP CSV injection; issue #20). No database."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sikkerhedsnet.core.exports import FORMULA_START, csv_row, spreadsheet_cell, xlsx_append


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+45 12 34 56 78", "'+45 12 34 56 78"),  # Excel would read it as a formula (and show #NULL!)
        ("-12", "-12"),  # a plain number stays a number
        ("-1.234,5", "-1.234,5"),
        ("-3,5 %", "-3,5 %"),
        ("Døgnvagt; akut", "Døgnvagt; akut"),
        ("a=b", "a=b"),
        ("", ""),
        (5, 5),
        (-5, -5),
        (None, None),
    ],
)
def test_spreadsheet_cell_neutralises_formula_starts_only(value: object, expected: object) -> None:
    assert spreadsheet_cell(value) == expected


@given(st.sampled_from(FORMULA_START), st.text())
def test_no_text_cell_can_start_a_formula(start: str, rest: str) -> None:
    cell = spreadsheet_cell(start + rest)
    assert cell.startswith("'") or cell.lstrip("+-")[:1].isdigit()


def test_csv_row_neutralises_every_cell() -> None:
    assert csv_row(["=1", 2, "x"]) == ["'=1", 2, "x"]


def test_xlsx_append_stores_strings_not_formulas() -> None:
    book = Workbook()
    xlsx_append(book.active, ["=1+1", "tekst", 7])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(buffer).active.iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [("'=1+1", "s"), ("tekst", "s"), (7, "n")]
