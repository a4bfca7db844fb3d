"""Pages with the real test client: registration, the notification page, the queue, investigations, Mine opgaver."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core import legal
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


def form_data(child, **overrides):  # type: ignore[no-untyped-def]
    return {
        "cpr": child.cpr_formatted if child else "",
        "received_at": "2026-03-10T09:15",
        "reporter_type": "professional",
        "reporter_profession": "Lærer",
        "reporter_organisation": "Demo Skole",
        "reporter_contact": "lærer@demo.invalid",
        "channel": "phone",
        "summary": "Barnet fortæller om slag derhjemme – skrevet med underretterens ord.",
        "categories": ["violence"],
        "acute": "on",
    } | overrides


# --- registration ------------------------------------------------------------------------------------------------


def test_register_page_renders_for_a_caseworker(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/underretninger/ny/").status_code == 200


def test_register_page_is_forbidden_for_an_analyst(client, municipality) -> None:
    client.force_login(UserFactory(role="analyst", team=None, municipality=municipality))
    assert client.get("/underretninger/ny/").status_code == 403


def test_register_page_prefills_the_childs_cpr_from_the_case(client, caseworker, child) -> None:
    client.force_login(caseworker)
    assert child.cpr_formatted in client.get(f"/underretninger/ny/?barn={child.pk}").content.decode()


def test_register_existing_child_saves_and_redirects_to_the_notification(client, caseworker, child) -> None:
    client.force_login(caseworker)
    response = client.post("/underretninger/ny/", with_form_token(form_data(child)))
    notification = Notification.objects.get()
    assert (response.status_code, response.url) == (302, f"/underretninger/{notification.pk}/")
    assert notification.received_at == datetime(2026, 3, 10, 9, 15, tzinfo=CPH)


def test_register_with_receipt_time_in_future_keeps_the_typed_text(client, caseworker, child) -> None:
    client.force_login(caseworker)
    response = client.post("/underretninger/ny/", with_form_token(form_data(child, received_at="2026-03-10T13:30")))
    page = response.content.decode()
    assert response.status_code == 422
    assert "Modtagelsestidspunktet ligger i fremtiden." in page
    assert "Barnet fortæller om slag derhjemme" in page and Notification.objects.count() == 0


@pytest.mark.parametrize("local_time", ["2026-03-29T02:30", "2026-10-25T02:30"])
def test_register_with_a_time_that_does_not_exist_or_repeats_on_dst_day_is_refused(
    client, caseworker, child, local_time
) -> None:
    with time_machine.travel(datetime(2026, 11, 1, 12, 0, tzinfo=CPH), tick=False):
        client.force_login(caseworker)
        response = client.post("/underretninger/ny/", with_form_token(form_data(child, received_at=local_time)))
    assert response.status_code == 422 and "Europe/Copenhagen" in response.content.decode()
    assert Notification.objects.count() == 0


def test_register_professional_without_workplace_is_refused(client, caseworker, child) -> None:
    client.force_login(caseworker)
    data = form_data(child, reporter_profession="", reporter_organisation="")
    response = client.post("/underretninger/ny/", with_form_token(data))
    assert response.status_code == 422 and "Angiv fag eller arbejdssted" in response.content.decode()


def test_register_with_unknown_reporter_type_is_refused(client, caseworker, child) -> None:
    client.force_login(caseworker)
    response = client.post("/underretninger/ny/", with_form_token(form_data(child, reporter_type="neighbour")))
    assert response.status_code == 422 and Notification.objects.count() == 0


def _cpr_error(response) -> str:  # type: ignore[no-untyped-def]
    return response.context["form"].errors.as_json()


def test_register_hidden_child_without_names_answers_as_for_an_unknown_cpr(client, outsider, child) -> None:
    """Issue #20, Medium 4: the form must not tell whether a CPR exists outside the user's need-to-know."""
    client.force_login(outsider)
    hidden = client.post("/underretninger/ny/", with_form_token(form_data(child)))
    unknown = client.post("/underretninger/ny/", with_form_token(form_data(None, cpr="610115-4001")))
    assert (hidden.status_code, _cpr_error(hidden)) == (unknown.status_code, _cpr_error(unknown))
    assert child.first_name not in hidden.content.decode() and Notification.objects.count() == 0


def test_register_hidden_child_routes_to_its_caseworker_without_revealing_it(client, outsider, child) -> None:
    client.force_login(outsider)
    data = form_data(child, first_name="Freja", last_name="Fiktivsen")
    response = client.post("/underretninger/ny/", with_form_token(data), follow=True)
    notification = Notification.objects.get()
    child.refresh_from_db()
    assert (notification.child, notification.assigned_to) == (child, child.case.caseworker)
    assert response.redirect_chain[-1][0] == "/underretninger/" and child.first_name not in response.content.decode()
    assert child.first_name != "Freja"  # the typed names never change a child the user may not see


def test_register_hidden_and_new_child_give_the_same_answer(client, outsider, child, intake_team) -> None:
    client.force_login(outsider)
    names = {"first_name": "Freja", "last_name": "Fiktivsen"}
    hidden = client.post("/underretninger/ny/", with_form_token(form_data(child, **names)))
    new = client.post("/underretninger/ny/", with_form_token(form_data(None, cpr="610115-4001", **names)))
    assert (hidden.status_code, hidden.url) == (new.status_code, new.url)


def test_register_cpr_lookup_is_audited_without_the_cpr(client, outsider, child):
    from sikkerhedsnet.audit.models import AuditEvent

    client.force_login(outsider)
    client.post("/underretninger/ny/", with_form_token(form_data(child)))
    event = AuditEvent.objects.get(type="child_searched", actor_id=outsider.pk)
    assert event.child_id == child.pk and event.new["purpose"] == "register_notification"
    assert child.cpr not in f"{event.new} {event.reason} {event.target_id}"


def test_register_new_child_creates_it_in_the_intake_queue(client, caseworker, intake_team) -> None:
    client.force_login(caseworker)
    data = form_data(None, cpr="610115-4001", first_name="Freja", last_name="Fiktivsen")
    response = client.post("/underretninger/ny/", with_form_token(data))
    case = Case.objects.get(child__cpr="6101154001")
    assert (response.status_code, case.team, case.caseworker) == (302, intake_team, None)


def test_register_new_child_without_names_asks_for_them_and_creates_nothing(client, caseworker, intake_team) -> None:
    client.force_login(caseworker)
    response = client.post("/underretninger/ny/", with_form_token(form_data(None, cpr="610115-4001")))
    assert response.status_code == 422 and not Child.objects.filter(cpr="6101154001").exists()


def test_register_with_sibling_links_the_sibling(client, caseworker, child) -> None:
    sibling = ChildFactory(case__team=caseworker.team, case__caseworker=caseworker)
    client.force_login(caseworker)
    client.post("/underretninger/ny/", with_form_token(form_data(child, sibling_cprs=sibling.cpr_formatted)))
    assert list(Notification.objects.get().siblings.all()) == [sibling]


def test_register_with_unknown_sibling_is_refused(client, caseworker, child) -> None:
    client.force_login(caseworker)
    response = client.post("/underretninger/ny/", with_form_token(form_data(child, sibling_cprs="610115-4001")))
    assert response.status_code == 422 and Notification.objects.count() == 0


# --- the notification page ---------------------------------------------------------------------------------------


def test_notification_page_shows_deadlines_with_legal_references(client, caseworker, child) -> None:
    notification = NotificationFactory(
        child=child, reporter_type="professional", received_at=datetime(2026, 3, 9, 23, 30, tzinfo=CPH)
    )
    client.force_login(caseworker)
    page = client.get(f"/underretninger/{notification.pk}/").content.decode()
    assert "10. marts 2026 kl. 23.30" in page and "BL § 136, stk. 2" in page and "17. marts 2026" in page


def test_notification_page_highlights_an_acute_unassessed_notification(client, caseworker, child) -> None:
    notification = NotificationFactory(child=child, acute=True)
    client.force_login(caseworker)
    assert (
        "Akut underretning – ikke vurderet endnu" in client.get(f"/underretninger/{notification.pk}/").content.decode()
    )


def test_notification_page_for_a_child_outside_the_team_is_404(client, outsider, child) -> None:
    notification = NotificationFactory(child=child)
    client.force_login(outsider)
    assert client.get(f"/underretninger/{notification.pk}/").status_code == 404


def test_notification_page_flags_a_possible_duplicate(client, caseworker, child) -> None:
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=30))
    notification = NotificationFactory(child=child)
    client.force_login(caseworker)
    assert "Mulig dublet" in client.get(f"/underretninger/{notification.pk}/").content.decode()


def test_assess_saves_and_redirects(client, caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    client.force_login(caseworker)
    response = client.post(
        f"/underretninger/{notification.pk}/vurdering/",
        with_form_token(
            {"version": 1, "outcome": "advice", "reasoning": "Rådgivning tilbudt.", "assessed_at": "2026-03-10T11:30"}
        ),
    )
    notification.refresh_from_db()
    assert (response.status_code, notification.outcome) == (302, "advice")


def test_assess_before_receipt_keeps_the_reasoning_and_saves_nothing(client, caseworker, child) -> None:
    notification = NotificationFactory(child=child, received_at=datetime(2026, 3, 10, 9, 0, tzinfo=CPH))
    client.force_login(caseworker)
    response = client.post(
        f"/underretninger/{notification.pk}/vurdering/",
        with_form_token(
            {
                "version": 1,
                "outcome": "advice",
                "reasoning": "Min lange begrundelse.",
                "assessed_at": "2026-03-10T08:00",
            }
        ),
    )
    page = response.content.decode()
    notification.refresh_from_db()
    assert response.status_code == 422 and "Min lange begrundelse." in page
    assert "kan ikke ligge før underretningen blev modtaget" in page and notification.assessed_at is None


def test_assessment_form_warns_before_submit_that_abuse_needs_an_investigation(client, caseworker, child):  # type: ignore[no-untyped-def]
    notification = NotificationFactory(child=child, categories=["violence"], child_conversation_required=True)
    client.force_login(caseworker)
    page = client.get(f"/underretninger/{notification.pk}/").content.decode()
    assert 'data-precondition="abuse_needs_investigation"' in page and "BL § 20, stk. 1" in page


def test_assess_abuse_as_no_action_without_exception_keeps_what_was_typed(client, caseworker, child):  # type: ignore[no-untyped-def]
    notification = NotificationFactory(
        child=child,
        received_at=datetime(2026, 3, 10, 9, 0, tzinfo=CPH),
        categories=["sexual_abuse"],
        child_conversation_required=True,
    )
    client.force_login(caseworker)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            f"/underretninger/{notification.pk}/vurdering/",
            with_form_token(
                {
                    "version": 1,
                    "outcome": "no_action",
                    "reasoning": "Min lange begrundelse.",
                    "assessed_at": "2026-03-10T11:30",
                    "abuse_exception_reason": "Skrevet, men ingen undtagelse valgt.",
                }
            ),
        )
    page = response.content.decode()
    notification.refresh_from_db()
    assert response.status_code == 422 and notification.assessed_at is None
    assert (
        "Min lange begrundelse." in page and "Skrevet, men ingen undtagelse valgt." in page and 'role="alert"' in page
    )


def test_close_without_assessment_shows_why(client, caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    client.force_login(caseworker)
    response = client.post(f"/underretninger/{notification.pk}/afslut/", {"version": 1})
    assert response.status_code == 422 and "kan ikke afsluttes, før den er vurderet" in response.content.decode()


def test_merge_links_the_duplicate_and_shows_the_original(client, caseworker, child) -> None:
    original = NotificationFactory(child=child, received_at=NOW - timedelta(hours=10))
    duplicate = NotificationFactory(child=child)
    client.force_login(caseworker)
    response = client.post(f"/underretninger/{duplicate.pk}/sammenlaeg/", {"version": 1, "original": original.pk})
    duplicate.refresh_from_db()
    assert (response.url, duplicate.duplicate_of) == (f"/underretninger/{original.pk}/", original)


def test_receipt_form_records_the_receipt(client, caseworker, child) -> None:
    notification = NotificationFactory(child=child, reporter_type="professional")
    client.force_login(caseworker)
    client.post(
        f"/underretninger/{notification.pk}/kvittering/", {"version": 1, "sent_on": "2026-03-10", "feedback": "nothing"}
    )
    notification.refresh_from_db()
    assert notification.receipt_sent_on == date(2026, 3, 10)


def test_take_assigns_a_queued_case(client, intake_worker, intake_team) -> None:
    notification = NotificationFactory(child=ChildFactory(case__team=intake_team, case__caseworker=None))
    client.force_login(intake_worker)
    client.post(f"/underretninger/{notification.pk}/tag/")
    assert Case.objects.get(child=notification.child).caseworker == intake_worker


# --- lists -------------------------------------------------------------------------------------------------------


def test_queue_lists_unassigned_notifications_acute_first(client, intake_worker, intake_team) -> None:
    older = NotificationFactory(
        child=ChildFactory(case__team=intake_team, case__caseworker=None),
        acute=False,
        received_at=NOW - timedelta(hours=5),
    )
    acute = NotificationFactory(child=ChildFactory(case__team=intake_team, case__caseworker=None), acute=True)
    client.force_login(intake_worker)
    page = client.get("/underretninger/").content.decode()
    assert page.index(acute.child.full_name) < page.index(older.child.full_name)


def test_queue_leaves_out_notifications_of_other_teams(client, intake_worker, child) -> None:
    NotificationFactory(child=child)
    client.force_login(intake_worker)
    assert child.full_name not in client.get("/underretninger/?vis=all").content.decode()


def test_child_overview_lists_the_childs_notifications_and_investigations(client, caseworker, child) -> None:
    NotificationFactory(child=child)
    InvestigationFactory(child=child, awareness_on=date(2026, 1, 5))
    client.force_login(caseworker)
    page = client.get(f"/underretninger/barn/{child.pk}/").content.decode()
    assert "Vurdering (24 timer)" not in page and "5. januar 2026" in page and "5. maj 2026" in page


def test_child_overview_for_a_child_outside_the_team_is_404(client, outsider, child) -> None:
    client.force_login(outsider)
    assert client.get(f"/underretninger/barn/{child.pk}/").status_code == 404


# --- investigations ------------------------------------------------------------------------------------------


def test_investigation_start_creates_and_redirects(client, caseworker, child) -> None:
    client.force_login(caseworker)
    response = client.post(
        f"/underretninger/barn/{child.pk}/undersoegelse/ny/", with_form_token({"awareness_date": "2026-03-02"})
    )
    investigation = Investigation.objects.get()
    assert (response.url, investigation.due_on) == (
        f"/underretninger/undersoegelser/{investigation.pk}/",
        date(2026, 7, 2),
    )


def test_investigation_start_in_the_future_is_refused(client, caseworker, child) -> None:
    client.force_login(caseworker)
    response = client.post(
        f"/underretninger/barn/{child.pk}/undersoegelse/ny/", with_form_token({"awareness_date": "2026-04-02"})
    )
    assert response.status_code == 422 and not Investigation.objects.exists()


def test_investigation_save_draft_stores_what_was_typed(client, caseworker, child) -> None:
    investigation = InvestigationFactory(child=child)
    client.force_login(caseworker)
    client.post(
        f"/underretninger/undersoegelser/{investigation.pk}/",
        with_form_token({"version": 1, "ics__child__health": "Sund."}),
    )
    investigation.refresh_from_db()
    assert (investigation.ics, investigation.version) == ({"child.health": "Sund."}, 2)


def test_investigation_conclude_incomplete_lists_the_missing_parts_and_keeps_the_draft(
    client, caseworker, child
) -> None:
    investigation = InvestigationFactory(child=child)
    client.force_login(caseworker)
    response = client.post(
        f"/underretninger/undersoegelser/{investigation.pk}/",
        with_form_token({"version": 1, "conclusion": "Min konklusion.", "conclude": "1"}),
    )
    page = response.content.decode()
    investigation.refresh_from_db()
    assert response.status_code == 422 and "Forældrekompetencer: beskriv mindst én dimension" in page
    assert "Min konklusion." in page and investigation.conclusion == "Min konklusion."


def test_investigation_stale_edit_is_refused_and_keeps_the_text(client, caseworker, child) -> None:
    investigation = InvestigationFactory(child=child, version=2)
    client.force_login(caseworker)
    response = client.post(
        f"/underretninger/undersoegelser/{investigation.pk}/",
        with_form_token({"version": 1, "conclusion": "Skrevet imens."}),
    )
    page = response.content.decode()
    assert response.status_code == 422 and "En anden har gemt ændringer" in page and "Skrevet imens." in page


def test_investigation_page_for_a_child_outside_the_team_is_404(client, outsider, child) -> None:
    investigation = InvestigationFactory(child=child)
    client.force_login(outsider)
    assert client.get(f"/underretninger/undersoegelser/{investigation.pk}/").status_code == 404


# --- Mine opgaver ------------------------------------------------------------------------------------------------


def test_my_tasks_lists_overdue_first_with_legal_reference_and_days(client, caseworker, child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 10, 1))  # due 1 Feb 2026: overdue
    NotificationFactory(child=child, received_at=NOW - timedelta(hours=1))  # due tomorrow 11:00
    client.force_login(caseworker)
    page = client.get("/underretninger/mine-opgaver/").content.decode()
    assert page.index("Afslut børnefaglig undersøgelse") < page.index("Vurdér underretning")
    assert "37 dage over" in page and "BL § 20, stk. 3" in page


def test_my_tasks_marks_a_passed_24_hour_deadline_as_overdue_the_same_day(client, caseworker, child) -> None:
    NotificationFactory(child=child, received_at=datetime(2026, 3, 9, 9, 0, tzinfo=CPH))  # due today 09:00
    client.force_login(caseworker)
    assert "Overskredet" in client.get("/underretninger/mine-opgaver/").content.decode()


def test_my_tasks_leaves_out_other_caseworkers_cases(client, colleague_same_team, child) -> None:
    NotificationFactory(child=child)
    client.force_login(colleague_same_team)
    assert child.full_name not in client.get("/underretninger/mine-opgaver/").content.decode()


def test_my_tasks_for_team_leader_shows_overdue_per_caseworker(client, team_leader, caseworker, child) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 10, 1))
    client.force_login(team_leader)
    page = client.get("/underretninger/mine-opgaver/").content.decode()
    assert "Overskredne frister i teamet" in page and caseworker.get_full_name() in page and child.full_name in page


def test_my_tasks_for_head_shows_totals_per_team(client, head, child, team) -> None:
    InvestigationFactory(child=child, awareness_on=date(2025, 10, 1))
    client.force_login(head)
    page = client.get("/underretninger/mine-opgaver/").content.decode()
    assert "Frister pr. team" in page and team.name in page


def test_my_tasks_is_forbidden_for_an_auditor(client, municipality) -> None:
    client.force_login(UserFactory(role="auditor", team=None, municipality=municipality))
    assert client.get("/underretninger/mine-opgaver/").status_code == 403


def test_my_tasks_is_in_the_main_menu_for_caseworkers(client, caseworker) -> None:
    client.force_login(caseworker)
    assert 'href="/underretninger/mine-opgaver/"' in client.get("/boern/mine-sager/").content.decode()


def _page_queries(client, path: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _cases_with_work(caseworker, n: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        c = ChildFactory(case__team=caseworker.team, case__caseworker=caseworker)
        NotificationFactory(child=c, reporter_type="professional", received_at=NOW - timedelta(days=3))
        InvestigationFactory(child=c, awareness_on=date(2025, 11, 1))


def test_my_tasks_uses_a_constant_number_of_queries(client, caseworker) -> None:
    client.force_login(caseworker)
    _cases_with_work(caseworker, 1)
    _page_queries(client, "/underretninger/mine-opgaver/")  # warm-up: the page's first audit write makes the chain head
    few = _page_queries(client, "/underretninger/mine-opgaver/")
    _cases_with_work(caseworker, 6)
    assert _page_queries(client, "/underretninger/mine-opgaver/") == few


def test_team_overview_uses_a_constant_number_of_queries(client, team_leader, caseworker, colleague_same_team) -> None:
    client.force_login(team_leader)
    _cases_with_work(caseworker, 1)
    _page_queries(client, "/underretninger/mine-opgaver/")  # warm-up: the page's first audit write makes the chain head
    few = _page_queries(client, "/underretninger/mine-opgaver/")
    _cases_with_work(colleague_same_team, 6)
    assert _page_queries(client, "/underretninger/mine-opgaver/") == few


def test_queue_uses_a_constant_number_of_queries(client, caseworker) -> None:
    client.force_login(caseworker)
    _cases_with_work(caseworker, 1)
    _page_queries(client, "/underretninger/?vis=all")  # warm-up: the page's first audit write makes the chain head
    few = _page_queries(client, "/underretninger/?vis=all")
    _cases_with_work(caseworker, 6)
    assert _page_queries(client, "/underretninger/?vis=all") == few


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_register_with_an_absurd_year_is_refused_not_500(client, caseworker, child, value) -> None:
    client.force_login(caseworker)
    response = client.post("/underretninger/ny/", with_form_token(form_data(child, received_at=value)))
    assert response.status_code == 422 and "mellem år 1990 og 2100" in response.content.decode()


def test_assess_with_an_absurd_year_is_refused_not_500(client, caseworker, child) -> None:
    notification = NotificationFactory(child=child)
    client.force_login(caseworker)
    response = client.post(
        f"/underretninger/{notification.pk}/vurdering/",
        with_form_token({"version": 1, "outcome": "advice", "reasoning": "x", "assessed_at": "0001-01-01T00:00"}),
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("sammenlaeg/", {"version": "x", "original": "y"}),
        ("kvittering/", {"version": "1", "sent_on": "0001-01-01", "feedback": "nothing"}),
        ("boernesamtale/", {"version": "1", "held_on": "not-a-date"}),
        ("afslut/", {"version": ""}),
    ],
)
def test_notification_actions_with_garbage_never_500(client, caseworker, child, path, data) -> None:
    notification = NotificationFactory(child=child, reporter_type="professional")
    client.force_login(caseworker)
    assert client.post(f"/underretninger/{notification.pk}/{path}", data).status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        f"/underretninger/{2**70}/",
        f"/underretninger/barn/{2**70}/",
        f"/underretninger/barn/{2**70}/undersoegelse/ny/",
        f"/underretninger/undersoegelser/{2**70}/",
        f"/underretninger/ny/?barn={2**70}",
    ],
)
def test_ids_no_database_can_hold_are_404_not_500(client, caseworker, path) -> None:
    client.force_login(caseworker)
    assert client.get(path).status_code == 404


def test_register_double_submit_records_one_notification(client, caseworker, child) -> None:
    client.force_login(caseworker)
    data = with_form_token(form_data(child))
    first, second = client.post("/underretninger/ny/", data), client.post("/underretninger/ny/", data)
    assert (Notification.objects.count(), second["Location"]) == (1, first["Location"])


def test_assessment_page_shows_the_childs_earlier_notifications_and_measures(client, caseworker, child):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from sikkerhedsnet.intake.tests.factories import NotificationFactory
    from sikkerhedsnet.measures.tests.factories import MeasureFactory

    earlier = NotificationFactory(child=child)
    current = NotificationFactory(child=child, received_at=earlier.received_at + timedelta(days=200))
    MeasureFactory(child=child)
    client.force_login(caseworker)
    body = client.get(current.get_absolute_url()).content.decode()
    assert earlier.get_absolute_url() in body and "Ingen indsatser." not in body


# --- issue #20, Medium 4: the intake team cannot tell a new child from another team's ----------------------------


def _register_as(client, user, data):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.post("/underretninger/ny/", with_form_token(data), follow=True)
    return response.redirect_chain[-1][0], response.content.decode()


def test_intake_member_gets_the_same_answer_for_a_new_and_another_teams_child(
    client, intake_worker, intake_team, child
) -> None:
    new = form_data(None, cpr="010315-4001", first_name="Ny", last_name="Barnesen")
    existing = form_data(child, first_name="Ny", last_name="Barnesen")
    new_url, new_body = _register_as(client, intake_worker, new)
    old_url, old_body = _register_as(client, intake_worker, existing)
    sent_on = "Underretningen er registreret og sendt til den rette modtager."
    assert new_url == old_url == "/underretninger/" and sent_on in new_body and sent_on in old_body
    assert Notification.objects.filter(child=child).exists()


def test_intake_member_opens_a_notification_whose_case_they_hold(client, intake_worker, intake_team) -> None:
    held = ChildFactory(case__team=intake_team, case__caseworker=intake_worker)
    url, _ = _register_as(client, intake_worker, form_data(held))
    assert url.startswith("/underretninger/") and url != "/underretninger/"


def test_intake_member_is_not_taken_to_an_unassigned_queue_childs_notification(
    client, intake_worker, intake_team
) -> None:
    queued = ChildFactory(case__team=intake_team, case__caseworker=None)
    url, _ = _register_as(client, intake_worker, form_data(queued))
    assert url == "/underretninger/"


def test_stale_assessment_shows_both_versions_and_keeps_the_typed_reasoning(  # type: ignore[no-untyped-def]
    client, caseworker, colleague_same_team, child
):
    from sikkerhedsnet.intake import services

    notification = NotificationFactory(child=child)
    services.notification_assess(
        by=colleague_same_team,
        notification=notification,
        expected_version=1,
        outcome="advice",
        reasoning="Kollegaens begrundelse.",
        assessed_at=NOW - timedelta(hours=1),
    )
    client.force_login(caseworker)
    mine = {
        "version": 1,
        "outcome": "no_action",
        "reasoning": "Min lange begrundelse.",
        "assessed_at": "2026-03-10T11:30",
    }
    response = client.post(f"/underretninger/{notification.pk}/vurdering/", with_form_token(mine))
    body = response.content.decode()
    assert response.status_code in (409, 422)
    assert "Kollegaens begrundelse." in body and "Min lange begrundelse." in body
