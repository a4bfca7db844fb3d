"""The seeded lottery and the group comparison (Kolding design)."""

import hashlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.reports.evaluations.rules import (
    COMPARISON,
    NEW_MODEL,
    compare_groups,
    lottery,
    movement,
    new_model_count,
    quarter_dates,
    ticket,
)


def test_ticket_is_sha256_of_seed_and_unit() -> None:
    assert ticket(2015, 7) == hashlib.sha256(b"2015:7").hexdigest()


def test_lottery_same_seed_gives_the_same_assignment() -> None:
    units = range(1, 121)
    assert lottery(units, seed=20150901) == lottery(reversed(units), seed=20150901)


def test_lottery_known_seed_gives_a_known_draw() -> None:
    # Recomputed by hand: sort the units by SHA-256("42:<id>"); the first half go to the new model.
    tickets = sorted((hashlib.sha256(f"42:{u}".encode()).hexdigest(), u) for u in range(1, 7))
    expected_new = {u for _, u in tickets[:3]}
    assert {d.unit_id for d in lottery(range(1, 7), seed=42) if d.group == NEW_MODEL} == expected_new


def test_lottery_different_seeds_give_different_draws() -> None:
    units = range(1, 121)
    assert {d.unit_id for d in lottery(units, seed=1) if d.group == NEW_MODEL} != {
        d.unit_id for d in lottery(units, seed=2) if d.group == NEW_MODEL
    }


@pytest.mark.parametrize(("total", "share", "expected"), [(120, 50, 60), (7, 50, 4), (3, 33, 1), (0, 50, 0), (5, 1, 0)])
def test_new_model_count_rounds_half_up(total, share, expected) -> None:
    assert new_model_count(total, share) == expected


@given(st.sets(st.integers(min_value=1, max_value=10**6), max_size=200), st.integers(0, 2**40), st.integers(1, 99))
def test_lottery_property_every_unit_once_and_group_sizes_exact(units, seed, share) -> None:
    draws = lottery(units, seed=seed, share_percent=share)
    assert sorted(d.unit_id for d in draws) == sorted(units)
    assert sum(d.group == NEW_MODEL for d in draws) == new_model_count(len(units), share)


@given(st.sets(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=100), st.integers(0, 2**40))
def test_lottery_property_a_units_group_does_not_depend_on_input_order(units, seed) -> None:
    forward = {d.unit_id: d.group for d in lottery(sorted(units), seed=seed)}
    backward = {d.unit_id: d.group for d in lottery(sorted(units, reverse=True), seed=seed)}
    assert forward == backward


def test_movement_counts_down_same_up_and_skips_missing_steps() -> None:
    m = movement(NEW_MODEL, [(5, 3), (3, 3), (2, 4), (None, 2), (4, None), (4, 1)])
    assert (m.children, m.moved_down, m.unchanged, m.moved_up) == (4, 2, 1, 1)


def test_compare_groups_splits_children_by_group() -> None:
    groups = {1: NEW_MODEL, 2: NEW_MODEL, 3: COMPARISON, 4: COMPARISON}
    comparison = compare_groups(groups, {1: 5, 2: 4, 3: 5, 4: 4}, {1: 3, 2: 4, 3: 5, 4: 5})
    assert (comparison.new_model.moved_down, comparison.comparison.moved_down, comparison.comparison.moved_up) == (
        1,
        0,
        1,
    )


def test_compare_groups_difference_uses_newcombe() -> None:
    groups = {i: NEW_MODEL for i in range(10)} | {i: COMPARISON for i in range(10, 20)}
    baseline = {i: 4 for i in range(20)}
    follow_up = {i: (3 if i < 9 else 4) for i in range(10)} | {i: (3 if i < 13 else 4) for i in range(10, 20)}
    difference = compare_groups(groups, baseline, follow_up).difference
    # 9/10 − 3/10, Newcombe 1998 example (b): 0.1705 to 0.8090.
    assert (round(difference.low, 4), round(difference.high, 4)) == (0.1705, 0.8090)


def test_quarter_dates_are_three_months_apart_clamped_to_month_end() -> None:
    assert quarter_dates(date(2015, 11, 30), 2) == [date(2015, 11, 30), date(2016, 2, 29), date(2016, 5, 30)]
