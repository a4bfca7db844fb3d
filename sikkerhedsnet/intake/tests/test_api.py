"""The intake endpoints of the public contract (§Notifications, §Investigations) and UI↔API consistency."""

import json
from datetime import date, datetime

import pytest
import time_machine

from sikkerhedsnet.core import legal
from sikkerhedsnet.core.templatetags.dates import longdate, longdatetime
from sikkerhedsnet.intake import rules
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
from sikkerhedsnet.testing.forms import with_form_token

CPH = legal.LOCAL_TZ
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=CPH)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def post(client, path, body, **headers):  # type: ignore[no-untyped-def]
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def body(child, **overrides):  # type: ignore[no-untyped-def]
    return {
        "child_id": child.pk,
        "received_at": "2026-03-09T23:30:00+01:00",
        "reporter_type": "professional",
        "summary": "Barnet fortæller om vold. (Fiktiv.)",
        "acute": True,
    } | overrides


# --- POST /notifications -----------------------------------------------------------------------------------------


def test_create_notification_returns_201_with_computed_deadlines(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child))
    data = response.json()
    assert response.status_code == 201
    assert (data["child_id"], data["received_at"], data["assessment_due_at"], data["receipt_due_date"]) == (
        child.pk,
        "2026-03-09T23:30:00+01:00",
        "2026-03-10T23:30:00+01:00",
        "2026-03-17",
    )


def test_create_notification_from_a_private_person_has_no_receipt_due_date(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, reporter_type="private"))
    assert response.status_code == 201 and response.json()["receipt_due_date"] is None


def test_create_notification_from_anonymous_has_no_receipt_due_date(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, reporter_type="anonymous"))
    assert response.json()["receipt_due_date"] is None


def test_create_notification_across_dst_is_24_real_hours(api_client, caseworker, child) -> None:
    with time_machine.travel(datetime(2026, 3, 30, 9, 0, tzinfo=CPH), tick=False):
        response = post(
            api_client(caseworker), "/api/v1/notifications", body(child, received_at="2026-03-28T23:30:00+01:00")
        )
    assert response.json()["assessment_due_at"] == "2026-03-30T00:30:00+02:00"


def test_create_notification_with_naive_datetime_is_422(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, received_at="2026-03-09T23:30:00"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "received_at"
    assert Notification.objects.count() == 0


def test_create_notification_with_unknown_reporter_type_is_422(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, reporter_type="neighbour"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reporter_type"


def test_create_notification_received_in_the_future_is_422(api_client, caseworker, child) -> None:
    response = post(
        api_client(caseworker), "/api/v1/notifications", body(child, received_at="2026-03-10T13:00:00+01:00")
    )
    assert (response.status_code, response.json()["code"]) == (422, "date_in_future")
    assert Notification.objects.count() == 0


def test_create_notification_for_a_child_the_user_may_not_see_is_404(api_client, outsider, child) -> None:
    response = post(api_client(outsider), "/api/v1/notifications", body(child))
    assert response.status_code == 404 and Notification.objects.count() == 0


def test_create_notification_for_a_missing_child_is_the_same_404(api_client, caseworker) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(type("C", (), {"pk": 999999})))
    assert response.status_code == 404


def test_create_notification_with_access_reason_breaks_the_glass(api_client, outsider, child) -> None:
    response = post(
        api_client(outsider), "/api/v1/notifications", body(child), HTTP_X_ACCESS_REASON="Døgnvagt: politiet ringede"
    )
    assert response.status_code == 201


def test_create_notification_with_empty_summary_is_422(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, summary=""))
    assert response.status_code == 422


def test_create_notification_with_unknown_category_is_422(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, categories=["aliens"]))
    assert response.status_code == 422


def test_create_notification_with_abuse_category_reports_the_conversation_duty(api_client, caseworker, child) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, categories=["sexual_abuse"]))
    data = response.json()
    assert (data["child_conversation_required"], data["child_conversation_due_date"]) == (True, "2026-03-16")


def test_create_notification_with_invisible_sibling_is_404_and_saves_nothing(api_client, caseworker, child) -> None:
    from sikkerhedsnet.children.tests.factories import ChildFactory

    stranger = ChildFactory()
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, sibling_ids=[stranger.pk]))
    assert response.status_code == 404 and Notification.objects.count() == 0


def test_create_notification_with_idempotency_key_creates_once(api_client, caseworker, child) -> None:
    client = api_client(caseworker)
    first = post(client, "/api/v1/notifications", body(child), HTTP_IDEMPOTENCY_KEY="k-1")
    second = post(client, "/api/v1/notifications", body(child), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.json()["id"] == second.json()["id"] and Notification.objects.count() == 1


def test_create_notification_with_malformed_json_is_not_500(api_client, caseworker) -> None:
    response = api_client(caseworker).post("/api/v1/notifications", data="{nope", content_type="application/json")
    assert response.status_code in (400, 422)


# --- GET /notifications/{id} and assessment ------------------------------------------------------------------------


def test_get_notification_returns_it(api_client, caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    response = api_client(caseworker).get(f"/api/v1/notifications/{notification.pk}")
    assert response.status_code == 200 and response.json()["status"] == "awaiting_assessment"


def test_get_notification_of_a_child_outside_the_team_is_404(api_client, outsider, child) -> None:
    notification = NotificationFactory(child=child)
    assert api_client(outsider).get(f"/api/v1/notifications/{notification.pk}").status_code == 404


def test_get_notification_lists_possible_duplicates(api_client, caseworker, child) -> None:
    first = NotificationFactory(child=child)
    second = NotificationFactory(child=child)
    data = api_client(caseworker).get(f"/api/v1/notifications/{second.pk}").json()
    assert data["possible_duplicate_ids"] == [first.pk]


def test_assess_notification_before_receipt_is_422(api_client, caseworker, child) -> None:
    notification = NotificationFactory(child=child, received_at=datetime(2026, 3, 10, 9, 0, tzinfo=CPH))
    response = post(
        api_client(caseworker),
        f"/api/v1/notifications/{notification.pk}/assessment",
        {"outcome": "advice", "reasoning": "x", "assessed_at": "2026-03-10T08:00:00+01:00"},
    )
    assert (response.status_code, response.json()["code"]) == (422, "assessment_before_receipt")


def test_assess_notification_records_the_assessment(api_client, caseworker, child) -> None:
    notification = NotificationFactory(child=child, received_at=datetime(2026, 3, 10, 9, 0, tzinfo=CPH))
    response = post(
        api_client(caseworker),
        f"/api/v1/notifications/{notification.pk}/assessment",
        {"outcome": "no_action", "reasoning": "Afklaret.", "assessed_at": "2026-03-10T10:00:00+01:00"},
    )
    assert response.json()["assessment"]["assessed_by"] == "caseworker"


def test_assess_abuse_notification_as_no_action_is_422_naming_the_precondition(api_client, caseworker, child):  # type: ignore[no-untyped-def]
    notification = NotificationFactory(
        child=child, received_at=datetime(2026, 3, 10, 9, 0, tzinfo=CPH), categories=["violence"]
    )
    response = post(
        api_client(caseworker),
        f"/api/v1/notifications/{notification.pk}/assessment",
        {"outcome": "no_action", "reasoning": "Afklaret.", "assessed_at": "2026-03-10T10:00:00+01:00"},
    )
    data = response.json()
    assert (response.status_code, data["code"], data["missing"]) == (
        422,
        "precondition_missing",
        ["abuse_needs_investigation"],
    )


def test_assess_abuse_notification_with_a_reasoned_exception_records_it(api_client, caseworker, child):  # type: ignore[no-untyped-def]
    notification = NotificationFactory(
        child=child, received_at=datetime(2026, 3, 10, 9, 0, tzinfo=CPH), categories=["violence"]
    )
    response = post(
        api_client(caseworker),
        f"/api/v1/notifications/{notification.pk}/assessment",
        {
            "outcome": "no_action",
            "reasoning": "Afklaret.",
            "assessed_at": "2026-03-10T10:00:00+01:00",
            "abuse_exception": "other_municipality",
            "abuse_exception_reason": "Barnet bor i Roskilde; sendt videre.",
        },
    )
    assert response.json()["assessment"]["abuse_exception"] == "other_municipality"


# --- investigations ----------------------------------------------------------------------------------------------


def test_create_investigation_returns_201_with_clamped_due_date(api_client, caseworker, child) -> None:
    with time_machine.travel(datetime(2025, 11, 3, 12, 0, tzinfo=CPH), tick=False):
        response = post(
            api_client(caseworker), "/api/v1/investigations", {"child_id": child.pk, "awareness_date": "2025-10-31"}
        )
    assert response.status_code == 201 and response.json()["due_date"] == "2026-02-28"


def test_create_investigation_in_the_future_is_422(api_client, caseworker, child) -> None:
    response = post(
        api_client(caseworker), "/api/v1/investigations", {"child_id": child.pk, "awareness_date": "2026-04-01"}
    )
    assert response.status_code == 422 and not Investigation.objects.exists()


def test_create_investigation_for_a_child_outside_the_team_is_404(api_client, outsider, child) -> None:
    response = post(
        api_client(outsider), "/api/v1/investigations", {"child_id": child.pk, "awareness_date": "2026-03-01"}
    )
    assert response.status_code == 404


def test_create_second_open_investigation_is_409(api_client, caseworker, child) -> None:
    client = api_client(caseworker)
    post(client, "/api/v1/investigations", {"child_id": child.pk, "awareness_date": "2026-03-01"})
    response = post(client, "/api/v1/investigations", {"child_id": child.pk, "awareness_date": "2026-03-02"})
    assert (response.status_code, response.json()["code"]) == (409, "investigation_already_open")


def test_get_investigation_returns_due_date_and_missing_parts(api_client, caseworker, child) -> None:
    investigation = InvestigationFactory(child=child, awareness_on=date(2026, 1, 31))
    data = api_client(caseworker).get(f"/api/v1/investigations/{investigation.pk}").json()
    assert data["due_date"] == "2026-05-31" and len(data["missing"]) == 9


def test_put_investigation_with_stale_version_is_409(api_client, caseworker, child) -> None:
    investigation = InvestigationFactory(child=child, version=2)
    response = api_client(caseworker).put(
        f"/api/v1/investigations/{investigation.pk}", data=json.dumps({"version": 1}), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")


def test_conclude_incomplete_investigation_is_422_listing_missing(api_client, caseworker, child) -> None:
    investigation = InvestigationFactory(child=child)
    response = post(api_client(caseworker), f"/api/v1/investigations/{investigation.pk}/conclude", {"version": 1})
    data = response.json()
    assert (response.status_code, data["code"]) == (422, "incomplete_investigation") and "Konklusion" in data["missing"]


def test_put_then_conclude_investigation_concludes(api_client, caseworker, child) -> None:
    investigation = InvestigationFactory(child=child)
    client = api_client(caseworker)
    draft = {
        "version": 1,
        "ics": {"child.health": "Sund", "parenting.stability": "Stabil", "family.housing": "God bolig"},
        "conversation_not_held_reason": "Barnet er 1 år.",
        "parents_view": "Forældrene er enige i vurderingen.",
        "conclusion": "Ingen behov for støtte.",
        "support_needed": False,
    }
    saved = client.put(
        f"/api/v1/investigations/{investigation.pk}", data=json.dumps(draft), content_type="application/json"
    ).json()
    response = post(client, f"/api/v1/investigations/{investigation.pk}/conclude", {"version": saved["version"]})
    assert response.status_code == 200 and response.json()["status"] == "concluded"


def test_conclude_without_the_parents_view_is_422_naming_the_precondition(api_client, caseworker, child):  # type: ignore[no-untyped-def]
    investigation = InvestigationFactory(
        child=child,
        ics={"child.health": "Sund", "parenting.stability": "Stabil", "family.housing": "God bolig"},
        conversation_not_held_reason="Barnet er 1 år.",
        conclusion="Ingen behov for støtte.",
        support_needed=False,
    )
    response = post(api_client(caseworker), f"/api/v1/investigations/{investigation.pk}/conclude", {"version": 1})
    data = response.json()
    assert (response.status_code, data["code"], data["preconditions"]) == (
        422,
        "incomplete_investigation",
        ["investigation_needs_parents_view"],
    )


# --- UI ↔ API consistency ------------------------------------------------------------------------------------------


def test_ui_and_api_show_the_same_deadlines(client, api_client, caseworker, child) -> None:
    client.force_login(caseworker)
    client.post(
        "/underretninger/ny/",
        with_form_token(
            {
                "cpr": child.cpr_formatted,
                "received_at": "2026-03-09T23:30",
                "reporter_type": "professional",
                "reporter_organisation": "Demo Skole",
                "reporter_contact": "skole@demo.invalid",
                "channel": "email",
                "summary": "Bekymring. (Fiktiv.)",
                "categories": ["neglect"],
            }
        ),
    )
    notification = Notification.objects.get()
    api = api_client(caseworker).get(f"/api/v1/notifications/{notification.pk}").json()
    page = client.get(f"/underretninger/{notification.pk}/").content.decode()
    due_at = datetime.fromisoformat(api["assessment_due_at"])
    receipt = date.fromisoformat(api["receipt_due_date"])
    assert longdatetime(due_at) in page
    assert longdate(receipt) in page
    assert (due_at, receipt) == (rules.assessment_due_at(notification.received_at), date(2026, 3, 17))


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00-01:00", "9999-12-31T23:59:59-01:00"]
)
def test_create_notification_with_an_absurd_year_is_422_not_500(api_client, caseworker, child, value) -> None:
    response = post(api_client(caseworker), "/api/v1/notifications", body(child, received_at=value))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "received_at"


def test_assess_notification_with_an_absurd_year_is_422_not_500(api_client, caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    response = post(
        api_client(caseworker),
        f"/api/v1/notifications/{notification.pk}/assessment",
        {"outcome": "advice", "reasoning": "x", "assessed_at": "0001-01-01T00:00:00+01:00"},
    )
    assert response.status_code == 422


def test_create_investigation_with_an_absurd_year_is_422(api_client, caseworker, child) -> None:
    response = post(
        api_client(caseworker), "/api/v1/investigations", {"child_id": child.pk, "awareness_date": "0001-01-01"}
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", f"/api/v1/notifications/{2**70}", None),
        ("get", f"/api/v1/investigations/{2**70}", None),
        ("post", "/api/v1/notifications", {"child_id": 2**70}),
        ("post", "/api/v1/investigations", {"child_id": 2**70, "awareness_date": "2026-03-01"}),
    ],
)
def test_ids_beyond_64_bits_are_422_not_500(api_client, caseworker, child, method, path, payload) -> None:
    client = api_client(caseworker)
    if method == "get":
        response = client.get(path)
    else:
        response = post(client, path, body(child) | payload)
    assert response.status_code == 422


def test_get_missing_notification_is_404(api_client, caseworker) -> None:
    assert api_client(caseworker).get("/api/v1/notifications/999999").status_code == 404
