"""Browser journeys for the foundation (Playwright + Debian Chromium + axe-core)."""

import pytest

from sikkerhedsnet.core.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_logs_in_finds_child_opens_case_adds_note_and_logs_out(page, live_server, child, caseworker) -> None:
    login(page, live_server.url, caseworker)
    assert page.locator("h1").inner_text() == "Mine sager"
    assert_accessible(page)
    page.get_by_role("link", name="Find barn").click()
    page.fill("#id_q", child.first_name)
    page.press("#id_q", "Enter")
    page.get_by_role("link", name=child.full_name).click()
    assert page.locator("h1").inner_text().startswith(child.full_name)
    assert_accessible(page)
    page.get_by_text("Skriv journalnotat").click()
    page.fill("#id_title", "Hjemmebesøg")
    page.fill("#id_text", "Familien var hjemme; aftaler gennemgået.")
    page.get_by_role("button", name="Gem notat").click()
    assert page.get_by_text("Journalnotatet er gemt.").is_visible()
    assert page.get_by_text("Familien var hjemme; aftaler gennemgået.").is_visible()
    page.get_by_role("button", name="Log ud").click()
    assert page.locator("h1").inner_text() == "Log ind"


def test_cross_team_child_is_hidden_until_break_the_glass(page, live_server, child, outsider) -> None:
    login(page, live_server.url, outsider)
    response = page.goto(f"{live_server.url}/boern/{child.pk}/")
    assert response.status == 404
    page.goto(live_server.url + "/boern/")
    page.get_by_text("Barnet hører ikke til dit team? Søg med begrundelse").click()
    page.fill("#id_cpr", child.cpr_formatted)
    page.fill("#id_reason", "Døgnvagt: politiet ringede om barnet")
    page.get_by_role("button", name="Åbn med begrundelse").click()
    assert page.locator("h1").inner_text().startswith(child.full_name)
    assert page.get_by_text("Du har fået begrundet adgang").is_visible()
