"""Every figure in a report equals an independent count over data built here with factories."""

from datetime import date
from decimal import Decimal

import pytest

from sikkerhedsnet.accounts.tests.factories import TeamFactory, UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.reports import documents, selectors
from sikkerhedsnet.reports.business_cases import documents as business_case_documents
from sikkerhedsnet.reports.business_cases import services as business_case_services
from sikkerhedsnet.reports.business_cases.examples import BILLUND
from sikkerhedsnet.reports.early_intervention import documents as early_documents
from sikkerhedsnet.reports.evaluations import documents as evaluation_documents
from sikkerhedsnet.reports.evaluations import selectors as evaluation_selectors
from sikkerhedsnet.reports.evaluations.rules import COMPARISON, NEW_MODEL
from sikkerhedsnet.reports.measurements import documents as measurement_documents
from sikkerhedsnet.reports.tables import render_table

from .factories import (
    ConsultationFactory,
    DistrictFactory,
    EarlyInterventionProjectFactory,
    EvaluationFactory,
    EvaluationParticipantFactory,
    EvaluationSnapshotFactory,
    InvolvementResponseFactory,
    ProjectBudgetFactory,
    ProjectExpenseFactory,
    placement,
)

pytestmark = pytest.mark.django_db


def _table(report, heading_start):
    section = next(s for s in report.sections if str(s.heading).startswith(heading_start))
    return section.table


def _cells(report, heading_start, *, suppressed=False):
    return [
        [text for text, _n in row] for row in render_table(_table(report, heading_start), suppressed=suppressed).rows
    ]


# --- teams -----------------------------------------------------------------------------------------------------


def test_open_cases_per_team_counts_open_and_closed(municipality, team, other_team, caseworker, outsider) -> None:
    for _ in range(3):
        ChildFactory(case__team=team, case__caseworker=caseworker)
    ChildFactory(
        case__team=team, case__caseworker=caseworker, case__closed_on=date(2026, 1, 1), case__opened_on=date(2025, 1, 1)
    )
    ChildFactory(case__team=other_team, case__caseworker=outsider)
    ChildFactory(case__team=TeamFactory(), case__caseworker=None)  # another municipality
    head = UserFactory(role="head", team=None, municipality=municipality)
    assert [(t.team, t.open_cases, t.closed_cases) for t in selectors.open_cases_per_team(head)] == [
        ("Team A", 3, 1),
        ("Team B", 1, 0),
    ]


# --- placements by month (the business case's actuals) -----------------------------------------------------------


def test_placed_children_by_month_counts_children_placed_at_month_end(municipality, team, caseworker) -> None:
    a, b, c = (ChildFactory(case__team=team, case__caseworker=caseworker) for _ in range(3))
    placement(a, date(2016, 1, 10))  # placed from January on
    placement(b, date(2016, 1, 5), date(2016, 2, 15))  # ended mid-February: not placed at February's end
    placement(b, date(2016, 1, 5), date(2016, 1, 31), kind="residential")  # same child twice: counts once
    placement(c, date(2016, 2, 1), kind="preventive")  # not a placement
    other = ChildFactory(case__team=TeamFactory(), case__caseworker=None)
    placement(other, date(2016, 1, 1), monthly_cost=1)  # another municipality
    counts = selectors.placed_children_by_month(municipality.pk, date(2016, 1, 1), date(2016, 3, 31))
    assert counts == {date(2016, 1, 1): 2, date(2016, 2, 1): 1, date(2016, 3, 1): 1}


def test_business_case_report_actuals_value_avoided_placements(municipality, team, caseworker):  # type: ignore[no-untyped-def]
    head = UserFactory(role="head", team=None, municipality=municipality)
    case = business_case_services.business_case_create(
        by=head, data={**BILLUND, "baseline_placed": 3, "average_placement_cost": 120_000}
    )
    child = ChildFactory(case__team=team, case__caseworker=caseworker)
    placement(child, date(2016, 1, 1))  # one child placed all through 2016: 2 avoided each month
    report = business_case_documents.business_case_report(case, today=date(2017, 1, 15))
    # The typed baseline (3 placed, 120,000 a year): 12 × 2 avoided × 10,000 = 240,000; forecast 2016 1,034,000.
    assert _cells(report, "Faktisk mod prognose") == [["2016", "12", "1.034.000", "240.000", "-794.000"]]


def test_business_case_actuals_use_the_entered_baseline_over_the_case_data(municipality, team, caseworker):  # type: ignore[no-untyped-def]
    head = UserFactory(role="head", team=None, municipality=municipality)
    case = business_case_services.business_case_create(by=head, data=BILLUND)  # typed: 88 placed at 453,000
    children = [ChildFactory(case__team=team, case__caseworker=caseworker) for _ in range(4)]
    for child in children[:2]:
        placement(child, date(2015, 1, 1), monthly_cost=10_000)  # still placed in 2016
    for child in children[2:]:
        placement(child, date(2015, 1, 1), date(2015, 12, 31), monthly_cost=10_000)  # home by New Year
    report = business_case_documents.business_case_report(case, today=date(2017, 1, 15))
    # 2016: 2 placed against the entered 88: 86 avoided × 453,000 = 38,958,000 (not 4.0 from the case data).
    assert _cells(report, "Faktisk mod prognose") == [["2016", "12", "1.034.000", "38.958.000", "37.924.000"]]
    section = next(s for s in report.sections if str(s.heading).startswith("Faktisk mod prognose"))
    assert "indtastet i business casen" in section.text


def test_business_case_actuals_without_an_entered_baseline_use_the_case_data(municipality, team, caseworker):  # type: ignore[no-untyped-def]
    head = UserFactory(role="head", team=None, municipality=municipality)
    case = business_case_services.business_case_create(by=head, data={**BILLUND, "baseline_placed": None})
    children = [ChildFactory(case__team=team, case__caseworker=caseworker) for _ in range(4)]
    for child in children[:2]:
        placement(child, date(2015, 1, 1), monthly_cost=10_000)
    for child in children[2:]:
        placement(child, date(2015, 1, 1), date(2015, 12, 31), monthly_cost=10_000)
    report = business_case_documents.business_case_report(case, today=date(2017, 1, 15))
    # Baseline 2015: 4.0 placed on average at 120,000 a year. 2016: 2 placed, 2 avoided × 10,000 a month.
    assert _cells(report, "Faktisk mod prognose") == [["2016", "12", "1.034.000", "240.000", "-794.000"]]
    section = next(s for s in report.sections if str(s.heading).startswith("Faktisk mod prognose"))
    assert "4,0 anbragte børn" in section.text and "beregnet fra sagernes data" in section.text


def test_business_case_actuals_say_which_year_is_incomplete(municipality, team, caseworker):  # type: ignore[no-untyped-def]
    head = UserFactory(role="head", team=None, municipality=municipality)
    case = business_case_services.business_case_create(
        by=head, data={**BILLUND, "baseline_placed": 3, "average_placement_cost": 120_000}
    )
    placement(ChildFactory(case__team=team, case__caseworker=caseworker), date(2016, 1, 1))
    report = business_case_documents.business_case_report(case, today=date(2016, 3, 15))
    [[note]] = _cells(report, "Faktisk mod prognose")
    assert "2016 er ufuldstændigt (3 måneder med data)" in note and "intet helt år" in note


def test_business_case_actuals_without_a_baseline_say_so(municipality, team, caseworker) -> None:
    head = UserFactory(role="head", team=None, municipality=municipality)
    case = business_case_services.business_case_create(by=head, data={**BILLUND, "baseline_placed": None})
    placement(ChildFactory(case__team=team, case__caseworker=caseworker), date(2016, 1, 1))
    report = business_case_documents.business_case_report(case, today=date(2016, 3, 15))
    assert "intet udgangspunkt" in _cells(report, "Faktisk mod prognose")[0][0]


def test_business_case_report_without_any_placements_says_so(municipality) -> None:
    head = UserFactory(role="head", team=None, municipality=municipality)
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    report = business_case_documents.business_case_report(case, today=date(2026, 1, 1))
    assert "ingen anbringelser" in _cells(report, "Faktisk mod prognose")[0][0]


# --- early intervention -------------------------------------------------------------------------------------


@pytest.fixture
def sfm(municipality):
    project = EarlyInterventionProjectFactory(municipality=municipality)
    north, south = DistrictFactory(project=project, name="Nord"), DistrictFactory(project=project, name="Syd")
    for _ in range(6):
        ConsultationFactory(district=north, requested_on=date(2017, 4, 1))
    for _ in range(4):
        ConsultationFactory(district=south, requested_on=date(2017, 5, 1), specific_child=True, age_band="0-6")
    for _ in range(9):
        ConsultationFactory(district=north, requested_on=date(2018, 2, 1), specific_child=True, age_band="7-12")
    for _ in range(6):
        ConsultationFactory(district=south, requested_on=date(2018, 3, 1), specific_child=True, age_band="0-6")
    ConsultationFactory(district=south, requested_on=date(2019, 1, 1))  # outside the period
    ProjectBudgetFactory(project=project, year=2018, amount=100_000)
    ProjectExpenseFactory(project=project, booked_on=date(2018, 1, 1), amount=70_000)
    ProjectExpenseFactory(project=project, booked_on=date(2018, 2, 1), amount=20_000)
    ProjectExpenseFactory(project=project, booked_on=date(2018, 3, 1), kind="reimbursement", amount=5_000)
    ProjectExpenseFactory(project=project, booked_on=date(2019, 3, 1), amount=99_000)  # another year
    return project


def test_early_report_year_figures_equal_hand_counts(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=False)
    assert _cells(report, "Henvendelser om sparring") == [
        # year, total, growth, avg/district, about a child, share, of those 0–6, conversations
        ["2017", "10", "–", "5,0", "4", "40,0 %", "100,0 %", "0"],
        ["2018", "15", "50,0 %", "7,5", "15", "100,0 %", "40,0 %", "0"],
        ["2017–2018 samlet", "25", "–", "–", "19", "76,0 %", "52,6 %", "0"],
    ]


def test_early_report_per_district_equals_hand_counts(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=False)
    assert _cells(report, "Henvendelser pr. distrikt") == [["Nord", "6", "9"], ["Syd", "4", "6"]]


def test_early_report_age_bands_equal_hand_counts(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=False)
    assert _cells(report, "Aldersfordeling") == [["0–6 år", "4", "6"], ["7–12 år", "0", "9"], ["13–18 år", "0", "0"]]


def test_early_report_economy_is_budget_less_net_spending(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=False)
    assert _cells(report, "Økonomi") == [["2018", "100.000", "85.000", "15.000", "15,0 %"]]


def test_early_report_suppressed_hides_small_counts_and_their_shares(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=True)
    assert _cells(report, "Henvendelser om sparring", suppressed=True)[0] == [
        "2017",
        "10",
        "–",
        "5,0",
        "<5",
        "..",
        "..",
        "0",
    ]


def test_early_report_empty_project_has_zero_rows_not_errors(municipality) -> None:
    project = EarlyInterventionProjectFactory(municipality=municipality)
    report = early_documents.early_intervention_report(project, 2020, 2021, suppressed=True)
    assert _cells(report, "Henvendelser om sparring", suppressed=True)[0][:3] == ["2020", "0", "–"]


# --- evaluation comparison -----------------------------------------------------------------------------------------


@pytest.fixture
def evaluation(municipality):
    evaluation = EvaluationFactory(municipality=municipality, baseline_on=date(2025, 9, 1))
    follow_up = date(2025, 12, 1)
    # new model: 6 children, 4 moved down, 1 unchanged, 1 up; comparison: 6 children, 1 down, 5 unchanged.
    steps = {
        NEW_MODEL: [(4, 3), (4, 2), (5, 4), (3, 1), (2, 2), (2, 3)],
        COMPARISON: [(4, 3), (4, 4), (5, 5), (3, 3), (2, 2), (2, 2)],
    }
    for group, pairs in steps.items():
        for before, after in pairs:
            p = EvaluationParticipantFactory(evaluation=evaluation, group=group)
            EvaluationSnapshotFactory(
                evaluation=evaluation, child=p.child, taken_on=evaluation.baseline_on, step=before
            )
            EvaluationSnapshotFactory(evaluation=evaluation, child=p.child, taken_on=follow_up, step=after)
    return evaluation


def test_evaluation_comparison_counts_movement_by_hand(evaluation) -> None:
    comparison = evaluation_selectors.evaluation_comparison(evaluation, date(2025, 12, 1))
    assert (
        comparison.new_model.children,
        comparison.new_model.moved_down,
        comparison.new_model.unchanged,
        comparison.new_model.moved_up,
    ) == (6, 4, 1, 1)
    assert (comparison.comparison.moved_down, comparison.comparison.unchanged) == (1, 5)


def test_evaluation_report_movement_table_for_the_department(evaluation) -> None:
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=date(2025, 12, 1), suppressed=False)
    rows = _cells(report, "Flyttet til et mindre")
    assert rows[0][:6] == ["Ny model", "6", "4", "1", "1", "66,7 %"]
    assert rows[1][:6] == ["Sammenligning", "6", "1", "5", "0", "16,7 %"]
    assert rows[2][5] == "50,0 %"  # difference 4/6 − 1/6


def test_evaluation_report_movement_table_suppressed_for_analysts(evaluation) -> None:
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=date(2025, 12, 1), suppressed=True)
    rows = _cells(report, "Flyttet til et mindre", suppressed=True)
    assert rows[0] == ["Ny model", "6", "<5", "<5", "<5", "..", ".."]


def test_evaluation_report_group_sizes(evaluation) -> None:
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=None, suppressed=False)
    assert _cells(report, "Grupper") == [["Ny model", "6"], ["Sammenligning", "6"]]


def test_evaluation_report_categories_per_round(evaluation) -> None:
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=None, suppressed=False)
    assert _cells(report, "Børnelineal")[0] == ["2025-09-01", "Ny model", "0", "0", "6", "0", "0"]


def test_evaluation_report_heard_counts_answers_4_or_5(evaluation) -> None:
    children = [p.child for p in evaluation.participants.filter(group=NEW_MODEL)]
    for child, heard in zip(children, [5, 4, 3, 2, 4, 5], strict=True):
        InvolvementResponseFactory(child=child, answered_on=date(2025, 10, 1), heard=heard)
    InvolvementResponseFactory(child=children[0], answered_on=date(2025, 8, 1), heard=5)  # before baseline
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=None, suppressed=False)
    assert _cells(report, "Oplever sig hørt")[0][:4] == ["Ny model", "6", "4", "66,7 %"]


def test_evaluation_report_without_snapshots_is_empty_not_an_error(municipality) -> None:
    report = evaluation_documents.evaluation_report(
        EvaluationFactory(municipality=municipality), follow_up_on=None, suppressed=True
    )
    assert _cells(report, "Grupper", suppressed=True) == [["Ny model", "0"], ["Sammenligning", "0"]]


def test_evaluation_difference_interval_is_newcombe(evaluation) -> None:
    difference = evaluation_selectors.evaluation_comparison(evaluation, date(2025, 12, 1)).difference
    assert (round(difference.estimate, 4), round(difference.low, 4) < 0.5 < round(difference.high, 4)) == (
        round(4 / 6 - 1 / 6, 4),
        True,
    )


def test_caseload_report_rows_equal_open_cases(municipality, team, caseworker, team_leader) -> None:
    for _ in range(2):
        ChildFactory(case__team=team, case__caseworker=caseworker)
    report = documents.caseload_report(team_leader, suppressed=False)
    assert _cells(report, "Åbne sager pr. rådgiver") == [[caseworker.get_full_name(), "Team A", "2", "Under mål"]]


def test_measurements_report_lists_scores_in_session_order(child) -> None:
    from .factories import FitScoreFactory

    FitScoreFactory(child=child, session_on=date(2026, 2, 1), ors=Decimal("25.5"))
    FitScoreFactory(child=child, session_on=date(2026, 1, 1), ors=Decimal("18.0"), srs=None)
    report = measurement_documents.measurements_report(child)
    assert _cells(report, "FIT") == [
        ["2026-01-01", "Barnet/den unge", "18,0", "–"],
        ["2026-02-01", "Barnet/den unge", "25,5", "35,0"],
    ]


def _movement_evaluation(municipality, down, same, up):
    evaluation = EvaluationFactory(municipality=municipality, baseline_on=date(2025, 9, 1))
    pairs = [(4, 3)] * down + [(3, 3)] * same + [(2, 3)] * up
    for before, after in pairs:
        p = EvaluationParticipantFactory(evaluation=evaluation, group=NEW_MODEL)
        EvaluationSnapshotFactory(evaluation=evaluation, child=p.child, taken_on=evaluation.baseline_on, step=before)
        EvaluationSnapshotFactory(evaluation=evaluation, child=p.child, taken_on=date(2025, 12, 1), step=after)
    return evaluation


def test_evaluation_movement_one_small_part_withholds_a_second_part(municipality) -> None:
    evaluation = _movement_evaluation(municipality, down=10, same=8, up=2)
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=date(2025, 12, 1), suppressed=True)
    assert _cells(report, "Flyttet til et mindre", suppressed=True)[0][:6] == [
        "Ny model",
        "20",
        "10",
        "..",
        "<5",
        "50,0 %",
    ]


def test_evaluation_movement_withheld_six_would_pin_the_small_part_so_another_is_withheld(municipality) -> None:
    # Withholding "unchanged" (6) would leave 18 − 10 = 8 = unchanged + up with unchanged ≥ 5: up ≤ 3, less than
    # "<5" says. Withholding "moved down" (10) leaves up anywhere in 1–4, and its share goes with it.
    evaluation = _movement_evaluation(municipality, down=10, same=6, up=2)
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=date(2025, 12, 1), suppressed=True)
    assert _cells(report, "Flyttet til et mindre", suppressed=True)[0][:6] == ["Ny model", "18", "..", "6", "<5", ".."]


def test_evaluation_movement_withheld_moved_down_also_withholds_its_share(municipality) -> None:
    evaluation = _movement_evaluation(municipality, down=6, same=12, up=3)
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=date(2025, 12, 1), suppressed=True)
    assert _cells(report, "Flyttet til et mindre", suppressed=True)[0][2:7] == ["..", "12", "<5", "..", ".."]


def test_early_report_suppressed_combined_row_withholds_sums_of_small_years(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=True)
    # 2017 has 4 requests about a specific child (<5): the combined 19 would give it away (19 − 15).
    assert _cells(report, "Henvendelser om sparring", suppressed=True)[2][1:7] == ["25", "–", "–", "..", "..", ".."]


def test_measure_rows_feed_the_placement_economics(municipality, team, caseworker) -> None:
    from sikkerhedsnet.reports.rules.management import placement_year, spending_by_month

    a, b = (ChildFactory(case__team=team, case__caseworker=caseworker) for _ in range(2))
    placement(a, date(2014, 1, 1), monthly_cost=37_750)
    placement(b, date(2014, 7, 1), kind="network_foster_family", monthly_cost=10_000)
    placement(b, date(2013, 1, 1), date(2013, 12, 31), kind="residential")  # outside 2014
    rows = selectors.measure_rows(municipality.pk, date(2014, 1, 1), date(2014, 12, 31))
    year = placement_year(rows, 2014)
    # a: 365 child-days, b: 184 → 549 / 365 = 1.5; cost 12 × 37,750 + 6 × 10,000 = 513,000.
    assert (year.average_placed, year.cost, year.network_of_foster_at_year_end.part) == (Decimal("1.5"), 513_000, 1)
    assert spending_by_month(rows, start=date(2014, 7, 1), end=date(2014, 7, 31))[0][1] == {
        "foster_family": 37_750,
        "network_foster_family": 10_000,
    }


def test_evaluation_categories_lone_small_cell_withholds_another(municipality) -> None:
    evaluation = EvaluationFactory(municipality=municipality, baseline_on=date(2025, 9, 1))
    for category, n in (("1", 2), ("3", 6), ("4b", 9)):
        for _ in range(n):
            p = EvaluationParticipantFactory(evaluation=evaluation, group=NEW_MODEL)
            EvaluationSnapshotFactory(evaluation=evaluation, child=p.child, category=category, step=3)
    report = evaluation_documents.evaluation_report(evaluation, follow_up_on=None, suppressed=True)
    # Withholding 6 would leave 17 − 9 = 8 = 6 + 2, so the 2 ≤ 3; withholding 9 leaves it anywhere in 1–4.
    assert _cells(report, "Børnelineal", suppressed=True)[0] == ["2025-09-01", "Ny model", "<5", "0", "6", "0", ".."]


def test_early_report_districts_lone_small_cell_withholds_another_in_its_year(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=True)
    # 2017: Nord 6, Syd 4 (<5) → Nord withheld too, or 10 − 6 gives Syd away; 2018: 9 and 6 are shown.
    assert _cells(report, "Henvendelser pr. distrikt", suppressed=True) == [["Nord", "..", "9"], ["Syd", "<5", "6"]]


def test_early_report_suppressed_chart_leaves_out_withheld_cells(sfm) -> None:
    report = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=True)
    shown = early_documents.early_intervention_report(sfm, 2017, 2018, suppressed=False)
    chart = next(s for s in report.sections if str(s.heading).startswith("Henvendelser pr. distrikt")).chart.svg
    full = next(s for s in shown.sections if str(s.heading).startswith("Henvendelser pr. distrikt")).chart.svg
    # Two of the four bars (2017: Nord withheld, Syd <5) are not drawn for the analyst.
    assert full.count('<g id="patch_') - chart.count('<g id="patch_') == 2
