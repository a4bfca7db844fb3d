"""Browser journeys (Playwright + Debian Chromium + axe-core): a mapping meeting, a scaling, approving a plan."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sikkerhedsnet.children.tests.factories import RelationFactory
from sikkerhedsnet.safety import services
from sikkerhedsnet.safety.models import MappingEntry, SafetyPlan, Scaling
from sikkerhedsnet.safety.tests.factories import (
    EntryFactory,
    NetworkMemberFactory,
    ScoreFactory,
    StoryFactory,
    ThreeHousesFactory,
    complete_content,
    png_bytes,
    upload,
)
from sikkerhedsnet.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_safety(page, live_server, child, tab: str) -> None:
    page.goto(f"{live_server.url}{child.get_absolute_url()}")
    page.get_by_role("link", name="Samarbejde om sikkerhed").first.click()
    assert page.locator("h1").inner_text() == "Samarbejde om sikkerhed"
    assert_accessible(page)
    page.get_by_role("navigation", name="Samarbejde om sikkerhed").get_by_role("link", name=tab).click()


def test_mapping_meeting_participants_entries_inline_and_finalize(page, live_server, child, caseworker) -> None:
    RelationFactory(child=child, kind="mother", person__first_name="Mette")
    login(page, live_server.url, caseworker)
    _open_safety(page, live_server, child, "Kortlægning")
    assert_accessible(page)
    page.fill("#id_title", "Netværksmøde i hjemmet")
    page.get_by_role("button", name="Start kortlægning").click()
    assert page.locator("h1").inner_text() == "Kortlægning: Netværksmøde i hjemmet"
    assert_accessible(page)
    # Participants: one from the child's record, one typed in.
    page.select_option("#id_participant-person", label="Mette Fiktivsen (mor)")
    page.select_option("#id_participant-role", "mother")
    page.get_by_role("button", name="Tilføj deltager").last.click()
    page.get_by_text("Tilføj deltager").first.click()
    page.fill("#id_participant-name", "Birte Rådgiver")
    page.select_option("#id_participant-role", "caseworker")
    page.get_by_role("button", name="Tilføj deltager").last.click()
    assert page.locator(".app-participants li").count() == 2
    # A worry, added inline with htmx: the column is swapped, the page is not reloaded.
    page.evaluate("window.__marker = 'same page'")
    worries = page.locator("#col-worries")
    worries.locator("select[name='worries-category']").select_option("future_danger")
    worries.locator("textarea[name='worries-text']").fill("Vi er bekymrede for vold mellem de voksne")
    worries.locator("select[name='worries-said_by']").select_option(label="Birte Rådgiver (rådgiver)")
    worries.get_by_role("button", name="Tilføj punkt").click()
    page.locator("#col-worries").get_by_text("Vi er bekymrede for vold mellem de voksne").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    # htmx moves the focus to the fresh text field after the swap settles; wait for it, or the Enter
    # below could land in that field instead of on the button.
    expect(worries.locator("textarea[name='worries-text']")).to_be_focused()
    # What works, typed by keyboard and submitted with Enter on the button.
    good = page.locator("#col-working_well")
    good.locator("textarea[name='working_well-text']").fill("Mormor hjælper hver weekend")
    good.locator("select[name='working_well-said_by']").select_option(label="Mette Fiktivsen (mor)")
    good.get_by_role("button", name="Tilføj punkt").focus()
    page.keyboard.press("Enter")
    page.locator("#col-working_well").get_by_text("Mormor hjælper hver weekend").wait_for()
    agreements = page.locator("#col-agreements")
    agreements.locator("textarea[name='agreements-text']").fill("Mormor ringer hver aften kl. 19")
    agreements.locator("select[name='agreements-said_by']").select_option(label="Mette Fiktivsen (mor)")
    with page.expect_response(lambda r: "/punkter/agreements/" in r.url):  # the htmx swap has landed
        agreements.get_by_role("button", name="Tilføj aftale").click()
    page.locator("#col-agreements").get_by_text("Mormor ringer hver aften kl. 19").wait_for()
    assert_accessible(page)
    page.fill("#id_danger_statement", "Barnet kan blive udsat for vold, hvis intet ændres.")
    page.get_by_role("button", name="Gem faresætninger og sikkerhedsmål").click()
    assert page.get_by_text("Faresætninger og sikkerhedsmål er gemt.").first.is_visible()
    page.get_by_text("Afslut kortlægningen", exact=True).click()
    page.get_by_role("button", name="Ja, afslut kortlægningen").click()
    assert page.get_by_text("Kortlægningen er afsluttet").first.is_visible()
    assert_accessible(page)
    entries = MappingEntry.objects.filter(mapping__child=child).select_related("said_by")
    assert {(e.column, e.said_by.name) for e in entries} == {
        ("worries", "Birte Rådgiver"),
        ("working_well", "Mette Fiktivsen"),
        ("agreements", "Mette Fiktivsen"),
    }


def test_scaling_entry_shows_the_chart_and_table(page, live_server, child, caseworker) -> None:
    ScoreFactory(scaling__child=child, scaling__question="Hvor tryg er du?", participant="Mette", score=2)
    login(page, live_server.url, caseworker)
    _open_safety(page, live_server, child, "Skalering")
    assert_accessible(page)
    page.fill("#id_question", "Hvor tryg er du?")
    page.fill("#id_scores-0-participant", "Mette")
    page.select_option("#id_scores-0-role", "mother")
    page.select_option("#id_scores-0-score", "6")
    page.fill("#id_scores-1-participant", "Birte")
    page.select_option("#id_scores-1-role", "caseworker")
    page.select_option("#id_scores-1-score", "3")
    page.get_by_role("button", name="Gem skalering").click()
    assert page.get_by_text("Skaleringen er gemt.").first.is_visible()
    assert page.locator(".app-chart img").first.get_attribute("alt").startswith("Graf:")
    table = page.locator(".app-chart-table table").first
    assert table.locator("tbody tr").count() == 2 and "6" in table.inner_text()
    assert_accessible(page)
    assert Scaling.objects.filter(child=child).count() == 2


def test_approving_a_plan_names_what_is_missing_then_activates(page, live_server, child, caseworker) -> None:
    NetworkMemberFactory(child=child, name="Inge Netværksen", role="network_coordinator", phone="30303030")
    login(page, live_server.url, caseworker)
    _open_safety(page, live_server, child, "Sikkerhedsplan")
    assert_accessible(page)
    page.get_by_role("link", name="Ny sikkerhedsplan").click()
    assert_accessible(page)
    page.fill("#id_agreements-0-text", "Mormor henter Ida hver dag kl. 15")
    page.fill("#id_agreements-0-responsible", "Mormor")
    page.get_by_role("button", name="Gem udkast").click()
    assert page.get_by_text("Udkastet til sikkerhedsplanen er gemt.").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Godkend").first.click()
    page.get_by_role("button", name="Godkend planen").click()
    alert = page.locator(".alert-error")
    assert "Hvordan planen forklares for barnet" in alert.inner_text()
    assert "Aftaler med familien" not in alert.inner_text()
    assert_accessible(page)
    alert.get_by_role("link", name="Ret udkastet").click()
    page.select_option("#id_explanation_method", "words_and_pictures")
    page.get_by_role("button", name="Gem udkast").click()
    page.get_by_role("link", name="Godkend").first.click()
    page.get_by_role("button", name="Godkend planen").click()
    assert page.get_by_text("er godkendt og gælder nu").first.is_visible()
    assert_accessible(page)
    plan = SafetyPlan.objects.get(child=child)
    assert plan.status == "active" and plan.review_on is not None
    page.goto(live_server.url + "/boern/mine-sager/")
    assert page.locator("table").get_by_text("Revurdering af sikkerhedsplan (version 1)").first.is_visible()


def test_other_safety_pages_are_accessible(page, live_server, child, caseworker) -> None:
    services.target_group_assessment_create(
        by=caseworker,
        child=child,
        assessed_on=timezone.localdate(),
        criteria=["danger_to_self"],
        neglect_conditions=[],
        neglect_repeated=False,
    )
    a = EntryFactory(mapping__child=child).mapping
    b = services.mapping_create(by=caseworker, child=child, held_on=timezone.localdate(), title="Ny", based_on=a)
    plan = services.safety_plan_approve(
        by=caseworker, plan=services.safety_plan_create(by=caseworker, child=child, content=complete_content())
    )
    revision = services.safety_plan_update(
        by=caseworker, plan=plan, level="detailed", content=complete_content("detailed")
    )
    member = NetworkMemberFactory(child=child)
    story = StoryFactory(child=child)
    services.story_panel_add(by=caseworker, story=story, text_value="Det er Ida", image=upload(png_bytes()))
    houses = ThreeHousesFactory(child=child)
    login(page, live_server.url, caseworker)
    paths = [
        f"/sikkerhed/boern/{child.pk}/",
        f"/sikkerhed/boern/{child.pk}/maalgruppe/",
        f"/sikkerhed/boern/{child.pk}/kortlaegning/sammenlign/?a={a.pk}&b={b.pk}",
        f"/sikkerhed/boern/{child.pk}/netvaerk/",
        f"/sikkerhed/netvaerk/{member.pk}/",
        f"/sikkerhed/boern/{child.pk}/sikkerhedsplan/",
        f"/sikkerhed/sikkerhedsplaner/{plan.pk}/",
        f"/sikkerhed/sikkerhedsplaner/{revision.pk}/rediger/",
        f"/sikkerhed/sikkerhedsplaner/{revision.pk}/godkend/",
        f"/sikkerhed/sikkerhedsplaner/{plan.pk}/afslut/",
        f"/sikkerhed/boern/{child.pk}/sikkerhedsplan/sammenlign/?a={plan.pk}&b={revision.pk}",
        f"/sikkerhed/boern/{child.pk}/ord-og-billeder/",
        f"/sikkerhed/ord-og-billeder/{story.pk}/",
        f"/sikkerhed/boern/{child.pk}/tre-huse/",
        f"/sikkerhed/boern/{child.pk}/tre-huse/ny/",
        f"/sikkerhed/tre-huse/{houses.pk}/",
        f"/sikkerhed/tre-huse/{houses.pk}/ret/",
    ]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page)
