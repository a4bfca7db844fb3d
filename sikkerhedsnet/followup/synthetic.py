"""Synthetic follow-ups: the demo municipality runs the Kolding policy; measures get follow-ups held, some
missed and some overdue, with goal attainment. Bulk inserts, deterministic from `world.rng` (core/synthetic.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from sikkerhedsnet.core import bulk
from sikkerhedsnet.core.synthetic import World
from sikkerhedsnet.measures.models import Goal, Measure

from .models import FollowUp, GoalReview, PolicyAdoption
from .selectors import build_plan, policy_periods

BATCH = 2000
# Demo Kommune adopted the Kolding model when its pilot began (domain.md §3.10: September 2015).
DEMO_POLICY = ("kolding", date(2015, 9, 1))
SUMMARIES = (
    "Familien og netværket fortalte om fremskridt; aftalerne holder. (Fiktivt demoreferat.)",
    "Skolen oplyser stabilt fremmøde. Barnet fortalte selv om sine mål. (Fiktivt demoreferat.)",
    "Plejefamilien beskriver en rolig periode; samværet fungerer. (Fiktivt demoreferat.)",
    "Forældrene har deltaget i forældrekurset; næste skridt aftalt. (Fiktivt demoreferat.)",
)


def _method(world: World, age: int) -> str:
    roll = world.rng.random()
    if roll < 0.45:
        return FollowUp.Method.FAMILY_GROUP_CONFERENCE
    if roll < 0.85:
        return FollowUp.Method.TUS if age >= 13 else FollowUp.Method.TBS
    return FollowUp.Method.ICS


@transaction.atomic
def generate(world: World) -> dict[str, int]:
    rng, today = world.rng, world.today
    adoptions = 0
    if world.demo and not PolicyAdoption.objects.filter(municipality=world.municipality).exists():
        PolicyAdoption.objects.create(
            municipality=world.municipality,
            policy_code=DEMO_POLICY[0],
            adopted_on=DEMO_POLICY[1],
            adopted_by=world.actor,
        )
        adoptions = 1
    periods = policy_periods([world.municipality.pk])[world.municipality.pk]
    measures: list[Measure] = world.made.get("measures", [])
    open_goals: dict[int, list[int]] = defaultdict(list)
    for goal_id, child_id in Goal.objects.filter(
        plan__child_id__in={m.child_id for m in measures}, status=Goal.Status.OPEN
    ).values_list("id", "plan__child_id"):
        open_goals[child_id].append(goal_id)
    follow_ups: list[FollowUp] = []
    latest_of_measure: dict[int, int] = {}  # measure index -> index in follow_ups
    for index, measure in enumerate(measures):
        plan = build_plan(measure, periods=periods, held=[], today=today, until=today, min_count=0)
        due = [slot for slot in plan.slots if slot.due_on < today]
        if not due:
            continue
        unheld = 0
        if measure.end_on is None or measure.end_on >= today:
            roll = rng.random()
            unheld = 1 if roll < 0.14 else 2 if roll < 0.2 else 0  # overdue follow-ups to show as tasks
        to_hold = due[: len(due) - unheld]
        last_held = measure.start_on
        age = measure.child.age_on(today)
        for position, slot in enumerate(to_hold):
            if position < len(to_hold) - 1 and rng.random() < 0.05:
                continue  # missed, and superseded by the next one held
            held_on = slot.due_on + timedelta(days=rng.randrange(-6, 9))
            held_on = min(max(held_on, last_held + timedelta(days=1), measure.start_on), today)
            heard = rng.random() < 0.92
            participants = ["child", "parents"] + rng.sample(
                ["network", "school", "professionals"], k=rng.randrange(0, 3)
            )
            if measure.is_placement:
                participants.append("foster_family")
            adjust = rng.random() < 0.12
            follow_ups.append(
                FollowUp(
                    measure=measure,
                    child_id=measure.child_id,
                    due_on=slot.due_on,
                    policy_code=slot.policy_code,
                    held_on=held_on,
                    method=_method(world, age),
                    participants=participants,
                    child_heard=heard,
                    child_not_heard_reason="" if heard else "Barnet var syg; synspunkter hentet ved hjemmebesøg.",
                    parents_heard=rng.random() < 0.9,
                    summary=rng.choice(SUMMARIES),
                    decision=FollowUp.Decision.ADJUST if adjust else FollowUp.Decision.CONTINUE,
                    decision_reason="Flere timer i hjemmet de næste to måneder. (Fiktiv demo.)" if adjust else "",
                    created_by_id=measure.created_by_id,
                )
            )
            latest_of_measure[index] = len(follow_ups) - 1
            last_held = held_on
    tz = ZoneInfo(settings.TIME_ZONE)
    bulk.insert_objects(
        follow_ups, history_dates=[datetime.combine(f.held_on, time(15), tzinfo=tz) for f in follow_ups]
    )
    reviews = []
    for index, follow_up_index in latest_of_measure.items():
        follow_up = follow_ups[follow_up_index]
        for goal_id in open_goals.get(measures[index].child_id, []):
            reviews.append(
                GoalReview(
                    follow_up=follow_up,
                    goal_id=goal_id,
                    attainment=rng.choices([0, 1, 2, 3], weights=[1, 4, 4, 1])[0],
                )
            )
    GoalReview.objects.bulk_create(reviews, batch_size=BATCH, ignore_conflicts=True)
    return {"policy_adoptions": adoptions, "follow_ups": len(follow_ups), "goal_reviews": len(reviews)}
