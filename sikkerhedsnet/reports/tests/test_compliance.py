"""The self-audit (reports/compliance_selectors.py): percentages against hand-counted cases, the cases behind a
figure, the cases about to fall out this week, the page, the PDF and the API.

Every date below is written out by hand (with the reason it is on time or not); none comes from the code under
test. The clock stands at Thursday 15 October 2026, 12:00 in Copenhagen; the period is March to May 2026.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

import pytest
import time_machine
from django.urls import reverse

from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.legal import LOCAL_TZ
from sikkerhedsnet.followup.models import FollowUp, GoalReview
from sikkerhedsnet.followup.tests.factories import FollowUpFactory
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
from sikkerhedsnet.measures.models import ActionPlan, Goal, Measure
from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, GoalFactory, MeasureFactory
from sikkerhedsnet.reports.compliance_selectors import at_risk_items, compliance_figures, compliance_items
from sikkerhedsnet.reports.rules.compliance import Tally
from sikkerhedsnet.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=LOCAL_TZ)
TODAY = date(2026, 10, 15)
FIRST, LAST = date(2026, 3, 1), date(2026, 5, 31)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def notification(worker, **fields):
    """A notification whose paired fields (assessed by, receipt sent by, merged by) are filled as the database
    requires."""
    if fields.get("assessed_at"):
        fields |= {"assessed_by": worker, "outcome": Notification.Outcome.NO_ACTION}
    if fields.get("receipt_sent_on"):
        fields["receipt_sent_by"] = worker
    if fields.get("duplicate_of"):
        fields |= {"merged_at": fields["received_at"], "merged_by": worker}
    return NotificationFactory(registered_by=worker, **fields)


def child_in(team, caseworker=None):
    return ChildFactory(case__team=team, case__caseworker=caseworker)


def _notifications(team, worker) -> None:
    child = child_in(team, worker)
    note = {"child": child}
    first = notification(worker, **note, received_at=at(2026, 3, 2, 10), assessed_at=at(2026, 3, 3, 9))  # 23 h: met
    notification(worker, **note, received_at=at(2026, 3, 10, 10), assessed_at=at(2026, 3, 11, 11))  # 25 h: late
    # Summer time began at 02:00 on 29 March: 01:30 to 01:30 the next day is 23 real hours: met.
    notification(worker, **note, received_at=at(2026, 3, 29, 1, 30), assessed_at=at(2026, 3, 30, 1, 30))
    notification(worker, **note, received_at=at(2026, 4, 1, 9))  # never assessed: overdue, not met
    notification(worker, **note, received_at=at(2026, 6, 1, 9), assessed_at=at(2026, 6, 1, 10))  # after the period
    notification(worker, **note, received_at=at(2026, 3, 2, 11), duplicate_of=first)  # a merged duplicate: not counted
    professional = {**note, "reporter_type": Notification.ReporterType.PROFESSIONAL}
    # Wednesday 1 April; Maundy Thursday, Good Friday and Easter Monday are holidays: the 6th working day is
    # Tuesday 14 April (7, 8, 9, 10, 13, 14). Receipt sent on the 14th: met. Assessed after an hour: met.
    notification(
        worker,
        **professional,
        received_at=at(2026, 4, 1, 10),
        assessed_at=at(2026, 4, 1, 11),
        receipt_sent_on=date(2026, 4, 14),
    )
    # Monday 2 March: 3, 4, 5, 6, 9, 10 → due Tuesday 10 March; sent the 11th: not met.
    notification(
        worker,
        **professional,
        received_at=at(2026, 3, 2, 8),
        assessed_at=at(2026, 3, 2, 9),
        receipt_sent_on=date(2026, 3, 11),
    )
    # Monday 4 May: due Tuesday 12 May; never sent: not met.
    notification(worker, **professional, received_at=at(2026, 5, 4, 8), assessed_at=at(2026, 5, 4, 9))


def _concluded(child, worker, *, awareness_on, concluded, **fields):
    return InvestigationFactory(
        child=child,
        awareness_on=awareness_on,
        status=Investigation.Status.CONCLUDED,
        concluded_at=concluded,
        concluded_by=worker,
        started_by=worker,
        **fields,
    )


def _investigations(team, worker) -> None:
    # Aware in the period; due 4 calendar months later, clamped to the month's end.
    _concluded(child_in(team, worker), worker, awareness_on=date(2026, 3, 31), concluded=at(2026, 7, 31, 10))  # met
    # 31 May + 4 months = 30 September (September has 30 days): concluded on the 30th, met; on 1 October, late.
    _concluded(child_in(team, worker), worker, awareness_on=date(2026, 5, 31), concluded=at(2026, 9, 30, 15))
    _concluded(child_in(team, worker), worker, awareness_on=date(2026, 5, 31), concluded=at(2026, 10, 1, 9))
    InvestigationFactory(child=child_in(team, worker), awareness_on=date(2026, 4, 10), started_by=worker)  # due 10 Aug
    # Concluded in the period (decisions for the child-conversation criterion); aware in January, outside it.
    _concluded(
        child_in(team, worker),
        worker,
        awareness_on=date(2026, 1, 10),
        concluded=at(2026, 3, 20, 12),
        conversation_on=date(2026, 3, 18),
    )  # met
    _concluded(
        child_in(team, worker),
        worker,
        awareness_on=date(2026, 1, 10),
        concluded=at(2026, 4, 20, 12),
        conversation_not_held_reason="Barnet er et år gammelt.",
    )  # met: a documented reason
    _concluded(child_in(team, worker), worker, awareness_on=date(2026, 1, 12), concluded=at(2026, 5, 2, 12))  # not met


def _measures(team, worker) -> None:
    # M1: decided 10 March, started 15 March. Barnets plan made 10 June (due 10 June): met. First follow-up held
    # 15 June (due 15 June): met. The child talked to the caseworker after a notification on 5 March: met.
    m1 = cast(
        Measure, MeasureFactory(child=child_in(team, worker), decided_on=date(2026, 3, 10), start_on=date(2026, 3, 15))
    )
    m1.action_plan = cast(ActionPlan, ActionPlanFactory(child=m1.child, made_on=date(2026, 6, 10)))
    m1.save()
    notification(
        worker,
        child=m1.child,
        received_at=at(2026, 2, 20, 9),
        assessed_at=at(2026, 2, 20, 10),
        child_conversation_on=date(2026, 3, 5),
    )
    FollowUpFactory(measure=m1, due_on=date(2026, 6, 15), held_on=date(2026, 6, 15))
    # M2: a placement with consent decided 30 April, started 1 May; no plan (due 30 July), no follow-up (due
    # 1 August), no conversation: not met three times.
    MeasureFactory(
        child=child_in(team, worker),
        kind=Measure.Kind.FOSTER_FAMILY,
        placement_type="general_foster_family",
        consent=Measure.Consent.WITH_CONSENT,
        decided_on=date(2026, 4, 30),
        start_on=date(2026, 5, 1),
    )
    # M3: a placement without consent decided 20 May: the plan is due on the decision day; made 19 May: met. First
    # follow-up due 20 August, held 21 August: late. The conversation on 21 May came after the decision: not met.
    m3 = cast(
        Measure,
        MeasureFactory(
            child=child_in(team, worker),
            kind=Measure.Kind.RESIDENTIAL,
            placement_type="residential_institution",
            consent=Measure.Consent.WITHOUT_CONSENT,
            committee_decided_on=date(2026, 5, 20),
            decided_on=date(2026, 5, 20),
            start_on=date(2026, 5, 20),
        ),
    )
    m3.action_plan = cast(ActionPlan, ActionPlanFactory(child=m3.child, made_on=date(2026, 5, 19)))
    m3.save()
    notification(
        worker,
        child=m3.child,
        received_at=at(2026, 2, 21, 9),
        assessed_at=at(2026, 2, 21, 10),
        child_conversation_on=date(2026, 5, 21),
    )
    FollowUpFactory(
        measure=m3,
        due_on=date(2026, 8, 20),
        held_on=date(2026, 8, 21),
        child_heard=False,
        child_not_heard_reason="Barnet var syg.",
    )
    # M4: preventive without a plan, 1 March to 1 April: ended before its first follow-up was due (1 June), so it
    # needs neither; it is still a decision without a conversation: not met.
    MeasureFactory(
        child=child_in(team, worker),
        child_plan_required=False,
        decided_on=date(2026, 3, 1),
        start_on=date(2026, 3, 1),
        end_on=date(2026, 4, 1),
    )
    # M5: running since 2025, followed up in the period: 15 March held the 14th (met), 15 April held the 20th
    # (late), 15 May held the 15th (met). Its goal is reviewed at the first and the third: 2 of 3.
    m5 = MeasureFactory(child=child_in(team, worker), decided_on=date(2025, 1, 10), start_on=date(2025, 1, 15))
    goal = cast(Goal, GoalFactory(plan=ActionPlanFactory(child=m5.child), measure=m5, created_on=date(2026, 1, 1)))
    for due, held, reviewed in (
        (date(2026, 3, 15), date(2026, 3, 14), True),
        (date(2026, 4, 15), date(2026, 4, 20), False),
        (date(2026, 5, 15), date(2026, 5, 15), True),
    ):
        followup = cast(FollowUp, FollowUpFactory(measure=m5, due_on=due, held_on=held))
        if reviewed:
            GoalReview.objects.create(follow_up=followup, goal=goal, attainment=GoalReview.Attainment.SOME_PROGRESS)


@pytest.fixture
def audited(team, caseworker, outsider, other_team):
    _notifications(team, caseworker)
    _investigations(team, caseworker)
    _measures(team, caseworker)
    # Another team's late assessment: not in Team A's figures.
    notification(
        outsider,
        child=child_in(other_team, outsider),
        received_at=at(2026, 3, 3, 10),
        assessed_at=at(2026, 3, 5, 10),
    )


HAND_COUNTED = {
    "assessment_24h": Tally(5, 7),
    "receipt_6_working_days": Tally(1, 3),
    "child_conversation_before_decision": Tally(3, 7),
    "investigation_4_months": Tally(2, 4),
    "child_plan_on_time": Tally(2, 3),
    "first_followup_3_months": Tally(1, 3),
    "followup_cadence": Tally(2, 3),
    "goals_followed_up": Tally(2, 3),
}


def test_compliance_figures_match_hand_counted_cases(audited, team, frozen) -> None:
    figures = compliance_figures([team.pk], FIRST, LAST, now=NOW, today=TODAY)
    assert figures.scope == HAND_COUNTED


def test_compliance_figures_per_caseworker_sum_to_the_team(audited, team, caseworker, frozen) -> None:
    figures = compliance_figures([team.pk], FIRST, LAST, now=NOW, today=TODAY)
    assert figures.caseworkers[(team.pk, caseworker.pk)] == figures.teams[team.pk] == HAND_COUNTED


def test_compliance_figures_by_month_for_the_assessment(audited, team, frozen) -> None:
    figures = compliance_figures([team.pk], FIRST, LAST, now=NOW, today=TODAY)
    # March: 2 Mar met, 2 Mar (professional) met, 10 Mar late, 29 Mar met; April: 1 Apr never, 1 Apr met; May: met.
    months = {m: row["assessment_24h"] for m, row in figures.months.items() if "assessment_24h" in row}
    assert months == {date(2026, 3, 1): Tally(3, 4), date(2026, 4, 1): Tally(1, 2), date(2026, 5, 1): Tally(1, 1)}


def test_compliance_figures_for_both_teams_add_the_other_teams_case(audited, team, other_team, frozen) -> None:
    figures = compliance_figures([team.pk, other_team.pk], FIRST, LAST, now=NOW, today=TODAY)
    assert figures.scope["assessment_24h"] == Tally(5, 8)


def test_compliance_items_list_the_dates_not_met_first(audited, team, frozen) -> None:
    from sikkerhedsnet.children.models import Child

    items = compliance_items(
        [team.pk], "receipt_6_working_days", FIRST, LAST, now=NOW, today=TODAY, child_ids=Child.objects.values("pk")
    )
    assert [(i.start, i.due, i.done, i.met) for i in items] == [
        (date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 11), False),
        (date(2026, 5, 4), date(2026, 5, 12), None, False),
        (date(2026, 4, 1), date(2026, 4, 14), date(2026, 4, 14), True),
    ]


def test_compliance_items_investigation_due_dates_are_clamped(audited, team, frozen) -> None:
    from sikkerhedsnet.children.models import Child

    items = compliance_items(
        [team.pk], "investigation_4_months", FIRST, LAST, now=NOW, today=TODAY, child_ids=Child.objects.values("pk")
    )
    assert sorted((i.start, i.due, i.met) for i in items) == [
        (date(2026, 3, 31), date(2026, 7, 31), True),
        (date(2026, 4, 10), date(2026, 8, 10), False),
        (date(2026, 5, 31), date(2026, 9, 30), False),
        (date(2026, 5, 31), date(2026, 9, 30), True),
    ]


def test_compliance_items_hide_children_outside_the_given_scope(audited, team, frozen) -> None:
    from sikkerhedsnet.children.models import Child

    items = compliance_items(
        [team.pk], "assessment_24h", FIRST, LAST, now=NOW, today=TODAY, child_ids=Child.objects.none().values("pk")
    )
    assert items == []


def test_at_risk_items_are_the_open_steps_due_this_week(team, caseworker) -> None:
    # Thursday 15 October 2026: the week ends Sunday 18 October.
    child = child_in(team, caseworker)
    due_sunday = cast(
        Investigation, InvestigationFactory(child=child, awareness_on=date(2026, 6, 18), started_by=caseworker)
    )
    InvestigationFactory(child=child_in(team, caseworker), awareness_on=date(2026, 6, 19), started_by=caseworker)
    # Professional notification of Thursday 8 October: 9, 12, 13, 14, 15, 16 → due Friday 16 October.
    notification(
        caseworker,
        child=child,
        reporter_type=Notification.ReporterType.PROFESSIONAL,
        received_at=at(2026, 10, 8, 9),
        assessed_at=at(2026, 10, 8, 10),
    )
    from sikkerhedsnet.children.models import Child

    with time_machine.travel(NOW, tick=False):
        found = at_risk_items([team.pk], now=NOW, today=TODAY, child_ids=Child.objects.values("pk"))
    assert [(code, item.due) for code, item in found] == [
        ("receipt_6_working_days", date(2026, 10, 16)),
        ("investigation_4_months", date(2026, 10, 18)),
    ]
    assert found[1][1].pk == due_sunday.pk


# --- the pages ---------------------------------------------------------------------------------------------


def test_compliance_page_shows_the_hand_counted_share(client, audited, team_leader, frozen) -> None:
    client.force_login(team_leader)
    response = client.get(reverse("reports:compliance"), {"start": "2026-03-01", "end": "2026-05-31"})
    assert response.status_code == 200
    assert "71 %" in response.text and "5 af 7" in response.text  # the assessment


def test_compliance_page_keeps_a_bad_period_and_answers_422(client, team_leader) -> None:
    client.force_login(team_leader)
    response = client.get(reverse("reports:compliance"), {"start": "2026-05-31", "end": "2026-03-01"})
    assert response.status_code == 422
    assert 'value="2026-05-31"' in response.text


def test_compliance_cases_page_lists_the_cases_and_logs_them(client, audited, team_leader, frozen) -> None:
    from sikkerhedsnet.audit.models import AuditEvent

    client.force_login(team_leader)
    query = {"criterion": "receipt_6_working_days", "start": "2026-03-01", "end": "2026-05-31"}
    response = client.get(reverse("reports:compliance_cases"), query)
    assert response.status_code == 200
    assert "1 af 3 overholdt" in response.text
    assert AuditEvent.objects.filter(type=AuditEvent.Type.CHILDREN_LISTED, new__page="compliance_cases").count() == 1


def test_compliance_cases_page_with_nonsense_criterion_is_422_not_500(client, team_leader) -> None:
    client.force_login(team_leader)
    response = client.get(reverse("reports:compliance_cases"), {"criterion": "x", "team": "٣"})
    assert response.status_code == 422


def test_compliance_pdf_is_a_pdf_with_small_numbers_suppressed(client, audited, team_leader, frozen) -> None:
    client.force_login(team_leader)
    response = client.get(reverse("reports:compliance_pdf"), {"start": "2026-03-01", "end": "2026-05-31"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# Session and user, one grouped query per criterion segment (9), the team and caseworker names (2), the cases due
# this week (one per segment with a deadline: 5), the audit of the listed children (1 + savepoints), the teams.
PAGE_QUERIES = 22


def test_compliance_page_queries_do_not_grow_with_the_cases(client, team, caseworker, team_leader) -> None:
    client.force_login(team_leader)

    def grow(n: int) -> None:
        for _ in range(n):
            child = child_in(team, caseworker)
            notification(caseworker, child=child, received_at=at(2026, 3, 2, 10))
            m = MeasureFactory(child=child, decided_on=date(2026, 3, 10), start_on=date(2026, 3, 15))
            FollowUpFactory(measure=m, due_on=date(2026, 5, 15), held_on=date(2026, 5, 16))
            InvestigationFactory(child=child, awareness_on=date(2026, 3, 1), started_by=caseworker)

    def request() -> None:
        response = client.get(reverse("reports:compliance"), {"start": "2026-03-01", "end": "2026-05-31"})
        assert response.status_code == 200

    with time_machine.travel(NOW, tick=False):
        assert_constant_queries(request=request, grow=grow, expected=PAGE_QUERIES, small=2, large=8)


# --- the API (docs/api-contract.md, "Compliance (self-audit)") -----------------------------------------------


def test_api_compliance_shape(api_client, audited, team_leader, frozen) -> None:
    response = api_client(team_leader).get("/api/v1/reports/compliance?from=2026-03-01&to=2026-05-31")
    assert response.status_code == 200
    body = response.json()
    by_code = {c["code"]: (c["met"], c["total"]) for c in body["criteria"]}
    assert by_code == {code: (t.met, t.total) for code, t in HAND_COUNTED.items()}
    assert all(set(c) >= {"code", "label", "met", "total"} for c in body["criteria"])
    assert (body["from"], body["to"]) == ("2026-03-01", "2026-05-31")


def test_api_compliance_refuses_a_caseworker(api_client, caseworker) -> None:
    assert api_client(caseworker).get("/api/v1/reports/compliance").status_code == 403


def test_api_compliance_period_reversed_is_422(api_client, team_leader) -> None:
    response = api_client(team_leader).get("/api/v1/reports/compliance?from=2026-05-31&to=2026-03-01")
    assert response.status_code == 422
    assert response.json()["code"] == "end_before_start"


def test_api_compliance_impossible_date_is_422(api_client, team_leader) -> None:
    response = api_client(team_leader).get("/api/v1/reports/compliance?from=2026-02-30")
    assert response.status_code == 422
