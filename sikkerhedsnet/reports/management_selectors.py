"""Reads for the management dashboard and the placement economics (split from selectors.py by sub-topic).

Everything is counted or summed in the database and scoped to teams (a team leader's own team, the head's and
the analyst's whole municipality, see selectors.report_team_ids). The number of queries does not depend on the
number of children; only measures that start or end inside the period are read as rows (to price their part
months), and placements as rows for the per-child annual average.
"""

from __future__ import annotations

import operator
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from typing import Any, cast

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, TruncMonth
from django.utils import timezone

from sikkerhedsnet.accounts.models import Team
from sikkerhedsnet.core import legal
from sikkerhedsnet.followup.models import FollowUp
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.measures.models import Measure, MeasureQuerySet
from sikkerhedsnet.safety.models import SafetyPlan
from sikkerhedsnet.safety.rules import EndedPlan, OutcomeCounts, count_outcomes
from sikkerhedsnet.safety.selectors import safety_outcome_counts

from .rules.management import (
    DeadlineFigures,
    MeasureRow,
    month_end,
    month_start,
    months_between,
    spending_from_parts,
)

PLACEMENT_KINDS = ("foster_family", "network_foster_family", "residential")
FOSTER_TYPES = (
    "general_foster_family",
    "reinforced_foster_family",
    "specialised_foster_family",
    "network_foster_family",
)
MONTHS_PER_QUERY = 24  # spending: one conditional sum per month, so long periods take a few queries

# Budget areas (Billund's split, domain.md §5.1): early prevention (BL § 30 / SEL § 11), support measures in the
# home (BL § 32), placements. Statutory casework (staff) is not in the case data.
PREVENTION, SUPPORT, PLACEMENT = "prevention", "support", "placement"
AREAS = (PREVENTION, SUPPORT, PLACEMENT)


def municipality_team_ids(municipality_id: int | None) -> list[int]:
    if municipality_id is None:
        return []
    return list(Team.objects.filter(department__municipality_id=municipality_id).values_list("pk", flat=True))


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_teams(team_ids: Collection[int], prefix: str = "child__case__team_id__in") -> Q:
    return Q(**{prefix: list(team_ids)})


# --- notifications and deadlines --------------------------------------------------------------------------------


def _notifications(team_ids: Collection[int]) -> QuerySet[Notification]:
    """Notifications about children in the teams' cases; a duplicate merged into another counts once."""
    return Notification.objects.filter(_in_teams(team_ids), duplicate_of__isnull=True)


def notifications_per_month(team_ids: Collection[int], start: date, end: date) -> dict[date, int]:
    """Notifications received per month (Danish time) from the month a year before `start` to `end`'s month.
    One query."""
    first = month_start(start).replace(year=start.year - 1)
    after = month_end(end) + timedelta(days=1)
    rows = (
        _notifications(team_ids)
        .filter(received_at__gte=_start_of_day(first), received_at__lt=_start_of_day(after))
        .annotate(month=TruncMonth("received_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {timezone.localtime(m).date() if isinstance(m, datetime) else m: n for m, n in rows}


def notifications_per_year(team_ids: Collection[int], years: Sequence[int]) -> dict[int, int]:
    """Notifications received per calendar year (Danish time). One query."""
    if not years:
        return {}
    rows = (
        _notifications(team_ids)
        .filter(
            received_at__gte=_start_of_day(date(min(years), 1, 1)),
            received_at__lt=_start_of_day(date(max(years) + 1, 1, 1)),
        )
        .annotate(year=ExtractYear("received_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _in_force(rule: legal.LegalRule, field: str, *, instant: bool = False) -> Q:
    """Rows whose `field` (a day, or an instant read as a Danish day) falls in the rule version's validity."""
    q = Q()
    for bound, lookup in ((rule.valid_from, "gte"), (rule.valid_until, "lt")):
        if bound is not None:
            q &= Q(**{f"{field}__{lookup}": _start_of_day(bound) if instant else bound})
    return q


def assessment_figures(
    team_ids: Collection[int], start: date, end: date, *, now: datetime, by_month: bool = False
) -> Any:
    """Notifications received in [start, end]: assessed within 24 hours of receipt, later, not yet (overdue or
    still within the 24 hours). The window is the rule table's (core.legal), version by receipt date. One query.

    With `by_month`, {first day of the month received: figures}: the month grid suppressed reports sum
    (docs/hardening.md, "Small numbers")."""
    parts: dict[str, list[Q]] = {"on_time": [], "late": [], "overdue": [], "pending": []}
    for rule in legal.versions(legal.ASSESSMENT):
        window = timedelta(hours=rule.amount)
        valid = _in_force(rule, "received_at", instant=True)
        parts["on_time"].append(valid & Q(assessed_at__lte=F("received_at") + window))
        parts["late"].append(valid & Q(assessed_at__gt=F("received_at") + window))
        parts["overdue"].append(valid & Q(received_at__lt=now - window))
        parts["pending"].append(valid & Q(received_at__gte=now - window))
    on_time, late, overdue, pending = (reduce(operator.or_, parts[key]) for key in parts)
    assessed, unassessed = Q(assessed_at__isnull=False), Q(assessed_at__isnull=True)
    counts = _by_month(
        _notifications(team_ids).filter(
            received_at__gte=_start_of_day(start), received_at__lt=_start_of_day(end + timedelta(days=1))
        ),
        "received_at",
        by_month,
        on_time=Count("pk", filter=assessed & on_time),
        late=Count("pk", filter=assessed & late),
        overdue=Count("pk", filter=unassessed & overdue),
        pending=Count("pk", filter=unassessed & pending),
    )
    return counts


def _day_key(year: object, month: object, day: object) -> object:
    """(year, month, day) as one comparable number: ((year × 12 + month) × 32 + day)."""
    return ((year * 12) + month) * 32 + day  # type: ignore[operator]


def investigation_figures(
    team_ids: Collection[int], start: date, end: date, *, today: date, by_month: bool = False
) -> Any:
    """Investigations whose awareness date is in [start, end]: concluded within 4 months, later, not yet.

    The due date is awareness + 4 calendar months, clamped to the month's last day (intake.rules). Compared as
    (month number, day): concluded on time ⇔ (concluded month, day) ≤ (awareness month + 4, awareness day),
    which gives the clamp for free (31 Oct → any day in February is on time). One query on any database.
    With `by_month`, per month of the awareness date.
    """
    due_key = Case(
        *[
            When(
                _in_force(rule, "awareness_on"),
                then=_day_key(
                    ExtractYear("awareness_on"), ExtractMonth("awareness_on") + rule.amount, ExtractDay("awareness_on")
                ),
            )
            for rule in legal.versions(legal.INVESTIGATION)
        ],
        output_field=IntegerField(),
    )
    done_key = _day_key(ExtractYear("concluded_at"), ExtractMonth("concluded_at"), ExtractDay("concluded_at"))
    today_key = _day_key(today.year, today.month, today.day)
    concluded = Q(status=Investigation.Status.CONCLUDED)
    return _by_month(
        Investigation.objects.filter(_in_teams(team_ids), awareness_on__gte=start, awareness_on__lte=end).annotate(
            due_key=due_key, done_key=done_key
        ),
        "awareness_on",
        by_month,
        on_time=Count("pk", filter=concluded & Q(done_key__lte=F("due_key"))),
        late=Count("pk", filter=concluded & Q(done_key__gt=F("due_key"))),
        overdue=Count("pk", filter=~concluded & Q(due_key__lt=today_key)),
        pending=Count("pk", filter=~concluded & Q(due_key__gte=today_key)),
    )


def followup_figures(team_ids: Collection[int], start: date, end: date, *, by_month: bool = False) -> Any:
    """Held follow-ups planned for a day in [start, end]: held on or before the planned day, or later.

    Planned follow-ups not yet held are computed per measure (followup.selectors) and shown on the teams'
    deadline lists, not here. One query. With `by_month`, per month of the planned day."""
    return _by_month(
        FollowUp.objects.filter(_in_teams(team_ids), due_on__gte=start, due_on__lte=end),
        "due_on",
        by_month,
        on_time=Count("pk", filter=Q(held_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(held_on__gt=F("due_on"))),
    )


def _by_month(queryset: QuerySet[Any], field: str, by_month: bool, **counts: Count) -> Any:
    """The counts as DeadlineFigures over the whole queryset, or {first day of each month: DeadlineFigures}."""

    def figures(row: dict[str, int]) -> DeadlineFigures:
        return DeadlineFigures(row["on_time"], row["late"], row.get("overdue", 0), row.get("pending", 0))

    if not by_month:
        return figures(queryset.aggregate(**counts))
    rows = queryset.annotate(grid_month=TruncMonth(field)).values("grid_month").annotate(**counts).order_by()
    result: dict[date, DeadlineFigures] = {}
    for row in rows:
        month = row.pop("grid_month")
        month = timezone.localtime(month).date() if isinstance(month, datetime) else month
        result[month] = figures(row)
    return result


def safety_figures(municipality_id: int | None, team_ids: Collection[int], start: date, end: date) -> dict[str, object]:
    """Children with a safety plan in force at the end of the period and outcomes of plans ended in it."""
    if municipality_id is None:
        return {"children": 0, "by_outcome": {}, "compulsory_became_voluntary": 0, "plans_in_force": 0}
    return safety_outcome_counts(municipality_id, (start, end), team_ids=team_ids)


def safety_endings_per_month(
    municipality_id: int | None, team_ids: Collection[int], start: date, end: date
) -> dict[date, OutcomeCounts]:
    """Children whose safety plan ended, per calendar month in [start, end] (a child counts once a month, by
    its latest plan ended that month): the month grid suppressed reports sum. One query."""
    if municipality_id is None:
        return {}
    rows = SafetyPlan.objects.filter(
        Q(child__case__team__department__municipality_id=municipality_id),
        _in_teams(team_ids),
        status=SafetyPlan.Status.ENDED,
        ended_on__gte=start,
        ended_on__lte=end,
    ).values_list("child_id", "ended_on", "outcome", "compulsory_became_voluntary")
    per_month: dict[date, list[EndedPlan]] = {}
    for child_id, ended_on, outcome, flagged in rows:
        if ended_on is not None:
            per_month.setdefault(month_start(ended_on), []).append(EndedPlan(child_id, ended_on, outcome, flagged))
    return {month: count_outcomes(plans) for month, plans in per_month.items()}


# --- placements -----------------------------------------------------------------------------------------------


def _placements(team_ids: Collection[int]) -> MeasureQuerySet:
    return Measure.objects.filter(_in_teams(team_ids), kind__in=PLACEMENT_KINDS)


def _is_foster() -> Q:
    """A foster family placement, network included (own room and boarding school are not foster families)."""
    return Q(placement_type__in=FOSTER_TYPES) | Q(
        placement_type="", kind__in=("foster_family", "network_foster_family")
    )


def _is_network() -> Q:
    return Q(placement_type="network_foster_family") | Q(placement_type="", kind="network_foster_family")


@dataclass(frozen=True)
class PlacementsOn:
    """Children placed on one day (counted once each, whatever the number of placements)."""

    day: date
    placed: int
    without_consent: int
    foster: int
    network: int
    by_type: list[tuple[str, str, int]]  # (placement type, consent, children)


def placements_on(team_ids: Collection[int], day: date) -> PlacementsOn:
    """Placed children on `day` by type and consent, and the consent and network figures. Two queries."""
    running = _placements(team_ids).active_on(day)
    totals = running.aggregate(
        placed=Count("child", distinct=True),
        without_consent=Count("child", distinct=True, filter=Q(consent=Measure.Consent.WITHOUT_CONSENT)),
        foster=Count("child", distinct=True, filter=_is_foster()),
        network=Count("child", distinct=True, filter=_is_network()),
    )
    by_type = list(
        running.values_list("placement_type", "consent")
        .annotate(children=Count("child", distinct=True))
        .order_by("placement_type", "consent")
    )
    return PlacementsOn(day, totals["placed"], totals["without_consent"], totals["foster"], totals["network"], by_type)


def placement_rows(team_ids: Collection[int], start: date, end: date) -> list[MeasureRow]:
    """Placements running some day in [start, end] as rows for rules.management.placement_year, with consent
    (the measure's consent field) and network/foster from the placement type. One query."""
    rows = (
        _placements(team_ids)
        .filter(start_on__lte=end)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=start))
        .annotate(
            is_foster=Case(When(_is_foster(), then=Value(1)), default=Value(0), output_field=IntegerField()),
            is_network=Case(When(_is_network(), then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .values_list("child_id", "kind", "start_on", "end_on", "monthly_cost", "consent", "is_foster", "is_network")
    )
    return [
        MeasureRow(
            child_id,
            kind,
            start_on,
            end_on,
            cost,
            placement=True,
            without_consent=consent == Measure.Consent.WITHOUT_CONSENT,
            network=bool(network),
            foster=bool(foster),
        )
        for child_id, kind, start_on, end_on, cost, consent, foster, network in rows
    ]


# --- spending -----------------------------------------------------------------------------------------------------


def _area() -> Case:
    return Case(
        When(kind__in=PLACEMENT_KINDS, then=Value(PLACEMENT)),
        When(legal_basis__applies_to="prevention", then=Value(PREVENTION)),
        default=Value(SUPPORT),
        output_field=CharField(),
    )


def spending_per_month(
    team_ids: Collection[int], start: date, end: date, *, by: str = "kind"
) -> list[tuple[date, dict[str, int]]]:
    """Spending per month in [start, end] in whole kroner, by measure kind (`by="kind"`) or budget area
    (`by="area"`): each measure's monthly price, pro rata for part months (rules.management.cost_in_month).

    Whole months are summed in the database (one conditional sum per month, MONTHS_PER_QUERY months a query);
    part months from rows merged per kind and day (`_part_months`).
    """
    months = months_between(start, end)
    if not months:
        return []
    first, last = months[0], month_end(months[-1])
    key = F("kind") if by == "kind" else _area()
    measures = (
        Measure.objects.filter(_in_teams(team_ids), start_on__lte=last)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=first))
        .annotate(key=key)
    )
    full: dict[tuple[date, str], int] = {}
    for chunk_start in range(0, len(months), MONTHS_PER_QUERY):
        chunk = months[chunk_start : chunk_start + MONTHS_PER_QUERY]
        sums = {
            f"m{i}": Sum(
                "monthly_cost",
                filter=Q(start_on__lte=m) & (Q(end_on__isnull=True) | Q(end_on__gte=month_end(m))),
                default=0,
            )
            for i, m in enumerate(chunk)
        }
        for row in measures.values("key").annotate(**sums).order_by("key"):
            sums_row = cast("dict[str, Any]", row)  # the month sums are annotated under computed names (m0, m1, ...)
            for i, m in enumerate(chunk):
                full[(m, sums_row["key"])] = sums_row[f"m{i}"]
    return spending_from_parts(full, _part_months(measures, first, last), start=first, end=last)


def children_paid_for_per_month(
    team_ids: Collection[int], start: date, end: date, *, by: str = "kind"
) -> dict[tuple[date, str], int]:
    """How many children each kroner cell of `spending_per_month` rests on: the distinct children with a priced
    measure of the key running in some part of the month. A cell paid for 1–4 children is withheld as a count
    is (a month's spending on one placement type can be one child's price; docs/hardening.md §4b)."""
    months = months_between(start, end)
    if not months:
        return {}
    first, last = months[0], month_end(months[-1])
    key = F("kind") if by == "kind" else _area()
    measures = (
        Measure.objects.filter(_in_teams(team_ids), start_on__lte=last, monthly_cost__gt=0)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=first))
        .annotate(key=key)
    )
    found: dict[tuple[date, str], int] = {}
    for chunk_start in range(0, len(months), MONTHS_PER_QUERY):
        chunk = months[chunk_start : chunk_start + MONTHS_PER_QUERY]
        counts = {
            f"m{i}": Count(
                "child",
                distinct=True,
                filter=Q(start_on__lte=month_end(m)) & (Q(end_on__isnull=True) | Q(end_on__gte=m)),
            )
            for i, m in enumerate(chunk)
        }
        for row in measures.values("key").annotate(**counts).order_by("key"):
            counts_row = cast("dict[str, Any]", row)
            for i, m in enumerate(chunk):
                found[(m, counts_row["key"])] = counts_row[f"m{i}"]
    return found


def children_paid_for(team_ids: Collection[int], start: date, end: date, *, by: str = "area") -> dict[str, int]:
    """How many distinct children the period's spending per key rests on (`children_paid_for_per_month` for
    the whole period)."""
    months = months_between(start, end)
    if not months:
        return {}
    first, last = months[0], month_end(months[-1])
    key = F("kind") if by == "kind" else _area()
    rows = (
        Measure.objects.filter(_in_teams(team_ids), start_on__lte=last, monthly_cost__gt=0)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=first))
        .annotate(key=key)
        .values("key")
        .annotate(n=Count("child", distinct=True))
        .order_by("key")
    )
    return {r["key"]: r["n"] for r in rows}


def _part_months(measures: QuerySet[Measure], first: date, last: date) -> list[MeasureRow]:
    """Measures that start or end inside [first, last], merged in the database into one row per (key, day):
    a part month's cost is linear in the monthly price, so measures of a kind starting (or ending) the same day
    can be priced together. At most kinds × days rows whatever the number of measures; three queries."""
    month_of_start = ExtractYear("start_on") * 12 + ExtractMonth("start_on")
    month_of_end = ExtractYear("end_on") * 12 + ExtractMonth("end_on")
    spans = measures.annotate(first_month=month_of_start, last_month=month_of_end).order_by()
    long_ago = date(1900, 1, 1)
    # First month of a measure that runs on into a later month (or has no end): from its start to month end.
    starts = (
        spans.filter(start_on__gte=first)
        .filter(Q(end_on__isnull=True) | Q(last_month__gt=F("first_month")))
        .values_list("key", "start_on")
        .annotate(total=Sum("monthly_cost"))
    )
    # Last month of a measure that began in an earlier month: from the 1st to its end.
    ends = (
        spans.filter(end_on__lte=last, last_month__gt=F("first_month"))
        .values_list("key", "end_on")
        .annotate(total=Sum("monthly_cost"))
    )
    # Measures that start and end in the same month.
    within = (
        spans.filter(start_on__gte=first, last_month=F("first_month"))
        .values_list("key", "start_on", "end_on")
        .annotate(total=Sum("monthly_cost"))
    )
    return [
        *(MeasureRow(0, key, start_on, None, total) for key, start_on, total in starts),
        *(MeasureRow(0, key, long_ago, end_on, total) for key, end_on, total in ends),
        *(MeasureRow(0, key, start_on, end_on, total) for key, start_on, end_on, total in within),
    ]
