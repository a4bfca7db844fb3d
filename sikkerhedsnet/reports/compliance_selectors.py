"""Reads for the self-audit (docs/compliance.md): each of Ankestyrelsen's criteria counted in SQL.

Every criterion is one or two "segments": a queryset of the items it counts (notifications, investigations,
measures, follow-ups, decisions), annotated with whether the item is counted yet (done, or its deadline passed)
and whether it met the deadline. The deadlines come from the same rule table the deadline lists use
(core/legal.py and the rule functions over it: intake.rules, measures.rules, the legal follow-up policy), turned
into SQL by `rules.compliance` (day keys; the receipt due date per day of receipt); no limit is written here.

The figures are one grouped query per segment (by team, caseworker and month), whatever the number of cases;
the drill-down and the list of cases about to fall out of compliance read at most `limit` rows.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache, reduce
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    ExtractDay,
    ExtractIsoWeekDay,
    ExtractMonth,
    ExtractYear,
    TruncDate,
    TruncMonth,
)
from django.utils import timezone

from sikkerhedsnet.core import legal
from sikkerhedsnet.followup.models import FollowUp, GoalReview
from sikkerhedsnet.followup.policies import DEFAULT_POLICY, MEASURE_KINDS, get_policy
from sikkerhedsnet.intake import rules as intake_rules
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.measures.models import Goal, Measure
from sikkerhedsnet.measures.rules import child_plan_due_on

from .rules import compliance as rules
from .rules.compliance import Tally

TEAM = "child__case__team_id"
CASEWORKER = "child__case__caseworker_id"


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _key(field_name: str, months: int = 0) -> Any:
    """The day key (rules.compliance.day_key) of a date column, `months` later; a datetime column is read as its
    Danish day (Extract* use the current time zone, Europe/Copenhagen)."""
    return rules.day_key(
        ExtractYear(field_name),  # type: ignore[arg-type]
        ExtractMonth(field_name) + months,  # type: ignore[arg-type]
        ExtractDay(field_name),  # type: ignore[arg-type]
    )


def _in_force(rule: legal.LegalRule, field_name: str, *, instant: bool = False) -> Q:
    q = Q()
    for bound, lookup in ((rule.valid_from, "gte"), (rule.valid_until, "lt")):
        if bound is not None:
            q &= Q(**{f"{field_name}__{lookup}": _start_of_day(bound) if instant else bound})
    return q


def _probe(rule: legal.LegalRule) -> date:
    """A 15th inside the rule version's validity, to ask a rule function how many months it adds there."""
    day = rule.valid_from or (rule.valid_until or date(2000, 1, 1)) - timedelta(days=45)
    if day.day > 15:
        day += timedelta(days=20)
    return day.replace(day=15)


def _months_case(code: str, field_name: str, due: Callable[[date], date], **when: Any) -> list[When]:
    """One When per version of the rule: the key of `field_name` plus the months the rule function adds then."""
    return [
        When(_in_force(rule, field_name) & Q(**when), then=_key(field_name, rules.months_added(due, _probe(rule))))
        for rule in legal.versions(code)
    ]


def first_followup_months() -> int:
    """BL § 95's first follow-up, as the legal follow-up policy (followup.policies) states it for every kind."""
    spans = {get_policy(DEFAULT_POLICY).cadence(kind).phases[0].every for kind in MEASURE_KINDS}
    if len(spans) != 1 or next(iter(spans)).unit != "months":
        raise ValueError("the legal policy's first follow-up is not one number of months")
    return next(iter(spans)).value


@dataclass(frozen=True)
class Segment:
    """The items one criterion counts, with the Q's that say counted / met / open and due in a window."""

    code: str
    kind: str  # what an item is: notification, investigation, measure, followup, decision
    queryset: QuerySet[Any]
    key: str  # the column whose month is the item's month (and that the period filters)
    counted: Q
    met: Q
    start: str  # the columns the drill-down shows
    due: str | None
    done: str | None
    at_risk: Callable[[date, datetime], Q] | None = None  # not done, due from now to the end of the week


# --- the segments -----------------------------------------------------------------------------------------


def _assessment(now: datetime) -> list[Segment]:
    met, overdue, due_from = [], [], []
    for rule in legal.versions(legal.ASSESSMENT):
        window = timedelta(hours=rule.amount)
        valid = _in_force(rule, "received_at", instant=True)
        met.append(valid & Q(assessed_at__lte=F("received_at") + window))
        overdue.append(valid & Q(received_at__lt=now - window))
        due_from.append((valid, window))
    queryset = Notification.objects.filter(duplicate_of__isnull=True).annotate(
        due_at=Case(
            *[When(valid, then=F("received_at") + window) for valid, window in due_from],
            output_field=DateTimeField(),
        )
    )

    def at_risk(today: date, moment: datetime) -> Q:
        end = _start_of_day(rules.week_end(today) + timedelta(days=1))
        return Q(assessed_at__isnull=True, due_at__gte=moment, due_at__lt=end)

    return [
        Segment(
            rules.ASSESSMENT_24H,
            "notification",
            queryset,
            "received_at",
            counted=Q(assessed_at__isnull=False) | reduce(operator.or_, overdue),
            met=Q(assessed_at__isnull=False) & reduce(operator.or_, met),
            start="received_at",
            due="due_at",
            done="assessed_at",
            at_risk=at_risk,
        )
    ]


@lru_cache(maxsize=8192)
def _receipt_due_on(day: date, saturday_counts: bool) -> date:
    """intake.rules.receipt_due_on, remembered: a pure rule of the day, asked for every day of each period asked."""
    return intake_rules.receipt_due_on(day, saturday_counts=saturday_counts)


def _receipt(first: date, last: date, today: date) -> list[Segment]:
    """The due day of each day of receipt comes from intake.rules.receipt_due_on, asked for every day of the
    period: the usual number of days per weekday, and the days a holiday moves (rules.offsets_by_weekday), so the
    working-day calendar is the rule's own and the CASE stays small."""

    def due_case(saturday_counts: bool) -> Case:
        usual, exceptions = rules.offsets_by_weekday(
            rules.due_dates_by_day(first, last, lambda day: _receipt_due_on(day, saturday_counts))
        )
        return Case(
            *[When(received_day=day, then=_plus_days(days)) for day, days in exceptions.items()],
            *[When(received_weekday=weekday, then=_plus_days(days)) for weekday, days in usual.items()],
            output_field=DateField(),
        )

    queryset = Notification.objects.filter(reporter_type=Notification.ReporterType.PROFESSIONAL).annotate(
        received_day=TruncDate("received_at"), received_weekday=ExtractIsoWeekDay("received_at")
    )
    queryset = queryset.annotate(
        due_on=Case(
            When(receipt_saturday_counts=True, then=due_case(True)),
            default=due_case(False),
            output_field=DateField(),
        )
    )

    def at_risk(day: date, moment: datetime) -> Q:
        return Q(receipt_sent_on__isnull=True, due_on__gte=day, due_on__lte=rules.week_end(day))

    return [
        Segment(
            rules.RECEIPT_6_WORKING_DAYS,
            "notification",
            queryset,
            "received_at",
            counted=Q(receipt_sent_on__isnull=False) | Q(due_on__lt=today),
            met=Q(receipt_sent_on__lte=F("due_on")),
            start="received_at",
            due="due_on",
            done="receipt_sent_on",
            at_risk=at_risk,
        )
    ]


def _plus_days(days: int) -> Cast:
    return Cast(F("received_day") + Value(timedelta(days=days)), DateField())


def _conversation_before(decided: str) -> Any:
    """A conversation with the child on record on or before the decision day (OuterRef(decided)): in a child
    investigation, after a notification about abuse, or at a follow-up where the child was heard."""
    child = OuterRef("child_id")
    return (
        Exists(Investigation.objects.filter(child_id=child, conversation_on__lte=OuterRef(decided)))
        | Exists(Notification.objects.filter(child_id=child, child_conversation_on__lte=OuterRef(decided)))
        | Exists(FollowUp.objects.filter(child_id=child, child_heard=True, held_on__lte=OuterRef(decided)))
    )


def _conversation() -> list[Segment]:
    """Decisions as the product records them today (no decision records yet): a measure or placement decided,
    and a child investigation concluded."""
    measures = Measure.objects.annotate(heard=ExpressionWrapper(_conversation_before("decided_on"), BooleanField()))
    concluded = Investigation.objects.filter(status=Investigation.Status.CONCLUDED).annotate(
        concluded_on=TruncDate("concluded_at")
    )
    return [
        Segment(
            rules.CHILD_CONVERSATION_BEFORE_DECISION,
            "measure",
            measures,
            "decided_on",
            counted=Q(),
            met=Q(heard=True),
            start="decided_on",
            due=None,
            done=None,
        ),
        Segment(
            rules.CHILD_CONVERSATION_BEFORE_DECISION,
            "investigation",
            concluded,
            "concluded_at",
            counted=Q(),
            met=Q(conversation_on__lte=F("concluded_on")) | ~Q(conversation_not_held_reason=""),
            start="concluded_at",
            due=None,
            done="conversation_on",
        ),
    ]


def _key_window(day: date) -> Q:
    return Q(due_key__gte=rules.key_of(day), due_key__lte=rules.key_of(rules.week_end(day)))


def _investigation(today: date) -> list[Segment]:
    due_key = Case(*_months_case(legal.INVESTIGATION, "awareness_on", intake_rules.investigation_due_on))
    queryset = Investigation.objects.annotate(
        due_key=ExpressionWrapper(due_key, IntegerField()), done_key=_key("concluded_at")
    )
    concluded = Q(status=Investigation.Status.CONCLUDED)
    return [
        Segment(
            rules.INVESTIGATION_4_MONTHS,
            "investigation",
            queryset,
            "awareness_on",
            counted=concluded | Q(due_key__lt=rules.key_of(today)),
            met=concluded & Q(done_key__lte=F("due_key")),
            start="awareness_on",
            due="due_key",
            done="concluded_at",
            at_risk=lambda day, _now: ~concluded & _key_window(day),
        )
    ]


def _child_plan(today: date) -> list[Segment]:
    without = Measure.Consent.WITHOUT_CONSENT
    due_key = Case(
        *_months_case(
            legal.CHILD_PLAN,
            "decided_on",
            lambda day: child_plan_due_on(day, placement_without_consent=True),
            consent=without,
        ),
        *_months_case(
            legal.CHILD_PLAN, "decided_on", lambda day: child_plan_due_on(day, placement_without_consent=False)
        ),
    )
    queryset = Measure.objects.filter(Q(child_plan_required=True) | ~Q(kind=Measure.Kind.PREVENTIVE)).annotate(
        due_key=ExpressionWrapper(due_key, IntegerField()), done_key=_key("action_plan__made_on")
    )
    made = Q(action_plan__isnull=False)
    return [
        Segment(
            rules.CHILD_PLAN_ON_TIME,
            "measure",
            queryset,
            "decided_on",
            counted=made | Q(due_key__lt=rules.key_of(today)),
            met=made & Q(done_key__lte=F("due_key")),
            start="decided_on",
            due="due_key",
            done="action_plan__made_on",
            at_risk=lambda day, _now: ~made & _key_window(day),
        )
    ]


def _first_followup(today: date) -> list[Segment]:
    months = first_followup_months()
    held = FollowUp.objects.filter(measure_id=OuterRef("pk"))
    queryset = Measure.objects.annotate(
        due_key=ExpressionWrapper(_key("start_on", months), IntegerField()),
        end_key=_key("end_on"),
        any_held=Exists(held),
        held_on_time=Exists(held.annotate(held_key=_key("held_on")).filter(held_key__lte=OuterRef("due_key"))),
    )
    # A measure that ended before its first follow-up was due needed none.
    needed = Q(end_on__isnull=True) | Q(end_key__gte=F("due_key")) | Q(any_held=True)
    return [
        Segment(
            rules.FIRST_FOLLOWUP_3_MONTHS,
            "measure",
            queryset.filter(needed),
            "start_on",
            counted=Q(any_held=True) | Q(due_key__lt=rules.key_of(today)),
            met=Q(held_on_time=True),
            start="start_on",
            due="due_key",
            done=None,
            at_risk=lambda day, _now: Q(any_held=False) & _key_window(day),
        )
    ]


def _cadence() -> list[Segment]:
    """Follow-ups held, against the day the policy planned them for. A planned follow-up never held is no row
    (followup computes the plan per measure) and is not counted here: it shows on the deadline lists."""
    return [
        Segment(
            rules.FOLLOWUP_CADENCE,
            "followup",
            FollowUp.objects.all(),
            "due_on",
            counted=Q(),
            met=Q(held_on__lte=F("due_on")),
            start="due_on",
            due="due_on",
            done="held_on",
        )
    ]


def _goals() -> list[Segment]:
    """Follow-ups held on a measure with goals in the plan: at least one goal reviewed at the meeting."""
    has_goals = Exists(Goal.objects.filter(measure_id=OuterRef("measure_id"), created_on__lte=OuterRef("held_on")))
    reviewed = Exists(GoalReview.objects.filter(follow_up_id=OuterRef("pk")))
    return [
        Segment(
            rules.GOALS_FOLLOWED_UP,
            "followup",
            FollowUp.objects.annotate(has_goals=has_goals, reviewed=reviewed).filter(has_goals=True),
            "due_on",
            counted=Q(),
            met=Q(reviewed=True),
            start="due_on",
            due=None,
            done="held_on",
        )
    ]


def segments(first: date, last: date, *, now: datetime, today: date) -> list[Segment]:
    """Every criterion's segments, in the order of rules.CRITERIA."""
    return [
        *_assessment(now),
        *_receipt(first, last, today),
        *_conversation(),
        *_investigation(today),
        *_child_plan(today),
        *_first_followup(today),
        *_cadence(),
        *_goals(),
    ]


def _in_period(segment: Segment, first: date, last: date) -> Q:
    if segment.key.endswith("_at"):
        return Q(
            **{f"{segment.key}__gte": _start_of_day(first), f"{segment.key}__lt": _start_of_day(last + timedelta(1))}
        )
    return Q(**{f"{segment.key}__gte": first, f"{segment.key}__lte": last})


def _scoped(segment: Segment, team_ids: Collection[int], first: date, last: date) -> QuerySet[Any]:
    return segment.queryset.filter(Q(**{f"{TEAM}__in": list(team_ids)}), _in_period(segment, first, last))


# --- the figures ------------------------------------------------------------------------------------------


@dataclass
class Figures:
    """Tallies per criterion for the scope, per team, per caseworker (team, caseworker or None) and per month."""

    scope: dict[str, Tally] = field(default_factory=dict)
    teams: dict[int, dict[str, Tally]] = field(default_factory=dict)
    caseworkers: dict[tuple[int, int | None], dict[str, Tally]] = field(default_factory=dict)
    months: dict[date, dict[str, Tally]] = field(default_factory=dict)


def _add(table: dict[Any, dict[str, Tally]], key: Any, code: str, tally: Tally) -> None:
    row = table.setdefault(key, {})
    row[code] = row.get(code, Tally()) + tally


def compliance_figures(team_ids: Collection[int], first: date, last: date, *, now: datetime, today: date) -> Figures:
    """Every criterion for items whose month key lies in [first, last]: one grouped query per segment."""
    figures = Figures(scope={code: Tally() for code in rules.CODES})
    if not team_ids:
        return figures
    for segment in segments(first, last, now=now, today=today):
        rows = (
            _scoped(segment, team_ids, first, last)
            .filter(segment.counted)
            .annotate(grid_month=TruncMonth(segment.key), team=F(TEAM), caseworker=F(CASEWORKER))
            .values("team", "caseworker", "grid_month")
            .annotate(total=Count("pk"), met=Count("pk", filter=segment.met))
            .order_by()
        )
        for row in rows:
            month = row["grid_month"]
            month = timezone.localtime(month).date() if isinstance(month, datetime) else month
            tally = Tally(row["met"], row["total"])
            figures.scope[segment.code] += tally
            _add(figures.teams, row["team"], segment.code, tally)
            _add(figures.caseworkers, (row["team"], row["caseworker"]), segment.code, tally)
            _add(figures.months, month, segment.code, tally)
    return figures


# --- the cases behind a figure, and the cases about to fall out ---------------------------------------------


@dataclass(frozen=True)
class Item:
    kind: str
    pk: int
    child_id: int
    case_number: str
    team_id: int
    caseworker_id: int | None
    start: date | None
    due: date | None
    done: date | None
    met: bool


def _day(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return legal.local_day(value)
    if isinstance(value, int):
        return rules.day_of_key(value)
    return value  # type: ignore[return-value]


def _items(queryset: QuerySet[Any], segment: Segment, met: Q | None, limit: int) -> list[Item]:
    columns = {"start": segment.start, "due": segment.due, "done": segment.done}
    values = ["pk", "child_id", "child__case__number", TEAM, CASEWORKER, "is_met"]
    values += [c for c in columns.values() if c]
    is_met = Value(False) if met is None else ExpressionWrapper(met, BooleanField())
    rows = queryset.annotate(is_met=is_met).values(*dict.fromkeys(values))
    return [
        Item(
            kind=segment.kind,
            pk=row["pk"],
            child_id=row["child_id"],
            case_number=row["child__case__number"],
            team_id=row[TEAM],
            caseworker_id=row[CASEWORKER],
            start=_day(row[columns["start"]]) if columns["start"] else None,
            due=_day(row[columns["due"]]) if columns["due"] else None,
            done=_day(row[columns["done"]]) if columns["done"] else None,
            met=bool(row["is_met"]),
        )
        for row in rows.order_by("is_met", segment.start, "pk")[:limit]
    ]


def compliance_items(
    team_ids: Collection[int],
    code: str,
    first: date,
    last: date,
    *,
    now: datetime,
    today: date,
    child_ids: QuerySet[Any],
    team_id: int | None = None,
    caseworker_id: int | None = None,
    unassigned: bool = False,
    month: date | None = None,
    limit: int = 200,
) -> list[Item]:
    """The counted items behind one figure (not met first), of children in `child_ids` (need-to-know)."""
    rules.criterion(code)
    if month is not None:
        first, last = (
            max(first, month),
            min(last, (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(1)),
        )
    found: list[Item] = []
    for segment in segments(first, last, now=now, today=today):
        if segment.code != code:
            continue
        queryset = _scoped(segment, team_ids, first, last).filter(segment.counted, child_id__in=child_ids)
        if team_id is not None:
            queryset = queryset.filter(**{TEAM: team_id})
        if caseworker_id is not None:
            queryset = queryset.filter(**{CASEWORKER: caseworker_id})
        if unassigned:
            queryset = queryset.filter(**{f"{CASEWORKER}__isnull": True})
        found += _items(queryset, segment, segment.met, limit)
    return sorted(found, key=lambda i: (i.met, i.start or date.min, i.pk))[:limit]


def at_risk_items(
    team_ids: Collection[int], *, now: datetime, today: date, child_ids: QuerySet[Any], limit: int = 100
) -> list[tuple[str, Item]]:
    """(criterion code, item) not yet done whose deadline falls from now to the end of this week, soonest first:
    the cases about to fall out of compliance (issue #15, item 3). A few queries, at most `limit` rows each."""
    if not team_ids:
        return []
    # Receipts fall due within 6 working days (+ holidays): the days of receipt of the last five weeks suffice.
    first = today - timedelta(days=35)
    found: list[tuple[str, Item]] = []
    for segment in segments(first, today, now=now, today=today):
        if segment.at_risk is None:
            continue
        queryset = segment.queryset.filter(Q(**{f"{TEAM}__in": list(team_ids)}), child_id__in=child_ids)
        if segment.code == rules.RECEIPT_6_WORKING_DAYS:
            queryset = queryset.filter(_in_period(segment, first, today))
        queryset = queryset.filter(segment.at_risk(today, now))
        found += [(segment.code, item) for item in _items(queryset, segment, None, limit)]
    return sorted(found, key=lambda pair: (pair[1].due or date.max, pair[0], pair[1].pk))[:limit]
