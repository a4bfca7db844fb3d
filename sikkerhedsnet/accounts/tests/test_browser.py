"""Browser checks of the account pages, every role's start page, the language switch and the error pages."""

from unittest import mock

import pytest
from django.db import OperationalError
from django_otp.plugins.otp_totp.models import TOTPDevice

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.accounts.tests.test_otp import totp_now
from sikkerhedsnet.testing.browser import TABLET, assert_accessible, assert_fits_width, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_and_its_error_pass_axe(page, live_server, caseworker) -> None:
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", "forkert")
    page.press("#id_password", "Enter")
    assert page.get_by_text("Forkert brugernavn eller adgangskode").first.is_visible()
    assert page.locator("#id_username").input_value() == "caseworker"
    assert_accessible(page)


def test_five_failed_logins_show_the_danish_lockout_page(page, live_server, caseworker) -> None:
    for _ in range(5):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "caseworker")
        page.fill("#id_password", "forkert")
        page.press("#id_password", "Enter")
    assert page.locator("h1").inner_text() == "Midlertidigt spærret"
    assert_accessible(page)


def test_otp_enrolment_in_the_browser(page, live_server, caseworker, settings) -> None:
    settings.OTP_REQUIRED = True
    login(page, live_server.url, caseworker)
    assert page.locator("h1").inner_text() == "Totrinsbekræftelse"
    assert page.get_by_role("img", name="QR-kode til godkendelses-appen").is_visible()
    assert_accessible(page)
    page.fill("#id_token", "000000")
    page.press("#id_token", "Enter")
    assert "Koden er forkert eller udløbet" in page.locator("#id_token-error").inner_text()
    assert_accessible(page)
    # django-otp throttles a device for 1 s after a wrong code (doubling each time); a person waits that long.
    page.wait_for_timeout(1500)
    page.fill("#id_token", totp_now(TOTPDevice.objects.get(user=caseworker)))
    page.press("#id_token", "Enter")
    assert page.locator("h1").inner_text() == "Mine opgaver"


def test_profile_page_logs_out_everywhere(page, live_server, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.get_by_role("link", name=caseworker.get_full_name()).click()
    assert page.locator("h1").inner_text() == "Min profil"
    assert_accessible(page)
    page.get_by_role("button", name="Log ud overalt").click()
    assert page.get_by_text("Du er logget ud på alle enheder").first.is_visible()


def test_profile_calendar_feed_create_and_delete_pass_axe(page, live_server, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.goto(live_server.url + "/accounts/profil/")
    page.get_by_role("button", name="Opret kalenderadresse").click()
    url = page.get_by_label("Kalenderadresse").input_value()
    assert url.startswith(live_server.url + "/kalender/kal_") and url.endswith("/frister.ics")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_fits_width(page)  # the long address wraps inside its field, never widens the page
    page.goto(live_server.url + "/accounts/profil/")
    page.get_by_role("button", name="Slet kalenderabonnement").click()
    assert page.get_by_text("Kalenderabonnementet er slettet").first.is_visible()
    assert page.get_by_role("button", name="Opret kalenderadresse").is_visible()


def test_language_switch_to_english_and_back(page, live_server, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "My tasks"  # a caseworker lands on the day's work
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_role("link", name="Find child").click()
    assert page.locator("h1").inner_text() == "Find child"
    page.get_by_role("button", name="Dansk").click()
    assert page.locator("h1").inner_text() == "Find barn"


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("caseworker", "Mine opgaver"),
        ("sos_consultant", "Mine konsulentsager"),
        ("team_leader", "Teamoverblik"),
        ("head", "Teamoverblik"),
        ("analyst", "Rapporter"),
        ("admin", "Brugere"),
        ("auditor", "Logning: indsigt for en person"),
    ],
)
def test_every_role_lands_on_its_start_page_at_desktop_and_tablet(page, live_server, team, role, heading) -> None:
    in_team = role in ("caseworker", "sos_consultant", "team_leader")
    user = UserFactory(role=role, team=team if in_team else None, municipality=team.department.municipality)
    login(page, live_server.url, user)
    assert page.locator("h1").inner_text() == heading
    assert_accessible(page)
    page.set_viewport_size(TABLET)
    assert_fits_width(page)
    assert_accessible(page)


def test_admin_user_form_and_its_errors_pass_axe(page, live_server, team) -> None:
    admin = UserFactory(role="admin", team=None, municipality=team.department.municipality)
    login(page, live_server.url, admin)
    page.get_by_role("link", name="Opret bruger").click()
    assert_accessible(page)
    page.fill("#id_username", "ny.bruger")
    page.fill("#id_password", "123")
    page.get_by_role("button", name="Gem").click()
    assert page.locator(".form-error-message", has_text="skal have et team").first.is_visible()
    assert page.locator("#id_username").input_value() == "ny.bruger"
    assert_accessible(page)


def test_403_and_404_pages_pass_axe(page, live_server, team, child) -> None:
    analyst = UserFactory(role="analyst", team=None, municipality=team.department.municipality)
    login(page, live_server.url, analyst)
    assert page.goto(live_server.url + "/accounts/brugere/").status == 403
    assert page.locator("h1").inner_text() == "Du har ikke adgang"
    assert_accessible(page)
    assert page.goto(f"{live_server.url}/boern/{child.pk}/").status == 404
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    assert_accessible(page)


def test_expired_form_page_passes_axe(page, live_server, caseworker) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.context.clear_cookies()
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", "test-password-123")
    page.press("#id_password", "Enter")
    assert page.locator("h1").inner_text() == "Formularen er udløbet"
    assert_accessible(page)


def test_500_page_passes_axe(page, live_server, caseworker) -> None:
    login(page, live_server.url, caseworker)
    with mock.patch("sikkerhedsnet.children.views.selectors.my_open_cases", side_effect=RuntimeError("boom")):
        response = page.goto(live_server.url + "/boern/mine-sager/")
    assert response.status == 500 and page.locator("h1").inner_text() == "Der opstod en fejl"
    assert "boom" not in page.content()
    assert_accessible(page)


def test_503_page_passes_axe(page, live_server, caseworker) -> None:
    login(page, live_server.url, caseworker)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = page.goto(live_server.url + "/boern/mine-sager/")
    assert response.status == 503 and page.locator("h1").inner_text() == "Systemet er midlertidigt utilgængeligt"
    assert_accessible(page)
