"""Holding follow-ups, adopting a policy, setting the caseload target."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.errors import Conflict, DomainError, StaleEdit
from sikkerhedsnet.followup import selectors, services
from sikkerhedsnet.followup.models import FollowUp, GoalReview, PolicyAdoption
from sikkerhedsnet.followup.tests.factories import FollowUpFactory
from sikkerhedsnet.measures.models import Goal, StaircaseMove
from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, GoalFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def held(**changes: object) -> services.HeldFollowUp:
    values: dict[str, object] = {
        "due_on": date(2025, 7, 10),
        "held_on": date(2025, 7, 14),
        "method": "family_group_conference",
        "decision": "continue",
        "participants": ["child", "parents"],
        "child_heard": True,
    }
    values.update(changes)
    return services.HeldFollowUp(**values)  # type: ignore[arg-type]


def hold(caseworker, measure, data: services.HeldFollowUp, **kwargs):  # type: ignore[no-untyped-def]
    token = kwargs.pop("token", None)
    municipality_id = selectors.municipality_id_of_measure(measure)
    return services.followup_hold(
        by=caseworker,
        measure=measure,
        held=data,
        expected_measure_version=kwargs.pop("version", measure.version),
        expected_policy_token=selectors.policy_token(municipality_id) if token is None else token,
    )


def error_of(caseworker, measure, data, **kwargs) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        hold(caseworker, measure, data, **kwargs)
    return caught.value


def test_followup_hold_records_the_meeting(frozen, caseworker, measure) -> None:
    follow_up = hold(caseworker, measure, held())
    assert (follow_up.due_on, follow_up.held_on, follow_up.policy_code, follow_up.child_id) == (
        date(2025, 7, 10),
        date(2025, 7, 14),
        "kolding",
        measure.child_id,
    )


def test_followup_hold_makes_the_date_held_in_the_plan(frozen, caseworker, measure) -> None:
    hold(caseworker, measure, held())
    states = {s.due_on: s.state for s in selectors.measure_plan(measure, today=frozen).slots}
    assert (states[date(2025, 4, 10)], states[date(2025, 7, 10)], states[date(2025, 10, 10)]) == (
        "missed",
        "held",
        "upcoming",
    )


def test_followup_hold_audited_with_child(frozen, caseworker, measure) -> None:
    follow_up = hold(caseworker, measure, held())
    assert AuditEvent.objects.filter(
        target_model="followup.followup", target_id=str(follow_up.pk), child_id=measure.child_id
    ).exists()


def test_followup_hold_stale_policy_token_refused(frozen, caseworker, measure) -> None:
    with pytest.raises(StaleEdit):
        hold(caseworker, measure, held(), token=0)
    assert not FollowUp.objects.exists()


def test_followup_hold_after_policy_change_refused(frozen, caseworker, measure, head, municipality) -> None:
    token = selectors.policy_token(municipality.pk)
    services.followup_policy_adopt(by=head, municipality=municipality, policy_code="swedish", expected_token=token)
    with pytest.raises(StaleEdit):
        hold(caseworker, measure, held(), token=token)


def test_followup_hold_stale_measure_version_refused(frozen, caseworker, measure) -> None:
    with pytest.raises(StaleEdit):
        hold(caseworker, measure, held(), version=measure.version + 1)


def test_followup_hold_date_not_planned_refused(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(due_on=date(2025, 7, 11))).code == "not_an_open_follow_up"


def test_followup_hold_same_date_twice_refused(frozen, caseworker, measure) -> None:
    hold(caseworker, measure, held())
    measure.refresh_from_db()
    assert error_of(caseworker, measure, held()).code == "not_an_open_follow_up"


def test_followup_hold_in_future_refused(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(held_on=date(2025, 7, 21))).code == "date_in_future"


def test_followup_hold_child_not_heard_needs_reason(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(child_heard=False)).code == "child_not_heard_reason_required"


def test_followup_hold_without_participants_refused(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(participants=[])).code == "participants_required"


def test_followup_hold_unknown_method_refused(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(method="zoom")).code == "invalid_method"


def test_followup_hold_records_goal_attainment(frozen, caseworker, measure) -> None:
    goal = GoalFactory(plan=ActionPlanFactory(child=measure.child))
    follow_up = hold(caseworker, measure, held(goal_reviews=[(goal.pk, 2, "Godt på vej")]))
    review = GoalReview.objects.get(follow_up=follow_up)
    assert (review.goal_id, review.attainment, review.note) == (goal.pk, 2, "Godt på vej")


def test_followup_hold_achieved_goal_is_marked_achieved(frozen, caseworker, measure) -> None:
    goal = GoalFactory(plan=ActionPlanFactory(child=measure.child))
    hold(caseworker, measure, held(goal_reviews=[(goal.pk, 3, "")]))
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED


def test_followup_hold_goal_of_other_child_refused(frozen, caseworker, measure) -> None:
    foreign = GoalFactory()
    assert error_of(caseworker, measure, held(goal_reviews=[(foreign.pk, 1, "")])).code == "unknown_goal"


def test_followup_hold_step_up_needs_reason(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(decision="step_up", new_step=4)).code == "step_up_reason_required"


def test_followup_hold_step_up_records_movement(frozen, caseworker, measure) -> None:
    hold(caseworker, measure, held(decision="step_up", new_step=3, decision_reason="Sikkerheden holder ikke."))
    move = StaircaseMove.objects.filter(child=measure.child).latest("id")
    assert (move.from_step, move.to_step, move.reason) == (2, 3, "Sikkerheden holder ikke.")


def test_followup_hold_step_down_to_higher_step_refused(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(decision="step_down", new_step=3)).code == "not_a_step_down"


def test_followup_hold_end_ends_the_measure(frozen, caseworker, measure) -> None:
    hold(caseworker, measure, held(decision="end", decision_reason="Målene er nået."))
    measure.refresh_from_db()
    assert (measure.end_on, measure.end_reason) == (date(2025, 7, 14), "Målene er nået.")


def test_followup_hold_end_without_reason_refused(frozen, caseworker, measure) -> None:
    assert error_of(caseworker, measure, held(decision="end")).code == "decision_reason_required"


# --- The legal policy: the caseworker sets the cadence at the first follow-up -------------------------------------


@pytest.fixture
def legal_measure(child, caseworker):  # type: ignore[no-untyped-def]
    """No adoption: the municipality follows `legal`; first follow-up due 10 April 2025."""
    return MeasureFactory(child=child, start_on=date(2025, 1, 10), decided_on=date(2025, 1, 5))


def test_followup_hold_first_under_legal_requires_cadence(frozen, caseworker, legal_measure) -> None:
    error = error_of(caseworker, legal_measure, held(due_on=date(2025, 4, 10), held_on=date(2025, 4, 12)))
    assert error.code == "cadence_required"


def test_followup_hold_first_under_legal_requires_cadence_reason(frozen, caseworker, legal_measure) -> None:
    data = held(due_on=date(2025, 4, 10), held_on=date(2025, 4, 12), next_every_months=2)
    assert error_of(caseworker, legal_measure, data).field == "cadence_reason"


def test_followup_hold_first_under_legal_sets_future_dates(frozen, caseworker, legal_measure) -> None:
    data = held(
        due_on=date(2025, 4, 10),
        held_on=date(2025, 4, 12),
        next_every_months=2,
        cadence_reason="Uro i hjemmet; tæt opfølgning.",
    )
    hold(caseworker, legal_measure, data)
    legal_measure.refresh_from_db()
    dates = selectors.measure_plan(legal_measure, today=frozen).dates
    assert (legal_measure.followup_every_months, dates[:3]) == (
        2,
        [date(2025, 4, 10), date(2025, 6, 10), date(2025, 8, 10)],
    )


def test_followup_hold_second_under_legal_needs_no_cadence(frozen, caseworker, legal_measure) -> None:
    FollowUpFactory(measure=legal_measure, due_on=date(2025, 4, 10), held_on=date(2025, 4, 12), policy_code="legal")
    legal_measure.followup_every_months = 2
    legal_measure.save()
    follow_up = hold(caseworker, legal_measure, held(due_on=date(2025, 6, 10), held_on=date(2025, 6, 11)))
    assert follow_up.policy_code == "legal"


# --- Adopting a policy -------------------------------------------------------------------------------------------


def test_followup_policy_adopt_from_today(frozen, head, municipality) -> None:
    adoption = services.followup_policy_adopt(
        by=head, municipality=municipality, policy_code="kolding", expected_token=0
    )
    assert (adoption.policy_code, adoption.adopted_on) == ("kolding", frozen)


def test_followup_policy_adopt_by_caseworker_forbidden(frozen, caseworker, municipality) -> None:
    with pytest.raises(PermissionDenied):
        services.followup_policy_adopt(
            by=caseworker, municipality=municipality, policy_code="kolding", expected_token=0
        )


def test_followup_policy_adopt_by_admin_allowed(frozen, admin_user, municipality) -> None:
    services.followup_policy_adopt(by=admin_user, municipality=municipality, policy_code="swedish", expected_token=0)
    assert selectors.active_policy(municipality.pk).code == "swedish"


def test_followup_policy_adopt_unknown_refused(frozen, head, municipality) -> None:
    with pytest.raises(DomainError) as caught:
        services.followup_policy_adopt(by=head, municipality=municipality, policy_code="weekly", expected_token=0)
    assert caught.value.code == "unknown_policy"


def test_followup_policy_adopt_stale_token_refused(frozen, head, municipality, kolding) -> None:
    with pytest.raises(StaleEdit):
        services.followup_policy_adopt(by=head, municipality=municipality, policy_code="swedish", expected_token=0)


def test_followup_policy_adopt_same_policy_refused(frozen, head, municipality, kolding) -> None:
    with pytest.raises(DomainError) as caught:
        services.followup_policy_adopt(
            by=head, municipality=municipality, policy_code="kolding", expected_token=kolding.pk
        )
    assert caught.value.code == "unchanged"


def test_policy_change_replans_future_but_keeps_past_and_held(frozen, caseworker, measure, head, municipality) -> None:
    hold(caseworker, measure, held())
    before = selectors.measure_plan(measure, today=frozen)
    services.followup_policy_adopt(
        by=head,
        municipality=municipality,
        policy_code="swedish",
        expected_token=selectors.policy_token(municipality.pk),
    )
    after = selectors.measure_plan(measure, today=frozen)
    past = [(s.due_on, s.state) for s in before.slots if s.due_on < frozen]
    assert [(s.due_on, s.state) for s in after.slots if s.due_on < frozen] == past
    assert [s.due_on for s in after.slots if s.due_on >= frozen][:2] == [date(2025, 8, 17), date(2025, 9, 28)]


def test_policy_change_is_audited(frozen, head, municipality) -> None:
    adoption = services.followup_policy_adopt(
        by=head, municipality=municipality, policy_code="kolding", expected_token=0
    )
    assert (
        AuditEvent.objects.get(target_model="followup.policyadoption", target_id=str(adoption.pk)).new["policy"]
        == "kolding"
    )


def test_policy_adoption_history_kept(frozen, head, municipality, kolding) -> None:
    services.followup_policy_adopt(by=head, municipality=municipality, policy_code="swedish", expected_token=kolding.pk)
    assert list(PolicyAdoption.objects.order_by("adopted_on").values_list("policy_code", flat=True)) == [
        "kolding",
        "swedish",
    ]


# --- Caseload target ------------------------------------------------------------------------------------------------


def test_caseload_target_update_saves_range(head, municipality) -> None:
    updated = services.caseload_target_update(by=head, municipality=municipality, low=15, high=20, expected=(20, 22))
    assert (updated.caseload_target_min, updated.caseload_target_max) == (15, 20)


def test_caseload_target_update_min_above_max_refused(head, municipality) -> None:
    with pytest.raises(DomainError) as caught:
        services.caseload_target_update(by=head, municipality=municipality, low=25, high=20, expected=(20, 22))
    assert caught.value.code == "min_above_max"


def test_caseload_target_update_stale_refused(head, municipality) -> None:
    with pytest.raises(StaleEdit):
        services.caseload_target_update(by=head, municipality=municipality, low=15, high=20, expected=(19, 22))


def test_caseload_target_update_by_team_leader_forbidden(team_leader, municipality) -> None:
    with pytest.raises(PermissionDenied):
        services.caseload_target_update(by=team_leader, municipality=municipality, low=15, high=20, expected=(20, 22))


def test_followup_hold_at_copenhagen_midnight_uses_local_date(caseworker, measure) -> None:
    # 00:30 on 11 July in Copenhagen is still 10 July in UTC: "today" must be the Danish date.
    from datetime import datetime

    from sikkerhedsnet.followup.tests.conftest import CPH

    with time_machine.travel(datetime(2025, 7, 11, 0, 30, tzinfo=CPH), tick=False):
        follow_up = hold(caseworker, measure, held(held_on=date(2025, 7, 11)))
    assert follow_up.held_on == date(2025, 7, 11)


def test_followup_hold_race_on_same_date_is_conflict(frozen, caseworker, measure, monkeypatch) -> None:
    # Two caseworkers save the same planned date at once: the second sees the date as open, the database refuses.
    stale_plan = selectors.measure_plan(measure, today=frozen)
    FollowUpFactory(measure=measure, due_on=date(2025, 7, 10), held_on=date(2025, 7, 13))
    monkeypatch.setattr(services.selectors, "measure_plan", lambda m, today: stale_plan)
    with pytest.raises(Conflict) as caught:
        hold(caseworker, measure, held())
    assert caught.value.code == "already_held"
