"""The demo step: the seeds' figures come out of records (not typed totals), deterministically."""

import random
from datetime import date
from decimal import Decimal

import pytest

from sikkerhedsnet.accounts.services import team_get_or_create
from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.core.synthetic import World
from sikkerhedsnet.reports.business_cases import documents as business_case_documents
from sikkerhedsnet.reports.business_cases import selectors as business_case_selectors
from sikkerhedsnet.reports.early_intervention import selectors as early_selectors
from sikkerhedsnet.reports.early_intervention.rules import combined, consultation_figures
from sikkerhedsnet.reports.evaluations import selectors as evaluation_selectors
from sikkerhedsnet.reports.models import (
    BusinessCase,
    Consultation,
    EarlyInterventionProject,
    Evaluation,
    EvaluationSnapshot,
)
from sikkerhedsnet.reports.synthetic import generate
from sikkerhedsnet.site.demo import generate_into, seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(municipality):
    team = team_get_or_create(name="Team Nord", municipality=municipality)
    for i in range(3):
        UserFactory(username=f"raadgiver{i}", role="caseworker", team=team)
    UserFactory(username="leder", role="head", team=None, municipality=municipality)
    generate_into(municipality=municipality, teams=[team], n_children=30, seed=2026, demo=True)
    return municipality


def test_demo_consultations_reproduce_255_and_408_over_6_districts(demo) -> None:
    project = EarlyInterventionProject.objects.get(municipality=demo)
    districts = list(project.districts.values_list("name", flat=True))
    f2017, f2018 = consultation_figures(
        early_selectors.consultation_rows(project, 2017, 2018), districts=districts, years=[2017, 2018]
    )
    assert (f2017.total, f2018.total, len(districts), f2018.average_per_district, f2018.growth_percent) == (
        255,
        408,
        6,
        Decimal("68.0"),
        Decimal("60.0"),
    )


def test_demo_consultations_give_58_5_percent_about_specific_children(demo) -> None:
    project = EarlyInterventionProject.objects.get(municipality=demo)
    figures = consultation_figures(
        early_selectors.consultation_rows(project, 2017, 2018),
        districts=list(project.districts.values_list("name", flat=True)),
        years=[2017, 2018],
    )
    specific, young = combined(figures)
    assert (specific.percent, young.percent) == (Decimal("58.5"), Decimal("50.5"))


def test_demo_budget_and_surplus_come_from_the_postings(demo) -> None:
    economy = early_selectors.project_economy(EarlyInterventionProject.objects.get(municipality=demo), 2018)
    assert (economy.budget, economy.spent, economy.surplus) == (1_697_504, 1_579_991, 117_513)


def test_demo_billund_business_case_reproduces_the_table(demo) -> None:
    case = BusinessCase.objects.get(municipality=demo, title__startswith="Billund")
    result = business_case_selectors.business_case_result(case)
    assert ([r.net for r in result.years], result.first_non_negative_year) == (
        [-3_102_000, -2_068_000, -1_034_000, 0],
        2019,
    )


def test_demo_kalundborg_realised_gain_is_700000_against_580000(demo) -> None:
    case = BusinessCase.objects.get(municipality=demo, title__startswith="Kalundborg")
    report = business_case_documents.business_case_report(case, today=date(2026, 1, 1))
    section = next(s for s in report.sections if str(s.heading) == "Realiseret mod forventet")
    assert section.table.rows[0][1::4] == [580_000, 120_000]
    assert section.table.rows[0][4] == 700_000


def test_demo_evaluation_lottery_reproduces_from_its_recorded_seed(demo) -> None:
    evaluation = Evaluation.objects.get(municipality=demo)
    assert evaluation.lottery_seed == 20150901 and evaluation_selectors.evaluation_lottery_reproduces(evaluation)


def test_demo_evaluation_has_a_baseline_snapshot_for_every_participant(demo) -> None:
    evaluation = Evaluation.objects.get(municipality=demo)
    assert EvaluationSnapshot.objects.filter(evaluation=evaluation, taken_on=evaluation.baseline_on).count() == (
        evaluation.participants.count()
    )


def test_demo_step_is_deterministic_for_a_seed(db) -> None:
    runs = []
    for code in ("901", "902"):
        municipality = MunicipalityFactory(code=code)
        actor = UserFactory(role="head", team=None, municipality=municipality)
        world = World(
            rng=random.Random(1),
            today=date(2026, 1, 1),
            municipality=municipality,
            teams=[],
            caseworkers_by_team={},
            actor=actor,
            n_children=0,
            demo=True,
        )
        generate(world)
        runs.append(
            list(
                Consultation.objects.filter(project__municipality=municipality)
                .order_by("requested_on", "pk")
                .values_list("district__name", "requested_on", "age_band")
            )
        )
    assert runs[0] == runs[1] and len(runs[0]) == 663


def test_seed_demo_twice_from_an_empty_database_changes_nothing() -> None:
    seed_demo()
    counts = (BusinessCase.objects.count(), Evaluation.objects.count(), Consultation.objects.count())
    assert seed_demo() == {} and counts == (
        BusinessCase.objects.count(),
        Evaluation.objects.count(),
        Consultation.objects.count(),
    ) == (2, 1, 663)
