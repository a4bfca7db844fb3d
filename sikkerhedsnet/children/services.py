"""Writes on children, relations, cases, journal and documents. Each one atomic and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import Team, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core import validation, versioning
from sikkerhedsnet.core.errors import Conflict, DomainError, Duplicate, StaleEdit
from sikkerhedsnet.core.text import clean_text, search_key

from . import rules, selectors
from .models import Case, Child, Document, JournalEntry, Person, Relation
from .selectors import reassignable_cases

CHILD_EDITABLE_FIELDS = ("first_name", "last_name", "address", "postal_code", "city", "school_or_daycare")


def _validated_cpr(value: str) -> cprlib.Cpr:
    parsed = validation.cpr(value, field="cpr")
    if parsed.birth_date > timezone.localdate():
        raise DomainError(_("CPR-nummerets fødselsdato ligger i fremtiden."), field="cpr", code="invalid_cpr")
    return parsed


def _required_name(value: str, field: str) -> str:
    return validation.text(value, field=field, max_length=100, required=True)


def case_number_for(child_id: int, year: int) -> str:
    """Sagsnummer: S-<year opened>-<child id>; unique because the child id is."""
    return f"S-{year}-{child_id:06d}"


def duplicate_cpr_error(match: selectors.CprMatch) -> Duplicate:
    """The 409 for a CPR already registered, telling no more than need-to-know allows (issue #20, Medium 4)."""
    if match.known == selectors.Known.VISIBLE:
        message = _("Barnet er allerede oprettet: %(name)s, sag %(number)s.") % {
            "name": match.child.full_name,
            "number": match.child.case.number,
        }
    elif match.known == selectors.Known.MUNICIPALITY:
        message = _(
            "Barnet har allerede en sag i kommunen. Kontakt din teamleder eller modtagelsen, som kan sende "
            "henvendelsen videre til sagen."
        )
    else:
        message = _("Barnet kan ikke oprettes her. Kontakt en administrator.")
    return Duplicate(message, field="cpr", code="duplicate_cpr")


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
    """Register a child and open its case. The creating caseworker becomes its caseworker by default.

    A CPR already registered is refused with an answer scoped to need-to-know; the check is audited in its own
    transaction, so the event stays although the registration is refused.
    """
    parsed = _validated_cpr(cpr)
    first_name = _required_name(first_name, "first_name")
    last_name = _required_name(last_name, "last_name")
    existing = selectors.child_cpr_existence(by, parsed.digits, purpose="register_child")
    if existing is not None:
        raise duplicate_cpr_error(existing)
    return _child_create(
        by=by,
        parsed=parsed,
        first_name=first_name,
        last_name=last_name,
        team=team,
        caseworker=caseworker,
        fictitious=fictitious,
        opened_on=opened_on,
        details=details,
    )


@transaction.atomic
def _child_create(
    *,
    by: User,
    parsed: cprlib.Cpr,
    first_name: str,
    last_name: str,
    team: Team | None,
    caseworker: User | None,
    fictitious: bool,
    opened_on: date | None,
    details: dict[str, Any],
) -> Child:
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
        **_details(details),
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
    current = versioning.lock(
        Child,
        child.pk,
        expected_version=expected_version,
        stale_message=_(
            "En anden har gemt ændringer i barnets oplysninger, mens du redigerede. Dine ændringer er ikke gemt."
        ),
    )
    unknown = set(fields) - set(CHILD_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown child fields: {sorted(unknown)}")
    for name in ("first_name", "last_name"):
        if name in fields:
            fields[name] = _required_name(fields[name], name)
    changes = _details(fields)
    names = {"first_name": current.first_name, "last_name": current.last_name} | changes
    return versioning.versioned_update(
        current,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes=changes,
        child_id=current.pk,
        also_set={"search_name": search_key(f"{names['first_name']} {names['last_name']}")},
    )


def _details(fields: dict[str, Any]) -> dict[str, Any]:
    """The cleaned editable details; the postal code is 4 ASCII digits or empty."""
    cleaned = {key: clean_text(value) if isinstance(value, str) else value for key, value in fields.items()}
    if "postal_code" in cleaned:
        cleaned["postal_code"] = validation.postal_code(cleaned["postal_code"], field="postal_code")
    return cleaned


def _actor(user: User) -> rules.Actor:
    return rules.Actor(user_id=user.pk, role=user.role, team_id=user.team_id, municipality_id=user.municipality_id)


def _facts(case: Case) -> rules.CaseFacts:
    return rules.CaseFacts(
        team_id=case.team_id, municipality_id=case.team.department.municipality_id, caseworker_id=case.caseworker_id
    )


def _locked_case(child: Child, expected_version: int | None) -> Case:
    return versioning.lock(
        Case.objects.select_related("team__department"),
        child=child,
        expected_version=expected_version,
        stale_message=_("En anden har ændret sagen, mens du arbejdede. Se den nye udgave, og prøv igen."),
    )


def case_may_assign(*, user: User, case: Case) -> bool:
    return rules.may_assign_case(_actor(user), _facts(case))


def case_may_close(*, user: User, case: Case) -> bool:
    return rules.may_close_case(_actor(user), _facts(case))


@transaction.atomic
def case_assign(
    *, by: User, child: Child, team: Team, caseworker: User | None, expected_version: int | None = None
) -> Case:
    """Fordeling: move the case to a team and/or caseworker (team leader of the case's team, or the head)."""
    case = _locked_case(child, expected_version)
    actor, facts = _actor(by), _facts(case)
    taking = caseworker is not None and caseworker.pk == by.pk and team.pk == case.team_id
    if not (rules.may_assign_case(actor, facts) or (taking and rules.may_take_case(actor, facts))):
        raise PermissionDenied
    if team.department.municipality_id != case.team.department.municipality_id:
        raise DomainError(_("Teamet hører ikke til kommunen."), field="team", code="unknown_team")
    if caseworker is not None:
        if caseworker.team_id != team.pk:
            raise DomainError(_("Rådgiveren hører ikke til det valgte team."), field="caseworker", code="wrong_team")
        if caseworker.role not in rules.ASSIGNABLE_ROLES or not caseworker.is_active:
            raise DomainError(
                _("Sagen kan kun fordeles til en aktiv rådgiver eller konsulent."),
                field="caseworker",
                code="not_caseworker",
            )
    old = {"team": case.team_id, "caseworker": case.caseworker_id}
    new = {"team": team.pk, "caseworker": caseworker.pk if caseworker else None}
    if old == new:
        return case
    return versioning.versioned_update(
        case,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={"team": team, "caseworker": caseworker},
        child_id=child.pk,
    )


def _reassign_problem(leaving: User, to: User, municipality_id: int | None) -> DomainError | None:
    if to.pk == leaving.pk:
        return DomainError(
            _("Sagen kan ikke fordeles til den rådgiver, der stopper."), field="caseworker", code="same_caseworker"
        )
    if to.team is None or to.team.department.municipality_id != municipality_id:
        return DomainError(_("Rådgiveren hører ikke til kommunen."), field="caseworker", code="unknown_caseworker")
    return None


@transaction.atomic
def cases_reassign(*, by: User, leaving: User, moves: dict[int, User]) -> list[Case]:
    """Omfordeling when a caseworker leaves: move each named case (child id → colleague) from `leaving` to a
    colleague of the same municipality (and the colleague's team), each through `case_assign`, so each case gets
    its own audited change. All or nothing: one refused move refuses them all."""
    if not moves:
        raise DomainError(_("Vælg mindst én sag."), field="moves", code="required")
    found = {c.pk: c for c in reassignable_cases(by, leaving).filter(pk__in=list(moves))}
    if len(found) != len(moves):
        raise DomainError(
            _("En af sagerne er ikke en åben sag hos den valgte rådgiver, som du kan fordele."),
            field="moves",
            code="unknown_case",
        )
    cases = []
    for child_id, to in sorted(moves.items()):
        child = found[child_id]
        problem = _reassign_problem(leaving, to, child.case.team.department.municipality_id)
        if problem:
            raise problem
        assert to.team is not None  # checked above; tells the type checker so
        cases.append(case_assign(by=by, child=child, team=to.team, caseworker=to))
    return cases


@transaction.atomic
def case_close(*, by: User, child: Child, closed_on: date, expected_version: int | None = None) -> Case:
    """Close the case on a day between its opening and today."""
    case = _locked_case(child, expected_version)
    if not rules.may_close_case(_actor(by), _facts(case)):
        raise PermissionDenied
    if case.closed_on is not None:
        raise Conflict(_("Sagen er allerede lukket."), code="case_closed")
    if closed_on < case.opened_on:
        raise DomainError(_("En sag kan ikke lukkes før den er oprettet."), field="closed_on", code="before_opened")
    validation.past_date(closed_on, today=timezone.localdate(), field="closed_on")
    return versioning.versioned_update(
        case,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={"closed_on": closed_on},
        child_id=child.pk,
    )


@transaction.atomic
def case_legal_hold_set(*, by: User, child: Child, hold: bool, reason: str = "") -> Case:
    """Set or lift slettestop (legal hold): a held case is never erased by a retention run."""
    case = versioning.lock(Case, child=child)
    reason = validation.text(reason, field="reason", max_length=500)
    if hold and len(reason) < 10:
        raise DomainError(_("Skriv en begrundelse på mindst 10 tegn."), field="reason", code="reason_required")
    return versioning.versioned_update(
        case,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=None,
        changes={"legal_hold": hold, "legal_hold_reason": reason if hold else ""},
        child_id=child.pk,
    )


@transaction.atomic
def case_reopen(*, by: User, child: Child, expected_version: int | None = None) -> Case:
    """Reopen a closed case."""
    case = _locked_case(child, expected_version)
    if not rules.may_close_case(_actor(by), _facts(case)):
        raise PermissionDenied
    if case.closed_on is None:
        raise Conflict(_("Sagen er allerede åben."), code="case_open")
    return versioning.versioned_update(
        case,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes={"closed_on": None},
        child_id=child.pk,
    )


def _optional_text(value: str, field: str, max_length: int) -> str:
    return validation.text(value, field=field, max_length=max_length)


def _person_fields(*, first_name: str, last_name: str, phone: str, email: str, address: str) -> dict[str, str]:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError(_("Skriv en gyldig e-mailadresse."), field="email", code="invalid_email") from exc
    return {
        "first_name": _required_name(first_name, "first_name"),
        "last_name": _optional_text(last_name, "last_name", 100),
        "phone": validation.phone(phone, field="phone"),
        "email": _optional_text(email, "email", 254),
        "address": _optional_text(address, "address", 200),
    }


def _kind(kind: str) -> str:
    if kind not in Relation.Kind.values:
        raise DomainError(_("Ukendt relationstype."), field="kind", code="unknown_kind")
    return kind


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
    kind = _kind(kind)
    fields = _person_fields(first_name=first_name, last_name=last_name, phone=phone, email=email, address=address)
    note = _optional_text(note, "note", 300)
    digits = _validated_cpr(cpr).digits if (cpr or "").strip() else ""
    if digits and digits == child.cpr:
        raise DomainError(_("Det er barnets eget CPR-nummer."), field="cpr", code="own_cpr")
    # A person with a CPR number is one person across children (siblings share parents): reuse the record.
    person = Person.objects.filter(cpr=digits).first() if digits else None
    if person is None:
        person = Person.objects.create(cpr=digits, fictitious=fictitious, **fields)
    if Relation.objects.filter(child=child, person=person, kind=kind).exists():
        raise Duplicate(
            _("Personen er allerede registreret med denne relation."), field="kind", code="duplicate_relation"
        )
    relation = Relation.objects.create(
        child=child, person=person, kind=kind, custody=custody, lives_with_child=lives_with_child, note=note
    )
    audit.record(
        by=by, type=AuditEvent.Type.CREATED, target=relation, child_id=child.pk, new={"kind": kind, "person": person.pk}
    )
    return relation


@transaction.atomic
def relation_update(
    *,
    by: User,
    relation: Relation,
    expected_version: int,
    kind: str,
    first_name: str,
    last_name: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    custody: bool = False,
    lives_with_child: bool = False,
    note: str = "",
) -> Relation:
    """Change how a person is related to the child, and the person's contact details (shared by all their children)."""
    current = Relation.objects.select_for_update().select_related("person").get(pk=relation.pk)
    if current.version != expected_version:
        raise StaleEdit(_("En anden har ændret personen, mens du redigerede. Dine ændringer er ikke gemt."))
    kind = _kind(kind)
    fields = _person_fields(first_name=first_name, last_name=last_name, phone=phone, email=email, address=address)
    note = _optional_text(note, "note", 300)
    if (
        kind != current.kind
        and Relation.objects.filter(child_id=current.child_id, person_id=current.person_id, kind=kind).exists()
    ):
        raise Duplicate(
            _("Personen er allerede registreret med denne relation."), field="kind", code="duplicate_relation"
        )
    person = current.person
    old = {
        "kind": current.kind,
        "custody": current.custody,
        "lives_with_child": current.lives_with_child,
        "note": current.note,
    } | {k: getattr(person, k) for k in fields}
    new = {"kind": kind, "custody": custody, "lives_with_child": lives_with_child, "note": note} | fields
    for key, value in fields.items():
        setattr(person, key, value)
    person.save()
    current.kind, current.custody, current.lives_with_child, current.note = kind, custody, lives_with_child, note
    current.version += 1
    current.save()
    changed_old = {k: v for k, v in old.items() if new[k] != v}
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=current,
        child_id=current.child_id,
        old=changed_old,
        new={k: new[k] for k in changed_old},
    )
    return current


@transaction.atomic
def relation_remove(*, by: User, relation: Relation) -> None:
    """Remove the person from this child's family and network (the person and the history stay)."""
    current = Relation.objects.select_for_update().filter(pk=relation.pk).first()
    if current is None:
        return
    audit.record(
        by=by,
        type=AuditEvent.Type.DELETED,
        target=current,
        child_id=current.child_id,
        old={"kind": current.kind, "person": current.person_id},
    )
    current.delete()


@transaction.atomic
def journal_entry_add(
    *, by: User, child: Child, occurred_on: date, title: str, text: str, kind: str = JournalEntry.Kind.NOTE
) -> JournalEntry:
    """Write a dated journal note of a type (a phone call, a home visit, ...) on the child's case."""
    if kind not in JournalEntry.Kind.values:
        raise DomainError(_("Vælg en type af notat."), field="kind")
    title = validation.text(
        title,
        field="title",
        max_length=200,
        required=True,
        messages={
            validation.REQUIRED: _("Skriv en overskrift."),
            validation.TOO_LONG: _("Overskriften må højst være 200 tegn."),
        },
    )
    text = validation.text(
        text,
        field="text",
        max_length=20000,
        required=True,
        messages={
            validation.REQUIRED: _("Notatet er tomt."),
            validation.TOO_LONG: _("Notatet må højst være 20.000 tegn."),
        },
    )
    validation.past_date(occurred_on, today=timezone.localdate(), field="occurred_on")
    entry = JournalEntry.objects.create(
        child=child, kind=kind, occurred_on=occurred_on, title=title, text=text, author=by
    )
    audit.record(
        by=by, type=AuditEvent.Type.CREATED, target=entry, child_id=child.pk, new={"title": title, "kind": kind}
    )
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


# The file extension a download gets for each allowed type (the name itself is never the uploaded one).
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    **{content_type: ext.lstrip(".") for ext, content_type in _OFFICE_TYPES.items()},
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

    if by.team_id is None:  # a leader of no team reviews nothing (as the filter on a None team matched nothing)
        raise BreakGlassAccess.DoesNotExist
    access = BreakGlassAccess.objects.select_for_update().get(pk=access_id, child__case__team_id=by.team_id)
    if access.reviewed_at is None:
        access.reviewed_at, access.reviewed_by = timezone.now(), by
        access.save(update_fields=["reviewed_at", "reviewed_by"])
        audit.record(
            by=by, type=AuditEvent.Type.CHANGED, target=access, child_id=access.child_id, new={"reviewed": True}
        )


@transaction.atomic
def case_route_to_queue(*, by: User, child: Child, team: Team) -> Case:
    """A new notification about a child with a closed case: reopen it in a team's queue (no caseworker).

    Not a permission matter: every notification must be registered and handled (BL § 133), whoever receives it.
    """
    case = _locked_case(child, None)
    return versioning.versioned_update(
        case,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=None,
        changes={"team": team, "caseworker": None, "closed_on": None},
        child_id=child.pk,
        extra_new={"reason": "notification"},
    )
