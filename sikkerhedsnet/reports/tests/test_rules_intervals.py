"""Wilson and Newcombe intervals against published values (Newcombe 1998, Stat Med 17:857–872 and 873–890)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.rules.intervals import Z_95, newcombe_difference, wilson_interval


def test_z_is_the_975_percent_normal_quantile() -> None:
    assert round(Z_95, 6) == 1.959964


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_matches_newcombe_1998_table(k, n, low, high) -> None:
    interval = wilson_interval(k, n)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


@pytest.mark.parametrize(
    ("a", "m", "b", "n", "low", "high"),
    [
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (0, 10, 0, 10, -0.2775, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0),
        (10, 10, 0, 10, 0.6075, 1.0),
    ],
)
def test_newcombe_difference_matches_method_10_published_values(a, m, b, n, low, high) -> None:
    interval = newcombe_difference(a, m, b, n)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_wilson_interval_without_observations_is_none() -> None:
    assert wilson_interval(0, 0) is None


def test_newcombe_difference_with_an_empty_group_is_none() -> None:
    assert newcombe_difference(3, 10, 0, 0) is None


def test_wilson_interval_rejects_more_successes_than_trials() -> None:
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


@given(st.integers(min_value=1, max_value=2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_property_contains_the_estimate_inside_0_1(kn) -> None:
    k, n = kn
    interval = wilson_interval(k, n)
    assert 0.0 <= interval.low <= interval.estimate <= interval.high <= 1.0


@given(st.integers(min_value=1, max_value=500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_property_is_symmetric_under_swapping_success_and_failure(kn) -> None:
    k, n = kn
    a, b = wilson_interval(k, n), wilson_interval(n - k, n)
    assert abs(a.low - (1 - b.high)) < 1e-12 and abs(a.high - (1 - b.low)) < 1e-12


@given(
    st.integers(min_value=1, max_value=300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(min_value=1, max_value=300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)
def test_newcombe_property_contains_the_difference_within_minus_1_1(g1, g2) -> None:
    d = newcombe_difference(*g1, *g2)
    assert -1.0 <= d.low <= d.estimate <= d.high <= 1.0


@given(
    st.integers(min_value=1, max_value=300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(min_value=1, max_value=300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)
def test_newcombe_property_swapping_groups_mirrors_the_interval(g1, g2) -> None:
    a, b = newcombe_difference(*g1, *g2), newcombe_difference(*g2, *g1)
    assert abs(a.low + b.high) < 1e-12 and abs(a.high + b.low) < 1e-12
