"""Browser journeys through the report pages (Playwright + Debian Chromium + axe-core, keyboard only)."""

from datetime import date, datetime
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.reports.business_cases import services as business_case_services
from sikkerhedsnet.reports.business_cases.examples import BILLUND
from sikkerhedsnet.reports.evaluations import services as evaluation_services
from sikkerhedsnet.testing.browser import assert_accessible, login

from .factories import ConsultationFactory, DistrictFactory, EarlyInterventionProjectFactory, FitScoreFactory

CPH = ZoneInfo("Europe/Copenhagen")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def head(municipality):
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


def test_head_builds_the_billund_business_case_from_the_example_by_keyboard(page, live_server, head) -> None:
    login(page, live_server.url, head)
    page.goto(live_server.url + "/rapporter/")
    assert_accessible(page)
    page.get_by_role("link", name="Business cases").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    page.get_by_role("link", name="Start fra eksempel: Billund").click()
    assert_accessible(page)
    page.get_by_role("button", name="Beregn uden at gemme").click()
    assert page.get_by_text("Break-even (netto ≥ 0): 2019").first.is_visible()
    page.get_by_role("button", name="Gem", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Business casen er gemt.").first.is_visible()
    assert page.get_by_role("cell", name="-3.102.000").first.is_visible()
    assert page.locator("figure.app-chart img").count() >= 1
    assert_accessible(page)


def test_business_case_form_with_bad_years_shows_an_accessible_error(page, live_server, head) -> None:
    login(page, live_server.url, head)
    page.goto(live_server.url + "/rapporter/business-cases/ny/?eksempel=kalundborg")
    page.fill("#id_years", "31")
    page.get_by_role("button", name="Gem", exact=True).click()
    assert page.get_by_text("Antal år skal være mellem 1 og 30.").first.is_visible()
    assert_accessible(page)


def test_caseload_report_page_is_accessible(page, live_server, team_leader, caseworker) -> None:
    for _ in range(6):
        ChildFactory(case__team=caseworker.team, case__caseworker=caseworker)
    login(page, live_server.url, team_leader)
    page.goto(live_server.url + "/rapporter/sagstal/")
    assert page.get_by_role("cell", name="6", exact=True).first.is_visible()
    assert_accessible(page)


def test_evaluation_set_up_lottery_and_manual_snapshot(page, live_server, head, caseworker, monkeypatch) -> None:
    monkeypatch.setattr("sikkerhedsnet.reports.evaluations.providers.STAIRCASE_PROVIDER", None)  # the hand-entry path
    for _ in range(4):
        ChildFactory(case__team=caseworker.team, case__caseworker=caseworker, case__opened_on=date(2025, 1, 1))
    login(page, live_server.url, head)
    page.goto(live_server.url + "/rapporter/evalueringer/ny/")
    assert_accessible(page)
    page.fill("#id_title", "Forsøg")
    page.fill("#id_baseline_on", "2025-09-01")
    page.get_by_label(caseworker.get_full_name(), exact=False).check()
    page.get_by_role("button", name="Opret evaluering").click()
    assert_accessible(page)
    page.fill("#id_seed", "2015")
    page.get_by_text("Foretag lodtrækning", exact=True).click()
    page.get_by_role("button", name="Ja, foretag lodtrækningen").click()
    assert page.get_by_text("Lodtrækningen er foretaget med seed 2015.").first.is_visible()
    assert page.get_by_text("Ja: samme seed giver samme fordeling").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér måling").click()
    assert_accessible(page)
    page.fill("#id_taken_on", "2025-09-01")
    for select in page.locator("select[name^=step_]").all():
        select.select_option("3")
    page.get_by_role("button", name="Gem måling").click()
    assert page.get_by_text("Målingen er gemt for 4 børn.").first.is_visible()


def test_analyst_sees_the_evaluation_without_children(page, live_server, municipality, head, caseworker) -> None:
    for _ in range(4):
        ChildFactory(
            case__team=caseworker.team,
            case__caseworker=caseworker,
            case__opened_on=date(2025, 1, 1),
            first_name="Hemmeligbarn",
        )
    evaluation = evaluation_services.evaluation_create(
        by=head, title="Forsøg", baseline_on=date(2025, 9, 1), pool=[caseworker]
    )
    evaluation_services.evaluation_lottery_run(by=head, evaluation=evaluation, seed=1)
    analyst = UserFactory(role="analyst", team=None, municipality=municipality)
    login(page, live_server.url, analyst)
    page.goto(live_server.url + evaluation.get_absolute_url())
    assert "Hemmeligbarn" not in page.content()
    assert page.get_by_role("cell", name="<5").first.is_visible()
    assert_accessible(page)


def test_fit_and_questionnaire_recorded_and_shown_as_trends(page, live_server, caseworker, child) -> None:
    FitScoreFactory(child=child, session_on=date(2026, 1, 5), ors=15)
    login(page, live_server.url, caseworker)
    page.goto(live_server.url + child.get_absolute_url())
    page.get_by_role("link", name="Målinger (FIT)").click()
    assert_accessible(page)
    page.fill("#id_session_on", "2026-02-02")
    page.select_option("#id_respondent", "mother")
    page.fill("#id_ors", "21,5")
    page.fill("#id_srs", "37")
    page.get_by_role("button", name="Gem FIT").click()
    assert page.get_by_text("FIT-målingen er gemt.").first.is_visible()
    assert page.get_by_role("cell", name="21,5").is_visible()
    assert page.locator("figure.app-chart img").count() == 1
    assert_accessible(page)


def test_early_intervention_report_and_consent_gate(page, live_server, municipality, head) -> None:
    project = EarlyInterventionProjectFactory(municipality=municipality, created_by=head, name="SFM")
    district = DistrictFactory(project=project, name="Nord")
    for _ in range(7):
        ConsultationFactory(district=district, requested_on=date(2018, 3, 1))
    login(page, live_server.url, head)
    page.goto(live_server.url + f"/rapporter/tidlig-indsats/{project.pk}/?first_year=2018&last_year=2018")
    assert page.get_by_role("cell", name="7", exact=True).first.is_visible()
    assert_accessible(page)
    page.fill("#id_first_year", "2019")
    page.fill("#id_last_year", "2017")
    page.get_by_role("button", name="Vis periode").click()
    assert page.get_by_text("Perioden slutter, før den begynder.").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér henvendelser, samtaler og økonomi").click()
    assert_accessible(page)
    page.select_option("#id_conversation-district", str(district.pk))
    page.fill("#id_conversation-held_on", "2018-05-03")
    page.select_option("#id_conversation-age_band", "7-12")
    page.fill("#id_conversation-parents_meeting_on", "2018-05-01")
    page.get_by_role("button", name="Registrér samtale").click()
    assert page.get_by_text("En trivselssamtale kræver forældrenes samtykke.").first.is_visible()
    assert_accessible(page)


def test_business_case_detail_with_realised_figures_is_accessible(page, live_server, head) -> None:
    case = business_case_services.business_case_create(by=head, data=BILLUND)
    business_case_services.business_case_outcome_record(
        by=head, business_case=case, year=2016, investment=4_136_000, savings=900_000
    )
    login(page, live_server.url, head)
    page.goto(live_server.url + case.get_absolute_url())
    assert page.get_by_role("heading", name="Realiseret mod forventet").is_visible()
    assert_accessible(page)


def test_team_leader_opens_the_dashboard_from_the_index_and_changes_the_period(page, live_server, team_leader) -> None:
    from sikkerhedsnet.intake.tests.factories import NotificationFactory
    from sikkerhedsnet.measures.tests.factories import MeasureFactory

    child = ChildFactory(case__team=team_leader.team)
    for day in (3, 4, 5, 6, 7, 8):
        NotificationFactory(child=child, received_at=datetime(2026, 1, day, 10, tzinfo=CPH))
    MeasureFactory(child=child, start_on=date(2025, 1, 1), monthly_cost=12_345)
    login(page, live_server.url, team_leader)
    page.goto(live_server.url + "/rapporter/")
    assert page.locator("nav a[href='/rapporter/ledelsesinformation/']").count() >= 1  # in the main menu
    page.locator(".app-report-index").get_by_role("link", name="Ledelsesinformation").click()
    assert page.get_by_role("heading", name="Ledelsesinformation", level=1).is_visible()
    assert_accessible(page)
    page.fill("#id_start", "2026-01")
    page.fill("#id_end", "2026-02")
    page.get_by_role("button", name="Vis periode").click()
    assert page.get_by_text("Periode: januar 2026–februar 2026. Dit team.").first.is_visible()
    table = page.get_by_role("table", name="Underretninger pr. måned")
    assert table.get_by_role("row", name="januar 2026").get_by_role("cell").first.inner_text() == "6"
    assert page.get_by_role("cell", name="12.345").first.is_visible()
    assert page.locator("figure.app-chart img").count() >= 4  # notifications, deadlines, spending, split
    assert_accessible(page)


def test_dashboard_period_error_is_accessible(page, live_server, head) -> None:
    login(page, live_server.url, head)
    page.goto(live_server.url + "/rapporter/ledelsesinformation/?start=2026-05&end=2026-01")
    assert page.get_by_text("Perioden slutter, før den begynder.").first.is_visible()
    assert_accessible(page)


def test_placement_economics_page_is_accessible(page, live_server, head) -> None:
    login(page, live_server.url, head)
    page.goto(live_server.url + "/rapporter/anbringelser/?first_year=2024&last_year=2026")
    assert page.get_by_role("heading", name="Anbringelser og økonomi", level=1).is_visible()
    assert_accessible(page)


def test_self_audit_drill_down_to_the_cases_in_two_clicks(page, live_server, team_leader, caseworker) -> None:
    from sikkerhedsnet.children.models import Child
    from sikkerhedsnet.intake.models import Notification
    from sikkerhedsnet.intake.tests.factories import NotificationFactory

    child = cast(Child, ChildFactory(case__team=caseworker.team, case__caseworker=caseworker))
    # Received 2 March 2026 at 10:00, assessed the next day at 11:00: 25 hours, not met.
    NotificationFactory(
        child=child,
        registered_by=caseworker,
        received_at=datetime(2026, 3, 2, 10, tzinfo=CPH),
        assessed_at=datetime(2026, 3, 3, 11, tzinfo=CPH),
        assessed_by=caseworker,
        outcome=Notification.Outcome.NO_ACTION,
    )
    login(page, live_server.url, team_leader)
    page.goto(live_server.url + "/rapporter/")
    page.get_by_role("link", name="Selvrevision").click()  # click 0: the report itself
    page.fill("#id_start", "2026-03-01")
    page.fill("#id_end", "2026-03-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis periode").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("section[aria-labelledby=criteria-heading] td a").first.click()  # the percentage
    assert page.get_by_role("heading", name="Underretning vurderet inden for 24 timer").is_visible()
    assert page.get_by_role("link", name=child.case.number).is_visible()
    assert page.get_by_text("Nej", exact=True).first.is_visible()
    assert_accessible(page)
