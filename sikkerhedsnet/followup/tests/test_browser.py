"""Browser journeys for follow-up (Playwright + Debian Chromium + axe-core): holding a follow-up."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sikkerhedsnet.followup.models import FollowUp
from sikkerhedsnet.followup.tests.factories import PolicyAdoptionFactory
from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, GoalFactory, MeasureFactory, OfferFactory
from sikkerhedsnet.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_holds_an_overdue_follow_up(page, live_server, child, caseworker, municipality) -> None:
    PolicyAdoptionFactory(municipality=municipality, policy_code="kolding", adopted_on=date(2015, 9, 1))
    today = timezone.localdate()
    offer = OfferFactory(municipality=municipality, name="Familiebehandling")
    measure = MeasureFactory(
        child=child,
        offer=offer,
        step=2,
        category="3",
        start_on=today - timedelta(days=100),
        decided_on=today - timedelta(days=100),
    )
    goal = GoalFactory(plan=ActionPlanFactory(child=child), text="Går i skole hver dag")
    login(page, live_server.url, caseworker)
    page.get_by_role("link", name="Opfølgninger").click()
    expect(page.locator("h1")).to_have_text("Opfølgninger")
    assert_accessible(page)
    page.locator("table").first.get_by_role("link", name="Registrér opfølgning").first.click()
    expect(page.locator("h1")).to_have_text("Registrér opfølgning")
    assert_accessible(page)
    page.get_by_label("TBS – tværfagligt børnesamarbejdsmøde").check()
    page.get_by_label("Skole/dagtilbud").check()
    page.fill("#id_summary", "Barnet fortalte selv om skolen.")
    page.select_option(f"#id_goal_{goal.pk}", label="Godt på vej")
    page.get_by_label("Justér indsatsen").check()
    page.get_by_role("button", name="Gem opfølgningen").click()  # adjusting needs a reason
    expect(page.get_by_text("Begrund beslutningen.").first).to_be_visible()
    assert page.input_value("#id_summary") == "Barnet fortalte selv om skolen."
    assert_accessible(page)
    page.fill("#id_decision_reason", "To timer mere om ugen i hjemmet.")
    page.get_by_role("button", name="Gem opfølgningen").click()
    expect(page.get_by_text("Opfølgningen er registreret.").first).to_be_visible()
    expect(page.get_by_text("Godt på vej").first).to_be_visible()
    assert_accessible(page)
    follow_up = FollowUp.objects.get(measure=measure)
    assert (follow_up.method, follow_up.decision, follow_up.goal_reviews.get().attainment) == ("tbs", "adjust", 2)
    page.get_by_role("link", name="Tilbage til opfølgning").click()
    expect(page.get_by_role("heading", name="Afholdte opfølgninger")).to_be_visible()
    assert_accessible(page)


def test_policies_and_caseload_pages_are_accessible(page, live_server, team_leader, caseworker, child) -> None:
    login(page, live_server.url, team_leader)
    page.goto(live_server.url + "/opfoelgning/politikker/")
    assert_accessible(page)
    page.fill("#id_start", "2024-01-31")
    page.get_by_role("button", name="Beregn").click()
    expect(page.locator("#schedule-dates li").first).to_have_text("29. februar 2024")
    assert_accessible(page)
    page.get_by_role("link", name="Sagsfordeling").click()
    expect(page.get_by_role("heading", name="Forslag til næste nye sag")).to_be_visible()
    assert_accessible(page)


def test_settings_page_changes_policy_by_keyboard(page, live_server, municipality) -> None:
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    head = UserFactory(username="leder", role="head", team=None, municipality=municipality)
    login(page, live_server.url, head)
    page.goto(live_server.url + "/opfoelgning/indstillinger/")
    assert_accessible(page)
    page.get_by_label("Den svenske model (Borås)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Skift politik").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Opfølgningspolitikken er ændret.").first).to_be_visible()
    assert_accessible(page)
