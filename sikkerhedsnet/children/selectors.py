"""Need-to-know access to children. Every access rule lives here, once; every read of a child is logged."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.db import connection, models
from django.db.models import Case as SqlCase
from django.db.models import F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.accounts.settings_selectors import setting_on
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.converters import MAX_ID
from sikkerhedsnet.core.text import clean_text, search_key

from .models import BreakGlassAccess, Case, Child, JournalEntry, Relation
from .overview import JOURNAL, Event
from .rules import cpr_near_variants

BREAK_GLASS_DURATION = timedelta(hours=8)  # one shift, e.g. the after-hours service (døgnvagten)
MIN_REASON_LENGTH = 10
MAX_REASON_LENGTH = 500

M = TypeVar("M", bound=models.Model)


class AccessReasonTooShort(ValueError):
    code = "access_reason_too_short"


class AccessReasonTooLong(ValueError):
    code = "access_reason_too_long"


class BreakGlassReadOnly(Exception):
    """The child is visible to this user only through break the glass, which grants reading, never writing.

    Writing needs the case transferred to the user's team or a role in the child's team.
    """

    code = "break_glass_read_only"


def _scope_q(user: User, *, prefix: str = "") -> Q | None:
    """The rule: which children's cases a user may see without a stated reason (None = none at all)."""
    if not user.is_authenticated:
        return None
    if user.role in (Role.CASEWORKER, Role.SOS_CONSULTANT, Role.TEAM_LEADER):
        if not user.team_id:
            return None
        return Q(**{f"{prefix}case__team_id": user.team_id})
    if user.role == Role.HEAD:
        if not user.municipality_id:
            return None
        return Q(**{f"{prefix}case__team__department__municipality_id": user.municipality_id})
    # analyst: aggregates only; admin: users only; auditor: the audit log only.
    return None


def children_visible_to(user: User, *, now: datetime | None = None) -> QuerySet[Child]:
    """Children whose case the user may open: own team (head: whole municipality) plus live break-the-glass grants."""
    scope = _scope_q(user)
    if scope is None:
        return Child.objects.none()
    now = now or timezone.now()
    granted = BreakGlassAccess.objects.filter(user=user, expires_at__gt=now).values("child_id")
    return Child.objects.filter(scope | Q(pk__in=granted))


def child_queryset_in_scope(user: User) -> QuerySet[Child]:
    """Children in the user's standing scope (no grants): the base for lists and searches."""
    scope = _scope_q(user)
    return Child.objects.none() if scope is None else Child.objects.filter(scope)


def _active_grant(user: User, child_id: int, now: datetime) -> BreakGlassAccess | None:
    return (
        BreakGlassAccess.objects.filter(user=user, child_id=child_id, expires_at__gt=now)
        .order_by("-expires_at")
        .first()
    )


def child_get_for_user(
    user: User,
    child_id: int,
    *,
    reason: str = "",
    purpose: str = "",
    for_write: bool = False,
    obj: models.Model | None = None,
) -> Child:
    """Return the child if the user may see it, logging the read; otherwise raise Child.DoesNotExist.

    A user with case access outside the child's team may state a reason (break the glass): the read is then
    allowed, logged with the reason, and shown to the child's team leader. Break the glass grants reading only:
    `for_write=True` (the caller is about to change something of the child's) raises BreakGlassReadOnly for a
    child the user sees only through it. `obj` names the object read (logged with the child's read, so the team
    leader's review lists what was read).
    """
    now = timezone.now()
    base = Child.objects.select_related("case", "case__team", "case__caseworker")
    scope = _scope_q(user)
    if scope is None or not 0 < child_id <= MAX_ID:  # a tampered id must not overflow the database integer
        raise Child.DoesNotExist
    child = base.filter(scope, pk=child_id).first()
    logged_reason = ""
    through_glass = child is None  # not in the standing scope: only a grant or a stated reason opens it
    if child is None:
        grant = _active_grant(user, child_id, now)
        if grant is not None:
            child = base.filter(pk=child_id).first()
            logged_reason = grant.reason
        elif reason:
            child = _break_the_glass(user, child_id, reason, now)
            logged_reason = clean_text(reason)
    if child is None:
        raise Child.DoesNotExist
    if for_write and through_glass:
        raise BreakGlassReadOnly(child_id)
    details: dict[str, str] = {"purpose": purpose} if purpose else {}
    if obj is not None:
        details |= {"object_model": obj._meta.label_lower, "object_id": str(obj.pk)}
    audit.record(
        by=user,
        type=AuditEvent.Type.CHILD_VIEWED,
        target=child,
        child_id=child.pk,
        reason=logged_reason,
        new=details or None,
    )
    return child


_CHILD_ID = "need_to_know_child_id"  # the annotation object_get_for_user reads the object's child id from


def object_get_for_user(
    user: User,
    queryset: QuerySet[M],
    object_id: Any,
    *,
    field: str = "pk",
    child_field: str = "child",
    reason: str = "",
    purpose: str = "",
    for_write: bool = False,
) -> M:
    """Return the object if the user may see its child (the read is logged as the child's); otherwise raise
    the object's DoesNotExist, exactly as for an object that does not exist. `for_write`: as child_get_for_user.

    `queryset` brings the joins the caller needs (e.g. intake.selectors.notification_queryset()); `field` is
    the lookup (`pk`, or `public_id` for a download); `child_field` the path to the child (`child`,
    `mapping__child`). The need-to-know rule, break the glass (`reason`) and the log line are
    child_get_for_user's. Prefetches run only after the check, and the checked child (joined to its case, team
    and caseworker) replaces the object's own, so `obj.child` costs no further query.
    """
    model: Any = queryset.model  # a concrete model: its DoesNotExist is what a missing object raises
    if isinstance(object_id, int) and not 0 < object_id <= MAX_ID:  # a tampered id must not overflow the integer
        raise model.DoesNotExist
    lookups = getattr(queryset, "_prefetch_related_lookups", ())  # run after the check, not before it
    obj = queryset.prefetch_related(None).annotate(**{_CHILD_ID: F(child_field)}).filter(**{field: object_id}).first()
    if obj is None:
        raise model.DoesNotExist
    try:
        child = child_get_for_user(
            user, getattr(obj, _CHILD_ID), reason=reason, purpose=purpose, for_write=for_write, obj=obj
        )
    except Child.DoesNotExist as exc:
        raise model.DoesNotExist from exc
    _attach_child(obj, child_field, child)
    if lookups:
        models.prefetch_related_objects([obj], *lookups)
    return obj


def _attach_child(obj: models.Model, child_field: str, child: Child) -> None:
    """Put the checked child where the object keeps its child, walking only relations already loaded."""
    *hops, last = child_field.split("__")
    for hop in hops:
        if not obj._meta.get_field(hop).is_cached(obj):  # type: ignore[union-attr]
            return
        obj = getattr(obj, hop)
    setattr(obj, last, child)


def break_glass_duration(user: User, now: datetime) -> timedelta:
    """How long a grant lasts: the municipality's `break_glass_hours` in force today (default 8 hours)."""
    if not user.municipality_id:
        return BREAK_GLASS_DURATION
    hours = setting_on(user.municipality_id, "break_glass_hours", on=timezone.localdate(now))
    return timedelta(hours=int(hours))


def _break_the_glass(user: User, child_id: int, reason: str, now: datetime) -> Child | None:
    reason = clean_text(reason)  # zero-width spaces and other invisible characters are no reason
    if len(reason) < MIN_REASON_LENGTH:
        raise AccessReasonTooShort(reason)
    if len(reason) > MAX_REASON_LENGTH:
        raise AccessReasonTooLong(reason)
    if not user.has_case_access or not user.municipality_id:
        return None
    child = (
        Child.objects.select_related("case", "case__team", "case__caseworker")
        .filter(pk=child_id, case__team__department__municipality_id=user.municipality_id)
        .first()
    )
    if child is None:
        return None
    grant = BreakGlassAccess.objects.create(
        user=user, child=child, reason=reason, granted_at=now, expires_at=now + break_glass_duration(user, now)
    )
    audit.record(by=user, type=AuditEvent.Type.BREAK_THE_GLASS, target=grant, child_id=child.pk, reason=reason)
    return child


def child_find_by_cpr_with_reason(user: User, cpr_text: str, reason: str) -> Child | None:
    """Break-the-glass lookup by exact CPR in the user's municipality (e.g. the after-hours service)."""
    digits = cprlib.compact(cpr_text)
    child_id = Child.objects.filter(cpr=digits).values_list("pk", flat=True).first()
    if child_id is None:
        return None
    try:
        return child_get_for_user(user, child_id, reason=reason, purpose="break_the_glass_search")
    except Child.DoesNotExist:
        return None


# ASCII digits only (core/validation.py): '٣' or '３' is no CPR or case number, so such a query searches names.
_CPR_QUERY = re.compile(r"^[0-9]{6}-?[0-9]{0,4}$")
_CASE_NUMBER = re.compile(r"^[Ss]-?[0-9]{4}-?[0-9]+$")


@dataclass(frozen=True)
class SearchPage:
    items: list[Child]
    count: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def children_search(user: User, q: str, *, page: int = 1, page_size: int = 25) -> SearchPage:
    """Search by CPR (with or without hyphen), name (accent- and case-insensitive) or case number.

    Only among children the user may see; every child returned is logged as a search hit.
    """
    q = (q or "").strip()
    page = max(1, page)
    qs = children_visible_to(user)
    if not q:
        return SearchPage([], 0, page, page_size)
    if _CPR_QUERY.match(q):
        qs = qs.filter(cpr__startswith=q.replace("-", ""))
    elif _CASE_NUMBER.match(q):
        # Stored as "S-<year>-<6+ digits>" (children.services.case_number_for); an exact match uses the unique index.
        digits = re.sub(r"[^0-9]", "", q)
        qs = qs.filter(case__number=f"S-{digits[:4]}-{int(digits[4:]):06d}")
    else:
        # PostgreSQL answers these LIKE '%token%' filters from a trigram index (children migration 0003).
        for token in search_key(q).split(" ")[:6]:
            qs = qs.filter(search_name__contains=token)
    offset = (page - 1) * page_size
    items = list(
        qs.select_related("case", "case__caseworker").order_by("last_name", "first_name", "pk")[
            offset : offset + page_size
        ]
    )
    # A short page tells the total without a second pass over the matches (most CPR and name searches).
    count = offset + len(items) if 0 < len(items) < page_size or (page == 1 and not items) else qs.count()
    audit.record_many(
        by=user,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CHILD_SEARCHED, target_model="children.child", target_id=str(c.pk), child_id=c.pk
            )
            for c in items
        ]
        or [audit.Entry(type=AuditEvent.Type.CHILD_SEARCHED, new={"hits": 0})],
    )
    return SearchPage(items, count, page, page_size)


def children_listed(user: User, child_ids: Iterable[int | None], *, page: str) -> None:
    """Log that a page showed these children by name (Mine sager, a queue, an overview): one `children_listed`
    event per child, so each child's access log shows it, written in one bulk write (a fixed number of queries)."""
    ids = list(dict.fromkeys(i for i in child_ids if i is not None))
    audit.record_many(
        by=user,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CHILDREN_LISTED,
                target_model="children.child",
                target_id=str(i),
                child_id=i,
                new={"page": page},
            )
            for i in ids
        ],
    )


def relations_of(child: Child) -> QuerySet[Relation]:
    """The child's family and network: parents first, then the order of Relation.Kind, then by name."""
    order = SqlCase(*[When(kind=k, then=Value(i)) for i, k in enumerate(Relation.Kind.values)], default=Value(99))
    return child.relations.select_related("person").order_by(order, "person__first_name", "pk")


def history_days(child: Child, *, limit: int = 30) -> list[date]:
    """The days (newest first) on which the child's record, case or family changed: where "as it was" differs."""
    moments = (
        list(child.history.values_list("history_date", flat=True))
        + list(Case.history.filter(child_id=child.pk).values_list("history_date", flat=True))
        + list(Relation.history.filter(child_id=child.pk).values_list("history_date", flat=True))
    )
    return sorted({timezone.localdate(m) for m in moments}, reverse=True)[:limit]


def my_open_cases(user: User) -> QuerySet[Child]:
    """The children whose open case this user holds ("Mine sager")."""
    return (
        Child.objects.filter(case__caseworker=user, case__closed_on__isnull=True)
        .select_related("case")
        .order_by("last_name", "first_name")
    )


def unassigned_open_cases(team_ids: list[int]) -> QuerySet[Child]:
    """Open cases in these teams with no responsible caseworker yet, oldest first (for fordeling)."""
    return (
        Child.objects.filter(case__team_id__in=team_ids, case__closed_on__isnull=True, case__caseworker__isnull=True)
        .select_related("case", "case__team")
        .order_by("case__opened_on", "pk")
    )


def reassignable_cases(by: User, leaving: User) -> QuerySet[Child]:
    """The open cases `leaving` holds that `by` may hand on: a team leader's own team's, a head's municipality's."""
    if by.role not in (Role.TEAM_LEADER, Role.HEAD):
        return Child.objects.none()
    return (
        child_queryset_in_scope(by)
        .filter(case__caseworker=leaving, case__closed_on__isnull=True)
        .select_related("case", "case__team__department")
        .order_by("case__opened_on", "pk")
    )


def reassign_candidates(by: User) -> QuerySet[User]:
    """Who can take over a case in `by`'s municipality: its active caseworkers and SoS consultants."""
    if not by.municipality_id:
        return User.objects.none()
    return (
        User.objects.filter(
            team__department__municipality_id=by.municipality_id,
            is_active=True,
            role__in=[Role.CASEWORKER, Role.SOS_CONSULTANT],
        )
        .select_related("team__department")
        .order_by("first_name", "last_name", "username")
    )


def break_glass_for_team_leader(user: User) -> QuerySet[BreakGlassAccess]:
    """Reasoned accesses to the team leader's team's children by people outside the team."""
    if user.role != Role.TEAM_LEADER or not user.team_id:
        return BreakGlassAccess.objects.none()
    return (
        BreakGlassAccess.objects.filter(child__case__team_id=user.team_id)
        .select_related("user", "child", "reviewed_by")
        .order_by("reviewed_at", "-granted_at")
    )


@dataclass(frozen=True)
class BreakGlassActivity:
    """One logged event of a break-the-glass access: what was read (or, before reads-only, written)."""

    at: datetime
    kind: str  # the audit event type's label, e.g. "Barn vist"
    what: str  # the object, e.g. "sikkerhedsplan 12", or the purpose when only the child was read


def _activity_of(event: AuditEvent) -> BreakGlassActivity:
    new = event.new if isinstance(event.new, dict) else {}
    label, object_id = str(new.get("object_model") or event.target_model), str(new.get("object_id") or event.target_id)
    try:
        name = str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        name = label
    what = f"{name} {object_id}".strip()
    if new.get("purpose"):
        what = f"{what} ({new['purpose']})"
    return BreakGlassActivity(at=event.created_at, kind=event.get_type_display(), what=what)


def break_glass_activity(accesses: list[BreakGlassAccess]) -> dict[int, list[BreakGlassActivity]]:
    """Per access: the audit events of its user about its child while it was live, oldest first (one query).

    The team leader's review shows these, so every object read (or written) under break the glass is seen.
    """
    if not accesses:
        return {}
    window = Q()
    for a in accesses:
        window |= Q(actor_id=a.user_id, child_id=a.child_id, created_at__gte=a.granted_at, created_at__lte=a.expires_at)
    events = list(AuditEvent.objects.filter(window).order_by("seq"))
    return {
        a.pk: [
            _activity_of(e)
            for e in events
            if e.actor_id == a.user_id and e.child_id == a.child_id and a.granted_at <= e.created_at <= a.expires_at
        ]
        for a in accesses
    }


# --- One person, one case file: existence and near matches (issues #14 item 3, #20 Medium 4) ------------------


class Known:
    """How much a user may be told about an existing child: need-to-know decides, never the caller."""

    VISIBLE = "visible"  # the user may open the case: it may be named
    MUNICIPALITY = "municipality"  # another team's case in the user's municipality: only that it exists, whom to ask
    ELSEWHERE = "elsewhere"  # another municipality's child: nothing beyond "cannot be registered here"


@dataclass(frozen=True)
class CprMatch:
    child: Child
    known: str  # a Known value
    exact: bool  # the same CPR (otherwise a near match: a typing slip away, or the same name and birth date)


def _known(user: User, child: Child, visible_ids: set[int]) -> str:
    if child.pk in visible_ids:
        return Known.VISIBLE
    if child.case.team.department.municipality_id == user.municipality_id:
        return Known.MUNICIPALITY
    return Known.ELSEWHERE


def child_cpr_existence(user: User, digits: str, *, purpose: str) -> CprMatch | None:
    """The child registered with this CPR anywhere, and how much the user may be told about it.

    Every answer that a child exists is audited: the checking user and the child (never the CPR itself); another
    municipality's child is logged without naming it, as in `intake.selectors.notification_cpr_lookup`.
    """
    child = Child.objects.select_related("case__team__department").filter(cpr=digits).first()
    if child is None:
        return None
    known = _known(user, child, set(children_visible_to(user).filter(pk=child.pk).values_list("pk", flat=True)))
    own = known != Known.ELSEWHERE
    audit.record(
        by=user,
        type=AuditEvent.Type.CHILD_SEARCHED,
        target=child if own else None,
        child_id=child.pk if own else None,
        new={"purpose": purpose, "existence": "exact", "known_to_user": known == Known.VISIBLE},
    )
    return CprMatch(child=child, known=known, exact=True)


def child_near_matches(
    user: User,
    *,
    digits: str,
    first_name: str = "",
    last_name: str = "",
    birth_date: date | None = None,
    exclude_id: int | None = None,
    purpose: str,
) -> list[CprMatch]:
    """Children a typing slip away from the CPR, or with the same name and birth date (issue #14 item 3).

    Only children the user may see or of the user's municipality count; the CPR's variants (at most 10 x 9 + 9)
    are looked up with one `IN` query, never a scan of every child. Each match is audited like an existence check.
    """
    variants = cpr_near_variants(digits)
    if not variants:
        return []
    candidates = Q(cpr__in=sorted(variants))
    key = search_key(f"{first_name} {last_name}") if first_name.strip() and last_name.strip() else ""
    if key and birth_date is not None:
        candidates |= Q(birth_date=birth_date, search_name=key)
    where = Q(case__team__department__municipality_id=user.municipality_id) if user.municipality_id else Q(pk__in=[])
    visible = children_visible_to(user)
    found = list(
        Child.objects.select_related("case__team__department")
        .filter(candidates)
        .filter(where | Q(pk__in=visible.values("pk")))
        .exclude(cpr=digits)
        .exclude(pk=exclude_id or 0)
        .order_by("pk")[:20]
    )
    if not found:
        return []
    visible_ids = set(visible.filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True))
    matches = [CprMatch(child=c, known=_known(user, c, visible_ids), exact=False) for c in found]
    audit.record_many(
        by=user,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CHILD_SEARCHED,
                target_model="children.child",
                target_id=str(m.child.pk),
                child_id=m.child.pk,
                reason="",
                old=None,
                new={"purpose": purpose, "existence": "near_match", "known_to_user": m.known == Known.VISIBLE},
            )
            for m in matches
        ],
        return_events=False,
    )
    return matches


def near_match_warnings(matches: list[CprMatch]) -> list[dict[str, str]]:
    """`possible_duplicate` warnings (docs/api-contract.md, Additions (v2)): a child the user may see is named; the
    others are told only as one sentence, whatever their number, with whom to contact."""
    warnings = []
    for match in matches:
        if match.known == Known.VISIBLE:
            child = match.child
            warnings.append(
                {
                    "code": "possible_duplicate",
                    "message": _("Måske samme barn: %(name)s, født %(birth_date)s, CPR %(cpr)s, sag %(number)s.")
                    % {
                        "name": child.full_name,
                        "birth_date": child.birth_date.isoformat(),
                        "cpr": child.cpr_formatted,
                        "number": child.case.number,
                    },
                }
            )
    if any(m.known == Known.MUNICIPALITY for m in matches):
        warnings.append(
            {
                "code": "possible_duplicate",
                "message": _(
                    "Et barn med et næsten ens CPR-nummer eller samme navn og fødselsdato har allerede en sag i "
                    "kommunen. Kontakt din teamleder eller modtagelsen, hvis det kan være samme barn."
                ),
            }
        )
    return warnings


def journal_entries_of(child: Child) -> QuerySet[JournalEntry]:
    """The child's journal, newest first, with each author (one query however long)."""
    return child.journal_entries.select_related("author").order_by("-occurred_on", "-id")


def journal_search(child: Child, q: str, *, limit: int = 100) -> list[JournalEntry]:
    """The child's journal notes matching the words in `q`, best match first.

    PostgreSQL: its full-text search with the Danish configuration (stemming: "besøget" finds "besøg"),
    title weighted over text. SQLite: every word contained, case-insensitive, in the title or the text."""
    q = clean_text(q).strip()
    if not q:
        return []
    entries = journal_entries_of(child)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="danish") + SearchVector("text", weight="B", config="danish")
        query = SearchQuery(q, config="danish", search_type="websearch")
        found = (
            entries.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "-occurred_on", "-id")
        )
        return list(found[:limit])
    condition = Q()
    for word in q.split():
        condition &= Q(title__icontains=word) | Q(text__icontains=word)
    return list(entries.filter(condition)[:limit])


def journal_timeline(child: Child, kinds: Iterable[str], before: date | None, limit: int) -> list[Event]:
    """The journal's part of the case timeline (children/overview.py): each note with its type."""
    if JOURNAL not in kinds:
        return []
    entries = journal_entries_of(child)
    if before is not None:
        entries = entries.filter(occurred_on__lt=before)
    return [
        Event(
            on=e.occurred_on,
            kind=JOURNAL,
            label=f"{e.get_kind_display()}: {e.title}",
            detail=e.author.get_full_name() or e.author.get_username(),
            text=e.text,
            at=e.created_at,
            sort_id=e.pk,
        )
        for e in entries[:limit]
    ]
