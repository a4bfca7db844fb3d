"""Writes on children, relations, cases, journal and documents. Each one atomic and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Team, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.errors import DomainError, Duplicate, StaleEdit
from sikkerhedsnet.core.text import clean_text, search_key

from .models import Case, Child, Document, JournalEntry, Person, Relation

CHILD_EDITABLE_FIELDS = ("first_name", "last_name", "address", "postal_code", "city", "school_or_daycare")


def _validated_cpr(value: str) -> cprlib.Cpr:
    try:
        parsed = cprlib.parse(value)
    except cprlib.InvalidCpr as exc:
        raise DomainError(str(exc), field="cpr", code="invalid_cpr") from exc
    if parsed.birth_date > timezone.localdate():
        raise DomainError(_("CPR-nummerets fødselsdato ligger i fremtiden."), field="cpr", code="invalid_cpr")
    return parsed


def _required_name(value: str, field: str) -> str:
    value = clean_text(value or "")
    if not value:
        raise DomainError(_("Skal udfyldes."), field=field, code="required")
    if len(value) > 100:
        raise DomainError(_("Højst 100 tegn."), field=field, code="too_long")
    return value


def case_number_for(child_id: int, year: int) -> str:
    """Sagsnummer: S-<year opened>-<child id>; unique because the child id is."""
    return f"S-{year}-{child_id:06d}"


@transaction.atomic
def child_create(
    *,
    by: User,
    cpr: str,
    first_name: str,
    last_name: str,
    team: Team | None = None,
    caseworker: User | None = None,
    fictitious: bool = False,
    opened_on: date | None = None,
    **details: Any,
) -> Child:
    """Register a child and open its case. The creating caseworker becomes its caseworker by default."""
    parsed = _validated_cpr(cpr)
    first_name = _required_name(first_name, "first_name")
    last_name = _required_name(last_name, "last_name")
    if Child.objects.filter(cpr=parsed.digits).exists():
        raise Duplicate(_("Der findes allerede et barn med dette CPR-nummer."), field="cpr", code="duplicate_cpr")
    if caseworker is None and team is None and by.has_case_access and by.team_id:
        caseworker = by
    team = team or (caseworker.team if caseworker else None) or by.team
    if team is None:
        raise DomainError(_("Barnet skal høre til et team."), field="team", code="team_required")
    unknown = set(details) - set(CHILD_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown child fields: {sorted(unknown)}")
    child = Child(
        cpr=parsed.digits,
        birth_date=parsed.birth_date,
        replacement_cpr=parsed.replacement,
        fictitious=fictitious,
        first_name=first_name,
        last_name=last_name,
        search_name=search_key(f"{first_name} {last_name}"),
        **{k: clean_text(v) for k, v in details.items()},
    )
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError as exc:  # a concurrent registration of the same CPR
        raise Duplicate(
            _("Der findes allerede et barn med dette CPR-nummer."), field="cpr", code="duplicate_cpr"
        ) from exc
    opened_on = opened_on or timezone.localdate()
    case = Case.objects.create(
        child=child,
        number=case_number_for(child.pk, opened_on.year),
        team=team,
        caseworker=caseworker,
        opened_on=opened_on,
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CREATED,
        target=child,
        child_id=child.pk,
        new={"case": case.number, "team": team.pk, "caseworker": caseworker.pk if caseworker else None},
    )
    return child


@transaction.atomic
def child_update(*, by: User, child: Child, expected_version: int, **fields: Any) -> Child:
    """Change a child's details; refuses a stale edit (someone saved in between) instead of overwriting."""
    current = Child.objects.select_for_update().get(pk=child.pk)
    if current.version != expected_version:
        raise StaleEdit(
            _("En anden har gemt ændringer i barnets oplysninger, mens du redigerede. Dine ændringer er ikke gemt.")
        )
    unknown = set(fields) - set(CHILD_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown child fields: {sorted(unknown)}")
    old = {k: getattr(current, k) for k in fields}
    for name in ("first_name", "last_name"):
        if name in fields:
            fields[name] = _required_name(fields[name], name)
    for key, value in fields.items():
        setattr(current, key, clean_text(value) if isinstance(value, str) else value)
    current.search_name = search_key(f"{current.first_name} {current.last_name}")
    current.version += 1
    current.save()
    audit.record(
        by=by, type=AuditEvent.Type.CHANGED, target=current, child_id=current.pk, old=old, new=fields
    )
    return current


@transaction.atomic
def case_assign(*, by: User, child: Child, team: Team, caseworker: User | None) -> Case:
    """Move the case to a team and/or caseworker."""
    case = Case.objects.select_for_update().get(child=child)
    if caseworker is not None and caseworker.team_id != team.pk:
        raise DomainError(_("Rådgiveren hører ikke til det valgte team."), field="caseworker")
    old = {"team": case.team_id, "caseworker": case.caseworker_id}
    case.team, case.caseworker = team, caseworker
    case.version += 1
    case.save()
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=case,
        child_id=child.pk,
        old=old,
        new={"team": team.pk, "caseworker": caseworker.pk if caseworker else None},
    )
    return case


@transaction.atomic
def case_close(*, by: User, child: Child, closed_on: date) -> Case:
    case = Case.objects.select_for_update().get(child=child)
    if closed_on < case.opened_on:
        raise DomainError(_("En sag kan ikke lukkes før den er oprettet."), field="closed_on")
    if closed_on > timezone.localdate():
        raise DomainError(_("Datoen må ikke ligge i fremtiden."), field="closed_on")
    case.closed_on = closed_on
    case.version += 1
    case.save()
    audit.record(by=by, type=AuditEvent.Type.CHANGED, target=case, child_id=child.pk, new={"closed_on": closed_on})
    return case


@transaction.atomic
def case_legal_hold_set(*, by: User, child: Child, hold: bool, reason: str = "") -> Case:
    """Set or lift slettestop (legal hold): a held case is never erased by a retention run."""
    case = Case.objects.select_for_update().get(child=child)
    reason = clean_text(reason or "")
    if hold and len(reason) < 10:
        raise DomainError(_("Skriv en begrundelse på mindst 10 tegn."), field="reason", code="reason_required")
    if len(reason) > 500:
        raise DomainError(_("Højst 500 tegn."), field="reason", code="too_long")
    old = {"legal_hold": case.legal_hold, "reason": case.legal_hold_reason}
    case.legal_hold, case.legal_hold_reason = hold, reason if hold else ""
    case.version += 1
    case.save()
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=case,
        child_id=child.pk,
        old=old,
        new={"legal_hold": hold, "reason": case.legal_hold_reason},
    )
    return case


@transaction.atomic
def case_reopen(*, by: User, child: Child) -> Case:
    case = Case.objects.select_for_update().get(child=child)
    old = case.closed_on
    case.closed_on = None
    case.version += 1
    case.save()
    audit.record(by=by, type=AuditEvent.Type.CHANGED, target=case, child_id=child.pk, old={"closed_on": old})
    return case


@transaction.atomic
def relation_add(
    *,
    by: User,
    child: Child,
    kind: str,
    first_name: str,
    last_name: str = "",
    cpr: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    custody: bool = False,
    lives_with_child: bool = False,
    note: str = "",
    fictitious: bool = False,
) -> Relation:
    """Add a parent, custody holder, sibling or network member to the child's record."""
    if kind not in Relation.Kind.values:
        raise DomainError(_("Ukendt relationstype."), field="kind", code="unknown_kind")
    digits = _validated_cpr(cpr).digits if cpr else ""
    person = Person.objects.filter(cpr=digits).first() if digits else None
    if person is None:
        person = Person.objects.create(
            cpr=digits,
            fictitious=fictitious,
            first_name=_required_name(first_name, "first_name"),
            last_name=clean_text(last_name),
            phone=clean_text(phone),
            email=email.strip(),
            address=clean_text(address),
        )
    if Relation.objects.filter(child=child, person=person, kind=kind).exists():
        raise Duplicate(_("Personen er allerede registreret med denne relation."), code="duplicate_relation")
    relation = Relation.objects.create(
        child=child, person=person, kind=kind, custody=custody, lives_with_child=lives_with_child, note=clean_text(note)
    )
    audit.record(
        by=by, type=AuditEvent.Type.CREATED, target=relation, child_id=child.pk, new={"kind": kind, "person": person.pk}
    )
    return relation


@transaction.atomic
def journal_entry_add(*, by: User, child: Child, occurred_on: date, title: str, text: str) -> JournalEntry:
    """Write a dated journal note on the child's case."""
    title, text = clean_text(title), clean_text(text)
    if not title:
        raise DomainError(_("Skriv en overskrift."), field="title", code="required")
    if not text:
        raise DomainError(_("Notatet er tomt."), field="text", code="required")
    if len(title) > 200:
        raise DomainError(_("Overskriften må højst være 200 tegn."), field="title", code="too_long")
    if len(text) > 20000:
        raise DomainError(_("Notatet må højst være 20.000 tegn."), field="text", code="too_long")
    if occurred_on > timezone.localdate():
        raise DomainError(_("Datoen må ikke ligge i fremtiden."), field="occurred_on", code="date_in_future")
    entry = JournalEntry.objects.create(child=child, occurred_on=occurred_on, title=title, text=text, author=by)
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=entry, child_id=child.pk, new={"title": title})
    return entry


# Allowed uploads, recognised by their first bytes rather than by the name or the browser's claim.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),  # docx/xlsx/odt; narrowed by extension below
)
_OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def sniff_content_type(head: bytes, filename: str) -> str | None:
    """The real type of an upload from its magic bytes, or None when it is not an allowed type."""
    for magic, content_type in _SIGNATURES:
        if head.startswith(magic):
            if content_type == "application/zip":
                ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
                return _OFFICE_TYPES.get(ext)
            return content_type
    return None


@transaction.atomic
def document_upload(*, by: User, child: Child, title: str, upload: UploadedFile, max_bytes: int) -> Document:
    """Attach a document after checking its size and real content type."""
    title = clean_text(title) or clean_text(upload.name or "")[:200]
    if upload.size is None or upload.size == 0:
        raise DomainError(_("Filen er tom."), field="file", code="empty_file")
    if upload.size > max_bytes:
        raise DomainError(
            _("Filen er for stor (højst %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)},
            field="file",
            code="file_too_large",
        )
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head, upload.name or "")
    if content_type is None:
        raise DomainError(
            _("Filtypen er ikke tilladt. Brug PDF, PNG, JPEG, DOCX, XLSX eller ODT."),
            field="file",
            code="file_type_not_allowed",
        )
    document = Document(
        child=child,
        title=title[:200],
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    audit.record(by=by, type=AuditEvent.Type.CREATED, target=document, child_id=child.pk, new={"title": title})
    return document


@transaction.atomic
def break_glass_review(*, by: User, access_id: int) -> None:
    """The team leader marks a reasoned access as seen."""
    from .models import BreakGlassAccess

    access = BreakGlassAccess.objects.select_for_update().get(pk=access_id, child__case__team_id=by.team_id)
    if access.reviewed_at is None:
        access.reviewed_at, access.reviewed_by = timezone.now(), by
        access.save(update_fields=["reviewed_at", "reviewed_by"])
        audit.record(by=by, type=AuditEvent.Type.CHANGED, target=access, child_id=access.child_id, new={"reviewed": True})
