from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.core import cpr


@pytest.mark.parametrize(
    ("text", "birth", "replacement"),
    [
        ("010203-1234", date(1903, 2, 1), False),  # 7th digit 1 -> 1900s
        ("0102031234", date(1903, 2, 1), False),  # without hyphen
        ("010203 1234", date(1903, 2, 1), False),  # with a space
        ("311299-4123", date(1999, 12, 31), False),  # 4 and year >= 37 -> 1900s
        ("010110-4123", date(2010, 1, 1), False),  # 4 and year < 37 -> 2000s
        ("290220-5123", date(2020, 2, 29), False),  # leap day, 5 -> 2000s
        ("150101-9999", date(2001, 1, 15), False),  # 9 and year < 37 -> 2000s
        ("610115-4001", date(2015, 1, 1), True),  # replacement number: day + 60
        ("910115-4001", date(2015, 1, 31), True),
        ("0101901235", date(1990, 1, 1), False),  # fails modulus 11; still valid since 2007
    ],
)
def test_parse_valid_numbers_gives_birth_date_and_kind(text: str, birth: date, replacement: bool) -> None:
    parsed = cpr.parse(text)
    assert (parsed.birth_date, parsed.replacement) == (birth, replacement)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "format"),
        ("12345", "format"),
        ("010203-12345", "format"),
        ("0102O3-1234", "format"),  # letter O
        ("320103-1234", "date"),  # day 32
        ("011303-1234", "date"),  # month 13
        ("290221-4123", "date"),  # 2021 is not a leap year
        ("000101-1234", "date"),
        ("920115-4001", "date"),  # replacement day 32
    ],
)
def test_parse_invalid_numbers_raise_with_code(text: str, code: str) -> None:
    with pytest.raises(cpr.InvalidCpr) as excinfo:
        cpr.parse(text)
    assert excinfo.value.code == code


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2036, 12, 31)), st.integers(min_value=0, max_value=999))
def test_fictitious_numbers_parse_back_to_their_birth_date_as_replacement(birth: date, serial: int) -> None:
    parsed = cpr.parse(cpr.fictitious(birth, serial))
    assert parsed.birth_date == birth and parsed.replacement


@given(st.text(max_size=30))
def test_parse_never_raises_anything_but_invalid_cpr(text: str) -> None:
    try:
        parsed = cpr.parse(text)
    except cpr.InvalidCpr:
        return
    assert len(parsed.digits) == 10 and parsed.digits.isdigit()


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2036, 12, 31)), st.integers(min_value=0, max_value=9999))
def test_format_then_parse_round_trips(birth: date, serial: int) -> None:
    digits = f"{birth:%d%m%y}{'0' if birth.year < 2000 else '4'}{serial % 1000:03d}"
    assert cpr.parse(cpr.format_cpr(digits)).digits == digits


def test_mask_hides_the_serial() -> None:
    assert cpr.mask("0102031234") == "010203-xxxx"
