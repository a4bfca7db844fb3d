"""The auditor's page in the browser (axe-core), before and after a lookup."""

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children import selectors
from sikkerhedsnet.core import jobs
from sikkerhedsnet.testing.browser import TABLET, assert_accessible, assert_fits_width, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_auditor_looks_up_a_cpr_and_sees_who_touched_it(page, live_server, child, caseworker, team) -> None:
    selectors.child_get_for_user(caseworker, child.pk, purpose="journal")
    auditor = UserFactory(role="auditor", team=None, municipality=team.department.municipality)
    login(page, live_server.url, auditor)
    page.fill("#id_cpr", child.cpr_formatted)
    page.get_by_role("button", name="Vis").click()
    assert page.get_by_text("Læste journalen").first.is_visible()
    assert child.cpr not in page.url and child.cpr[:6] not in page.url
    assert_accessible(page)
    page.set_viewport_size(TABLET)
    assert_fits_width(page)


def test_auditor_page_with_invalid_cpr_explains(page, live_server, team) -> None:
    auditor = UserFactory(role="auditor", team=None, municipality=team.department.municipality)
    login(page, live_server.url, auditor)
    page.fill("#id_cpr", "123")
    page.get_by_role("button", name="Vis").click()
    assert page.get_by_text("Et CPR-nummer består af 10 cifre").first.is_visible()
    assert_accessible(page)


def test_auditor_downloads_the_pdf(page, live_server, child, team, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    auditor = UserFactory(role="auditor", team=None, municipality=team.department.municipality)
    login(page, live_server.url, auditor)
    page.fill("#id_cpr", child.cpr_formatted)
    page.get_by_role("button", name="Hent PDF").click()  # made by the job worker: the progress page first
    assert page.locator("h1").inner_text() == "Udtræk"
    jobs.run_pending()
    page.get_by_text("Filen er klar").wait_for(timeout=10000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent indsigt").click()
    assert download.value.suggested_filename.startswith("indsigt-") and download.value.suggested_filename.endswith(
        ".pdf"
    )
