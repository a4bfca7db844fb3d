"""Browser journeys for the children pages (Playwright + Debian Chromium + axe-core on every page)."""

import pytest
from django.utils import timezone

from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import JournalEntry
from sikkerhedsnet.children.tests.factories import ChildFactory, RelationFactory
from sikkerhedsnet.testing.browser import TABLET, assert_accessible, assert_fits_width, login, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_logs_in_finds_child_opens_case_adds_note_and_logs_out(page, live_server, child, caseworker) -> None:
    login(page, live_server.url, caseworker)
    assert page.locator("h1").inner_text() == "Mine opgaver"
    assert_accessible(page)
    page.get_by_role("link", name="Find barn").click()
    assert_accessible(page)
    page.fill("#id_q", child.first_name)
    page.press("#id_q", "Enter")
    page.get_by_role("link", name=child.full_name).click()
    assert page.locator("h1").inner_text().startswith(child.full_name)
    assert_accessible(page)
    page.get_by_text("Skriv journalnotat").click()
    assert_accessible(page)
    page.fill("#id_title", "Hjemmebesøg")
    page.fill("#id_text", "Familien var hjemme; aftaler gennemgået.")
    page.get_by_role("button", name="Gem notat").click()
    assert page.get_by_text("Journalnotatet er gemt.").first.is_visible()
    assert page.get_by_text("Familien var hjemme; aftaler gennemgået.").first.is_visible()
    page.get_by_role("button", name="Log ud").click()
    assert page.locator("h1").inner_text() == "Log ind"


def test_search_without_javascript_posts_and_shows_results(browser_without_js, live_server, child, caseworker) -> None:
    page = browser_without_js
    login(page, live_server.url, caseworker)
    page.goto(live_server.url + "/boern/")
    page.fill("#id_q", child.cpr_formatted)
    page.press("#id_q", "Enter")
    assert page.url == live_server.url + "/boern/"
    assert page.get_by_role("link", name=child.full_name).is_visible()


def test_cross_team_child_is_hidden_until_break_the_glass(page, live_server, child, outsider) -> None:
    login(page, live_server.url, outsider)
    response = page.goto(f"{live_server.url}/boern/{child.pk}/")
    assert response.status == 404
    assert_accessible(page)
    page.goto(live_server.url + "/boern/")
    page.get_by_text("Barnet hører ikke til dit team? Søg med begrundelse").click()
    page.fill("#id_cpr", child.cpr_formatted)
    page.fill("#id_reason", "Døgnvagt: politiet ringede om barnet")
    page.get_by_role("button", name="Åbn med begrundelse").click()
    assert page.locator("h1").inner_text().startswith(child.full_name)
    assert page.get_by_text("Du har fået begrundet adgang").first.is_visible()


def test_break_the_glass_form_errors_are_shown_and_accessible(page, live_server, child, outsider) -> None:
    login(page, live_server.url, outsider)
    page.goto(live_server.url + "/boern/")
    page.get_by_text("Barnet hører ikke til dit team? Søg med begrundelse").click()
    page.fill("#id_cpr", "12")
    page.fill("#id_reason", "kort")
    page.get_by_role("button", name="Åbn med begrundelse").click()
    assert page.get_by_text("Et CPR-nummer består af 10 cifre").first.is_visible()
    assert page.locator("#id_reason").input_value() == "kort"
    assert_accessible(page)


def test_break_the_glass_shows_on_the_team_leaders_dashboard(page, live_server, child, outsider, team_leader) -> None:
    from sikkerhedsnet.children import selectors

    selectors.child_get_for_user(outsider, child.pk, reason="Døgnvagt: politiet ringede om barnet")
    login(page, live_server.url, team_leader)
    page.goto(live_server.url + "/accounts/team/")
    assert page.get_by_text("Døgnvagt: politiet ringede om barnet").first.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name=f"Markér som set {child.full_name}").click()
    assert page.get_by_text("Set af").first.is_visible()


def test_keyboard_only_log_in_search_open_child_and_write_note(page, live_server, child, caseworker) -> None:
    page.goto(live_server.url + "/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(caseworker.username)
    page.keyboard.press("Tab")
    page.keyboard.type("test-password-123")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/underretninger/mine-opgaver/")
    tab_to(page, "a[href='/boern/']")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/boern/")
    tab_to(page, "#id_q")
    page.keyboard.type(child.first_name)
    page.keyboard.press("Enter")
    link = f"a[href='/boern/{child.pk}/']"
    page.wait_for_selector(link)
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/boern/{child.pk}/")
    tab_to(page, "#journal summary")
    page.keyboard.press("Enter")
    tab_to(page, "#id_title")
    page.keyboard.type("Telefonsamtale")
    page.keyboard.press("Tab")
    page.keyboard.type("Mor ringede; alt er roligt.")
    tab_to(page, "#journal button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Journalnotatet er gemt.")
    assert JournalEntry.objects.get(child=child).text == "Mor ringede; alt er roligt."


def test_focus_is_visible_on_links_and_buttons(page, live_server, caseworker) -> None:
    login(page, live_server.url, caseworker)
    tab_to(page, "a[href='/boern/']")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_main_pages_fit_a_tablet_and_pass_axe(page, live_server, child, caseworker, team) -> None:
    RelationFactory(child=child, kind="mother")
    page.set_viewport_size(TABLET)
    login(page, live_server.url, caseworker)
    for path in (
        "/boern/mine-sager/",
        "/boern/",
        f"/boern/{child.pk}/",
        f"/boern/{child.pk}/rediger/",
        f"/boern/{child.pk}/relationer/ny/",
        f"/boern/{child.pk}/historik/",
        "/boern/ny/",
        "/accounts/profil/",
    ):
        page.goto(live_server.url + path)
        assert_fits_width(page)
        assert page.get_by_role("navigation", name="Hovedmenu").is_visible(), path
        assert_accessible(page)


def test_tablet_search_results_fit(page, live_server, team, caseworker) -> None:
    ChildFactory.create_batch(3, case__team=team, case__caseworker=caseworker, last_name="Mangesen-Langtnavnsen")
    page.set_viewport_size(TABLET)
    login(page, live_server.url, caseworker)
    page.goto(live_server.url + "/boern/")
    page.fill("#id_q", "Mangesen")
    page.press("#id_q", "Enter")
    page.wait_for_selector("text=3 børn fundet.")
    assert_fits_width(page)
    assert_accessible(page)


def test_form_error_pages_keep_input_and_pass_axe(page, live_server, child, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.get_by_text("Skriv journalnotat").click()
    page.fill("#id_occurred_on", "2999-01-01")
    page.fill("#id_title", "Hjemmebesøg")
    page.fill("#id_text", "Det jeg skrev")
    page.get_by_role("button", name="Gem notat").click()
    assert page.get_by_text("Datoen må ikke ligge i fremtiden.").first.is_visible()
    assert page.locator("#id_text").input_value() == "Det jeg skrev"
    assert_accessible(page)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.set_input_files("#document_file", files=[{"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"MZ"}])
    page.fill("#document_title", "Skoleudtalelse")
    page.get_by_role("button", name="Upload dokument").click()
    assert page.get_by_text("Filtypen er ikke tilladt").first.is_visible()
    assert page.locator("#document_title").input_value() == "Skoleudtalelse"
    assert_accessible(page)
    page.goto(live_server.url + "/boern/ny/")
    page.fill("#id_cpr", "320115-4001")
    page.fill("#id_first_name", "Freja")
    page.get_by_role("button", name="Gem").click()
    assert page.get_by_text("ikke en gyldig fødselsdato").first.is_visible()
    assert_accessible(page)


def test_team_leader_assigns_a_case_from_the_dashboard(page, live_server, team, team_leader, caseworker) -> None:
    waiting = ChildFactory(case__team=team, case__caseworker=None, first_name="Ventende")
    login(page, live_server.url, team_leader)
    page.goto(live_server.url + "/accounts/team/")
    page.get_by_role("link", name=f"Fordel {waiting.full_name}").click()
    assert_accessible(page)
    page.select_option("#id_caseworker", str(caseworker.pk))
    page.get_by_role("button", name="Gem fordeling").click()
    assert page.get_by_text("Sagen er fordelt.").first.is_visible()
    waiting.case.refresh_from_db()
    assert waiting.case.caseworker == caseworker


def test_caseworker_closes_and_reopens_a_case(page, live_server, child, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.get_by_role("link", name="Luk sagen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Luk sagen").click()
    assert page.get_by_text("Sagen er lukket.").first.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Genåbn sagen").click()
    assert page.get_by_text("Sagen er genåbnet.").first.is_visible()


def test_caseworker_edits_and_removes_a_relation(page, live_server, child, caseworker) -> None:
    relation = RelationFactory(child=child, kind="mother", person__first_name="Mette")
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.get_by_role("link", name=f"Redigér {relation.person}").click()
    assert_accessible(page)
    page.fill("#id_phone", "+45 11 22 33 44")
    page.get_by_role("button", name="Gem").click()
    assert page.get_by_text("+45 11 22 33 44").first.is_visible()
    page.get_by_role("link", name=f"Fjern {relation.person}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Fjern").click()
    assert page.get_by_text("er fjernet fra barnets familie og netværk").first.is_visible()


def test_history_page_shows_an_earlier_version(page, live_server, caseworker) -> None:
    child = services.child_create(by=caseworker, cpr="610115-4001", first_name="Freja", last_name="Fiktivsen")
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/historik/?on={timezone.localdate().isoformat()}")
    assert page.get_by_text("Freja Fiktivsen").first.is_visible()
    assert_accessible(page)


def test_expired_session_in_the_middle_of_a_journal_note_keeps_the_text_after_login(
    page, live_server, child, caseworker
) -> None:
    text = "Mor fortalte om natten; aftaler om skolestart gennemgået."
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.get_by_text("Skriv journalnotat").click()
    page.fill("#id_title", "Hjemmebesøg")
    page.fill("#id_text", text)
    # 30 minutes idle: the session is gone, the browser still holds the page with the typed note.
    cookies = [c for c in page.context.cookies() if c["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(cookies)
    page.get_by_role("button", name="Gem notat").click()
    assert page.locator("h1").inner_text() == "Log ind"
    assert page.get_by_text("Det, du skrev, er gemt").first.is_visible()
    assert_accessible(page)
    page.fill("#id_username", caseworker.username)
    page.fill("#id_password", "test-password-123")
    page.press("#id_password", "Enter")
    page.wait_for_selector(".app-draft-notice")
    assert page.locator("h1").inner_text().startswith(child.full_name)
    assert page.locator("#id_text").input_value() == text
    assert not JournalEntry.objects.filter(child=child).exists()
    assert_accessible(page)
    page.get_by_role("button", name="Gem notat").click()
    assert page.get_by_text("Journalnotatet er gemt.").first.is_visible()
    assert JournalEntry.objects.get(child=child).text == text


def test_near_match_cpr_warns_and_registers_after_confirmation(page, live_server, child, caseworker) -> None:
    typo = child.cpr[:9] + str((int(child.cpr[9]) + 1) % 10)  # one digit slipped
    login(page, live_server.url, caseworker)
    page.goto(live_server.url + "/boern/ny/")
    page.fill("#id_cpr", f"{typo[:6]}-{typo[6:]}")
    page.fill("#id_first_name", "Freja")
    page.fill("#id_last_name", "Fiktivsen")
    page.get_by_role("button", name="Gem").click()
    assert page.get_by_text("Findes barnet allerede?").first.is_visible()
    assert page.locator("#possible-duplicate").get_by_text(child.full_name).is_visible()
    assert_accessible(page)
    page.check("#id_other_child_confirmed")
    page.get_by_role("button", name="Gem").click()
    assert page.locator("h1").inner_text().startswith("Freja Fiktivsen")


def test_overview_after_a_full_case_history_shows_every_part(page, live_server, child, caseworker) -> None:
    from sikkerhedsnet.children.tests.test_overview import full_history

    full_history(child)
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    for heading in (
        "Frister",
        "Underretninger og undersøgelse",
        "Sikkerhedsplan",
        "Seneste skalering",
        "Netværket",
        "Indsatser og anbringelse",
        "Opfølgning",
        "Journal og tidslinje",
    ):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible(), heading
    assert page.get_by_text("Sikkerhedsplan, version 2").first.is_visible()
    assert page.get_by_text("Mette (Mor): 7 af 10").first.is_visible()
    assert page.get_by_text("Hjemmebesøg: Besøg i hjemmet").first.is_visible()
    assert_accessible(page)
    # Filter the timeline to the follow-ups, then search the journal: the words searched for stay out of the URL.
    page.get_by_role("checkbox", name="Opfølgning", exact=True).check()
    page.get_by_role("button", name="Filtrér").click()
    assert "vis=followup" in page.url
    assert page.locator(".app-timeline").get_by_text("Opfølgning holdt").first.is_visible()
    assert page.locator(".app-timeline").get_by_text("Hjemmebesøg: Besøg i hjemmet").count() == 0
    page.fill("#id_q", "roligt")
    page.get_by_role("button", name="Søg", exact=True).click()
    assert page.get_by_text("1 journalnotat fundet").first.is_visible() and "roligt" not in page.url
    assert_accessible(page)
