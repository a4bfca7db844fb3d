"""Views of the followup app: real client, permission cast, stale edits refused, UI and API agree."""

import re
from datetime import date

import pytest
from django.urls import reverse

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.followup import selectors, services
from sikkerhedsnet.followup.models import FollowUp
from sikkerhedsnet.followup.tests.factories import FollowUpFactory
from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, GoalFactory
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db


def hold_url(measure) -> str:  # type: ignore[no-untyped-def]
    return reverse("followup:hold", args=[measure.pk])


def hold_form(measure, token: int, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "measure_version": str(measure.version),
        "policy_token": str(token),
        "due_on": "2025-07-10",
        "held_on": "2025-07-14",
        "method": "tbs",
        "participants": ["child", "parents"],
        "participants_other": "",
        "child_heard": "on",
        "parents_heard": "on",
        "summary": "Barnet fortalte om en god sommer.",
        "decision": "continue",
        "decision_reason": "",
        "new_step": "",
        "end_on": "",
    }
    data.update(changes)
    return data


def dates_in(html: str, marker: str) -> list[str]:
    """The ISO dates of <time datetime> elements after a marker in the page."""
    return re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})"', html.split(marker, 1)[1])


def test_overview_lists_my_overdue_follow_up(frozen, client, caseworker, measure) -> None:
    client.force_login(caseworker)
    response = client.get(reverse("followup:overview"))
    assert [(slot.due_on, m.pk) for slot, m, _ in response.context["overdue"]] == [
        (date(2025, 4, 10), measure.pk),
        (date(2025, 7, 10), measure.pk),
    ]


def test_overview_for_team_leader_covers_team(frozen, client, team_leader, measure) -> None:
    client.force_login(team_leader)
    response = client.get(reverse("followup:overview"))
    assert response.context["team_view"] and len(response.context["overdue"]) == 2


def test_overview_forbidden_for_analyst(client) -> None:
    client.force_login(UserFactory(username="analyst", role="analyst", team=None))
    assert client.get(reverse("followup:overview")).status_code == 403


def test_child_followups_page(frozen, client, caseworker, measure) -> None:
    client.force_login(caseworker)
    response = client.get(reverse("followup:child", args=[measure.child_id]))
    assert response.status_code == 200 and response.context["plans"][0].measure == measure


def test_child_followups_hidden_from_outsider(frozen, client, outsider, measure) -> None:
    client.force_login(outsider)
    assert client.get(reverse("followup:child", args=[measure.child_id])).status_code == 404


def test_hold_form_preselects_requested_date(frozen, client, caseworker, measure) -> None:
    client.force_login(caseworker)
    response = client.get(hold_url(measure) + "?due=2025-07-10")
    assert response.context["form"].initial["due_on"] == "2025-07-10"


def test_hold_form_shows_goals_of_the_plan(frozen, client, caseworker, measure) -> None:
    goal = GoalFactory(plan=ActionPlanFactory(child=measure.child), text="Går i skole hver dag")
    client.force_login(caseworker)
    response = client.get(hold_url(measure))
    assert f"goal_{goal.pk}" in response.context["form"].fields


def test_hold_saves_and_redirects_to_follow_up(frozen, client, caseworker, measure, kolding) -> None:
    client.force_login(caseworker)
    response = client.post(hold_url(measure), with_form_token(hold_form(measure, kolding.pk)))
    follow_up = FollowUp.objects.get()
    assert response["Location"] == reverse("followup:detail", args=[follow_up.pk])
    assert (follow_up.method, follow_up.participants) == ("tbs", ["child", "parents"])


def test_hold_records_goal_attainment_from_form(frozen, client, caseworker, measure, kolding) -> None:
    goal = GoalFactory(plan=ActionPlanFactory(child=measure.child))
    client.force_login(caseworker)
    client.post(
        hold_url(measure),
        with_form_token(hold_form(measure, kolding.pk, **{f"goal_{goal.pk}": "2", f"goal_{goal.pk}_note": "OK"})),
    )
    assert FollowUp.objects.get().goal_reviews.get().attainment == 2


def test_hold_after_policy_change_refused_keeps_input(
    frozen, client, caseworker, head, municipality, measure, kolding
) -> None:
    client.force_login(caseworker)
    form = hold_form(measure, kolding.pk)  # the caseworker opened the form under Kolding ...
    services.followup_policy_adopt(by=head, municipality=municipality, policy_code="swedish", expected_token=kolding.pk)
    response = client.post(hold_url(measure), with_form_token(form))  # ... and saves after the head changed the policy
    assert response.status_code == 422
    assert "Kommunens opfølgningspolitik er ændret" in response.content.decode()
    assert "Barnet fortalte om en god sommer." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_hold_child_not_heard_without_reason_keeps_input(frozen, client, caseworker, measure, kolding) -> None:
    client.force_login(caseworker)
    data = hold_form(measure, kolding.pk)
    del data["child_heard"]
    response = client.post(hold_url(measure), with_form_token(data))
    assert "child_not_heard_reason" in response.context["form"].errors
    assert "Barnet fortalte om en god sommer." in response.content.decode()


def test_hold_hidden_from_outsider(frozen, client, outsider, measure, kolding) -> None:
    client.force_login(outsider)
    assert client.post(hold_url(measure), with_form_token(hold_form(measure, kolding.pk))).status_code == 404


def test_hold_first_under_legal_asks_for_cadence(frozen, client, caseworker, child) -> None:
    from sikkerhedsnet.measures.tests.factories import MeasureFactory

    measure = MeasureFactory(child=child, start_on=date(2025, 1, 10))
    client.force_login(caseworker)
    assert "next_every_months" in client.get(hold_url(measure)).context["form"].fields


def test_followup_detail_hidden_from_outsider(client, outsider, child) -> None:
    follow_up = FollowUpFactory(measure__child=child)
    client.force_login(outsider)
    assert client.get(reverse("followup:detail", args=[follow_up.pk])).status_code == 404


def test_followup_detail_for_caseworker(client, caseworker, child) -> None:
    follow_up = FollowUpFactory(measure__child=child)
    client.force_login(caseworker)
    assert client.get(reverse("followup:detail", args=[follow_up.pk])).status_code == 200


# --- UI and API show the same dates ----------------------------------------------------------------------------


def test_policy_explorer_and_api_show_same_dates(client, api_client, caseworker) -> None:
    query = {"policy": "kolding", "measure_kind": "residential", "start": "2024-01-31", "count": "15"}
    client.force_login(caseworker)
    page = client.get(reverse("followup:policies"), query).content.decode()
    api = (
        api_client(caseworker)
        .get(
            "/api/v1/followup-policies/kolding/schedule",
            {"measure_kind": "residential", "start": "2024-01-31", "count": 15},
        )
        .json()
    )
    assert dates_in(page, 'id="schedule-dates"') == api["dates"]


def test_measure_page_and_api_show_same_dates(frozen, client, api_client, caseworker, measure) -> None:
    client.force_login(caseworker)
    page = client.get(reverse("measures:measure_detail", args=[measure.pk])).content.decode()
    api = api_client(caseworker).get(f"/api/v1/measures/{measure.pk}").json()
    assert dates_in(page, "app-followup-plan") == api["followup_dates"]
    assert len(api["followup_dates"]) >= 12


# --- Settings and caseload ---------------------------------------------------------------------------------------


def test_settings_forbidden_for_caseworker(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get(reverse("followup:settings")).status_code == 403


def test_settings_for_admin(client, admin_user) -> None:
    client.force_login(admin_user)
    assert client.get(reverse("followup:settings")).status_code == 200


def test_settings_change_policy(frozen, client, head, municipality, kolding) -> None:
    client.force_login(head)
    client.post(
        reverse("followup:settings"), {"form": "policy", "policy_token": str(kolding.pk), "policy_code": "legal"}
    )
    assert selectors.active_policy(municipality.pk).code == "legal"


def test_settings_stale_policy_token_refused(frozen, client, head, municipality, kolding) -> None:
    client.force_login(head)
    response = client.post(
        reverse("followup:settings"), {"form": "policy", "policy_token": "0", "policy_code": "legal"}
    )
    assert response.status_code == 422 and selectors.active_policy(municipality.pk).code == "kolding"


def test_settings_change_caseload_target(client, head, municipality) -> None:
    client.force_login(head)
    client.post(
        reverse("followup:settings"),
        {"form": "caseload", "low": "18", "high": "21", "expected_low": "20", "expected_high": "22"},
    )
    municipality.refresh_from_db()
    assert (municipality.caseload_target_min, municipality.caseload_target_max) == (18, 21)


def test_settings_caseload_min_above_max_keeps_input(client, head, municipality) -> None:
    client.force_login(head)
    response = client.post(
        reverse("followup:settings"),
        {"form": "caseload", "low": "30", "high": "21", "expected_low": "20", "expected_high": "22"},
    )
    assert response.status_code == 422 and 'value="30"' in response.content.decode()


def test_caseload_page_suggests_least_loaded(client, team_leader, caseworker, colleague_same_team, team) -> None:
    for _ in range(3):
        ChildFactory(case__caseworker=caseworker, case__team=team)
    ChildFactory(case__caseworker=colleague_same_team, case__team=team)
    client.force_login(team_leader)
    response = client.get(reverse("followup:caseload"))
    assert [user.pk for user, _ in response.context["suggestions"]] == [colleague_same_team.pk, caseworker.pk]


def test_caseload_page_forbidden_for_caseworker(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get(reverse("followup:caseload")).status_code == 403


def test_hold_double_submit_records_one_follow_up(frozen, client, caseworker, measure, kolding) -> None:
    client.force_login(caseworker)
    data = with_form_token(hold_form(measure, kolding.pk))
    first, second = client.post(hold_url(measure), data), client.post(hold_url(measure), data)
    assert (FollowUp.objects.count(), second["Location"]) == (1, first["Location"])


def test_caseload_average_leaves_out_a_safety_consultant_without_cases(client, head, caseworker, team):  # type: ignore[no-untyped-def]
    ChildFactory.create_batch(3, case__caseworker=caseworker, case__team=team)
    UserFactory(role="sos_consultant", team=team)  # holds no cases; counting them would halve the average
    client.force_login(head)
    page = client.get(reverse("followup:caseload")).content.decode()
    assert "Gennemsnit: 3.0." in page or "Gennemsnit: 3,0." in page


def test_policy_change_lists_the_measures_whose_dates_moved(frozen, client, head, municipality, kolding, measure):  # type: ignore[no-untyped-def]
    """The measure from 10 January 2025 under Kolding (preventive: 10 October, 10 January ...). Swedish from
    1 August plans it 4 weeks later (29 August), then every 6 weeks (10 October)."""
    client.force_login(head)
    response = client.post(
        reverse("followup:settings"),
        {"form": "policy", "policy_token": str(kolding.pk), "policy_code": "swedish", "effective_from": "2025-08-01"},
    )
    assert response.status_code == 302 and "/skift/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Flyttede opfølgninger" in page
    assert "10. oktober 2025" in page and "29. august 2025" in page
