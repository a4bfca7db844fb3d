"""Browser checks of the hardening: stored scripts never run, double clicks save once, and the new pages
(export progress, deletion runs, slettestop) are accessible and usable by keyboard."""

import pytest
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import JournalEntry
from sikkerhedsnet.core import jobs
from sikkerhedsnet.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=1</script>",
    '"><svg onload="window.__xss=1">',
    "</textarea><script>window.__xss=1</script>",
]


def test_stored_script_payloads_are_shown_as_text_and_never_run(page, live_server, child, caseworker) -> None:
    services.child_update(by=caseworker, child=child, expected_version=child.version, school_or_daycare=XSS[0])
    for n, payload in enumerate(XSS):
        services.journal_entry_add(
            by=caseworker, child=child, occurred_on=timezone.localdate(), title=f"Notat {n} {payload}", text=payload
        )
    services.relation_add(by=caseworker, child=child, kind="other", first_name=XSS[2], note=XSS[1])
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.goto(f"{live_server.url}/boern/{child.pk}/rediger/")
    assert page.evaluate("() => window.__xss") is None and not dialogs
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    assert page.get_by_text(f"Notat 1 {XSS[1]}").is_visible()


def test_double_clicked_journal_form_saves_one_note(page, live_server, child, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.get_by_text("Skriv journalnotat").click()
    page.fill("#id_title", "Dobbeltklik")
    page.fill("#id_text", "Sendt to gange.")
    page.get_by_role("button", name="Gem notat").dblclick()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    assert JournalEntry.objects.filter(title="Dobbeltklik").count() == 1


def test_export_progress_page_updates_itself_and_is_accessible(page, live_server, child, team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    auditor = UserFactory(role="auditor", team=None, municipality=team.department.municipality)
    login(page, live_server.url, auditor)
    page.fill("#id_cpr", child.cpr_formatted)
    page.get_by_role("button", name="Hent CSV").click()
    assert page.locator("h1").inner_text() == "Udtræk"
    assert child.cpr not in page.url
    assert_accessible(page)
    jobs.run_pending()
    page.get_by_text("Filen er klar").wait_for(timeout=10000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent indsigt").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert_accessible(page)


def test_deletion_run_pages_plan_and_discard_by_keyboard(page, live_server, team) -> None:
    admin = UserFactory(role="admin", team=None, municipality=team.department.municipality, is_staff=True)
    login(page, live_server.url, admin)
    page.goto(f"{live_server.url}/sletning/")
    assert_accessible(page)
    page.get_by_role("button", name="Planlæg en sletningskørsel").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Intet er slettet endnu").first.is_visible()
    assert_accessible(page)
    page.locator("summary", has_text="Kassér planen").focus()
    page.keyboard.press("Enter")  # opens the confirmation step
    page.get_by_role("button", name="Ja, kassér planen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Planen er kasseret").first.is_visible()


def test_legal_hold_set_by_team_leader_by_keyboard(page, live_server, child, team_leader) -> None:
    login(page, live_server.url, team_leader)
    page.goto(f"{live_server.url}/boern/{child.pk}/")
    page.get_by_role("link", name="Slettestop").click()
    assert_accessible(page)
    page.focus("#id_legal_hold")
    page.keyboard.press("Space")
    page.fill("#id_reason", "Klagesag i Ankestyrelsen")
    page.get_by_role("button", name="Gem").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Sagen har slettestop").first.is_visible()
    assert_accessible(page)


def test_stale_edit_page_is_accessible_and_keeps_the_text(page, live_server, child, caseworker, colleague_same_team):
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/boern/{child.pk}/rediger/")
    services.child_update(by=colleague_same_team, child=child, expected_version=child.version, city="Vejle")
    page.fill("#id_first_name", "Mit nye navn")
    page.get_by_role("button", name="Gem").click()
    assert page.get_by_text("En anden har gemt ændringer").first.is_visible()
    assert page.input_value("#id_first_name") == "Mit nye navn"
    assert_accessible(page)


def test_api_docs_render_the_operations_under_the_csp(page, live_server) -> None:
    """The Swagger UI runs from our static files under the strict CSP: the operations are listed, nothing blocked."""
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() > 10 and not blocked
