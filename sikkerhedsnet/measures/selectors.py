"""Reads about measures, the catalogue, the staircase and plans. Children are always loaded by the caller
through the access-checked getters of children.access (child_for_request, object_for_request, child_for_api,
object_for_api)."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery

from sikkerhedsnet.accounts.models import Role, User

from .models import ActionPlan, Goal, LegalBasis, Measure, MeasureQuerySet, Offer, StaircaseMove

CATALOGUE_EDITORS = frozenset({Role.ADMIN, Role.HEAD})
_CHUNK = 500


def child_has_active_measure(child_id: int, *, on: date) -> bool:
    """Does the child have a measure running on this day? (Triggers reassessment of a new notification.)"""
    return Measure.objects.filter(child_id=child_id).active_on(on).exists()


def can_edit_catalogue(user: User) -> bool:
    return user.is_authenticated and user.role in CATALOGUE_EDITORS and user.municipality_id is not None


def can_edit_legal_bases(user: User) -> bool:
    """The legal bases are national law, shared by every municipality of the installation: only the installation's
    operator (a superuser, made with `createsuperuser`, outside every municipality's roles) changes them, on the
    legal-basis pages or with `manage.py legal_basis`. A municipality's head or admin reads them like everyone."""
    return user.is_authenticated and user.is_superuser


def can_read_catalogue(user: User) -> bool:
    return (
        user.is_authenticated
        and user.municipality_id is not None
        and (user.has_case_access or can_edit_catalogue(user))
    )


def offers_for(municipality_id: int, *, active_only: bool = False) -> QuerySet[Offer]:
    qs = Offer.objects.filter(municipality_id=municipality_id).select_related("legal_basis", "legal_basis__replaces")
    return qs.filter(active=True) if active_only else qs


def legal_bases_valid_on(day: date) -> QuerySet[LegalBasis]:
    return LegalBasis.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def legal_basis_for(*, applies_to: tuple[str, ...], on: date) -> LegalBasis | None:
    """The first legal basis of this purpose in force on the day (e.g. BL § 46 for a 2025 placement)."""
    return legal_bases_valid_on(on).filter(applies_to__in=applies_to).order_by("code").first()


def measures_of_child(child_id: int) -> MeasureQuerySet:
    return (
        Measure.objects.filter(child_id=child_id)
        .select_related("offer", "legal_basis", "created_by")
        .order_by("-start_on", "-id")
    )


def staircase_timeline(child_id: int) -> QuerySet[StaircaseMove]:
    return (
        StaircaseMove.objects.filter(child_id=child_id)
        .select_related("measure", "measure__offer", "created_by")
        .order_by("moved_on", "id")
    )


def latest_move(child_id: int, *, on: date | None = None) -> StaircaseMove | None:
    qs = StaircaseMove.objects.filter(child_id=child_id)
    if on is not None:
        qs = qs.filter(moved_on__lte=on)
    return qs.order_by("-moved_on", "-id").first()


def staircase_position(child_ids: list[int], on: date) -> dict[int, tuple[int | None, str | None]]:
    """Staircase step and Børnelineal category of each child on a day (None, None: not on the staircase).

    For reports: a constant number of queries per 500 children, whatever the number of movements.
    """
    result: dict[int, tuple[int | None, str | None]] = {child_id: (None, None) for child_id in child_ids}
    ids = list(result)
    for offset in range(0, len(ids), _CHUNK):
        chunk = ids[offset : offset + _CHUNK]
        newest = (
            StaircaseMove.objects.filter(child_id=OuterRef("child_id"), moved_on__lte=on)
            .order_by("-moved_on", "-id")
            .values("id")[:1]
        )
        rows = (
            StaircaseMove.objects.filter(child_id__in=chunk, moved_on__lte=on)
            .filter(id=Subquery(newest))
            .values_list("child_id", "to_step", "category")
        )
        for child_id, step, category in rows:
            result[child_id] = (step, category or None) if step is not None else (None, None)
    return result


def action_plan_of(child_id: int) -> ActionPlan | None:
    return ActionPlan.objects.filter(child_id=child_id).prefetch_related("goals", "goals__measure").first()


def measures_needing_plan(child_ids: list[int], *, today: date) -> QuerySet[Measure]:
    """Measures that need barnets plan and have none yet (still running, or decided but not started)."""
    return (
        Measure.objects.filter(child_id__in=child_ids, action_plan__isnull=True)
        .running_or_future(today)
        .filter(Q(child_plan_required=True) | ~Q(kind=Measure.Kind.PREVENTIVE))
        .select_related("offer")
    )


def measure_queryset() -> QuerySet[Measure]:
    """Measures with what their pages show; pass it to children.access.object_for_request/_api."""
    return Measure.objects.select_related("offer", "legal_basis", "created_by")


def goal_queryset() -> QuerySet[Goal]:
    """Goals with their plan, whose child is the goal's (object_for_request(..., child_field="plan__child"))."""
    return Goal.objects.select_related("plan")
