"""Services: registration and routing, assessment, receipt, conversation, merge, close, investigations."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.tests.factories import ChildFactory, JournalEntryFactory
from sikkerhedsnet.core import legal
from sikkerhedsnet.core.errors import Conflict, DomainError, PreconditionMissing, StaleEdit
from sikkerhedsnet.intake import services
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
from sikkerhedsnet.measures.models import Measure

CPH = legal.LOCAL_TZ
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=CPH)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def register(by, child, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "received_at": NOW - timedelta(hours=2),
        "reporter_type": "professional",
        "summary": "Barnet har blå mærker. (Fiktiv.)",
        "categories": ["neglect"],
        "reporter_organisation": "Demo Skole",
    } | overrides
    return services.notification_register(by=by, child=child, **fields)


# --- registration and routing ------------------------------------------------------------------------------------


def test_notification_register_for_child_with_open_case_goes_to_its_caseworker(caseworker, child) -> None:
    notification = register(caseworker, child)
    assert (notification.assigned_to, notification.routed_team) == (caseworker, caseworker.team)


def test_notification_register_for_case_without_caseworker_waits_in_the_teams_queue(intake_worker, intake_team) -> None:
    child = ChildFactory(case__team=intake_team, case__caseworker=None)
    notification = register(intake_worker, child)
    assert (notification.assigned_to, notification.routed_team) == (None, intake_team)


def test_notification_register_for_closed_case_reopens_it_in_the_intake_team(caseworker, intake_team) -> None:
    child = ChildFactory(
        case__team=caseworker.team,
        case__caseworker=caseworker,
        case__closed_on=date(2026, 3, 1),
        case__opened_on=date(2025, 1, 1),
    )
    register(caseworker, child)
    case = Case.objects.get(child=child)
    assert (case.closed_on, case.team, case.caseworker) == (None, intake_team, None)


def test_notification_register_for_new_child_creates_its_case_in_intake_team_without_caseworker(
    caseworker, intake_team, municipality
) -> None:
    notification = services.notification_register_for_new_child(
        by=caseworker,
        cpr="610115-4001",
        first_name="Freja",
        last_name="Fiktivsen",
        municipality=municipality,
        received_at=NOW - timedelta(hours=1),
        reporter_type="private",
        summary="Bekymring. (Fiktiv.)",
    )
    case = notification.child.case
    assert (case.team, case.caseworker, notification.routed_team) == (intake_team, None, intake_team)


def test_notification_register_for_new_child_with_bad_input_creates_no_child(
    caseworker, intake_team, municipality
) -> None:
    with pytest.raises(DomainError):
        services.notification_register_for_new_child(
            by=caseworker,
            cpr="610115-4001",
            first_name="Freja",
            last_name="Fiktivsen",
            municipality=municipality,
            received_at=NOW + timedelta(hours=1),
            reporter_type="private",
            summary="Bekymring. (Fiktiv.)",
        )
    assert not Child.objects.filter(cpr="6101154001").exists()


def test_notification_register_received_in_future_is_refused_and_nothing_saved(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        register(caseworker, child, received_at=NOW + timedelta(minutes=5))
    assert (exc.value.code, exc.value.field, Notification.objects.count()) == ("date_in_future", "received_at", 0)


def test_notification_register_within_a_minute_of_clock_skew_is_accepted(caseworker, child) -> None:
    assert register(caseworker, child, received_at=NOW + timedelta(seconds=30)).pk


def test_notification_register_with_naive_datetime_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        register(caseworker, child, received_at=datetime(2026, 3, 10, 9, 0))  # noqa: DTZ001
    assert exc.value.code == "naive_datetime"


def test_notification_register_with_unknown_reporter_type_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        register(caseworker, child, reporter_type="neighbour")
    assert (exc.value.code, exc.value.field) == ("unknown_reporter_type", "reporter_type")


def test_notification_register_with_unknown_category_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        register(caseworker, child, categories=["aliens"])
    assert exc.value.code == "unknown_category"


def test_notification_register_with_empty_summary_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        register(caseworker, child, summary="   ")
    assert exc.value.field == "summary"


def test_notification_register_anonymous_with_a_name_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        register(caseworker, child, reporter_type="anonymous", reporter_organisation="", reporter_name="Hans")
    assert (exc.value.code, exc.value.field) == ("anonymous_with_identity", "reporter_name")


def test_notification_register_about_abuse_requires_a_conversation_with_the_child(caseworker, child) -> None:
    assert register(caseworker, child, categories=["sexual_abuse"]).child_conversation_required


def test_notification_register_for_child_with_active_measure_requires_reassessment(caseworker, child) -> None:
    Measure.objects.create(
        child=child, kind="preventive", decided_on=date(2026, 1, 1), start_on=date(2026, 1, 2), created_by=caseworker
    )
    assert register(caseworker, child).reassessment_required


def test_notification_register_without_measure_needs_no_reassessment(caseworker, child) -> None:
    assert not register(caseworker, child).reassessment_required


def test_notification_register_links_siblings_but_not_the_child_itself(caseworker, child) -> None:
    sibling = ChildFactory(case__team=caseworker.team, case__caseworker=caseworker)
    notification = register(caseworker, child, siblings=[sibling, child])
    assert list(notification.siblings.all()) == [sibling]


def test_notification_register_freezes_the_municipalitys_saturday_setting(caseworker, child, municipality) -> None:
    municipality.saturday_is_working_day = True
    municipality.save()
    notification = register(caseworker, child, received_at=datetime(2026, 3, 9, 10, 0, tzinfo=CPH))
    municipality.saturday_is_working_day = False
    municipality.save()
    assert notification.receipt_due_on == date(2026, 3, 16)  # Mon + 6 incl. Saturday 14 March


def test_notification_register_is_audited(caseworker, child) -> None:
    notification = register(caseworker, child)
    assert AuditEvent.objects.filter(
        type=AuditEvent.Type.CREATED,
        target_model="intake.notification",
        target_id=str(notification.pk),
        child_id=child.pk,
    ).exists()


# --- assessment ------------------------------------------------------------------------------------------------


def assess(by, notification, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "outcome": "advice",
        "reasoning": "Forældrene tager imod rådgivning.",
        "assessed_at": NOW,
        "expected_version": notification.version,
    } | overrides
    return services.notification_assess(by=by, notification=notification, **fields)


def test_notification_assess_records_outcome_reasoning_who_and_when(caseworker, child) -> None:
    notification = assess(caseworker, NotificationFactory(child=child))
    assert (notification.outcome, notification.assessed_by, notification.assessed_at) == ("advice", caseworker, NOW)


def test_notification_assess_before_receipt_is_refused_and_nothing_saved(caseworker, child) -> None:
    notification = NotificationFactory(child=child, received_at=NOW - timedelta(hours=1))
    with pytest.raises(DomainError) as exc:
        assess(caseworker, notification, assessed_at=NOW - timedelta(hours=2))
    notification.refresh_from_db()
    assert (exc.value.code, exc.value.field, notification.assessed_at) == (
        "assessment_before_receipt",
        "assessed_at",
        None,
    )


def test_notification_assess_abuse_as_no_action_without_exception_is_refused(caseworker, child):  # type: ignore[no-untyped-def]
    notification = NotificationFactory(child=child, categories=["violence"], child_conversation_required=True)
    with pytest.raises(PreconditionMissing) as exc:
        assess(caseworker, notification, outcome="no_action")
    notification.refresh_from_db()
    assert (exc.value.missing, exc.value.field, notification.assessed_at) == (
        ["abuse_needs_investigation"],
        "abuse_exception",
        None,
    )


def test_notification_assess_abuse_as_no_action_with_a_reasoned_exception_is_recorded(caseworker, child):  # type: ignore[no-untyped-def]
    notification = NotificationFactory(child=child, categories=["sexual_abuse"], child_conversation_required=True)
    assessed = assess(
        caseworker,
        notification,
        outcome="no_action",
        abuse_exception="unfounded",
        abuse_exception_reason="Underretteren havde forvekslet barnet.",
    )
    assert (assessed.outcome, assessed.abuse_exception) == ("no_action", "unfounded")


def test_notification_assess_in_the_future_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        assess(caseworker, NotificationFactory(child=child), assessed_at=NOW + timedelta(hours=1))
    assert exc.value.code == "date_in_future"


def test_notification_assess_unknown_outcome_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        assess(caseworker, NotificationFactory(child=child), outcome="shrug")
    assert exc.value.field == "outcome"


def test_notification_assess_twice_is_a_conflict(caseworker, child) -> None:
    notification = assess(caseworker, NotificationFactory(child=child))
    with pytest.raises(Conflict):
        assess(caseworker, notification)


def test_notification_assess_with_stale_version_is_refused(caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    with pytest.raises(StaleEdit):
        assess(caseworker, notification, expected_version=notification.version + 1)


def test_notification_assess_with_reassessment_requires_a_participant(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        assess(caseworker, NotificationFactory(child=child, reassessment_required=True))
    assert exc.value.code == "reassessment_participant_required"


def test_notification_assess_refuses_a_participant_who_worked_on_the_case(
    caseworker, colleague_same_team, child
) -> None:
    JournalEntryFactory(child=child, author=colleague_same_team)
    notification = NotificationFactory(child=child, reassessment_required=True)
    with pytest.raises(DomainError) as exc:
        assess(caseworker, notification, reassessment_participant=colleague_same_team)
    assert exc.value.code == "reassessment_participant_not_new"


def test_notification_assess_refuses_the_caseworker_as_participant(colleague_same_team, caseworker, child) -> None:
    notification = NotificationFactory(child=child, reassessment_required=True)
    with pytest.raises(DomainError):
        assess(colleague_same_team, notification, reassessment_participant=caseworker)


def test_notification_assess_accepts_someone_new_to_the_case(caseworker, colleague_same_team, child) -> None:
    notification = NotificationFactory(child=child, reassessment_required=True)
    assessed = assess(caseworker, notification, reassessment_participant=colleague_same_team)
    assert assessed.reassessment_participant == colleague_same_team


def test_notification_assess_with_investigation_outcome_starts_the_investigation(caseworker, child) -> None:
    notification = NotificationFactory(child=child, received_at=datetime(2026, 3, 9, 23, 30, tzinfo=CPH))
    assess(caseworker, notification, outcome="investigation")
    investigation = Investigation.objects.get(child=child)
    assert (investigation.awareness_on, investigation.notification) == (date(2026, 3, 9), notification)


def test_notification_assess_with_investigation_outcome_keeps_an_open_investigation(caseworker, child) -> None:
    existing = InvestigationFactory(child=child, awareness_on=date(2026, 2, 1))
    assess(caseworker, NotificationFactory(child=child), outcome="investigation")
    assert list(Investigation.objects.filter(child=child)) == [existing]


def test_notification_assess_merged_duplicate_is_refused(caseworker, child) -> None:
    original = NotificationFactory(child=child)
    duplicate = NotificationFactory(child=child, duplicate_of=original, merged_at=NOW, merged_by=caseworker)
    with pytest.raises(DomainError) as exc:
        assess(caseworker, duplicate)
    assert exc.value.code == "notification_merged"


# --- receipt, conversation, merge, close -------------------------------------------------------------------------


def test_notification_receipt_record_saves_date_and_feedback(caseworker, child) -> None:
    notification = NotificationFactory(child=child, reporter_type="professional")
    saved = services.notification_receipt_record(
        by=caseworker,
        notification=notification,
        expected_version=1,
        sent_on=date(2026, 3, 10),
        feedback="investigation",
    )
    assert (saved.receipt_sent_on, saved.notifier_feedback, saved.receipt_sent_by) == (
        date(2026, 3, 10),
        "investigation",
        caseworker,
    )


def test_notification_receipt_record_for_private_reporter_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        services.notification_receipt_record(
            by=caseworker,
            notification=NotificationFactory(child=child),
            expected_version=1,
            sent_on=date(2026, 3, 10),
            feedback="nothing",
        )
    assert exc.value.code == "receipt_not_required"


def test_notification_receipt_record_before_receipt_is_refused(caseworker, child) -> None:
    notification = NotificationFactory(child=child, reporter_type="professional")
    with pytest.raises(DomainError) as exc:
        services.notification_receipt_record(
            by=caseworker, notification=notification, expected_version=1, sent_on=date(2026, 3, 1), feedback="nothing"
        )
    assert exc.value.field == "sent_on"


def test_notification_child_conversation_record_needs_date_or_reason(caseworker, child) -> None:
    notification = NotificationFactory(child=child, categories=["violence"], child_conversation_required=True)
    with pytest.raises(DomainError) as exc:
        services.notification_child_conversation_record(by=caseworker, notification=notification, expected_version=1)
    assert exc.value.field == "held_on"


def test_notification_child_conversation_record_saves_the_date(caseworker, child) -> None:
    notification = NotificationFactory(child=child, categories=["violence"], child_conversation_required=True)
    saved = services.notification_child_conversation_record(
        by=caseworker, notification=notification, expected_version=1, held_on=date(2026, 3, 10)
    )
    assert saved.child_conversation_done


def test_notification_merge_links_the_duplicate_to_the_original(caseworker, child) -> None:
    original = NotificationFactory(child=child, received_at=NOW - timedelta(hours=5))
    duplicate = NotificationFactory(child=child)
    merged = services.notification_merge(by=caseworker, duplicate=duplicate, original=original, expected_version=1)
    assert (merged.duplicate_of, merged.merged_by, Notification.objects.count()) == (original, caseworker, 2)


def test_notification_merge_of_notifications_about_different_children_is_refused(caseworker, child) -> None:
    other = NotificationFactory(child=ChildFactory(case__team=caseworker.team))
    with pytest.raises(DomainError) as exc:
        services.notification_merge(
            by=caseworker, duplicate=NotificationFactory(child=child), original=other, expected_version=1
        )
    assert exc.value.code == "merge_other_child"


def test_notification_merge_with_itself_is_refused(caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    with pytest.raises(DomainError):
        services.notification_merge(by=caseworker, duplicate=notification, original=notification, expected_version=1)


def test_notification_close_without_assessment_is_refused(caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    with pytest.raises(DomainError) as exc:
        services.notification_close(by=caseworker, notification=notification, expected_version=1)
    notification.refresh_from_db()
    assert (exc.value.code, notification.closed_at) == ("not_assessed", None)


def test_notification_close_after_assessment_closes(caseworker, child) -> None:
    notification = assess(caseworker, NotificationFactory(child=child))
    closed = services.notification_close(by=caseworker, notification=notification, expected_version=2)
    assert closed.is_closed


def test_notification_take_assigns_the_queued_case_to_the_taker(intake_worker, intake_team) -> None:
    child = ChildFactory(case__team=intake_team, case__caseworker=None)
    notification = NotificationFactory(child=child, assigned_to=None)
    services.notification_take(by=intake_worker, notification=notification)
    assert Case.objects.get(child=child).caseworker == intake_worker


def test_notification_take_of_a_case_with_a_caseworker_is_a_conflict(colleague_same_team, child) -> None:
    with pytest.raises(Conflict):
        services.notification_take(by=colleague_same_team, notification=NotificationFactory(child=child))


# --- investigations ----------------------------------------------------------------------------------------------


def test_investigation_start_in_the_future_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        services.investigation_start(by=caseworker, child=child, awareness_on=date(2026, 3, 11))
    assert (exc.value.field, Investigation.objects.count()) == ("awareness_date", 0)


def test_investigation_start_while_one_is_open_is_a_conflict(caseworker, child) -> None:
    services.investigation_start(by=caseworker, child=child, awareness_on=date(2026, 3, 1))
    with pytest.raises(Conflict) as exc:
        services.investigation_start(by=caseworker, child=child, awareness_on=date(2026, 3, 2))
    assert exc.value.code == "investigation_already_open"


def test_investigation_save_stores_a_partial_draft_and_bumps_the_version(caseworker, child) -> None:
    investigation = InvestigationFactory(child=child)
    saved = services.investigation_save(
        by=caseworker,
        investigation=investigation,
        expected_version=1,
        ics={"child.health": "Sund og rask"},
        conclusion="",
    )
    assert (saved.ics, saved.version) == ({"child.health": "Sund og rask"}, 2)


def test_investigation_save_with_stale_version_is_refused(caseworker, child) -> None:
    investigation = InvestigationFactory(child=child, version=3)
    with pytest.raises(StaleEdit):
        services.investigation_save(by=caseworker, investigation=investigation, expected_version=2, conclusion="x")


def test_investigation_save_with_unknown_dimension_is_refused(caseworker, child) -> None:
    with pytest.raises(DomainError) as exc:
        services.investigation_save(
            by=caseworker, investigation=InvestigationFactory(child=child), expected_version=1, ics={"child.x": "y"}
        )
    assert exc.value.code == "unknown_dimension"


def test_investigation_conclude_incomplete_lists_the_missing_parts(caseworker, child) -> None:
    investigation = InvestigationFactory(child=child)
    with pytest.raises(services.IncompleteInvestigation) as exc:
        services.investigation_conclude(by=caseworker, investigation=investigation, expected_version=1)
    assert exc.value.missing[0] == "Barnets udvikling og behov: beskriv mindst én dimension"


def test_investigation_conclude_complete_concludes(caseworker, child) -> None:
    investigation = InvestigationFactory(
        child=child,
        ics={"child.health": "x", "parenting.safety": "x", "family.income": "x"},
        conversation_not_held_reason="Barnet er spæd.",
        parents_view="Forældrene er enige i, at der ikke er behov.",
        conclusion="Ingen behov.",
        support_needed=False,
    )
    concluded = services.investigation_conclude(by=caseworker, investigation=investigation, expected_version=1)
    assert (concluded.status, concluded.concluded_by) == ("concluded", caseworker)


def test_investigation_conclude_without_the_parents_view_names_the_precondition(caseworker, child):  # type: ignore[no-untyped-def]
    investigation = InvestigationFactory(
        child=child,
        ics={"child.health": "x", "parenting.safety": "x", "family.income": "x"},
        conversation_not_held_reason="Barnet er spæd.",
        conclusion="Ingen behov.",
        support_needed=False,
    )
    with pytest.raises(services.IncompleteInvestigation) as exc:
        services.investigation_conclude(by=caseworker, investigation=investigation, expected_version=1)
    assert exc.value.preconditions == ["investigation_needs_parents_view"]


def test_investigation_save_after_conclusion_is_refused(caseworker, child) -> None:
    investigation = InvestigationFactory(child=child, status="concluded", concluded_at=NOW, concluded_by=caseworker)
    with pytest.raises(Conflict):
        services.investigation_save(by=caseworker, investigation=investigation, expected_version=1, conclusion="x")


# --- database constraints ----------------------------------------------------------------------------------------


def _violates(**fields) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationFactory(**fields)


def test_constraint_assessment_needs_outcome_and_assessor(child) -> None:
    _violates(child=child, assessed_at=NOW)


def test_constraint_assessment_not_before_receipt(child, caseworker) -> None:
    _violates(child=child, outcome="advice", assessed_by=caseworker, assessed_at=NOW - timedelta(hours=3))


def test_constraint_closed_only_when_assessed(child, caseworker) -> None:
    _violates(child=child, closed_at=NOW, closed_by=caseworker)


def test_constraint_receipt_only_for_professional(child, caseworker) -> None:
    _violates(child=child, reporter_type="private", receipt_sent_on=date(2026, 3, 10), receipt_sent_by=caseworker)


def test_constraint_merge_is_complete(child) -> None:
    original = NotificationFactory(child=child)
    _violates(child=child, duplicate_of=original)


def test_constraint_notification_not_duplicate_of_itself(child, caseworker) -> None:
    notification = NotificationFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(
            duplicate_of=notification, merged_at=NOW, merged_by=caseworker
        )


def test_constraint_one_open_investigation_per_child(child) -> None:
    InvestigationFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestigationFactory(child=child)


def test_constraint_concluded_investigation_has_conclusion_time(child) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestigationFactory(child=child, status="concluded")


def test_intake_team_for_returns_the_municipalitys_intake_team(intake_team, municipality) -> None:
    assert services.intake_team_for(municipality) == intake_team


def test_notification_assess_refuses_a_participant_without_case_access(child) -> None:
    analyst = UserFactory(role="analyst", team=None, municipality=child.case.team.department.municipality)
    notification = NotificationFactory(child=child, reassessment_required=True)
    with pytest.raises(DomainError):
        assess(child.case.caseworker, notification, reassessment_participant=analyst)
