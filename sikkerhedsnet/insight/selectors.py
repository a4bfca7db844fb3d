"""Reads of the audit log: everything that touched one person (the data subject's right of access)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib


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
