"""Small-number suppression at 0, 1, 4 and 5, for counts and for figures derived from counts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.rules.figures import Share
from sikkerhedsnet.reports.rules.intervals import Interval
from sikkerhedsnet.reports.suppression import is_disclosive, is_small, secondary_suppression, suppress
from sikkerhedsnet.reports.tables import COUNT, INTERVAL, KR, PERCENT, SHARE, Derived, Protected, cell_value


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12, "12")])
def test_suppress_count(count, shown) -> None:
    assert suppress(count) == shown


@pytest.mark.parametrize(("count", "text"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (1234, "1.234")])
def test_cell_value_count_suppressed(count, text) -> None:
    assert cell_value(count, COUNT, suppressed=True)[0] == text


def test_cell_value_count_not_suppressed_for_the_department() -> None:
    assert cell_value(3, COUNT, suppressed=False) == ("3", 3)


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Share(0, 20), "0,0 %"),
        (Share(1, 20), ".."),
        (Share(4, 20), ".."),
        (Share(5, 20), "25,0 %"),
        (Share(16, 20), ".."),
        (Share(5, 9), ".."),
        (Share(0, 0), "–"),
    ],
)
def test_cell_value_share_withheld_when_part_total_or_rest_is_small(share, text) -> None:
    assert cell_value(share, SHARE, suppressed=True)[0] == text


def test_cell_value_interval_withheld_with_its_counts() -> None:
    assert cell_value(Derived(Interval(0.2, 0.1, 0.3), (2, 10, 8)), INTERVAL, suppressed=True)[0] == ".."


def test_cell_value_interval_shown_in_percent() -> None:
    assert cell_value(Derived(Interval(0.2, 0.1, 0.35), (5, 25, 20)), INTERVAL, suppressed=True)[0] == "10,0–35,0 %"


def test_cell_value_growth_withheld_when_a_year_is_small() -> None:
    assert cell_value(Derived(Decimal("100.0"), (2, 4)), PERCENT, suppressed=True)[0] == ".."


def test_cell_value_money_is_never_suppressed() -> None:
    assert cell_value(-3_102_000, KR, suppressed=True)[0] == "-3.102.000"


@pytest.mark.parametrize(
    ("basis", "disclosive"), [((0, 0), False), ((5, 10), False), ((1, 10), True), ((5, 9, 4), True)]
)
def test_is_disclosive(basis, disclosive) -> None:
    assert is_disclosive(basis) is disclosive


@pytest.mark.parametrize(
    ("parts", "withheld"),
    [
        ([17, 15, 4], {1}),
        ([3, 20, 30], {1}),
        ([2, 3, 30], set()),
        ([10, 20, 30], set()),
        ([0, 0, 3], set()),
        ([4, 0, 9], {2}),
    ],
)
def test_secondary_suppression_withholds_the_smallest_other_part(parts, withheld) -> None:
    assert secondary_suppression(parts) == withheld


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=6))
def test_secondary_suppression_property_never_leaves_exactly_one_hidden_nonzero_part(parts) -> None:
    hidden = {i for i, v in enumerate(parts) if is_small(v)} | secondary_suppression(parts)
    # One hidden part could be worked out from the total; zero or several cannot (unless the rest are all 0).
    assert len(hidden) != 1 or all(v == 0 for i, v in enumerate(parts) if i not in hidden)


def test_cell_value_protected_is_withheld_only_when_suppressed() -> None:
    assert (
        cell_value(Protected(15), COUNT, suppressed=True)[0],
        cell_value(Protected(15), COUNT, suppressed=False)[0],
    ) == ("..", "15")
