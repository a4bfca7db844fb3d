"""Database constraints: each one refuses what it should (IntegrityError)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sikkerhedsnet.safety.models import NetworkMember, SafetyPlan, StoryPanel, TargetGroupAssessment, ThreeHouses
from sikkerhedsnet.safety.tests.factories import (
    NetworkMemberFactory,
    SafetyPlanFactory,
    ScoreFactory,
    StoryFactory,
    ThreeHousesFactory,
)

pytestmark = pytest.mark.django_db


def _active(child, **extra):
    fields = {
        "status": "active",
        "approved_at": timezone.now(),
        "approved_by": child.case.caseworker,
        "review_on": timezone.localdate(),
    }
    return SafetyPlanFactory(child=child, **(fields | extra))


def test_safety_plan_second_active_plan_for_child_is_refused(child) -> None:
    _active(child)
    with pytest.raises(IntegrityError), transaction.atomic():
        _active(child)


def test_safety_plan_second_draft_for_child_is_refused(child) -> None:
    SafetyPlanFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlanFactory(child=child)


def test_safety_plan_active_for_two_children_is_allowed(child) -> None:
    from sikkerhedsnet.children.tests.factories import ChildFactory

    other = ChildFactory(case__caseworker=child.case.caseworker, case__team=child.case.team)
    _active(child)
    _active(other)
    assert SafetyPlan.objects.active().count() == 2


def test_safety_plan_same_version_number_twice_in_a_lineage_is_refused(child) -> None:
    first = _active(child)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlanFactory(child=child, lineage=first.lineage, number=1)


def test_safety_plan_active_without_approval_is_refused(child) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlanFactory(child=child, status="active")


def test_safety_plan_ended_without_outcome_is_refused(child) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _active(child, status="ended", ended_on=timezone.localdate(), ended_by=child.case.caseworker)


def test_safety_plan_compulsory_flag_without_voluntary_placement_is_refused(child) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlanFactory(child=child, outcome="returned_home", compulsory_became_voluntary=True)


def test_scaling_score_above_ten_is_refused(child) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreFactory(scaling__child=child, score=11)


def test_scaling_same_participant_twice_in_one_scaling_is_refused(child) -> None:
    score = ScoreFactory(scaling__child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreFactory(scaling=score.scaling)


def test_network_second_active_coordinator_is_refused(child) -> None:
    NetworkMemberFactory(child=child, role=NetworkMember.Role.NETWORK_COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkMemberFactory(child=child, role=NetworkMember.Role.NETWORK_COORDINATOR)


def test_network_inactive_coordinator_does_not_block_a_new_one(child) -> None:
    NetworkMemberFactory(child=child, role=NetworkMember.Role.NETWORK_COORDINATOR, active=False)
    NetworkMemberFactory(child=child, role=NetworkMember.Role.NETWORK_COORDINATOR)
    assert child.network_members.count() == 2


def test_target_group_gross_neglect_without_eligibility_is_refused(child) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetGroupAssessment.objects.create(
            child=child,
            assessed_on=timezone.localdate(),
            neglect_repeated=True,
            gross_neglect=True,
            eligible=False,
            reasoning="x",
            created_by=child.case.caseworker,
        )


def test_story_panel_same_position_twice_is_refused(child) -> None:
    story = StoryFactory(child=child)
    StoryPanel.objects.create(story=story, position=1, text="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryPanel.objects.create(story=story, position=1, text="b")


def test_three_houses_with_trusted_person_unnamed_is_refused(child) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ThreeHousesFactory(child=child, setting=ThreeHouses.Setting.WITH_TRUSTED_PERSON, trusted_person="")
