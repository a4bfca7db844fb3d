"""The follow-up deadline provider: overdue follow-ups are tasks until one is held; the next one is shown."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from sikkerhedsnet.core.deadlines import providers
from sikkerhedsnet.followup.deadlines import followup_deadlines
from sikkerhedsnet.followup.tests.conftest import CPH
from sikkerhedsnet.followup.tests.factories import FollowUpFactory, PolicyAdoptionFactory
from sikkerhedsnet.measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def followups(child_id: int, today: date) -> list[tuple[date, bool]]:
    return [(d.due_on, d.is_overdue(today)) for d in followup_deadlines([child_id], today) if d.kind == "followup"]


def test_followup_provider_is_registered() -> None:
    assert followup_deadlines in providers()


def test_followup_deadlines_overdue_and_next(measure) -> None:
    assert followups(measure.child_id, date(2025, 7, 20)) == [
        (date(2025, 4, 10), True),
        (date(2025, 7, 10), True),
        (date(2025, 10, 10), False),
    ]


def test_followup_deadlines_held_one_clears_earlier_overdue(measure) -> None:
    FollowUpFactory(measure=measure, due_on=date(2025, 7, 10), held_on=date(2025, 7, 12))
    assert followups(measure.child_id, date(2025, 7, 20)) == [(date(2025, 10, 10), False)]


def test_followup_deadline_links_to_registering_that_date(measure) -> None:
    deadline = followup_deadlines([measure.child_id], date(2025, 5, 1))[0]
    assert deadline.url == reverse("followup:hold", args=[measure.pk]) + "?due=2025-04-10"


def test_followup_deadlines_none_for_ended_measure(measure) -> None:
    measure.end_on = date(2025, 5, 1)
    measure.save()
    assert followups(measure.child_id, date(2025, 7, 20)) == []


def test_followup_deadlines_include_open_milestone(child, municipality) -> None:
    PolicyAdoptionFactory(municipality=municipality, policy_code="swedish", adopted_on=date(2020, 1, 1))
    measure = MeasureFactory(child=child, kind="residential", start_on=date(2025, 1, 31))
    kinds = {(d.kind, d.due_on) for d in followup_deadlines([measure.child_id], date(2025, 3, 1))}
    assert ("followup_home_return_reconsideration", date(2025, 7, 31)) in kinds


def test_followup_deadlines_milestone_closed_by_later_follow_up(child, municipality) -> None:
    PolicyAdoptionFactory(municipality=municipality, policy_code="swedish", adopted_on=date(2020, 1, 1))
    measure = MeasureFactory(child=child, kind="residential", start_on=date(2025, 1, 31))
    FollowUpFactory(measure=measure, due_on=date(2025, 8, 1), held_on=date(2025, 8, 1), policy_code="swedish")
    kinds = {d.kind for d in followup_deadlines([measure.child_id], date(2025, 8, 2))}
    assert "followup_home_return_reconsideration" not in kinds


def test_followup_deadlines_constant_queries(django_assert_max_num_queries, kolding, team) -> None:
    measures = [MeasureFactory(child__case__team=team, start_on=date(2025, 1, 10)) for _ in range(5)]
    for m in measures:
        FollowUpFactory(measure=m, due_on=date(2025, 4, 10), held_on=date(2025, 4, 10))
    with django_assert_max_num_queries(3):
        found = followup_deadlines([m.child_id for m in measures], date(2025, 7, 20))
    assert len(found) == 10  # per measure: 10 July overdue, 10 October next


# A preventive measure started 30 December 2024 under Kolding is due 30 March 2025 (spring DST switch) and
# 30 June, 30 September ...; 26 October 2025 (autumn switch) is checked with a measure from 26 July.
@pytest.mark.parametrize(
    ("moment", "start", "overdue"),
    [
        (datetime(2025, 3, 30, 23, 30, tzinfo=CPH), date(2024, 12, 30), 0),  # due today: not yet overdue
        (datetime(2025, 3, 31, 0, 30, tzinfo=CPH), date(2024, 12, 30), 1),  # 22:30 UTC on the 30th, Danish 31st
        (datetime(2025, 10, 26, 23, 30, tzinfo=CPH), date(2025, 7, 26), 0),
        (datetime(2025, 10, 27, 0, 30, tzinfo=CPH), date(2025, 7, 26), 1),
    ],
)
def test_overview_overdue_by_copenhagen_date(client, caseworker, child, kolding, moment, start, overdue) -> None:
    MeasureFactory(child=child, start_on=start, decided_on=start)
    client.force_login(caseworker)
    with time_machine.travel(moment, tick=False):
        response = client.get(reverse("followup:overview"))
    assert len(response.context["overdue"]) == overdue
