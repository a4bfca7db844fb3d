"""Database invariants of follow-ups."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from sikkerhedsnet.followup.models import GoalReview
from sikkerhedsnet.followup.tests.factories import FollowUpFactory
from sikkerhedsnet.measures.tests.factories import GoalFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def test_one_follow_up_per_planned_date() -> None:
    measure = MeasureFactory()
    FollowUpFactory(measure=measure, due_on=date(2025, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(measure=measure, due_on=date(2025, 6, 1))


def test_child_not_heard_without_reason_violates_constraint() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(child_heard=False, child_not_heard_reason="")


def test_new_step_outside_staircase_violates_constraint() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(new_step=7)


def test_goal_reviewed_once_per_follow_up() -> None:
    follow_up, goal = FollowUpFactory(), GoalFactory()
    GoalReview.objects.create(follow_up=follow_up, goal=goal, attainment=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalReview.objects.create(follow_up=follow_up, goal=goal, attainment=2)


def test_goal_attainment_above_scale_violates_constraint() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalReview.objects.create(follow_up=FollowUpFactory(), goal=GoalFactory(), attainment=4)
