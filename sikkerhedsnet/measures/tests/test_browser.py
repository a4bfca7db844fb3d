"""Browser journeys for measures (Playwright + Debian Chromium + axe-core): deciding a placement."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sikkerhedsnet.measures.models import Measure
from sikkerhedsnet.measures.tests.factories import (
    ActionPlanFactory,
    GoalFactory,
    MeasureFactory,
    OfferFactory,
    PlacementOfferFactory,
    StaircaseMoveFactory,
)
from sikkerhedsnet.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_decides_a_placement_after_fixing_bad_input(
    page, live_server, child, caseworker, municipality
) -> None:
    PlacementOfferFactory(municipality=municipality, name="Almen plejefamilie")
    StaircaseMoveFactory(child=child, to_step=2, category="4a", created_by=caseworker, moved_on=date(2025, 1, 1))
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.get_by_role("navigation", name="Sagens dele").get_by_role("link", name="Indsatser").click()
    expect(page.locator("h1")).to_have_text("Indsatser")
    assert_accessible(page)
    page.get_by_role("link", name="Træf afgørelse om indsats").click()
    assert_accessible(page)
    page.select_option("#id_offer", label="Almen plejefamilie (trin 4, 39.000 kr./md.)")
    page.select_option("#id_category", "4b")
    page.fill("#id_decided_on", "2025-05-01")
    page.fill("#id_start_on", "2025-05-10")
    page.fill("#id_end_on", "2025-05-01")  # before the start: refused
    page.fill("#id_purpose", "Tryg opvækst med henblik på hjemgivelse")
    page.fill("#id_goals_child", "Går i skole hver dag")
    page.fill("#id_goals_parents", "Deltager i samvær hver anden weekend")
    page.get_by_label("Med samtykke (Barnets lov § 46)").check()
    page.fill("#id_return_home_plan", "Samvær og forældrekursus; hjemgivelse vurderes efter 6 måneder")
    page.fill("#id_return_home_plan_made_on", "2025-04-30")
    page.get_by_role("button", name="Registrér afgørelsen").click()
    expect(page.get_by_text("Slutdatoen ligger før startdatoen.").first).to_be_visible()
    assert page.input_value("#id_purpose") == "Tryg opvækst med henblik på hjemgivelse"
    assert_accessible(page)
    page.fill("#id_end_on", "")
    page.fill("#id_staircase_reason", "Familiebehandlingen har ikke skabt sikkerhed nok")
    page.get_by_role("button", name="Registrér afgørelsen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Afgørelsen om indsatsen er registreret.").first).to_be_visible()
    expect(page.locator("h1")).to_have_text("Almen plejefamilie")
    expect(page.get_by_role("heading", name="Opfølgningsplan")).to_be_visible()
    assert_accessible(page)
    measure = Measure.objects.get(child=child)
    assert (measure.placement_type, measure.consent, measure.legal_basis.code) == (
        "general_foster_family",
        "with_consent",
        "bl-46",
    )


def test_measure_pages_are_accessible(page, live_server, child, caseworker, municipality) -> None:
    offer = OfferFactory(municipality=municipality, name="Familiebehandling")
    today = timezone.localdate()
    measure = MeasureFactory(
        child=child,
        offer=offer,
        step=2,
        category="3",
        start_on=today - timedelta(days=40),
        decided_on=today - timedelta(days=45),
    )
    StaircaseMoveFactory(
        child=child,
        measure=measure,
        to_step=2,
        category="3",
        created_by=caseworker,
        moved_on=today - timedelta(days=40),
    )
    GoalFactory(plan=ActionPlanFactory(child=child), text="Sover i egen seng")
    login(page, live_server.url, caseworker)
    for path in (
        "/indsatser/",
        f"/indsatser/tilbud/{offer.pk}/",
        "/indsatser/hjemler/",
        f"/indsatser/{measure.pk}/",
        f"/indsatser/{measure.pk}/rediger/",
        f"/indsatser/barn/{child.pk}/trappe/",
        f"/indsatser/barn/{child.pk}/plan/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
    page.locator("summary", has_text="Tilføj mål").click()
    page.get_by_label("Forældrene").check()
    page.get_by_role("button", name="Tilføj mål").click()  # no text: shown again with the error
    expect(page.get_by_text("Der er fejl i formularen").first).to_be_visible()
    assert_accessible(page)


def test_admin_catalogue_pages_are_accessible(page, live_server, admin_user, offer) -> None:
    login(page, live_server.url, admin_user)
    for path in (
        "/indsatser/",
        "/indsatser/tilbud/ny/",
        f"/indsatser/tilbud/{offer.pk}/rediger/",
        "/indsatser/hjemler/",  # read-only: legal bases are the installation operator's (selectors.py)
        "/opfoelgning/indstillinger/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(f"{live_server.url}/indsatser/tilbud/{offer.pk}/rediger/")
    page.fill("#id_monthly_price", "15000")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Tilbuddet er gemt.").first).to_be_visible()
    expect(page.get_by_role("heading", name="Ændringshistorik")).to_be_visible()
    assert_accessible(page)
