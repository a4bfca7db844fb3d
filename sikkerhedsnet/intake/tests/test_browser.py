"""Browser journeys for intake (Playwright + Debian Chromium + axe-core): register and assess a notification,
the team leader's overdue view, and every intake page checked with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sikkerhedsnet.intake.models import Notification
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
from sikkerhedsnet.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(minutes_ago: int) -> str:
    return (timezone.localtime() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


def test_caseworker_registers_and_assesses_a_notification(page, live_server, child, caseworker) -> None:
    login(page, live_server.url, caseworker)
    page.get_by_role("link", name="Underretninger", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér underretning").click()
    assert_accessible(page)
    page.fill("#id_cpr", child.cpr_formatted)
    page.fill("#id_received_at", (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Fagperson (skærpet underretningspligt)").check()
    page.fill("#id_reporter_profession", "Lærer")
    page.fill("#id_reporter_organisation", "Demo Skole")
    page.fill("#id_reporter_contact", "laerer@demo.invalid")
    page.select_option("#id_channel", "phone")
    page.get_by_label("Vold", exact=True).check()
    page.fill("#id_summary", "Eleven fortæller, at far slår. Skrevet med lærerens ord.")
    page.get_by_label("Akut – barnets sikkerhed kan være i fare nu").check()
    page.get_by_role("button", name="Registrér underretning").click()
    # A receipt time in the future is refused; what was typed is still there.
    assert page.get_by_text("Modtagelsestidspunktet ligger i fremtiden.").first.is_visible()
    assert page.input_value("#id_summary") == "Eleven fortæller, at far slår. Skrevet med lærerens ord."
    assert_accessible(page)
    page.fill("#id_received_at", _local(30))
    page.press("#id_received_at", "Enter")  # keyboard submit
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("h1").inner_text().startswith("Underretning om")
    assert page.get_by_text("Akut underretning – ikke vurderet endnu").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Akut indsats").check()
    page.fill("#id_reasoning", "Barnet er i fare; akut indsats iværksat. (Fiktiv.)")
    page.get_by_role("button", name="Gem vurdering").click()
    assert page.get_by_text("Vurderingen er gemt.").first.is_visible()
    assert not page.get_by_text("Akut underretning – ikke vurderet endnu").first.is_visible()
    assert Notification.objects.get().outcome == "acute_measure"
    assert_accessible(page)


def test_team_leader_sees_the_teams_overdue_deadlines_per_caseworker(page, live_server, child, team_leader) -> None:
    InvestigationFactory(child=child, awareness_on=timezone.localdate() - timedelta(days=200))
    NotificationFactory(child=child, received_at=timezone.now() - timedelta(days=2))
    login(page, live_server.url, team_leader)
    link = page.get_by_role("link", name="Mine opgaver")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("h1").inner_text() == "Mine opgaver"
    row = page.locator("table.app-team-load tbody tr", has_text=child.case.caseworker.get_full_name())
    assert row.locator("td").first.inner_text().strip() == "2"
    overdue = page.locator("table.app-team-overdue")
    assert overdue.get_by_text("Afslut børnefaglig undersøgelse").first.is_visible()
    assert overdue.get_by_text(child.full_name).first.is_visible()
    assert_accessible(page)


def test_intake_pages_pass_axe(page, live_server, child, caseworker) -> None:
    notification = NotificationFactory(
        child=child,
        reporter_type="professional",
        categories=["violence"],
        child_conversation_required=True,
        reassessment_required=True,
    )
    NotificationFactory(child=child, received_at=timezone.now() - timedelta(hours=3))
    investigation = InvestigationFactory(child=child, awareness_on=timezone.localdate() - timedelta(days=20))
    login(page, live_server.url, caseworker)
    for path in (
        "/underretninger/mine-opgaver/",
        "/underretninger/?vis=all",
        f"/underretninger/{notification.pk}/",
        f"/underretninger/barn/{child.pk}/",
        f"/underretninger/barn/{child.pk}/undersoegelse/ny/",
        f"/underretninger/undersoegelser/{investigation.pk}/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)


def test_investigation_conclude_lists_what_is_missing(page, live_server, child, caseworker) -> None:
    investigation = InvestigationFactory(child=child, awareness_on=timezone.localdate() - timedelta(days=30))
    login(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/underretninger/undersoegelser/{investigation.pk}/")
    page.fill("#id_ics__child__health", "Barnet er sundt og trives fysisk. (Fiktiv.)")
    page.get_by_role("button", name="Gem og afslut undersøgelsen").click()
    assert page.get_by_text("Kladden er gemt, men undersøgelsen kan ikke afsluttes endnu.").first.is_visible()
    assert page.get_by_text("Forældrekompetencer: beskriv mindst én dimension").first.is_visible()
    assert page.input_value("#id_ics__child__health") == "Barnet er sundt og trives fysisk. (Fiktiv.)"
    assert_accessible(page)
