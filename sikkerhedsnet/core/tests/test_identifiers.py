"""Identifiers are ASCII digits: a CPR number, postal code, phone number or id typed in another script's digits
('٠١٠٢٠٣', '０１０２０３', '²') is refused, never stored as a second record of the same person. No database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

# The zero of some digit scripts Python's int() and `\d` accept: Arabic-Indic, Extended Arabic-Indic,
# Devanagari, full-width, mathematical bold.
ZEROS = (0x0660, 0x06F0, 0x0966, 0xFF10, 0x1D7CE)


def in_script(text: str, zero: int) -> str:
    """The text with its ASCII digits written in another script."""
    return "".join(chr(zero + int(ch)) if ch in "0123456789" else ch for ch in text)


# Any digit or number character that is not 0-9: '٣', '３', '²', '①', 'Ⅻ', '½'.
NON_ASCII_DIGIT = st.characters(categories=["Nd", "No", "Nl"]).filter(lambda ch: ch not in "0123456789")
ASCII_DIGIT = st.sampled_from("0123456789")


def _code(call, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    return info.value.code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0123456789", True),
        ("7", True),
        ("", False),
        ("²", False),
        ("٣", False),
        ("３", False),
        ("12a", False),
        ("-1", False),
        (" 1", False),
        ("1\n", False),
        (12, False),
    ],
)
def test_is_ascii_digits_takes_0_to_9_only(value: object, expected: bool) -> None:
    assert validation.is_ascii_digits(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("007", 7),
        ("²", None),  # '²'.isdigit() is True and int('²') raises: the 500 on ?barn=² (issue #20)
        ("٣", None),  # int('٣') == 3: accepted before, as another form of the same id
        ("３", None),
        ("0", None),
        ("-3", None),
        ("", None),
        (None, None),
        ("9" * 19, None),  # beyond the database's 64-bit ids
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_query_id_is_a_positive_ascii_number_or_none(value: object, expected: int | None) -> None:
    assert validation.query_id(value) == expected


@pytest.mark.parametrize(
    "text",
    ["010203-1234", "0102031234", "610115-4001"],
)
@pytest.mark.parametrize("zero", ZEROS)
def test_cpr_in_another_scripts_digits_is_invalid_cpr(text: str, zero: int) -> None:
    assert _code(validation.cpr, in_script(text, zero), field="cpr") == validation.INVALID_CPR


@pytest.mark.parametrize("text", ["010203-1234", "0102031234", " 010203 1234 "])
def test_cpr_in_ascii_digits_gives_the_ten_digits(text: str) -> None:
    assert validation.cpr(text, field="cpr").digits == "0102031234"


@given(st.lists(ASCII_DIGIT, min_size=10, max_size=10), st.integers(0, 9), NON_ASCII_DIGIT)
def test_cpr_with_any_non_ascii_digit_is_refused(digits: list[str], at: int, other: str) -> None:
    digits[at] = other
    with pytest.raises(cprlib.InvalidCpr):
        cprlib.compact("".join(digits))


@given(st.dates().filter(lambda d: 1900 <= d.year <= 2036), st.integers(0, 999))
def test_cpr_in_ascii_digits_is_accepted(birth, serial) -> None:  # type: ignore[no-untyped-def]
    number = cprlib.fictitious(birth, serial)
    assert validation.cpr(number, field="cpr").digits == number


@given(st.text(NON_ASCII_DIGIT, min_size=1, max_size=12))
def test_identifiers_of_non_ascii_digits_only_are_refused(text: str) -> None:
    assert _code(validation.cpr, text, field="cpr") == validation.INVALID_CPR
    assert _code(validation.postal_code, text, field="postal_code") == validation.INVALID_POSTAL_CODE
    assert validation.query_id(text) is None
    if len(text) <= 30:
        assert _code(validation.phone, text, field="phone") == validation.INVALID_PHONE


@pytest.mark.parametrize("value", ["", "+45 12 34 56 78", "12345678", "(+45) 70-10.20/30", "+45 99"])
def test_phone_in_ascii_digits_is_accepted(value: str) -> None:
    assert validation.phone(value, field="phone") == value


@pytest.mark.parametrize(
    "value", ["+45 ١٢٣٤٥٦٧٨", "１２３４５６７８", "12 34 56 7８", "ring efter kl. 16", "+", "1", "=1+2"]
)
def test_phone_with_other_characters_is_invalid_phone(value: str) -> None:
    assert _code(validation.phone, value, field="phone") == validation.INVALID_PHONE


@pytest.mark.parametrize(("value", "expected"), [("", ""), ("7100", "7100"), (" 8000 ", "8000")])
def test_postal_code_in_ascii_digits_is_accepted(value: str, expected: str) -> None:
    assert validation.postal_code(value, field="postal_code") == expected


@pytest.mark.parametrize("value", ["٧١٠٠", "７１００", "710", "71000", "71a0"])
def test_postal_code_otherwise_is_invalid_postal_code(value: str) -> None:
    assert _code(validation.postal_code, value, field="postal_code") == validation.INVALID_POSTAL_CODE
