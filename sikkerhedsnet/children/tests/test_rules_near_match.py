"""Near-match CPRs (one person, one case file): a table of typing slips plus properties (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.children.rules import cpr_near_variants, is_cpr_near_match

BASE = "0102031234"

TABLE = [
    ("0102031234", "0102031234", False),  # the CPR itself
    ("0102031234", "0102031235", True),  # last digit substituted
    ("0102031234", "9102031234", True),  # first digit substituted
    ("0102031234", "1002031234", True),  # first two digits swapped
    ("0102031234", "0102031243", True),  # last two digits swapped
    ("0102031234", "0102032134", True),  # two middle digits swapped
    ("0102031234", "0102031432", False),  # digits two apart swapped: not adjacent
    ("0102031234", "0102031299", False),  # two substitutions
    ("0102031234", "2102031235", False),  # two substitutions far apart
    ("0102031234", "010203123", False),  # too short
    ("0102031234", "", False),
]


@pytest.mark.parametrize(("a", "b", "expected"), TABLE)
def test_is_cpr_near_match_follows_the_table(a, b, expected) -> None:
    assert is_cpr_near_match(a, b) is expected


def test_cpr_near_variants_count_is_substitutions_plus_distinct_adjacent_swaps() -> None:
    # 0102031234: every adjacent pair differs, so 90 substitutions + 9 transpositions.
    assert len(cpr_near_variants(BASE)) == 10 * 9 + 9


def test_cpr_near_variants_skips_swaps_of_equal_digits() -> None:
    assert len(cpr_near_variants("1111111111")) == 10 * 9


@pytest.mark.parametrize("value", ["", "123", "01020312345", "01020312a4", "０１０２０３１２３４", "010203-123"])
def test_cpr_near_variants_of_malformed_input_is_empty(value) -> None:
    assert cpr_near_variants(value) == frozenset()


cprs = st.text(alphabet="0123456789", min_size=10, max_size=10)


@given(cprs, cprs)
def test_is_cpr_near_match_is_symmetric(a, b) -> None:
    assert is_cpr_near_match(a, b) == is_cpr_near_match(b, a)


@given(cprs)
def test_a_cpr_is_not_its_own_near_match(a) -> None:
    assert not is_cpr_near_match(a, a)
    assert a not in cpr_near_variants(a)


@given(cprs)
def test_every_variant_is_a_near_match_and_within_the_bound(a) -> None:
    variants = cpr_near_variants(a)
    assert len(variants) <= 10 * 9 + 9
    assert all(is_cpr_near_match(a, v) for v in variants)


@given(cprs, st.integers(min_value=0, max_value=8))
def test_swapping_adjacent_distinct_digits_is_a_near_match(a, i) -> None:
    swapped = a[:i] + a[i + 1] + a[i] + a[i + 2 :]
    assert is_cpr_near_match(a, swapped) is (a[i] != a[i + 1])
    assert (swapped in cpr_near_variants(a)) is (a[i] != a[i + 1])


@given(cprs, st.integers(min_value=0, max_value=9), st.sampled_from("0123456789"))
def test_one_substitution_is_a_near_match(a, i, digit) -> None:
    changed = a[:i] + digit + a[i + 1 :]
    assert is_cpr_near_match(a, changed) is (digit != a[i])
    assert (changed in cpr_near_variants(a)) is (digit != a[i])


@given(cprs, cprs)
def test_near_match_agrees_with_the_variants(a, b) -> None:
    assert is_cpr_near_match(a, b) == (b in cpr_near_variants(a))
