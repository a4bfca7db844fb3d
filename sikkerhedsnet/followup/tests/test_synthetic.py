"""The demo municipality's measures and follow-ups (seed_demo from an empty database)."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from sikkerhedsnet.followup.models import FollowUp, GoalReview, PolicyAdoption
from sikkerhedsnet.followup.rules import SlotState
from sikkerhedsnet.followup.selectors import plans_for_children
from sikkerhedsnet.measures.models import ActionPlan, Goal, Measure, Offer, StaircaseMove

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    # Seeded per test inside the test's transaction: a module-wide seed outside it would have to know how to
    # delete every other app's demo rows again.
    call_command("seed_demo")


def test_demo_runs_the_kolding_policy(demo) -> None:
    assert list(PolicyAdoption.objects.values_list("policy_code", flat=True)) == ["kolding"]


def test_demo_has_placements_of_every_type(demo) -> None:
    assert set(Measure.objects.exclude(placement_type="").values_list("placement_type", flat=True)) == set(
        Measure.PlacementType.values
    )


def test_demo_has_preventive_measures_and_both_consents(demo) -> None:
    kinds = Counter(Measure.objects.values_list("kind", flat=True))
    consents = set(Measure.objects.exclude(consent="").values_list("consent", flat=True))
    assert kinds["preventive"] > 20 and consents == {"with_consent", "without_consent"}


def test_demo_follow_ups_held_due_and_overdue(demo) -> None:
    today = timezone.localdate()
    child_ids = list(Measure.objects.values_list("child_id", flat=True).distinct())
    states = Counter(
        s.state for plan in plans_for_children(child_ids, today=today, include_next=True) for s in plan.slots
    )
    assert states[SlotState.HELD] > 50 and states[SlotState.OVERDUE] > 0 and states[SlotState.UPCOMING] > 0


def test_demo_staircase_moves_up_and_down(demo) -> None:
    directions = {move.direction for move in StaircaseMove.objects.all()}
    assert {"enter", "up", "down"} <= directions


def test_demo_action_plans_with_goals_and_attainment(demo) -> None:
    assert ActionPlan.objects.exists() and Goal.objects.filter(for_whom="parents").exists()
    assert GoalReview.objects.exists()


def test_demo_catalogue_covers_the_staircase(demo) -> None:
    assert set(Offer.objects.values_list("step", flat=True)) == {1, 2, 3, 4, 5}


def test_demo_measures_are_valid_decisions(demo) -> None:
    assert [m.pk for m in Measure.objects.all() if m.missing_details] == []


def test_seed_demo_twice_changes_nothing(demo) -> None:
    before = (Measure.objects.count(), FollowUp.objects.count(), Offer.objects.count())
    call_command("seed_demo")
    assert (Measure.objects.count(), FollowUp.objects.count(), Offer.objects.count()) == before
