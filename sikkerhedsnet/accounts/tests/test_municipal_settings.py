"""Municipal settings: dated, audited, looked up as of a day, scoped to the municipality, bounded by the law."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.accounts import settings_selectors as selectors
from sikkerhedsnet.accounts import settings_services as services
from sikkerhedsnet.accounts.municipal_settings import SPECS, parse
from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.errors import DomainError, StaleEdit

CPH = ZoneInfo("Europe/Copenhagen")
SPEC = {s.key: s for s in SPECS}


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2025, 7, 20, 12, 0, tzinfo=CPH), tick=False):
        yield date(2025, 7, 20)


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("hearing_period_days", "7", 7),
        ("hearing_period_days", 14, 14),
        ("child_conversation_days", "5", 5),
        ("break_glass_hours", "24", 24),
        ("saturday_is_working_day", "true", True),
        ("saturday_is_working_day", "false", False),
        ("competence_limit_head", "250000", 250000),
    ],
)
def test_parse_accepts_values_within_the_bounds(key: str, raw: object, expected: object) -> None:
    assert parse(SPEC[key], raw) == expected


@pytest.mark.parametrize(
    ("key", "raw", "code"),
    [
        ("hearing_period_days", "6", "out_of_bounds"),  # never shorter than 7 days for the party
        ("child_conversation_days", "8", "out_of_bounds"),  # never longer than the law's 7 days
        ("break_glass_hours", "25", "out_of_bounds"),
        ("break_glass_hours", "٣", "invalid_value"),
        ("break_glass_hours", "-1", "invalid_value"),
        ("break_glass_hours", True, "invalid_value"),
        ("saturday_is_working_day", "maybe", "invalid_value"),
    ],
)
def test_parse_refuses_values_outside_the_bounds(key: str, raw: object, code: str) -> None:
    with pytest.raises(DomainError) as err:
        parse(SPEC[key], raw)
    assert err.value.code == code


@given(st.text(max_size=15))
def test_parse_never_crashes_on_text(raw: str) -> None:
    for spec in SPECS:
        try:
            value = parse(spec, raw)
        except DomainError:
            continue
        assert spec.kind == "bool" or spec.minimum <= value <= spec.maximum


@pytest.mark.django_db
def test_change_applies_from_its_date_and_keeps_history(frozen, municipality):  # type: ignore[no-untyped-def]
    head = UserFactory(role="head", team=None, municipality=municipality)
    services.setting_change(
        by=head,
        municipality=municipality,
        key="break_glass_hours",
        value="4",
        effective_from=date(2025, 8, 1),
        expected_version=0,
    )
    assert selectors.setting_on(municipality.pk, "break_glass_hours", on=date(2025, 7, 31)) == 8
    assert selectors.setting_on(municipality.pk, "break_glass_hours", on=date(2025, 8, 1)) == 4
    event = AuditEvent.objects.get(target_model="accounts.municipalsetting")
    assert event.old == {"key": "break_glass_hours", "value": 8}
    assert event.new == {"key": "break_glass_hours", "value": 4, "effective_from": "2025-08-01"}


@pytest.mark.django_db
def test_change_refuses_the_past_a_stale_version_and_other_roles(frozen, municipality, team):  # type: ignore[no-untyped-def]
    head = UserFactory(role="head", team=None, municipality=municipality)
    with pytest.raises(DomainError) as err:
        services.setting_change(
            by=head,
            municipality=municipality,
            key="break_glass_hours",
            value="4",
            effective_from=date(2025, 7, 19),
            expected_version=0,
        )
    assert err.value.code == "date_in_past"
    services.setting_change(
        by=head, municipality=municipality, key="break_glass_hours", value="4", effective_from=None, expected_version=0
    )
    with pytest.raises(StaleEdit):
        services.setting_change(
            by=head,
            municipality=municipality,
            key="break_glass_hours",
            value="5",
            effective_from=None,
            expected_version=0,
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.setting_change(
            by=UserFactory(role="team_leader", team=team, municipality=municipality),
            municipality=municipality,
            key="break_glass_hours",
            value="5",
            effective_from=None,
            expected_version=selectors.version(municipality.pk),
        )


@pytest.mark.django_db
def test_two_municipalities_do_not_share_settings(frozen, municipality):  # type: ignore[no-untyped-def]
    other = MunicipalityFactory(code="898", name="Anden Kommune")
    other_head = UserFactory(role="head", team=None, municipality=other)
    services.setting_change(
        by=other_head,
        municipality=other,
        key="duplicate_window_hours",
        value="24",
        effective_from=None,
        expected_version=0,
    )
    assert selectors.setting_on(other.pk, "duplicate_window_hours", on=frozen) == 24
    assert selectors.setting_on(municipality.pk, "duplicate_window_hours", on=frozen) == 72
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # a head of another municipality
        services.setting_change(
            by=other_head,
            municipality=municipality,
            key="duplicate_window_hours",
            value="24",
            effective_from=None,
            expected_version=0,
        )


@pytest.mark.django_db
def test_break_the_glass_lasts_the_hours_in_force(frozen, municipality, team, child):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.children.selectors import break_glass_duration

    head = UserFactory(role="head", team=None, municipality=municipality)
    worker = UserFactory(role="caseworker", team=team, municipality=municipality)
    now = datetime(2025, 7, 20, 12, 0, tzinfo=CPH)
    assert break_glass_duration(worker, now) == timedelta(hours=8)
    services.setting_change(
        by=head, municipality=municipality, key="break_glass_hours", value="2", effective_from=None, expected_version=0
    )
    assert break_glass_duration(worker, now) == timedelta(hours=2)


@pytest.mark.django_db
def test_retention_period_follows_the_municipality(frozen, municipality):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.core import retention

    case_file = retention.record_type("children.case_file")
    other = MunicipalityFactory(code="897", name="Tredje Kommune")
    head = UserFactory(role="head", team=None, municipality=municipality)
    services.setting_change(
        by=head,
        municipality=municipality,
        key="retention_years:children.case_file",
        value="10",
        effective_from=None,
        expected_version=0,
    )
    assert retention.cutoff_for(case_file, frozen, municipality_id=municipality.pk) == date(2015, 7, 20)
    assert retention.cutoff_for(case_file, frozen, municipality_id=other.pk) == date(2020, 7, 20)
    assert retention.cutoff_for(case_file, date(2025, 7, 19), municipality_id=municipality.pk) == date(2020, 7, 19)


@pytest.mark.django_db
def test_settings_page_change_shows_in_the_change_log(client, frozen, municipality):  # type: ignore[no-untyped-def]
    admin = UserFactory(role="admin", team=None, municipality=municipality)
    client.force_login(admin)
    page = client.get("/accounts/kommune/indstillinger/")
    assert page.status_code == 200
    bad = client.post("/accounts/kommune/indstillinger/", {"key": "hearing_period_days", "version": "0", "value": "3"})
    assert bad.status_code == 422 and 'value="3"' in bad.content.decode()  # what was typed is kept
    ok = client.post("/accounts/kommune/indstillinger/", {"key": "hearing_period_days", "version": "0", "value": "14"})
    assert ok.status_code == 302
    html = client.get("/accounts/kommune/indstillinger/").content.decode()
    assert "hearing_period_days" in html and "<td>7</td><td>14</td>" in html


@pytest.mark.django_db
def test_settings_api_get_put_stale_and_bounds(api_client, frozen, municipality):  # type: ignore[no-untyped-def]
    import json

    head = UserFactory(role="head", team=None, municipality=municipality)
    client = api_client(head)
    body = client.get("/api/v1/municipality/settings").json()
    items = {i["key"]: i for i in body["items"]}
    assert items["hearing_period_days"]["value"] == 7 and items["hearing_period_days"]["minimum"] == 7
    assert "retention_years:children.case_file" in items

    def put(key: str, payload: dict) -> object:  # type: ignore[type-arg]
        return client.put(
            f"/api/v1/municipality/settings/{key}", data=json.dumps(payload), content_type="application/json"
        )

    ok = put("hearing_period_days", {"value": 14, "from": "2025-08-01", "version": body["version"]})
    assert ok.status_code == 200
    changed = {i["key"]: i for i in ok.json()["items"]}["hearing_period_days"]
    assert (changed["value"], changed["scheduled"]) == (7, [{"value": 14, "from": "2025-08-01"}])
    stale = put("hearing_period_days", {"value": 21, "version": body["version"]})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_edit")
    version = ok.json()["version"]
    low = put("hearing_period_days", {"value": 3, "version": version})
    assert (low.status_code, low.json()["code"]) == (422, "out_of_bounds")
    past = put("hearing_period_days", {"value": 10, "from": "2025-07-01", "version": version})
    assert (past.status_code, past.json()["code"]) == (422, "date_in_past")
    assert put("no_such_setting", {"value": 1, "version": version}).status_code == 404
    assert put("hearing_period_days", {"value": "14", "version": version}).status_code == 422
    caseworker = UserFactory(role="caseworker", municipality=municipality)
    assert api_client(caseworker).get("/api/v1/municipality/settings").status_code == 403


@pytest.mark.django_db
def test_duplicate_window_is_the_one_in_force_on_the_day_of_receipt(frozen, municipality, child):  # type: ignore[no-untyped-def]
    """72 hours until 20 July; 24 hours for notifications received from 21 July (a change never reaches back)."""
    from sikkerhedsnet.intake.selectors import duplicate_window, possible_duplicates
    from sikkerhedsnet.intake.tests.factories import NotificationFactory

    head = UserFactory(role="head", team=None, municipality=municipality)
    services.setting_change(
        by=head,
        municipality=municipality,
        key="duplicate_window_hours",
        value="24",
        effective_from=date(2025, 7, 21),
        expected_version=0,
    )
    noon = datetime(2025, 7, 20, 12, 0, tzinfo=CPH)
    before = NotificationFactory(child=child, received_at=noon)
    after = NotificationFactory(child=child, received_at=noon + timedelta(days=2))  # 48 hours later
    assert duplicate_window(before) == timedelta(hours=72)
    assert duplicate_window(after) == timedelta(hours=24)
    assert possible_duplicates(before) == [after]  # within the 72 hours in force on 20 July
    assert possible_duplicates(after) == []  # outside the 24 hours in force on 22 July
