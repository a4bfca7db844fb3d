"""Mapping (kortlægning) with the family: participants, attributed entries, danger statements and safety goals."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child, Person, Relation
from sikkerhedsnet.core import versioning
from sikkerhedsnet.core.errors import Conflict, DomainError, Duplicate

from .. import rules
from ..models import Mapping, MappingEntry, MappingParticipant, ParticipantRole
from .common import not_in_future, text


def _require_open(mapping: Mapping) -> None:
    if not mapping.is_open:
        raise Conflict(
            _("Kortlægningen er afsluttet og kan ikke ændres. Start en ny kortlægning."), code="mapping_finalized"
        )


def _locked(mapping: Mapping) -> Mapping:
    current = versioning.lock(Mapping, mapping.pk)
    _require_open(current)
    return current


@transaction.atomic
def mapping_create(*, by: User, child: Child, held_on: date, title: str, based_on: Mapping | None = None) -> Mapping:
    """Start a dated mapping; optionally carry the participants and entries of an earlier one forward."""
    not_in_future(held_on, field="held_on")
    if based_on is not None and based_on.child_id != child.pk:
        raise DomainError(_("Den valgte kortlægning hører til et andet barn."), field="based_on")
    mapping = Mapping.objects.create(
        child=child,
        held_on=held_on,
        title=text(title, field="title", max_length=200, required=True),
        based_on=based_on,
        danger_statement=based_on.danger_statement if based_on else "",
        safety_goal=based_on.safety_goal if based_on else "",
        created_by=by,
    )
    if based_on is not None:
        old_participants = list(based_on.participants.order_by("pk"))
        new_participants = MappingParticipant.objects.bulk_create(
            [
                MappingParticipant(mapping=mapping, name=p.name, role=p.role, person_id=p.person_id)
                for p in old_participants
            ]
        )
        if new_participants and new_participants[0].pk is None:  # backends without RETURNING
            new_participants = list(mapping.participants.order_by("pk"))
        by_old = {old.pk: new for old, new in zip(old_participants, new_participants, strict=True)}
        MappingEntry.objects.bulk_create(
            [
                MappingEntry(
                    mapping=mapping, category=e.category, text=e.text, said_by=by_old[e.said_by_id], created_by=by
                )
                for e in based_on.entries.order_by("pk")
            ]
        )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=mapping,
        child_id=child.pk,
        new={"held_on": held_on, "based_on": based_on.pk if based_on else None},
    )
    return mapping


@transaction.atomic
def mapping_participant_add(
    *, by: User, mapping: Mapping, name: str, role: str, person: Person | None = None
) -> MappingParticipant:
    """Add someone present at the meeting (a parent, the child, network, a professional)."""
    mapping = _locked(mapping)
    if role not in ParticipantRole.values:
        raise DomainError(_("Ukendt rolle."), field="role", code="unknown_role")
    if person is not None and not Relation.objects.filter(child_id=mapping.child_id, person=person).exists():
        raise DomainError(_("Personen er ikke registreret i barnets sag."), field="person")
    name = text(name or (str(person) if person else ""), field="name", max_length=120, required=True)
    if mapping.participants.filter(name__iexact=name, role=role).exists():
        raise Duplicate(_("Deltageren er allerede med."), field="name", code="duplicate_participant")
    participant = MappingParticipant.objects.create(mapping=mapping, name=name, role=role, person=person)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=participant, child_id=mapping.child_id, new={"role": role})
    return participant


@transaction.atomic
def mapping_entry_add(*, by: User, mapping: Mapping, category: str, text_value: str, said_by_id: int) -> MappingEntry:
    """Write one statement into its column, attributed to the participant who said it."""
    mapping = _locked(mapping)
    if category not in rules.MAPPING_CATEGORIES:
        raise DomainError(_("Vælg en kategori."), field="category", code="unknown_category")
    said_by = mapping.participants.filter(pk=said_by_id).first()
    if said_by is None:
        raise DomainError(_("Vælg hvem der sagde det."), field="said_by", code="unknown_participant")
    entry = MappingEntry.objects.create(
        mapping=mapping,
        category=category,
        text=text(text_value, field="text", max_length=2000, required=True),
        said_by=said_by,
        created_by=by,
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=entry,
        child_id=mapping.child_id,
        new={"category": category, "said_by": said_by.pk},
    )
    return entry


@transaction.atomic
def mapping_entry_remove(*, by: User, entry: MappingEntry) -> None:
    """Remove an entry written by mistake (only while the mapping is open)."""
    mapping = _locked(entry.mapping)
    audit.record(
        by=by,
        type=AuditEvent.Type.DELETED,
        target=entry,
        child_id=mapping.child_id,
        old={"category": entry.category, "text": entry.text, "said_by": entry.said_by_id},
    )
    entry.delete()


@transaction.atomic
def mapping_statements_update(
    *, by: User, mapping: Mapping, expected_version: int, danger_statement: str, safety_goal: str
) -> Mapping:
    """Write the danger statements and safety goals from the mapping; refuses a stale edit."""
    current = _locked(mapping)
    versioning.check_version(
        current,
        expected_version,
        _(
            "En anden har gemt faresætninger eller sikkerhedsmål, mens du skrev. Din tekst er ikke gemt, men står "
            "stadig i felterne – sammenlign med den gemte tekst og gem igen."
        ),
    )
    return versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={
            "danger_statement": text(danger_statement, field="danger_statement", max_length=5000),
            "safety_goal": text(safety_goal, field="safety_goal", max_length=5000),
        },
        child_id=current.child_id,
    )


@transaction.atomic
def mapping_finalize(*, by: User, mapping: Mapping, expected_version: int | None = None) -> Mapping:
    """Close the mapping: from now on it is kept as it was on the day (a dated record). With `expected_version`
    (the API) a mapping whose statements changed since the caller read it is refused as a stale edit."""
    current = _locked(mapping)
    return versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={"finalized_at": timezone.now(), "finalized_by": by},
        child_id=current.child_id,
    )
