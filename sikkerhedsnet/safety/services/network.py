"""The family's network: members with a role and a commitment, and network meetings with minutes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child, Person, Relation
from sikkerhedsnet.core import validation, versioning
from sikkerhedsnet.core.errors import DomainError, Duplicate

from ..models import NetworkMeeting, NetworkMember
from .common import not_in_future, text

MEMBER_FIELDS = ("name", "relation", "role", "phone", "email", "commitment", "active")


def _clean_member(fields: dict[str, object]) -> dict[str, object]:
    cleaned: dict[str, object] = {
        "name": text(fields.get("name"), field="name", max_length=120, required=True),
        "relation": text(fields.get("relation"), field="relation", max_length=100),
        "phone": validation.phone(fields.get("phone"), field="phone"),
        "email": text(fields.get("email"), field="email", max_length=254),
        "commitment": text(fields.get("commitment"), field="commitment", max_length=5000),
        "active": bool(fields.get("active", True)),
    }
    if fields.get("role") not in NetworkMember.Role.values:
        raise DomainError(_("Vælg en rolle i netværket."), field="role", code="unknown_role")
    cleaned["role"] = fields["role"]
    email = cleaned["email"]
    if email:
        try:
            validate_email(str(email))  # a str (text() cleaned it); the dict's values are typed as object
        except ValidationError as exc:
            raise DomainError(_("Ugyldig e-mailadresse."), field="email", code="invalid_email") from exc
    return cleaned


def _coordinator_taken() -> Duplicate:
    return Duplicate(
        _(
            "Barnet har allerede en aktiv netværkstovholder. Gør den nuværende inaktiv, eller giv personen en "
            "anden rolle."
        ),
        field="role",
        code="coordinator_exists",
    )


def _save(member: NetworkMember) -> None:
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # the one-coordinator constraint, e.g. two people at once
        raise _coordinator_taken() from exc


@transaction.atomic
def network_member_add(*, by: User, child: Child, person: Person | None = None, **fields: object) -> NetworkMember:
    """Add a member of the family's network; a person already on the child's record may be linked."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown network member fields: {sorted(unknown)}")
    if person is not None:
        if not Relation.objects.filter(child=child, person=person).exists():
            raise DomainError(_("Personen er ikke registreret i barnets sag."), field="person")
        if not fields.get("name"):
            fields["name"] = str(person)
        if not fields.get("phone"):
            fields["phone"] = person.phone
        if not fields.get("email"):
            fields["email"] = person.email
    cleaned = _clean_member(fields)
    if cleaned["role"] == NetworkMember.Role.NETWORK_COORDINATOR and cleaned["active"]:
        if NetworkMember.objects.filter(child=child, role=NetworkMember.Role.NETWORK_COORDINATOR, active=True).exists():
            raise _coordinator_taken()
    member = NetworkMember(child=child, person=person, created_by=by, **cleaned)
    _save(member)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=member, child_id=child.pk, new={"role": member.role})
    return member


@transaction.atomic
def network_member_update(*, by: User, member: NetworkMember, expected_version: int, **fields: object) -> NetworkMember:
    """Change a member's role, contact details or commitment; refuses a stale edit."""
    current = versioning.lock(
        NetworkMember,
        member.pk,
        expected_version=expected_version,
        stale_message=_(
            "En anden har gemt ændringer for denne person, mens du redigerede. Dine ændringer er ikke gemt."
        ),
    )
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown network member fields: {sorted(unknown)}")
    cleaned = _clean_member({k: getattr(current, k) for k in MEMBER_FIELDS} | fields)
    if cleaned["role"] == NetworkMember.Role.NETWORK_COORDINATOR and cleaned["active"]:
        others = NetworkMember.objects.filter(
            child_id=current.child_id, role=NetworkMember.Role.NETWORK_COORDINATOR, active=True
        ).exclude(pk=current.pk)
        if others.exists():
            raise _coordinator_taken()
    try:
        with transaction.atomic():
            return versioning.versioned_update(
                current,
                by=by,
                action=AuditEvent.Type.CHANGED,
                expected_version=expected_version,
                changes=cleaned,
                child_id=current.child_id,
            )
    except IntegrityError as exc:  # the one-coordinator constraint, e.g. two people at once
        raise _coordinator_taken() from exc


@transaction.atomic
def network_meeting_record(
    *,
    by: User,
    child: Child,
    held_on: date,
    minutes: str,
    participant_ids: Sequence[int] = (),
    other_participants: str = "",
) -> NetworkMeeting:
    """Record a network meeting: who from the network took part, who else, and the minutes."""
    not_in_future(held_on, field="held_on")
    members = list(NetworkMember.objects.filter(child=child, pk__in=list(participant_ids)))
    if len(members) != len(set(participant_ids)):
        raise DomainError(_("En valgt deltager hører ikke til barnets netværk."), field="participants")
    meeting = NetworkMeeting.objects.create(
        child=child,
        held_on=held_on,
        minutes=text(minutes, field="minutes", max_length=20000, required=True),
        other_participants=text(other_participants, field="other_participants", max_length=500),
        created_by=by,
    )
    meeting.participants.set(members)
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=meeting,
        child_id=child.pk,
        new={"held_on": held_on, "participants": [m.pk for m in members]},
    )
    return meeting
