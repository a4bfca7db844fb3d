"""Reads: the staircase position for reports, active measures, measures still needing a plan."""

from datetime import date

import pytest

from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.measures.selectors import child_has_active_measure, measures_needing_plan, staircase_position
from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, MeasureFactory, StaircaseMoveFactory

pytestmark = pytest.mark.django_db


def test_staircase_position_is_latest_move_on_or_before_day() -> None:
    child = ChildFactory()
    StaircaseMoveFactory(child=child, moved_on=date(2025, 1, 1), to_step=2, category="3")
    StaircaseMoveFactory(child=child, moved_on=date(2025, 6, 1), from_step=2, to_step=4, category="4b", reason="r")
    assert staircase_position([child.pk], date(2025, 5, 31)) == {child.pk: (2, "3")}


def test_staircase_position_after_second_move() -> None:
    child = ChildFactory()
    StaircaseMoveFactory(child=child, moved_on=date(2025, 1, 1), to_step=2, category="3")
    StaircaseMoveFactory(child=child, moved_on=date(2025, 6, 1), from_step=2, to_step=4, category="4b", reason="r")
    assert staircase_position([child.pk], date(2025, 6, 1)) == {child.pk: (4, "4b")}


def test_staircase_position_same_day_moves_take_the_last_registered() -> None:
    child = ChildFactory()
    StaircaseMoveFactory(child=child, moved_on=date(2025, 1, 1), to_step=2, category="3")
    StaircaseMoveFactory(child=child, moved_on=date(2025, 1, 1), from_step=2, to_step=1, category="2")
    assert staircase_position([child.pk], date(2025, 1, 1)) == {child.pk: (1, "2")}


def test_staircase_position_unknown_or_left_child_is_none() -> None:
    never, left = ChildFactory(), ChildFactory()
    StaircaseMoveFactory(child=left, moved_on=date(2025, 1, 1), to_step=2, category="3")
    StaircaseMoveFactory(child=left, moved_on=date(2025, 2, 1), from_step=2, to_step=None, category="")
    assert staircase_position([never.pk, left.pk], date(2025, 3, 1)) == {never.pk: (None, None), left.pk: (None, None)}


def test_staircase_position_query_count_does_not_grow_with_children(django_assert_max_num_queries) -> None:
    children = [ChildFactory() for _ in range(6)]
    for child in children:
        StaircaseMoveFactory(child=child, moved_on=date(2025, 1, 1), to_step=3, category="4a")
    with django_assert_max_num_queries(1):
        result = staircase_position([c.pk for c in children], date(2025, 2, 1))
    assert set(result.values()) == {(3, "4a")}


def test_child_has_active_measure_true_while_running() -> None:
    measure = MeasureFactory(start_on=date(2025, 3, 1), end_on=date(2025, 4, 30))
    assert child_has_active_measure(measure.child_id, on=date(2025, 4, 30))


def test_child_has_active_measure_false_after_end() -> None:
    measure = MeasureFactory(start_on=date(2025, 3, 1), end_on=date(2025, 4, 30))
    assert not child_has_active_measure(measure.child_id, on=date(2025, 5, 1))


def test_measures_needing_plan_lists_placement_without_plan() -> None:
    measure = MeasureFactory(kind="foster_family", child_plan_required=False)
    assert list(measures_needing_plan([measure.child_id], today=date(2025, 6, 1))) == [measure]


def test_measures_needing_plan_skips_preventive_without_plan_decision() -> None:
    measure = MeasureFactory(kind="preventive", child_plan_required=False)
    assert not measures_needing_plan([measure.child_id], today=date(2025, 6, 1)).exists()


def test_measures_needing_plan_skips_covered_measure() -> None:
    measure = MeasureFactory(kind="foster_family")
    measure.action_plan = ActionPlanFactory(child=measure.child)
    measure.save()
    assert not measures_needing_plan([measure.child_id], today=date(2025, 6, 1)).exists()
