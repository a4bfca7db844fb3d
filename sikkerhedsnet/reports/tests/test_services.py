"""Services: business cases, the evaluation lottery and snapshots, FIT/questionnaire, early intervention."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from sikkerhedsnet.accounts.tests.factories import TeamFactory, UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.errors import Conflict, DomainError, Duplicate, StaleEdit
from sikkerhedsnet.reports.business_cases import selectors as business_case_selectors
from sikkerhedsnet.reports.business_cases import services as business_case_services
from sikkerhedsnet.reports.business_cases.examples import BILLUND
from sikkerhedsnet.reports.business_cases.rules import BusinessCaseInvalid
from sikkerhedsnet.reports.early_intervention import services as early_services
from sikkerhedsnet.reports.evaluations import selectors as evaluation_selectors
from sikkerhedsnet.reports.evaluations import services as evaluation_services
from sikkerhedsnet.reports.evaluations.rules import NEW_MODEL, lottery
from sikkerhedsnet.reports.measurements import services as measurement_services
from sikkerhedsnet.reports.models import (
    BusinessCase,
    BusinessCaseLine,
    BusinessCaseOutcome,
    Evaluation,
    EvaluationParticipant,
    EvaluationSnapshot,
    FitScore,
    InvolvementResponse,
    ProjectBudget,
    WellbeingConversation,
)

from .factories import (
    ConsultationFactory,
    DistrictFactory,
    EarlyInterventionProjectFactory,
    EvaluationFactory,
    EvaluationParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(municipality):
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


# --- business cases ------------------------------------------------------------------------------------------


def test_business_case_create_stores_lines_that_reproduce_billund(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    assert [r.net for r in business_case_selectors.business_case_result(case).years] == [
        -3_102_000,
        -2_068_000,
        -1_034_000,
        0,
    ]


def test_business_case_create_is_audited(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    assert AuditEvent.objects.filter(
        type="created", target_model="reports.businesscase", target_id=str(case.pk)
    ).exists()


def test_business_case_create_invalid_input_saves_nothing(head) -> None:
    with pytest.raises(BusinessCaseInvalid):
        business_case_services.business_case_create(by=head, data={**BILLUND, "years": 31})
    assert not BusinessCase.objects.exists()


def test_business_case_create_duplicate_title_is_refused(head) -> None:
    business_case_services.business_case_create(by=head, data=BILLUND)
    with pytest.raises(Duplicate):
        business_case_services.business_case_create(by=head, data=BILLUND)


def test_business_case_create_without_title_is_refused(head) -> None:
    with pytest.raises(DomainError) as caught:
        business_case_services.business_case_create(by=head, data={**BILLUND, "title": "  "})
    assert caught.value.field == "title"


def test_business_case_update_replaces_lines_and_bumps_version(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    updated = business_case_services.business_case_update(
        by=head,
        business_case=case,
        expected_version=1,
        data={**BILLUND, "investments": [{"label": "Én investering", "amount_per_year": 100}], "savings": []},
    )
    assert (updated.version, list(updated.lines.values_list("label", flat=True))) == (2, ["Én investering"])


def test_business_case_update_stale_version_is_refused(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    business_case_services.business_case_update(by=head, business_case=case, expected_version=1, data=BILLUND)
    with pytest.raises(StaleEdit):
        business_case_services.business_case_update(
            by=head, business_case=case, expected_version=1, data={**BILLUND, "years": 5}
        )


def test_business_case_outcome_record_upserts_the_year(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    business_case_services.business_case_outcome_record(by=head, business_case=case, year=2016, investment=1, savings=2)
    business_case_services.business_case_outcome_record(by=head, business_case=case, year=2016, investment=3, savings=4)
    assert list(case.outcomes.values_list("investment", "savings")) == [(3, 4)]


def test_business_case_outcome_record_year_outside_case_is_refused(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    with pytest.raises(DomainError) as caught:
        business_case_services.business_case_outcome_record(
            by=head, business_case=case, year=2020, investment=0, savings=0
        )
    assert caught.value.code == "year_outside_case"


def test_business_case_baseline_must_be_a_number(head) -> None:
    with pytest.raises(DomainError) as caught:
        business_case_services.business_case_create(by=head, data={**BILLUND, "baseline_placed": "mange"})
    assert caught.value.code == "invalid_number"


# --- evaluation: set-up and lottery ----------------------------------------------------------------------------


@pytest.fixture
def pilot(team, caseworker, colleague_same_team):
    """Two caseworkers with 5 + 3 cases open on the baseline, one case closed before it, one opened after."""
    for _ in range(5):
        ChildFactory(case__caseworker=caseworker, case__team=team, case__opened_on=date(2025, 1, 1))
    for _ in range(3):
        ChildFactory(case__caseworker=colleague_same_team, case__team=team, case__opened_on=date(2025, 1, 1))
    ChildFactory(
        case__caseworker=caseworker,
        case__team=team,
        case__opened_on=date(2025, 1, 1),
        case__closed_on=date(2025, 8, 31),
    )
    ChildFactory(case__caseworker=caseworker, case__team=team, case__opened_on=date(2025, 9, 2))
    return [caseworker, colleague_same_team]


def _evaluation(head, pilot, **kwargs):
    return evaluation_services.evaluation_create(
        by=head, title="Pilot", baseline_on=date(2025, 9, 1), pool=pilot, **kwargs
    )


def test_evaluation_population_is_the_pool_cases_open_on_the_baseline(head, pilot) -> None:
    assert len(evaluation_selectors.evaluation_population(_evaluation(head, pilot))) == 8


def test_evaluation_lottery_run_records_seed_who_and_when(head, pilot) -> None:
    with time_machine.travel("2025-09-01 10:00 +02:00", tick=False):
        evaluation = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=42)
    assert (evaluation.lottery_seed, evaluation.lottery_run_by, evaluation.lottery_run_at.isoformat()) == (
        42,
        head,
        "2025-09-01T08:00:00+00:00",
    )


def test_evaluation_lottery_run_assigns_exactly_what_the_seed_gives(head, pilot) -> None:
    evaluation = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=42)
    child_ids = [c for c, _w in evaluation_selectors.evaluation_population(evaluation)]
    expected = {d.unit_id: d.group for d in lottery(child_ids, seed=42)}
    assert evaluation_selectors.evaluation_groups(evaluation) == expected


def test_evaluation_lottery_same_seed_in_two_evaluations_gives_the_same_groups(head, pilot) -> None:
    first = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=7)
    second = evaluation_services.evaluation_create(
        by=head, title="Gentagelse", baseline_on=date(2025, 9, 1), pool=pilot
    )
    second = evaluation_services.evaluation_lottery_run(by=head, evaluation=second, seed=7)
    assert evaluation_selectors.evaluation_groups(first) == evaluation_selectors.evaluation_groups(second)


def test_evaluation_lottery_reproduces_from_the_recorded_seed(head, pilot) -> None:
    evaluation = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot))
    assert evaluation_selectors.evaluation_lottery_reproduces(evaluation)


def test_evaluation_lottery_tampered_group_no_longer_reproduces(head, pilot) -> None:
    evaluation = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=3)
    participant = EvaluationParticipant.objects.filter(evaluation=evaluation).first()
    EvaluationParticipant.objects.filter(pk=participant.pk).update(
        group="comparison" if participant.group == NEW_MODEL else NEW_MODEL
    )
    assert not evaluation_selectors.evaluation_lottery_reproduces(evaluation)


def test_evaluation_lottery_splits_half_and_half(head, pilot) -> None:
    evaluation = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=11)
    assert evaluation_selectors.evaluation_group_sizes(evaluation) == {"new_model": 4, "comparison": 4}


def test_evaluation_lottery_cannot_run_twice(head, pilot) -> None:
    evaluation = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=1)
    with pytest.raises(Conflict) as caught:
        evaluation_services.evaluation_lottery_run(by=head, evaluation=evaluation, seed=2)
    assert caught.value.code == "lottery_already_run"


def test_evaluation_lottery_by_caseworker_keeps_each_caseload_together(head, pilot) -> None:
    evaluation = evaluation_services.evaluation_lottery_run(
        by=head, evaluation=_evaluation(head, pilot, unit=Evaluation.Unit.CASEWORKERS), seed=5
    )
    groups_per_worker = {}
    for worker_id, group in EvaluationParticipant.objects.filter(evaluation=evaluation).values_list(
        "caseworker_id", "group"
    ):
        groups_per_worker.setdefault(worker_id, set()).add(group)
    assert all(len(groups) == 1 for groups in groups_per_worker.values()) and len(groups_per_worker) == 2


def test_evaluation_lottery_logs_each_child_included(head, pilot) -> None:
    evaluation = evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=1)
    logged = set(
        AuditEvent.objects.filter(target_model="reports.evaluationparticipant").values_list("child_id", flat=True)
    )
    assert logged == set(evaluation_selectors.evaluation_groups(evaluation))


def test_evaluation_lottery_without_open_cases_is_refused(head, municipality) -> None:
    idle = UserFactory(team=TeamFactory(department__municipality=municipality))
    evaluation = evaluation_services.evaluation_create(by=head, title="Tom", baseline_on=date(2025, 9, 1), pool=[idle])
    with pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_lottery_run(by=head, evaluation=evaluation)
    assert caught.value.code == "empty_population"


def test_evaluation_create_refuses_a_pool_from_another_municipality(head) -> None:
    stranger = UserFactory(team=TeamFactory())
    with pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_create(by=head, title="X", baseline_on=date(2025, 9, 1), pool=[stranger])
    assert caught.value.code == "invalid_pool"


def test_evaluation_create_refuses_an_empty_pool(head) -> None:
    with pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_create(by=head, title="X", baseline_on=date(2025, 9, 1), pool=[])
    assert caught.value.code == "empty_pool"


# --- evaluation: snapshots through a provider --------------------------------------------------------------------


@pytest.fixture
def drawn(head, pilot):
    return evaluation_services.evaluation_lottery_run(by=head, evaluation=_evaluation(head, pilot), seed=9)


def _provider(values):
    calls = []

    def provide(child_ids, on):
        calls.append((list(child_ids), on))
        return values

    provide.calls = calls
    return provide


def test_snapshot_take_stores_what_the_provider_gives(head, drawn) -> None:
    ids = sorted(evaluation_selectors.evaluation_groups(drawn))
    provider = _provider({cid: ("4a", 3) for cid in ids})
    with time_machine.travel("2025-09-02 12:00 +02:00"):
        count = evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 9, 1), provider=provider
        )
    assert (count, provider.calls) == (8, [(ids, date(2025, 9, 1))])
    assert set(EvaluationSnapshot.objects.values_list("category", "step")) == {("4a", 3)}


def test_snapshot_take_skips_children_without_a_value(head, drawn) -> None:
    ids = sorted(evaluation_selectors.evaluation_groups(drawn))
    with time_machine.travel("2025-09-02 12:00 +02:00"):
        count = evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 9, 1), provider=_provider({ids[0]: ("1", 1), ids[1]: (None, None)})
        )
    assert count == 1


def test_snapshot_take_again_on_the_same_date_replaces_the_values(head, drawn) -> None:
    ids = sorted(evaluation_selectors.evaluation_groups(drawn))
    with time_machine.travel("2025-09-02 12:00 +02:00"):
        evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 9, 1), provider=_provider({i: ("3", 2) for i in ids})
        )
        evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 9, 1), provider=_provider({i: ("4b", 5) for i in ids})
        )
    assert list(EvaluationSnapshot.objects.values_list("step", flat=True).distinct()) == [5]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (("5", 2), "invalid_category"),
        (("3", 6), "invalid_step"),
        (("3", True), "invalid_step"),
        ("3", "invalid_snapshot"),
    ],
)
def test_snapshot_take_invalid_provider_values_are_refused(head, drawn, value, code) -> None:
    ids = sorted(evaluation_selectors.evaluation_groups(drawn))
    with time_machine.travel("2025-09-02 12:00 +02:00"), pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 9, 1), provider=_provider({ids[0]: value})
        )
    assert caught.value.code == code


def test_snapshot_take_before_baseline_is_refused(head, drawn) -> None:
    with pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 8, 31), provider=_provider({})
        )
    assert caught.value.code == "before_baseline"


def test_snapshot_take_follow_up_without_baseline_is_refused(head, drawn) -> None:
    with time_machine.travel("2026-01-02 12:00 +01:00"), pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 12, 1), provider=_provider({})
        )
    assert caught.value.code == "baseline_missing"


def test_snapshot_take_in_the_future_is_refused(head, drawn) -> None:
    with time_machine.travel("2025-08-31 23:30 +02:00"), pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=drawn, on=date(2025, 9, 1), provider=_provider({})
        )
    assert caught.value.code == "date_in_future"


def test_snapshot_take_before_the_lottery_is_refused(head, pilot) -> None:
    with pytest.raises(DomainError) as caught:
        evaluation_services.evaluation_snapshot_take(
            by=head, evaluation=_evaluation(head, pilot), on=date(2025, 9, 1), provider=_provider({})
        )
    assert caught.value.code == "lottery_not_run"


# --- FIT and questionnaire --------------------------------------------------------------------------------------


def test_fit_score_record_stores_and_logs_against_the_child(caseworker, child) -> None:
    score = measurement_services.fit_score_record(
        by=caseworker,
        child=child,
        session_on=date(2026, 1, 5),
        respondent="mother",
        ors=Decimal("21.5"),
        srs=Decimal("36.0"),
    )
    assert FitScore.objects.get().ors == Decimal("21.5")
    assert AuditEvent.objects.filter(
        target_model="reports.fitscore", target_id=str(score.pk), child_id=child.pk
    ).exists()


@pytest.mark.parametrize(
    ("ors", "srs", "code"),
    [
        (Decimal("40.1"), None, "invalid_score"),
        (Decimal("-1"), None, "invalid_score"),
        (None, None, "score_required"),
        (Decimal("20.05"), None, "invalid_score"),
    ],
)
def test_fit_score_record_bad_scores_are_refused(caseworker, child, ors, srs, code) -> None:
    with pytest.raises(DomainError) as caught:
        measurement_services.fit_score_record(
            by=caseworker, child=child, session_on=date(2026, 1, 5), respondent="child", ors=ors, srs=srs
        )
    assert caught.value.code == code


def test_involvement_response_record_answers_must_be_1_to_5(caseworker, child) -> None:
    with pytest.raises(DomainError) as caught:
        measurement_services.involvement_response_record(
            by=caseworker, child=child, answered_on=date(2026, 1, 5), respondent="parent", involved=6, heard=3, effect=3
        )
    assert caught.value.field == "involved"


def test_involvement_response_record_stores_the_answers(caseworker, child) -> None:
    measurement_services.involvement_response_record(
        by=caseworker, child=child, answered_on=date(2026, 1, 5), respondent="youth", involved=5, heard=4, effect=3
    )
    assert list(InvolvementResponse.objects.values_list("involved", "heard", "effect")) == [(5, 4, 3)]


# --- early intervention ------------------------------------------------------------------------------------------


@pytest.fixture
def district(head, municipality):
    return DistrictFactory(project__municipality=municipality, project__created_by=head)


def test_wellbeing_conversation_without_consent_is_refused(head, district) -> None:
    with pytest.raises(DomainError) as caught:
        early_services.wellbeing_conversation_record(
            by=head,
            project=district.project,
            district=district,
            held_on=date(2018, 5, 3),
            age_band="7-12",
            parental_consent=False,
            parents_meeting_on=date(2018, 5, 1),
        )
    assert caught.value.code == "consent_required"


def test_wellbeing_conversation_without_a_parents_meeting_is_refused(head, district) -> None:
    with pytest.raises(DomainError) as caught:
        early_services.wellbeing_conversation_record(
            by=head,
            project=district.project,
            district=district,
            held_on=date(2018, 5, 3),
            age_band="7-12",
            parental_consent=True,
            parents_meeting_on=None,
        )
    assert caught.value.code == "parents_meeting_required"


def test_wellbeing_conversation_with_the_meeting_after_it_is_refused(head, district) -> None:
    with pytest.raises(DomainError) as caught:
        early_services.wellbeing_conversation_record(
            by=head,
            project=district.project,
            district=district,
            held_on=date(2018, 5, 3),
            age_band="7-12",
            parental_consent=True,
            parents_meeting_on=date(2018, 5, 4),
        )
    assert caught.value.code == "parents_meeting_after_conversation"


def test_wellbeing_conversation_with_consent_and_a_prior_meeting_is_logged(head, district) -> None:
    early_services.wellbeing_conversation_record(
        by=head,
        project=district.project,
        district=district,
        held_on=date(2018, 5, 3),
        age_band="7-12",
        parental_consent=True,
        parents_meeting_on=date(2018, 5, 3),
    )
    assert WellbeingConversation.objects.count() == 1


def test_consultation_about_a_child_needs_an_age_band(head, district) -> None:
    with pytest.raises(DomainError) as caught:
        early_services.consultation_record(
            by=head, project=district.project, district=district, requested_on=date(2018, 5, 3), specific_child=True
        )
    assert caught.value.code == "age_band_required"


def test_consultation_from_another_projects_district_is_refused(head, district) -> None:
    other = DistrictFactory()
    with pytest.raises(DomainError) as caught:
        early_services.consultation_record(
            by=head, project=district.project, district=other, requested_on=date(2018, 5, 3), specific_child=False
        )
    assert caught.value.code == "invalid_district"


def test_early_project_save_creates_districts(head) -> None:
    project = early_services.early_project_save(by=head, name="SFM", districts=["Nord", "Syd", "Nord", " "])
    assert list(project.districts.values_list("name", flat=True)) == ["Nord", "Syd"]


def test_early_project_save_cannot_remove_a_district_in_use(head) -> None:
    project = early_services.early_project_save(by=head, name="SFM", districts=["Nord", "Syd"])
    ConsultationFactory(district=project.districts.get(name="Syd"))
    with pytest.raises(DomainError) as caught:
        early_services.early_project_save(by=head, name="SFM", districts=["Nord"], project=project, expected_version=1)
    assert caught.value.code == "district_in_use"


def test_early_project_save_stale_version_is_refused(head) -> None:
    project = early_services.early_project_save(by=head, name="SFM", districts=[])
    early_services.early_project_save(by=head, name="SFM 2", districts=[], project=project, expected_version=1)
    with pytest.raises(StaleEdit):
        early_services.early_project_save(by=head, name="SFM 3", districts=[], project=project, expected_version=1)


def test_project_budget_set_replaces_the_years_budget(head, district) -> None:
    early_services.project_budget_set(by=head, project=district.project, year=2018, amount=10)
    early_services.project_budget_set(by=head, project=district.project, year=2018, amount=20)
    assert list(ProjectBudget.objects.values_list("amount", flat=True)) == [20]


# --- database constraints ----------------------------------------------------------------------------------------


def _integrity(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_constraint_business_case_years_1_to_30(head) -> None:
    _integrity(
        lambda: BusinessCase.objects.create(
            municipality=head.municipality, title="X", first_year=2020, years=31, created_by=head
        )
    )


def test_constraint_business_case_line_has_exactly_one_amount(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    _integrity(
        lambda: BusinessCaseLine.objects.create(
            business_case=case, kind="saving", label="X", increment_per_year=1, amounts=[1, 2, 3, 4]
        )
    )


def test_constraint_business_case_outcome_one_per_year(head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    BusinessCaseOutcome.objects.create(business_case=case, year=2016, investment=0, savings=0, recorded_by=head)
    _integrity(
        lambda: BusinessCaseOutcome.objects.create(
            business_case=case, year=2016, investment=0, savings=0, recorded_by=head
        )
    )


def test_constraint_evaluation_lottery_recorded_together(head) -> None:
    _integrity(lambda: EvaluationFactory(municipality=head.municipality, lottery_seed=1))


def test_constraint_evaluation_share_1_to_99(head) -> None:
    _integrity(lambda: EvaluationFactory(municipality=head.municipality, new_model_share=100))


def test_constraint_evaluation_participant_once(head, child) -> None:
    participant = EvaluationParticipantFactory(child=child)
    _integrity(lambda: EvaluationParticipantFactory(evaluation=participant.evaluation, child=child))


def test_constraint_snapshot_step_1_to_5(head, child) -> None:
    evaluation = EvaluationFactory(municipality=head.municipality)
    _integrity(
        lambda: EvaluationSnapshot.objects.create(
            evaluation=evaluation, child=child, taken_on=date(2025, 9, 1), step=6, recorded_by=head
        )
    )


def test_constraint_fit_score_range(child, caseworker) -> None:
    _integrity(
        lambda: FitScore.objects.create(
            child=child, session_on=date(2026, 1, 1), respondent="child", ors=Decimal("41"), recorded_by=caseworker
        )
    )


def test_constraint_fit_score_needs_a_score(child, caseworker) -> None:
    _integrity(
        lambda: FitScore.objects.create(
            child=child, session_on=date(2026, 1, 1), respondent="child", recorded_by=caseworker
        )
    )


def test_constraint_involvement_answers_1_to_5(child, caseworker) -> None:
    _integrity(
        lambda: InvolvementResponse.objects.create(
            child=child,
            answered_on=date(2026, 1, 1),
            respondent="parent",
            involved=0,
            heard=3,
            effect=3,
            recorded_by=caseworker,
        )
    )


def test_constraint_consultation_age_band_only_about_a_child(district) -> None:
    _integrity(lambda: ConsultationFactory(district=district, specific_child=False, age_band="0-6"))


def test_constraint_wellbeing_conversation_needs_consent_and_prior_meeting(head, district) -> None:
    _integrity(
        lambda: WellbeingConversation.objects.create(
            project=district.project,
            district=district,
            held_on=date(2018, 5, 3),
            age_band="0-6",
            parental_consent=False,
            parents_meeting_on=date(2018, 5, 1),
            recorded_by=head,
        )
    )


def test_constraint_project_budget_one_per_year(district) -> None:
    ProjectBudget.objects.create(project=district.project, year=2018, amount=1)
    _integrity(lambda: ProjectBudget.objects.create(project=district.project, year=2018, amount=2))


def test_constraint_early_project_unique_name(head) -> None:
    EarlyInterventionProjectFactory(municipality=head.municipality, name="SFM")
    _integrity(lambda: EarlyInterventionProjectFactory(municipality=head.municipality, name="SFM"))
