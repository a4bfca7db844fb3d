"""Browser checks of the one page grammar (issue #14 item 5): the error summary leads to the failing field, every
main page fits a 390 px phone without sideways scrolling, and irreversible actions ask first."""

from __future__ import annotations

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.intake.tests.factories import NotificationFactory
from sikkerhedsnet.testing.browser import assert_accessible, assert_fits_width, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_error_summary_names_the_field_and_moves_the_focus_to_it(page, live_server, child, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/underretninger/ny/")
    page.fill("#id_cpr", child.cpr_formatted)
    page.get_by_label("Fagperson (skærpet underretningspligt)").check()
    page.fill("#id_reporter_profession", "Lærer")
    page.fill("#id_summary", "Eleven fortæller, at far slår.")
    page.get_by_role("button", name="Registrér underretning").click()
    summary = page.locator(".app-error-summary")
    assert summary.get_attribute("role") == "alert"
    link = summary.get_by_role("link", name="Telefon eller e-mail", exact=False)
    assert link.get_attribute("href") == "#id_reporter_contact"
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_reporter_contact"
    assert page.input_value("#id_summary") == "Eleven fortæller, at far slår."
    assert_accessible(page)


def test_main_pages_fit_a_390_px_phone(page, live_server, child, caseworker, team_leader) -> None:
    NotificationFactory(child=child, assigned_to=caseworker)
    page.set_viewport_size(PHONE)
    login(page, live_server.url, caseworker)
    for path in (
        "/boern/mine-sager/",
        "/underretninger/mine-opgaver/",
        f"/boern/{child.pk}/",
        "/underretninger/ny/",
        f"/sikkerhed/boern/{child.pk}/sikkerhedsplan/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert_fits_width(page)
    page.context.clear_cookies()
    login(page, live_server.url, team_leader)
    for path in ("/accounts/team/", "/rapporter/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert_fits_width(page)


def test_more_menu_opens_as_an_overflow_menu_in_the_pages_language(page, live_server, team) -> None:
    head = UserFactory(role="head", team=None, municipality=team.department.municipality)
    login(page, live_server.url, head)
    more = page.locator(".more-button")
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert page.locator(".overflow-menu-inner a").first.is_visible()
    page.locator('form.app-lang button[value="en"]').click()
    assert page.locator(".more-button").inner_text().strip() == "More"
