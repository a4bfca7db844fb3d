"""Writes on measures, the catalogue, the staircase and plans."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.errors import DomainError, Duplicate, PreconditionMissing, StaleEdit
from sikkerhedsnet.measures import services
from sikkerhedsnet.measures.models import Goal, Measure, StaircaseMove
from sikkerhedsnet.measures.tests.conftest import investigated
from sikkerhedsnet.measures.tests.factories import (
    ActionPlanFactory,
    MeasureFactory,
    OfferFactory,
    StaircaseMoveFactory,
    basis,
)

pytestmark = pytest.mark.django_db


def decide(caseworker, child, decision, **kwargs):  # type: ignore[no-untyped-def]
    return services.measure_decide(by=caseworker, child=child, decision=decision, **kwargs)


def error_of(caseworker, child, decision, **kwargs) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        decide(caseworker, child, decision, **kwargs)
    return caught.value


# --- Deciding a placement -------------------------------------------------------------------------------------


def test_measure_decide_complete_placement_is_saved(caseworker, child, placement) -> None:
    measure = decide(caseworker, child, placement())
    assert (measure.kind, measure.placement_type, measure.consent, measure.missing_details) == (
        "foster_family",
        "general_foster_family",
        "with_consent",
        [],
    )


def test_measure_decide_derives_barnets_lov_46_for_placement_with_consent(caseworker, child, placement) -> None:
    assert decide(caseworker, child, placement()).legal_basis.code == "bl-46"


def test_measure_decide_derives_barnets_lov_47_without_consent(caseworker, child, placement) -> None:
    ActionPlanFactory(child=child, made_on=date(2025, 4, 20))  # without consent the plan comes first (BL § 91)
    decision = placement(
        consent="without_consent", committee_decided_on=date(2025, 4, 28), committee_reference="BUU pkt. 4/2025"
    )
    assert decide(caseworker, child, decision).legal_basis.code == "bl-47"


def test_measure_decide_before_2024_derives_serviceloven(caseworker, child, placement) -> None:
    decision = placement(
        decided_on=date(2023, 6, 1), start_on=date(2023, 6, 5), return_home_plan_made_on=date(2023, 6, 1)
    )
    assert decide(caseworker, child, decision).legal_basis.code == "sel-52-3-7"


def test_measure_decide_preventive_takes_offer_basis_valid_on_decision_day(caseworker, child, offer) -> None:
    decision = services.Decision(
        kind="preventive",
        decided_on=date(2023, 3, 1),
        start_on=date(2023, 3, 1),
        monthly_cost=0,
        offer=offer,
        purpose="Familiebehandling",
        category="3",
    )
    assert decide(caseworker, child, decision).legal_basis.code == "sel-52-3-3"


def test_measure_decide_records_audit_event(caseworker, child, placement) -> None:
    measure = decide(caseworker, child, placement())
    assert AuditEvent.objects.filter(
        type=AuditEvent.Type.CREATED, target_model="measures.measure", target_id=str(measure.pk), child_id=child.pk
    ).exists()


def test_measure_decide_end_before_start_refused(caseworker, child, placement) -> None:
    assert error_of(caseworker, child, placement(end_on=date(2025, 5, 9))).code == "end_before_start"


def test_measure_decide_negative_cost_refused(caseworker, child, placement) -> None:
    assert error_of(caseworker, child, placement(monthly_cost=-1)).code == "negative_cost"


def test_measure_decide_placement_without_consent_type_refused(caseworker, child, placement) -> None:
    assert error_of(caseworker, child, placement(consent="")).field == "consent"


def test_measure_decide_without_consent_needs_committee_date(caseworker, child, placement) -> None:
    error = error_of(caseworker, child, placement(consent="without_consent", committee_reference="BUU 4/2025"))
    assert (error.field, error.code) == ("committee_decided_on", "committee_decision_required")


def test_measure_decide_without_consent_needs_committee_decision(caseworker, child, placement) -> None:
    error = error_of(caseworker, child, placement(consent="without_consent", committee_decided_on=date(2025, 4, 28)))
    assert error.field == "committee_reference"


def test_measure_decide_secure_unit_needs_committee_even_with_consent(caseworker, child, municipality) -> None:
    offer = OfferFactory(
        municipality=municipality,
        kind="residential",
        step=5,
        categories=["4b"],
        placement_type="secure_unit",
        legal_basis=basis("bl-46"),
    )
    decision = services.Decision(
        kind="residential",
        decided_on=date(2025, 5, 1),
        start_on=date(2025, 5, 2),
        monthly_cost=185000,
        offer=offer,
        purpose="Sikring",
        category="4b",
        placement_type="secure_unit",
        consent="with_consent",
        return_home_plan="Plan",
        return_home_plan_made_on=date(2025, 5, 1),
    )
    assert error_of(caseworker, child, decision).code == "committee_decision_required"


def test_measure_decide_young_person_over_15_must_consent(caseworker, team, placement) -> None:
    teenager = ChildFactory(birth_date=date(2009, 1, 1), case__caseworker=caseworker, case__team=team)
    assert error_of(caseworker, teenager, placement()).code == "young_person_consent_required"


def test_measure_decide_young_person_consent_given_is_saved(caseworker, team, placement) -> None:
    teenager = ChildFactory(birth_date=date(2009, 1, 1), case__caseworker=caseworker, case__team=team)
    investigated(teenager)
    assert decide(caseworker, teenager, placement(young_person_consent=True)).young_person_consent is True


def test_measure_decide_return_home_plan_required(caseworker, child, placement) -> None:
    error = error_of(caseworker, child, placement(return_home_plan="", return_home_plan_made_on=None))
    assert error.code == "return_home_plan_required"


def test_measure_decide_return_home_plan_made_after_start_refused(caseworker, child, placement) -> None:
    error = error_of(caseworker, child, placement(return_home_plan_made_on=date(2025, 5, 11)))
    assert error.code == "return_home_plan_after_start"


def test_measure_decide_exclusion_replaces_return_home_plan(caseworker, child, placement) -> None:
    decision = placement(
        return_home_plan="",
        return_home_plan_made_on=None,
        return_home_exclusion="severe_disability",
        return_home_exclusion_note="Lægeerklæring i sagen.",
    )
    assert decide(caseworker, child, decision).return_home_exclusion == "severe_disability"


def test_measure_decide_exclusion_without_documentation_refused(caseworker, child, placement) -> None:
    decision = placement(return_home_plan="", return_home_plan_made_on=None, return_home_exclusion="severe_disability")
    assert error_of(caseworker, child, decision).field == "return_home_exclusion_note"


def test_measure_decide_opholdssted_after_2024_refused(caseworker, child, placement, municipality) -> None:
    old = OfferFactory(
        municipality=municipality,
        kind="residential",
        step=5,
        categories=["4b"],
        placement_type="residential_home_pre2024",
        legal_basis=basis("bl-46"),
    )
    decision = placement(kind="residential", offer=old, placement_type="residential_home_pre2024")
    assert error_of(caseworker, child, decision).code == "placement_type_not_valid_on_date"


def test_measure_decide_placement_type_of_other_kind_refused(caseworker, child, placement) -> None:
    assert error_of(caseworker, child, placement(placement_type="children_home")).code == "placement_type_mismatch"


def test_measure_decide_preventive_with_placement_details_refused(caseworker, child, offer) -> None:
    decision = services.Decision(
        kind="preventive",
        decided_on=date(2025, 1, 1),
        start_on=date(2025, 1, 1),
        monthly_cost=0,
        offer=offer,
        purpose="x",
        consent="with_consent",
    )
    assert error_of(caseworker, child, decision).code == "not_a_placement"


def test_measure_decide_category_not_served_by_offer_refused(caseworker, child, placement) -> None:
    assert error_of(caseworker, child, placement(category="2")).code == "category_not_served"


def test_measure_decide_offer_of_other_municipality_refused(caseworker, child, placement) -> None:
    foreign = OfferFactory(kind="foster_family", placement_type="general_foster_family", legal_basis=basis("bl-46"))
    assert error_of(caseworker, child, placement(offer=foreign)).code == "unknown_offer"


def test_measure_decide_legal_basis_of_wrong_purpose_refused(caseworker, child, placement) -> None:
    assert error_of(caseworker, child, placement(legal_basis=basis("bl-47"))).code == "legal_basis_mismatch"


def test_measure_decide_legal_basis_not_valid_on_decision_day_refused(caseworker, child, placement) -> None:
    assert (
        error_of(caseworker, child, placement(legal_basis=basis("sel-52-3-7"))).code == "legal_basis_not_valid_on_date"
    )


def test_measure_decide_decision_in_future_refused(caseworker, child, placement) -> None:
    assert error_of(caseworker, child, placement(decided_on=date(2999, 1, 1))).code == "date_in_future"


def test_measure_decide_incomplete_placement_allowed_when_not_required(caseworker, child) -> None:
    decision = services.Decision(
        kind="residential", decided_on=date(2025, 5, 1), start_on=date(2025, 5, 1), monthly_cost=0
    )
    measure = decide(caseworker, child, decision, complete=False)
    assert measure.missing_details == ["legal_basis", "placement_type", "consent", "return_home_plan"]


# --- The staircase ----------------------------------------------------------------------------------------------


def test_measure_decide_records_entry_on_the_staircase(caseworker, child, placement) -> None:
    decide(caseworker, child, placement())
    move = StaircaseMove.objects.get(child=child)
    assert (move.from_step, move.to_step, move.category, move.direction) == (None, 4, "4b", "enter")


def test_measure_decide_moving_up_without_reason_refused(caseworker, child, placement) -> None:
    StaircaseMoveFactory(child=child, to_step=2, category="4a", created_by=caseworker)
    error = error_of(caseworker, child, placement())
    assert (error.field, error.code) == ("staircase_reason", "step_up_reason_required")


def test_measure_decide_moving_up_with_reason_records_up(caseworker, child, placement) -> None:
    StaircaseMoveFactory(child=child, to_step=2, category="4a", created_by=caseworker)
    decide(caseworker, child, placement(), staircase_reason="Familiebehandlingen var ikke nok.")
    assert StaircaseMove.objects.filter(child=child).latest("id").direction == "up"


def test_measure_decide_failed_validation_saves_nothing(caseworker, child, placement) -> None:
    StaircaseMoveFactory(child=child, to_step=2, category="4a", created_by=caseworker)
    error_of(caseworker, child, placement())
    assert (Measure.objects.filter(child=child).count(), StaircaseMove.objects.filter(child=child).count()) == (0, 1)


def test_staircase_move_record_down_needs_no_reason(caseworker, child) -> None:
    StaircaseMoveFactory(child=child, to_step=4, category="4b", created_by=caseworker)
    move = services.staircase_move_record(
        by=caseworker, child=child, moved_on=date(2025, 9, 1), to_step=3, category="4a", reason=""
    )
    assert move.direction == "down"


def test_staircase_move_record_unchanged_refused(caseworker, child) -> None:
    StaircaseMoveFactory(child=child, to_step=4, category="4b", created_by=caseworker)
    with pytest.raises(DomainError) as caught:
        services.staircase_move_record(
            by=caseworker, child=child, moved_on=date(2025, 9, 1), to_step=4, category="4b", reason=""
        )
    assert caught.value.code == "no_change"


def test_measure_end_moves_child_to_step_of_what_still_runs(caseworker, child) -> None:
    measure = MeasureFactory(child=child, kind="residential", step=5, start_on=date(2025, 1, 1))
    MeasureFactory(child=child, step=2, start_on=date(2025, 1, 1))
    StaircaseMoveFactory(child=child, to_step=5, category="4b", created_by=caseworker)
    services.measure_end(by=caseworker, measure=measure, end_on=date(2025, 8, 1), reason="Hjemgivet.")
    assert StaircaseMove.objects.filter(child=child).latest("id").to_step == 2


def test_measure_end_of_last_measure_leaves_the_staircase(caseworker, child) -> None:
    measure = MeasureFactory(child=child, step=2, start_on=date(2025, 1, 1))
    StaircaseMoveFactory(child=child, to_step=2, category="3", created_by=caseworker)
    services.measure_end(by=caseworker, measure=measure, end_on=date(2025, 8, 1), reason="Målene er nået.")
    assert StaircaseMove.objects.filter(child=child).latest("id").direction == "leave"


# --- Editing ------------------------------------------------------------------------------------------------------


def test_measure_update_stale_version_refused(caseworker, child, placement) -> None:
    measure = decide(caseworker, child, placement())
    with pytest.raises(StaleEdit):
        services.measure_update(by=caseworker, measure=measure, expected_version=measure.version + 1, monthly_cost=1)


def test_measure_update_sets_end_and_bumps_version(caseworker, child, placement) -> None:
    measure = decide(caseworker, child, placement())
    updated = services.measure_update(
        by=caseworker, measure=measure, expected_version=measure.version, end_on=date(2026, 1, 31)
    )
    assert (updated.end_on, updated.version) == (date(2026, 1, 31), measure.version + 1)


def test_measure_update_end_before_start_refused(caseworker, child, placement) -> None:
    measure = decide(caseworker, child, placement())
    with pytest.raises(DomainError) as caught:
        services.measure_update(
            by=caseworker, measure=measure, expected_version=measure.version, end_on=date(2025, 1, 1)
        )
    assert caught.value.code == "end_before_start"


# --- Catalogue and legal bases --------------------------------------------------------------------------------


def offer_fields(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "Fast kontaktperson",
        "description": "",
        "kind": "preventive",
        "step": 2,
        "categories": ["3", "4a"],
        "placement_type": "",
        "legal_basis": basis("bl-32-1-3"),
        "provider": "Ungekontakten",
        "monthly_price": 7600,
        "active": True,
    }
    values.update(changes)
    return values


def test_offer_create_by_admin_is_saved_with_history(admin_user, municipality) -> None:
    offer = services.offer_create(by=admin_user, municipality=municipality, **offer_fields())
    assert offer.history.count() == 1


def test_offer_create_by_caseworker_forbidden(caseworker, municipality) -> None:
    with pytest.raises(PermissionDenied):
        services.offer_create(by=caseworker, municipality=municipality, **offer_fields())


def test_offer_create_duplicate_name_refused(admin_user, municipality) -> None:
    services.offer_create(by=admin_user, municipality=municipality, **offer_fields())
    with pytest.raises(Duplicate):
        services.offer_create(by=admin_user, municipality=municipality, **offer_fields())


def test_offer_create_negative_price_refused(admin_user, municipality) -> None:
    with pytest.raises(DomainError) as caught:
        services.offer_create(by=admin_user, municipality=municipality, **offer_fields(monthly_price=-5))
    assert caught.value.code == "negative_cost"


def test_offer_create_placement_without_placement_type_refused(admin_user, municipality) -> None:
    with pytest.raises(DomainError) as caught:
        services.offer_create(by=admin_user, municipality=municipality, **offer_fields(kind="foster_family"))
    assert caught.value.field == "placement_type"


def test_offer_update_records_a_history_entry(head, offer) -> None:
    services.offer_update(by=head, offer=offer, expected_version=offer.version, monthly_price=15000)
    newest = offer.history.order_by("-history_id").first()
    assert (newest.monthly_price, newest.history_user_id) == (15000, head.pk)


def test_offer_update_stale_version_refused(head, offer) -> None:
    with pytest.raises(StaleEdit):
        services.offer_update(by=head, offer=offer, expected_version=offer.version + 1, monthly_price=15000)


def test_offer_legal_basis_on_old_date_follows_replaces(offer) -> None:
    assert offer.legal_basis_on(date(2022, 1, 1)).code == "sel-52-3-3"


def test_legal_basis_create_new_version_by_the_operator(operator) -> None:
    created = services.legal_basis_create(
        by=operator,
        code="bl-32-1-9",
        law="barnets_lov",
        paragraph="§ 32, stk. 1, nr. 9",
        title="Ny indsats",
        applies_to="support",
        valid_from=date(2027, 1, 1),
        valid_to=None,
        replaces=None,
        verified=False,
        source_note="",
    )
    assert created.is_valid_on(date(2027, 1, 1)) and not created.is_valid_on(date(2026, 12, 31))


def test_legal_basis_create_end_before_start_refused(operator) -> None:
    with pytest.raises(DomainError) as caught:
        services.legal_basis_create(
            by=operator,
            code="x-1",
            law="barnets_lov",
            paragraph="§ 1",
            title="X",
            applies_to="support",
            valid_from=date(2027, 1, 1),
            valid_to=date(2026, 1, 1),
            replaces=None,
            verified=False,
            source_note="",
        )
    assert caught.value.code == "end_before_start"


def test_legal_basis_update_ends_validity(operator) -> None:
    old = basis("bl-32-1-8")
    services.legal_basis_update(by=operator, basis=old, expected_version=old.version, valid_to=date(2027, 6, 30))
    old.refresh_from_db()
    assert not old.is_valid_on(date(2027, 7, 1))


# --- Plans and goals -----------------------------------------------------------------------------------------------


def test_action_plan_save_covers_chosen_measures(caseworker, child) -> None:
    measure = MeasureFactory(child=child)
    plan = services.action_plan_save(
        by=caseworker,
        child=child,
        expected_version=None,
        made_on=date(2025, 3, 15),
        participants="Barnet og mor",
        measure_ids=[measure.pk],
    )
    measure.refresh_from_db()
    assert measure.action_plan_id == plan.pk


def test_action_plan_save_without_participants_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as caught:
        services.action_plan_save(
            by=caseworker, child=child, expected_version=None, made_on=date(2025, 3, 15), participants=" "
        )
    assert caught.value.field == "participants"


def test_action_plan_save_stale_version_refused(caseworker, child) -> None:
    plan = ActionPlanFactory(child=child)
    with pytest.raises(StaleEdit):
        services.action_plan_save(
            by=caseworker, child=child, expected_version=plan.version + 1, made_on=date(2025, 3, 15), participants="x"
        )


def test_action_plan_save_measure_of_other_child_refused(caseworker, child) -> None:
    other = MeasureFactory()
    with pytest.raises(DomainError) as caught:
        services.action_plan_save(
            by=caseworker,
            child=child,
            expected_version=None,
            made_on=date(2025, 3, 15),
            participants="x",
            measure_ids=[other.pk],
        )
    assert caught.value.code == "unknown_measure"


def test_goal_add_for_parents_is_saved(caseworker, child) -> None:
    plan = ActionPlanFactory(child=child)
    goal = services.goal_add(by=caseworker, plan=plan, for_whom="parents", text="Faste sengetider")
    assert (goal.for_whom, goal.status) == ("parents", Goal.Status.OPEN)


def test_goal_add_empty_text_refused(caseworker, child) -> None:
    plan = ActionPlanFactory(child=child)
    with pytest.raises(DomainError):
        services.goal_add(by=caseworker, plan=plan, for_whom="child", text="  ")


def test_measure_decide_exclusion_with_plan_date_after_start_refused_not_integrity_error(
    caseworker, child, placement
) -> None:
    decision = placement(
        return_home_plan_made_on=date(2025, 5, 11),  # after the start on 10 May: the table refuses it (issue #20)
        return_home_exclusion="severe_disability",
        return_home_exclusion_note="Lægeerklæring i sagen.",
    )
    error = error_of(caseworker, child, decision)
    assert (error.code, error.field) == ("return_home_plan_after_start", "return_home_plan_made_on")


# --- Issue #15: the placement's legal preconditions ---------------------------------------------------------------


def test_measure_decide_placement_without_concluded_investigation_is_refused(caseworker, placement):  # type: ignore[no-untyped-def]
    uninvestigated = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    with pytest.raises(PreconditionMissing) as caught:
        decide(caseworker, uninvestigated, placement())
    assert (caught.value.missing, caught.value.field, Measure.objects.filter(child=uninvestigated).count()) == (
        ["placement_needs_investigation"],
        "urgent_reason",
        0,
    )


def test_measure_decide_placement_by_the_urgent_route_with_a_reason_is_recorded(caseworker, placement):  # type: ignore[no-untyped-def]
    uninvestigated = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    measure = decide(caseworker, uninvestigated, placement(urgent_reason="Forældrene kan ikke drage omsorg i nat."))
    assert measure.urgent_reason == "Forældrene kan ikke drage omsorg i nat."


def test_measure_decide_without_consent_without_the_child_plan_is_refused(caseworker, child, placement):  # type: ignore[no-untyped-def]
    decision = placement(
        consent="without_consent", committee_decided_on=date(2025, 4, 28), committee_reference="BUU 4/2025"
    )
    with pytest.raises(PreconditionMissing) as caught:
        decide(caseworker, child, decision)
    assert caught.value.missing == ["placement_without_consent_needs_plan"]


def test_measure_decide_without_consent_with_the_plan_made_before_is_recorded(caseworker, child, placement):  # type: ignore[no-untyped-def]
    ActionPlanFactory(child=child, made_on=date(2025, 4, 20))
    decision = placement(
        consent="without_consent", committee_decided_on=date(2025, 4, 28), committee_reference="BUU 4/2025"
    )
    assert decide(caseworker, child, decision).consent == "without_consent"
