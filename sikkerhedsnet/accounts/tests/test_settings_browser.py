"""Browser journey: an admin changes a municipal setting and sees it in the change log with old and new value."""

import pytest
from playwright.sync_api import expect

from sikkerhedsnet.accounts.models import MunicipalSetting
from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_changes_a_setting_and_sees_it_in_the_change_log(page, live_server, municipality) -> None:
    admin = UserFactory(role="admin", team=None, municipality=municipality)
    login(page, live_server.url, admin)
    page.goto(live_server.url + "/accounts/kommune/indstillinger/")
    expect(page.locator("h1")).to_have_text("Kommunens indstillinger")
    assert_accessible(page)
    row = page.locator("tr[data-key='break_glass_hours']")
    row.get_by_label("Ny værdi").fill("30")  # above the 24-hour ceiling: refused, what was typed kept
    row.get_by_role("button", name="Gem").click()
    row = page.locator("tr[data-key='break_glass_hours']")
    expect(row.locator("#id_value-error")).to_contain_text("Vælg et tal fra 1 til 24")
    assert row.get_by_label("Ny værdi").input_value() == "30"
    assert_accessible(page)
    row.get_by_label("Ny værdi").fill("4")
    row.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Indstillingen er gemt og står i ændringsloggen.").first).to_be_visible()
    log = page.locator("#settings-log tbody tr").first
    expect(log).to_contain_text("break_glass_hours")
    expect(log.locator("td").nth(3)).to_have_text("8")
    expect(log.locator("td").nth(4)).to_have_text("4")
    expect(page.locator("tr[data-key='break_glass_hours'] td").first).to_contain_text("4 timer")
    assert_accessible(page)
    assert MunicipalSetting.objects.get(key="break_glass_hours").value == 4
