"""The barnets plan deadline provider (shown in Mine sager and on the child page)."""

from datetime import date

import pytest

from sikkerhedsnet.core.deadlines import open_deadlines, providers
from sikkerhedsnet.measures.deadlines import child_plan_deadlines
from sikkerhedsnet.measures.tests.factories import ActionPlanFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def test_child_plan_deadline_three_months_after_decision() -> None:
    measure = MeasureFactory(kind="foster_family", decided_on=date(2025, 11, 30), start_on=date(2025, 12, 1))
    [deadline] = child_plan_deadlines([measure.child_id], date(2025, 12, 5))
    assert (deadline.due_on, deadline.kind, deadline.legal_reference) == (
        date(2026, 2, 28),
        "child_plan",
        "Barnets lov § 91",
    )


def test_child_plan_deadline_without_consent_is_the_decision_day() -> None:
    measure = MeasureFactory(
        kind="residential",
        consent="without_consent",
        committee_decided_on=date(2025, 5, 1),
        decided_on=date(2025, 5, 2),
        start_on=date(2025, 5, 3),
    )
    [deadline] = child_plan_deadlines([measure.child_id], date(2025, 5, 5))
    assert deadline.due_on == date(2025, 5, 2)


def test_child_plan_deadline_gone_once_plan_covers_measure() -> None:
    measure = MeasureFactory(kind="foster_family")
    measure.action_plan = ActionPlanFactory(child=measure.child)
    measure.save()
    assert child_plan_deadlines([measure.child_id], date(2025, 6, 1)) == []


def test_child_plan_deadline_gone_when_measure_ended() -> None:
    measure = MeasureFactory(kind="foster_family", start_on=date(2025, 3, 1), end_on=date(2025, 4, 1))
    assert child_plan_deadlines([measure.child_id], date(2025, 4, 2)) == []


def test_child_plan_provider_is_registered() -> None:
    assert child_plan_deadlines in providers()


def test_open_deadlines_include_child_plan() -> None:
    measure = MeasureFactory(kind="foster_family", decided_on=date(2025, 1, 10), start_on=date(2025, 1, 10))
    kinds = {d.kind for d in open_deadlines([measure.child_id], today=date(2025, 1, 12))}
    assert "child_plan" in kinds
