"""Reads: outcome counts for reports, scaling series, comparisons, and the review-date deadline provider."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import TeamFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.safety import selectors, services
from sikkerhedsnet.safety.deadlines import review_deadlines
from sikkerhedsnet.safety.tests.factories import EntryFactory, ScoreFactory, complete_content

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _ended(child, by, outcome, *, flag=False, ended_on=None):
    plan = services.safety_plan_approve(
        by=by, plan=services.safety_plan_create(by=by, child=child, content=complete_content())
    )
    return services.safety_plan_end(
        by=by, plan=plan, ended_on=ended_on or TODAY(), outcome=outcome, compulsory_became_voluntary=flag
    )


def _child(caseworker):
    return ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)


def test_safety_outcome_counts_add_up_to_the_children(caseworker) -> None:
    for outcome in (
        "stayed_home_avoided_foster_care",
        "stayed_home_avoided_foster_care",
        "returned_home",
        "placed_voluntary",
    ):
        _ended(_child(caseworker), caseworker, outcome, flag=outcome == "placed_voluntary")
    counts = selectors.safety_outcome_counts(caseworker.municipality_id, (TODAY() - timedelta(days=1), TODAY()))
    assert counts["children"] == 4 == sum(counts["by_outcome"].values())
    assert counts["by_outcome"]["stayed_home_avoided_foster_care"] == 2
    assert counts["compulsory_became_voluntary"] == 1


def test_safety_outcome_counts_every_outcome_code_is_present(caseworker) -> None:
    counts = selectors.safety_outcome_counts(caseworker.municipality_id, (TODAY(), TODAY()))
    assert (
        set(counts["by_outcome"])
        == {
            "stayed_home_avoided_foster_care",
            "stayed_home_avoided_institution",
            "returned_home",
            "moved_municipality",
            "placed_voluntary",
            "placed_compulsory",
            "other",
        }
        and counts["children"] == 0
    )


def test_safety_outcome_counts_outside_the_period_are_left_out(caseworker) -> None:
    _ended(_child(caseworker), caseworker, "returned_home")
    counts = selectors.safety_outcome_counts(caseworker.municipality_id, (date(2000, 1, 1), date(2000, 12, 31)))
    assert counts["children"] == 0


def test_safety_outcome_counts_other_municipality_is_left_out(caseworker) -> None:
    _ended(_child(caseworker), caseworker, "returned_home")
    other = TeamFactory().department.municipality
    assert selectors.safety_outcome_counts(other.pk, (TODAY(), TODAY()))["children"] == 0


def test_safety_outcome_counts_accepts_an_object_with_start_and_end(caseworker) -> None:
    from dataclasses import dataclass

    @dataclass
    class Period:
        start: date
        end: date

    _ended(_child(caseworker), caseworker, "other")
    assert selectors.safety_outcome_counts(caseworker.municipality_id, Period(TODAY(), TODAY()))["children"] == 1


def test_safety_outcome_counts_plans_in_force_at_period_end(caseworker) -> None:
    child = _child(caseworker)
    services.safety_plan_approve(
        by=caseworker, plan=services.safety_plan_create(by=caseworker, child=child, content=complete_content())
    )
    counts = selectors.safety_outcome_counts(caseworker.municipality_id, (TODAY(), TODAY()))
    assert (counts["plans_in_force"], counts["children"]) == (1, 0)


def test_scaling_series_one_line_per_participant_and_table(child) -> None:
    ScoreFactory(scaling__child=child, scaling__scored_on=date(2026, 1, 1), participant="Mette", score=2)
    later = ScoreFactory(scaling__child=child, scaling__scored_on=date(2026, 2, 1), participant="Mette", score=6)
    ScoreFactory(scaling=later.scaling, participant="Birte", role="caseworker", score=3)
    (series,) = selectors.scaling_series(child)
    assert series.lines[("Mette", "Mor")] == [(date(2026, 1, 1), 2), (date(2026, 2, 1), 6)]
    assert series.participants == [("Mette", "Mor"), ("Birte", "Rådgiver")]  # in order of first appearance
    assert series.rows_by_date == [(date(2026, 1, 1), [2, None]), (date(2026, 2, 1), [6, 3])]


def test_scaling_series_a_reworded_question_starts_its_own_chart(child) -> None:
    ScoreFactory(scaling__child=child, scaling__question="A?")
    ScoreFactory(scaling__child=child, scaling__question="B?")
    assert len(selectors.scaling_series(child)) == 2


def test_mapping_comparison_marks_new_and_dropped(child, caseworker) -> None:
    old = EntryFactory(mapping__child=child, category="strengths", text="Mormor hjælper").mapping
    EntryFactory(mapping=old, category="strengths", text="Far er med")
    new = services.mapping_create(by=caseworker, child=child, held_on=TODAY(), title="Ny", based_on=old)
    new.entries.filter(text="Far er med").delete()
    services.mapping_entry_add(
        by=caseworker,
        mapping=new,
        category="strengths",
        text_value="Skolen ringer",
        said_by_id=new.participants.first().pk,
    )
    row = next(r for r in selectors.mapping_comparison(old, new) if r.category == "strengths")
    assert [(m.text.split(" (")[0], m.changed) for m in row.left] == [("Mormor hjælper", False), ("Far er med", True)]
    assert [(m.text.split(" (")[0], m.changed) for m in row.right] == [
        ("Mormor hjælper", False),
        ("Skolen ringer", True),
    ]


def test_review_deadlines_only_for_plans_in_force(child, caseworker) -> None:
    active = services.safety_plan_approve(
        by=caseworker, plan=services.safety_plan_create(by=caseworker, child=child, content=complete_content())
    )
    services.safety_plan_update(by=caseworker, plan=active, level="minimum", content={})  # a draft: no deadline
    (deadline,) = review_deadlines([child.pk], TODAY())
    assert (deadline.due_on, deadline.kind, deadline.url) == (
        active.review_on,
        "safety_plan_review",
        f"/sikkerhed/sikkerhedsplaner/{active.pk}/",
    )


def test_review_deadlines_use_one_query_for_many_children(caseworker, django_assert_num_queries) -> None:
    children = [_child(caseworker) for _ in range(3)]
    for c in children:
        services.safety_plan_approve(
            by=caseworker, plan=services.safety_plan_create(by=caseworker, child=c, content=complete_content())
        )
    with django_assert_num_queries(1):
        found = review_deadlines([c.pk for c in children], TODAY())
    assert len(found) == 3


def test_review_deadline_is_registered_with_the_deadline_engine(child, caseworker) -> None:
    from sikkerhedsnet.core.deadlines import open_deadlines

    services.safety_plan_approve(
        by=caseworker, plan=services.safety_plan_create(by=caseworker, child=child, content=complete_content())
    )
    assert [d.kind for d in open_deadlines([child.pk], today=TODAY())] == ["safety_plan_review"]
