"""Reads of the audit log: everything that touched one person (the data subject's right of access)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.legal import LOCAL_TZ

from .wording import TYPES_OF_KIND


class NotAuditor(PermissionError):
    pass


def access_log_for_cpr(user: User, cpr_text: str) -> QuerySet[AuditEvent]:
    """Every read, search, change and export touching the person with this CPR, oldest first.

    A child's events carry its id. A related adult (parent, network) is shown on the child's pages, so the
    events of every child they are related to count as touching them too, plus events on their own record.
    The lookup itself is logged.
    """
    from sikkerhedsnet.children.models import Child, Person, Relation

    if user.role != Role.AUDITOR:
        raise NotAuditor
    digits = cprlib.compact(cpr_text)
    child_ids = set(Child.objects.filter(cpr=digits).values_list("pk", flat=True))
    person_ids = list(Person.objects.filter(cpr=digits).values_list("pk", flat=True))
    child_ids |= set(Relation.objects.filter(person_id__in=person_ids).values_list("child_id", flat=True))
    condition = Q(child_id__in=child_ids) | Q(
        target_model="children.person", target_id__in=[str(p) for p in person_ids]
    )
    audit.record(by=user, type=AuditEvent.Type.ACCESS_LOG_EXPORTED, new={"cpr": cprlib.mask(digits)})
    if not child_ids and not person_ids:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(condition).order_by("seq")


def access_log_filtered(
    events: QuerySet[AuditEvent],
    *,
    person: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    kind: str = "",
) -> QuerySet[AuditEvent]:
    """The events narrowed to a person (any word of their name or username), a period (Danish days, both
    included) and a kind of event (insight/wording.py KINDS)."""
    for word in person.split():
        users = User.objects.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
        )
        events = events.filter(actor_id__in=users.values("pk"))
    if date_from is not None:
        events = events.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=LOCAL_TZ))
    if date_to is not None and date_to < date.max:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
        events = events.filter(created_at__lt=end)
    if kind in TYPES_OF_KIND:
        events = events.filter(type__in=TYPES_OF_KIND[kind])
    return events
