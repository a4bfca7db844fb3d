"""Reads of the safety app. Per-child reads take a child the caller already obtained through the access
getter (children.access.child_for_request / child_for_api; an object the child owns: object_for_request /
object_for_api with the querysets below), so the need-to-know rule and the read log live in one place.
Aggregates (outcome counts) never return a child."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from sikkerhedsnet.accounts.settings_selectors import setting_on
from sikkerhedsnet.children.models import Child, Person

from . import rules
from .models import (
    Mapping,
    MappingEntry,
    NetworkMeeting,
    NetworkMember,
    ParticipantRole,
    SafetyPlan,
    Scaling,
    ScalingScore,
    StoryImage,
    StoryPanel,
    TargetGroupAssessment,
    ThreeHouses,
    WordsAndPictures,
)


def target_group_assessments(child: Child) -> QuerySet[TargetGroupAssessment]:
    return child.target_group_assessments.select_related("created_by").order_by("-assessed_on", "-id")


def mappings(child: Child) -> QuerySet[Mapping]:
    return child.mappings.select_related("created_by").order_by("-held_on", "-id")


# Querysets for children.access.object_for_request/_api: the object with what its page shows.


def mapping_queryset() -> QuerySet[Mapping]:
    return Mapping.objects.select_related("child", "created_by", "finalized_by", "based_on").prefetch_related(
        "participants",
        Prefetch("entries", queryset=MappingEntry.objects.select_related("said_by").order_by("id")),
    )


def mapping_entry_queryset() -> QuerySet[MappingEntry]:
    return MappingEntry.objects.select_related("mapping")  # its child is mapping__child


def safety_plan_queryset() -> QuerySet[SafetyPlan]:
    return SafetyPlan.objects.select_related("approved_by", "created_by", "ended_by")


def story_panel_queryset() -> QuerySet[StoryPanel]:
    return StoryPanel.objects.select_related("story")  # its child is story__child


def three_houses_queryset() -> QuerySet[ThreeHouses]:
    return ThreeHouses.objects.select_related("created_by")


def network_member_queryset() -> QuerySet[NetworkMember]:
    return NetworkMember.objects.select_related("person")


def words_and_pictures_queryset() -> QuerySet[WordsAndPictures]:
    return WordsAndPictures.objects.prefetch_related(
        Prefetch("panels", queryset=StoryPanel.objects.select_related("image").order_by("position"))
    )


def story_image_queryset() -> QuerySet[StoryImage]:
    return StoryImage.objects.all()


def child_person(child: Child, person_id: int) -> Person | None:
    """A person registered on the child's record, by id (None for anyone else)."""
    return Person.objects.filter(pk=person_id, relations__child=child).distinct().first()


def mapping_of_child(child: Child, mapping_id: int) -> Mapping | None:
    """One of the child's mappings, by id (None for another child's)."""
    return child.mappings.filter(pk=mapping_id).first()


def mapping_with_entries(mapping_id: int) -> Mapping:
    """The mapping read again after a change (the access check was made when it was first fetched)."""
    return mapping_queryset().get(pk=mapping_id)


@dataclass(frozen=True)
class ColumnView:
    key: str
    categories: list[tuple[str, str, list[MappingEntry]]]  # (code, label, entries)

    @property
    def count(self) -> int:
        return sum(len(entries) for _, _, entries in self.categories)


def mapping_columns(mapping: Mapping) -> dict[str, ColumnView]:
    """The mapping's entries grouped by column and category, in the form's order."""
    labels = dict(MappingEntry.Category.choices)
    entries = list(mapping.entries.all())
    return {
        column: ColumnView(
            key=column,
            categories=[(c, str(labels[c]), [e for e in entries if e.category == c]) for c in categories],
        )
        for column, categories in rules.MAPPING_COLUMNS.items()
    }


@dataclass(frozen=True)
class CompareRow:
    column: str
    category: str
    label: str
    left: list[rules.Marked]
    right: list[rules.Marked]


def mapping_comparison(left: Mapping, right: Mapping) -> list[CompareRow]:
    """Two mappings of the same child side by side, category by category, with what is new or dropped."""
    labels = dict(MappingEntry.Category.choices)
    rows = []
    for column, categories in rules.MAPPING_COLUMNS.items():
        for category in categories:
            a = [e for e in left.entries.all() if e.category == category]
            b = [e for e in right.entries.all() if e.category == category]
            marked_a, marked_b = rules.mark_changes([e.text for e in a], [e.text for e in b])
            rows.append(
                CompareRow(
                    column=column,
                    category=category,
                    label=str(labels[category]),
                    left=[
                        rules.Marked(f"{e.text} ({e.said_by.name})", m.changed)
                        for e, m in zip(a, marked_a, strict=True)
                    ],
                    right=[
                        rules.Marked(f"{e.text} ({e.said_by.name})", m.changed)
                        for e, m in zip(b, marked_b, strict=True)
                    ],
                )
            )
    return rows


def scalings(child: Child) -> QuerySet[Scaling]:
    return (
        child.scalings.select_related("created_by")
        .prefetch_related(Prefetch("scores", queryset=ScalingScore.objects.order_by("role", "participant")))
        .order_by("scored_on", "id")
    )


@dataclass(frozen=True)
class ScalingSeries:
    """Every scaling of one question: one line per participant, and the table rows behind the chart."""

    question: str
    lines: dict[tuple[str, str], list[tuple[date, int]]]  # (participant, role label) -> points
    dates: list[date]
    table: list[tuple[str, list[int | None]]]  # participant label -> score per date (None: not scored)

    @property
    def participants(self) -> list[tuple[str, str]]:
        """(name, role label) of every line, in the chart's order."""
        return list(self.lines)

    @property
    def rows_by_date(self) -> list[tuple[date, list[int | None]]]:
        """The table turned round: one row per date, one column per participant (dates grow, people do not)."""
        return [(d, [scores[i] for _, scores in self.table]) for i, d in enumerate(self.dates)]


def scaling_series(child: Child) -> list[ScalingSeries]:
    """Scores grouped by question (a reworded question starts its own chart), newest question first."""
    role_labels = dict(ParticipantRole.choices)
    by_question: dict[str, list[rules.ScorePoint]] = {}
    latest: dict[str, date] = {}
    for scaling in scalings(child):
        points = by_question.setdefault(scaling.question, [])
        latest[scaling.question] = scaling.scored_on
        for s in scaling.scores.all():
            points.append(rules.ScorePoint(scaling.scored_on, s.participant, str(role_labels[s.role]), s.score))
    result = []
    for question, points in sorted(by_question.items(), key=lambda item: latest[item[0]], reverse=True):
        lines = rules.series_by_participant(points)
        dates = sorted({p.scored_on for p in points})
        table = []
        for (participant, role), line in lines.items():
            scored = dict(line)
            table.append((f"{participant} ({role.lower()})", [scored.get(d) for d in dates]))
        result.append(ScalingSeries(question=question, lines=lines, dates=dates, table=table))
    return result


def last_scaling_participants(child: Child) -> list[tuple[str, str]]:
    """(participant, role) of the latest scaling, to start the next one with the same people."""
    last = child.scalings.order_by("-scored_on", "-id").first()
    if last is None:
        return []
    return list(last.scores.order_by("id").values_list("participant", "role"))


def network_members(child: Child) -> QuerySet[NetworkMember]:
    return child.network_members.select_related("person").order_by("-active", "role", "name")


def network_meetings(child: Child) -> QuerySet[NetworkMeeting]:
    return (
        child.network_meetings.prefetch_related("participants").select_related("created_by").order_by("-held_on", "-id")
    )


def plan_versions(plan: SafetyPlan) -> QuerySet[SafetyPlan]:
    """Every version of this plan, oldest first."""
    return (
        SafetyPlan.objects.filter(lineage=plan.lineage).select_related("approved_by", "created_by").order_by("number")
    )


def child_plans(child: Child) -> QuerySet[SafetyPlan]:
    return child.safety_plans.select_related("approved_by", "created_by", "ended_by").order_by("-created_at", "-id")


@dataclass(frozen=True)
class PlanState:
    active: SafetyPlan | None
    draft: SafetyPlan | None
    ended: list[SafetyPlan]
    versions: list[SafetyPlan]  # every version of the current (or latest) plan, oldest first


def plan_state(child: Child) -> PlanState:
    plans = list(child_plans(child))
    active = next((p for p in plans if p.status == SafetyPlan.Status.ACTIVE), None)
    draft = next((p for p in plans if p.status == SafetyPlan.Status.DRAFT), None)
    ended = [p for p in plans if p.status == SafetyPlan.Status.ENDED]
    current = active or draft or (plans[0] if plans else None)
    versions = sorted((p for p in plans if current and p.lineage == current.lineage), key=lambda p: p.number)
    return PlanState(active=active, draft=draft, ended=ended, versions=versions)


SECTION_ORDER = (
    "level",
    "danger_statement",
    "safety_goal",
    "agreements",
    "contacts",
    "network_coordinator",
    "child_explanation",
    "professional_agreements",
    "informed_persons",
    "contingency",
)


def plan_comparison(left: SafetyPlan, right: SafetyPlan) -> list[tuple[str, Any, Any, bool]]:
    """(section, left value, right value, changed) for two versions, in the plan's order."""
    a = {"level": left.level, **left.content()}
    b = {"level": right.level, **right.content()}
    return [(key, a[key], b[key], a[key] != b[key]) for key in SECTION_ORDER]


def words_and_pictures(child: Child) -> QuerySet[WordsAndPictures]:
    return child.words_and_pictures.order_by("-updated_at", "-id")


def three_houses(child: Child) -> QuerySet[ThreeHouses]:
    return child.three_houses.order_by("-held_on", "-id")


def _in_scope(municipality_id: int, team_ids: Collection[int] | None) -> Q:
    """The municipality's children, or only those whose case belongs to one of `team_ids`."""
    scope = Q(child__case__team__department__municipality_id=municipality_id)
    if team_ids is not None:
        scope &= Q(child__case__team_id__in=list(team_ids))
    return scope


def outcome_counts(
    municipality_id: int, start: date, end: date, *, team_ids: Collection[int] | None = None
) -> rules.OutcomeCounts:
    """Children whose safety plan ended in [start, end] in the municipality (or those teams), counted once each
    by outcome."""
    rows = SafetyPlan.objects.filter(
        _in_scope(municipality_id, team_ids),
        status=SafetyPlan.Status.ENDED,
        ended_on__gte=start,
        ended_on__lte=end,
    ).values_list("child_id", "ended_on", "outcome", "compulsory_became_voluntary")
    # ended_on is never None here (ended_on__gte); the condition only tells the type checker so
    return rules.count_outcomes(rules.EndedPlan(c, d, o, f) for c, d, o, f in rows if d is not None)


def safety_outcome_counts(
    municipality_id: int, period: Any, *, team_ids: Collection[int] | None = None
) -> dict[str, Any]:
    """For reports: what happened to the children whose safety plan ended in a period (counted per child).

    `period` is a (start, end) pair of dates or any object with `.start` and `.end`. Returns
    {"children": N, "by_outcome": {code: n for every outcome} (sums to N), "compulsory_became_voluntary": n
    (a subset of placed_voluntary, not an extra category), "plans_in_force": children with an approved plan
    in force at the end of the period}.
    """
    start, end = (period.start, period.end) if hasattr(period, "start") else period
    counts = outcome_counts(municipality_id, start, end, team_ids=team_ids)
    after_end = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    in_force = (
        SafetyPlan.objects.filter(_in_scope(municipality_id, team_ids), approved_at__lt=after_end)
        .filter(
            Q(status=SafetyPlan.Status.ACTIVE)
            | Q(status=SafetyPlan.Status.ENDED, ended_on__gt=end)
            | Q(status=SafetyPlan.Status.SUPERSEDED, superseded_at__gte=after_end)
        )
        .values("child_id")
        .distinct()
        .count()
    )
    return {
        "children": counts.children,
        "by_outcome": counts.by_outcome,
        "compulsory_became_voluntary": counts.compulsory_became_voluntary,
        "plans_in_force": in_force,
    }


def review_months(child: Child, level: str, *, on: date) -> int:
    """The municipality's review period for a plan of `level` in force on `on` (a municipal setting, issue #15)."""
    municipality_id = child.case.team.department.municipality_id
    return int(setting_on(municipality_id, f"safety_plan_review_months_{level}", on=on))
