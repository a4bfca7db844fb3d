"""Reads about follow-ups: policy periods, each measure's computed follow-up plan, caseload advice.

Planned dates are computed (followup.rules) from the measure, the municipality's policy adoptions and the
held follow-ups; for many children at once with a constant number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, QuerySet
from django.utils import timezone

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.accounts.selectors import teams_for_user
from sikkerhedsnet.children.caseloads import caseworkers_with_caseload
from sikkerhedsnet.measures.models import Measure

from . import rules
from .models import FollowUp, PolicyAdoption
from .policies import MilestoneDate, Policy, Span, get_policy

SETTINGS_EDITORS = frozenset({Role.ADMIN, Role.HEAD})


def follow_up_queryset() -> QuerySet[FollowUp]:
    """Follow-ups with what their page shows; pass it to children.access.object_for_request."""
    return FollowUp.objects.select_related("measure", "measure__offer", "created_by")


def can_edit_settings(user: User) -> bool:
    return user.is_authenticated and user.role in SETTINGS_EDITORS and user.municipality_id is not None


def policy_periods(municipality_ids: Iterable[int]) -> dict[int, list[rules.PolicyPeriod]]:
    """Each municipality's policy periods in adoption order (before the first adoption: `legal`)."""
    ids = set(municipality_ids)
    periods: dict[int, list[rules.PolicyPeriod]] = {m: [] for m in ids}
    for municipality_id, code, adopted_on in (
        PolicyAdoption.objects.filter(municipality_id__in=ids)
        .order_by("adopted_on", "id")
        .values_list("municipality_id", "policy_code", "adopted_on")
    ):
        periods[municipality_id].append(rules.PolicyPeriod(code, adopted_on))
    return periods


def current_adoption(municipality_id: int) -> PolicyAdoption | None:
    return (
        PolicyAdoption.objects.filter(municipality_id=municipality_id)
        .select_related("adopted_by")
        .order_by("-adopted_on", "-id")
        .first()
    )


def policy_token(municipality_id: int) -> int:
    """Changes whenever the municipality adopts a policy (also one from a later date): forms that show planned
    dates carry it."""
    latest = PolicyAdoption.objects.filter(municipality_id=municipality_id).order_by("-id").values_list("id", flat=True)
    return latest[0] if latest else 0


def policy_in_force(municipality_id: int, *, on: date) -> str:
    """The code of the policy in force on `on` (an adoption from a later date is not yet in force)."""
    return rules.policy_on(policy_periods([municipality_id])[municipality_id], on).code


def active_policy(municipality_id: int, *, on: date | None = None) -> Policy:
    """The policy in force today (or on `on`)."""
    return get_policy(policy_in_force(municipality_id, on=on or timezone.localdate()))


def adoptions_of(municipality_id: int) -> QuerySet[PolicyAdoption]:
    return (
        PolicyAdoption.objects.filter(municipality_id=municipality_id)
        .select_related("adopted_by")
        .order_by("-adopted_on", "-id")
    )


@dataclass
class MeasurePlan:
    """A measure's follow-up plan: every planned date with its state, the held follow-ups and milestones."""

    measure: Measure
    slots: list[rules.SlotView]
    held: list[FollowUp]
    milestones: list[MilestoneDate] = field(default_factory=list)

    @property
    def dates(self) -> list[date]:
        return [slot.due_on for slot in self.slots]

    @property
    def open_slots(self) -> list[rules.SlotView]:
        return [slot for slot in self.slots if slot.is_open]

    @property
    def overdue(self) -> list[rules.SlotView]:
        return [slot for slot in self.slots if slot.state == rules.SlotState.OVERDUE]

    @property
    def next_open(self) -> rules.SlotView | None:
        found = self.open_slots
        return found[0] if found else None

    @property
    def rows(self) -> list[tuple[rules.SlotView, FollowUp | None]]:
        """Each planned date with the follow-up held for it (if any)."""
        by_due = {f.due_on: f for f in self.held}
        return [(slot, by_due.get(slot.due_on)) for slot in self.slots]

    @property
    def held_outside_plan(self) -> list[FollowUp]:
        """Held follow-ups whose date is no longer planned (the policy changed after they were held)."""
        planned = {slot.due_on for slot in self.slots}
        return [f for f in self.held if f.due_on not in planned]

    def policy_of(self, due_on: date) -> str:
        for slot in self.slots:
            if slot.due_on == due_on:
                return slot.policy_code
        return ""


def _later_every(measure: Measure) -> Span | None:
    return Span(measure.followup_every_months, "months") if measure.followup_every_months else None


def build_plan(
    measure: Measure,
    *,
    periods: list[rules.PolicyPeriod],
    held: list[FollowUp],
    today: date,
    until: date | None = None,
    min_count: int = rules.PLAN_MIN_DATES,
    include_next: bool = False,
) -> MeasurePlan:
    """The plan from already loaded data (no queries)."""
    slots = rules.measure_slots(
        kind=measure.kind,
        start_on=measure.start_on,
        end_on=measure.end_on,
        periods=periods,
        until=until or rules.plan_until(start_on=measure.start_on, today=today),
        later_every=_later_every(measure),
        first_on=measure.parallel_investigation_concluded_on,
        tracked_from=measure.followups_tracked_from,
        min_count=min_count,
        include_next=include_next,
    )
    held_sorted = sorted(held, key=lambda f: (f.held_on, f.pk or 0))
    views = rules.slot_states(
        slots,
        held_due={f.due_on for f in held},
        last_held_on=held_sorted[-1].held_on if held_sorted else None,
        today=today,
    )
    milestones = rules.measure_milestones(
        kind=measure.kind, start_on=measure.start_on, end_on=measure.end_on, periods=periods
    )
    return MeasurePlan(measure, views, held_sorted, milestones)


def municipality_id_of_measure(measure: Measure) -> int:
    return Measure.objects.filter(pk=measure.pk).values_list(
        "child__case__team__department__municipality_id", flat=True
    )[0]


def measure_plan(measure: Measure, *, today: date) -> MeasurePlan:
    """One measure's plan as shown on its page and returned by the API (the same dates)."""
    return measure_plans([measure], today=today)[0]


def measure_plans(measures: list[Measure], *, today: date) -> list[MeasurePlan]:
    """`measure_plan` of each measure, in three queries however many measures there are."""
    if not measures:
        return []
    municipality_of = dict(
        Measure.objects.filter(pk__in=[m.pk for m in measures]).values_list(
            "pk", "child__case__team__department__municipality_id"
        )
    )
    periods = policy_periods(set(municipality_of.values()))
    held: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in FollowUp.objects.filter(measure_id__in=list(municipality_of)).select_related("created_by"):
        held[follow_up.measure_id].append(follow_up)
    return [build_plan(m, periods=periods[municipality_of[m.pk]], held=held[m.pk], today=today) for m in measures]


def plans_for_children(
    child_ids: list[int], *, today: date, until: date | None = None, include_next: bool = False, min_count: int = 0
) -> list[MeasurePlan]:
    """Plans of every measure not yet ended of these children: three queries whatever their number."""
    if not child_ids:
        return []
    measures = list(
        Measure.objects.filter(child_id__in=child_ids)
        .running_or_future(today)
        .select_related("offer")
        .annotate(municipality_pk=F("child__case__team__department__municipality_id"))
        .order_by("child_id", "start_on", "id")
    )
    if not measures:
        return []
    periods = policy_periods({m.municipality_pk for m in measures})  # type: ignore[attr-defined]
    held_by_measure: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in FollowUp.objects.filter(measure_id__in=[m.pk for m in measures]).only(
        "id", "measure_id", "due_on", "held_on"
    ):
        held_by_measure[follow_up.measure_id].append(follow_up)
    return [
        build_plan(
            m,
            periods=periods[m.municipality_pk],  # type: ignore[attr-defined]
            held=held_by_measure[m.pk],
            today=today,
            until=until or today,
            include_next=include_next,
            min_count=min_count,
        )
        for m in measures
    ]


def followups_of_child(child_id: int) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(child_id=child_id)
        .select_related("measure", "measure__offer", "created_by")
        .prefetch_related("goal_reviews", "goal_reviews__goal")
        .order_by("-held_on", "-id")
    )


def caseload_suggestions(user: User, *, limit: int = 3) -> list[tuple[User, rules.Suggestion]]:
    """Who in the user's teams (a head: the municipality) should take the next new case, least loaded first.

    Only caseworkers: safety consultants hold safety-plan work, not the statutory cases being distributed.
    """
    municipality = user.municipality
    if municipality is None:
        return []
    high = municipality.caseload_target_max
    workers = [w for w in caseworkers_with_caseload([t.pk for t in teams_for_user(user)]) if w.role == Role.CASEWORKER]
    by_id = {w.pk: w for w in workers}
    ranked = rules.suggest_assignees([(w.pk, w.open_cases) for w in workers], high=high, limit=limit)  # type: ignore[attr-defined]
    return [(by_id[s.user_id], s) for s in ranked]


@dataclass(frozen=True)
class MovedMeasure:
    """A measure whose planned follow-ups changed with an adoption: the dates before and after."""

    measure: Measure
    old: tuple[date, ...]
    new: tuple[date, ...]


MOVED_HORIZON_MONTHS = 12


def moved_by_adoption(adoption: PolicyAdoption, *, limit: int = 500) -> list[MovedMeasure]:
    """Measures of the municipality, running on or after the adoption day, whose planned follow-ups in the year
    from the adoption day differ with and without the adoption (the recomputation made visible)."""
    municipality_id = adoption.municipality_id
    with_it = [
        rules.PolicyPeriod(a.policy_code, a.adopted_on)
        for a in PolicyAdoption.objects.filter(municipality_id=municipality_id).order_by("adopted_on", "id")
    ]
    without = [
        rules.PolicyPeriod(a.policy_code, a.adopted_on)
        for a in PolicyAdoption.objects.filter(municipality_id=municipality_id)
        .exclude(pk=adoption.pk)
        .order_by("adopted_on", "id")
    ]
    start = adoption.adopted_on
    until = Span(MOVED_HORIZON_MONTHS, "months").after(start)
    measures = (
        Measure.objects.filter(child__case__team__department__municipality_id=municipality_id)
        .running_or_future(start)
        .select_related("child")
        .order_by("start_on", "id")
    )
    moved = []
    for measure in measures[: limit * 4]:

        def dates(periods: list[rules.PolicyPeriod], m: Measure = measure) -> tuple[date, ...]:
            slots = rules.measure_slots(
                kind=m.kind,
                start_on=m.start_on,
                end_on=m.end_on,
                periods=periods,
                until=until,
                later_every=_later_every(m),
                first_on=m.parallel_investigation_concluded_on,
                tracked_from=m.followups_tracked_from,
            )
            return tuple(s.due_on for s in slots if s.due_on >= start)

        old, new = dates(without), dates(with_it)
        if old != new:
            moved.append(MovedMeasure(measure, old, new))
            if len(moved) >= limit:
                break
    return moved
