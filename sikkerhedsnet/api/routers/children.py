"""API: children (contract §Children)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.accounts.models import Role, User
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.children import selectors, services
from sikkerhedsnet.children.access import child_for_api, require_case_access
from sikkerhedsnet.children.models import Child, JournalEntry
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

router = Router(tags=["children"])


class ChildIn(Schema):
    cpr: str = Field(..., max_length=20, description="10 ASCII digits (0-9), with or without the hyphen")
    first_name: str = Field(..., max_length=100)
    last_name: str = Field(..., max_length=100)
    address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=4, pattern=validation.POSTAL_CODE_PATTERN)
    city: str = Field("", max_length=80)
    school_or_daycare: str = Field("", max_length=150)


class ChildOut(Schema):
    id: int
    cpr: str
    birth_date: date
    first_name: str
    last_name: str
    replacement_cpr: bool
    fictitious: bool
    address: str
    postal_code: str
    city: str
    school_or_daycare: str
    case_number: str
    team: str
    caseworker: str | None
    case_opened_on: date
    case_closed_on: date | None


class ChildWarning(Schema):
    code: str
    message: str


class ChildCreatedOut(ChildOut):
    warnings: list[ChildWarning]


class ChildList(Schema):
    items: list[ChildOut]
    count: int


def child_out(child: Child) -> dict[str, object]:
    case = child.case
    return {
        "id": child.pk,
        "cpr": child.cpr_formatted,
        "birth_date": child.birth_date,
        "first_name": child.first_name,
        "last_name": child.last_name,
        "replacement_cpr": child.replacement_cpr,
        "fictitious": child.fictitious,
        "address": child.address,
        "postal_code": child.postal_code,
        "city": child.city,
        "school_or_daycare": child.school_or_daycare,
        "case_number": case.number,
        "team": case.team.name,
        "caseworker": case.caseworker.username if case.caseworker else None,
        "case_opened_on": case.opened_on,
        "case_closed_on": case.closed_on,
    }


@router.post("/children", response={201: ChildCreatedOut, 409: Error, 422: Error, 403: Error})
def create_child(request: AuthenticatedHttpRequest, payload: ChildIn) -> Status:
    """Register a child. `warnings` lists possible duplicates (near-match CPR, or same name and birth date)."""
    require_case_access(request)
    child = services.child_create(by=request.user, **payload.dict())
    child = Child.objects.select_related("case", "case__team", "case__caseworker").get(pk=child.pk)
    matches = selectors.child_near_matches(
        request.user,
        digits=child.cpr,
        first_name=child.first_name,
        last_name=child.last_name,
        birth_date=child.birth_date,
        exclude_id=child.pk,
        purpose="register_child",
    )
    return Status(201, {**child_out(child), "warnings": selectors.near_match_warnings(matches)})


@router.get("/children/{child_id}", response={200: ChildOut, 404: Error, 403: Error, 422: Error})
def get_child(request: AuthenticatedHttpRequest, child_id: int) -> dict[str, object]:
    return child_out(child_for_api(request, child_id))


@router.get("/children", response={200: ChildList, 403: Error})
def search_children(
    request: AuthenticatedHttpRequest,
    q: str = Query("", max_length=100),
    page: int = Query(1, ge=1, le=100000),
) -> dict[str, object]:
    require_case_access(request)
    result = selectors.children_search(request.user, q, page=page)
    items = Child.objects.select_related("case", "case__team", "case__caseworker").in_bulk([c.pk for c in result.items])
    return {"items": [child_out(items[c.pk]) for c in result.items], "count": result.count}


JournalKind = Literal[
    "note",
    "phone_call",
    "home_visit",
    "meeting",
    "child_conversation",
    "network_meeting",
    "parent_conversation",
    "correspondence",
    "cooperation",
]


class JournalEntryIn(Schema):
    kind: JournalKind = "note"
    occurred_on: date
    title: str = Field(..., max_length=200)
    text: str = Field(..., max_length=20000)


class JournalEntryOut(Schema):
    id: int
    child_id: int
    kind: str
    occurred_on: date
    title: str
    text: str
    author: str
    created_at: datetime


class JournalList(Schema):
    items: list[JournalEntryOut]
    count: int


def journal_entry_out(entry: JournalEntry, author: str) -> dict[str, object]:
    return {
        "id": entry.pk,
        "child_id": entry.child_id,
        "kind": entry.kind,
        "occurred_on": entry.occurred_on,
        "title": entry.title,
        "text": entry.text,
        "author": author,
        "created_at": entry.created_at,
    }


@router.post(
    "/children/{child_id}/journal", response={201: JournalEntryOut, 403: Error, 404: Error, 409: Error, 422: Error}
)
def add_journal_entry(request: AuthenticatedHttpRequest, child_id: int, payload: JournalEntryIn) -> Status:
    """Write a journal note (journalnotat) on the child's case."""
    child = child_for_api(request, child_id, purpose="journal")
    entry = services.journal_entry_add(by=request.user, child=child, **payload.dict())
    return Status(201, journal_entry_out(entry, request.user.get_username()))


@router.get("/children/{child_id}/journal", response={200: JournalList, 403: Error, 404: Error, 422: Error})
def list_journal(
    request: AuthenticatedHttpRequest, child_id: int, page: int = Query(1, ge=1, le=100000)
) -> dict[str, object]:
    """The child's journal, newest first, 50 per page (an audited read of the child)."""
    child = child_for_api(request, child_id, purpose="journal")
    entries = child.journal_entries.select_related("author").order_by("-occurred_on", "-id")
    count = entries.count()
    items = entries[(page - 1) * 50 : page * 50]
    return {"items": [journal_entry_out(e, e.author.get_username()) for e in items], "count": count}


# --- Omfordeling: a caseworker leaves (contract "Additions (v2)") ------------------------------------------------


class MoveIn(Schema):
    child_id: int = Field(..., ge=1, le=2**63 - 1)
    to_caseworker: str = Field(..., min_length=1, max_length=150, description="Username of the colleague")


class ReassignIn(Schema):
    from_caseworker: str = Field(..., min_length=1, max_length=150, description="Username of the leaving caseworker")
    moves: list[MoveIn] = Field(
        default_factory=list, max_length=1000, description="Case by case (child id → colleague)"
    )
    all_to: str | None = Field(
        None, max_length=150, description="Username of the colleague taking every other open case of the caseworker"
    )


class MovedOut(Schema):
    child_id: int
    case_number: str
    team: str
    caseworker: str


class ReassignOut(Schema):
    items: list[MovedOut]
    count: int


def _colleague(by: User, username: str, field: str) -> User:
    """An active caseworker or SoS consultant of the caller's municipality, by username (else 422)."""
    found = selectors.reassign_candidates(by).filter(username=username).first()
    if found is None:
        raise DomainError(
            _("Ingen aktiv rådgiver i kommunen har det brugernavn."), field=field, code="unknown_caseworker"
        )
    return found


@router.post("/cases/reassign", response={200: ReassignOut, 403: Error, 409: Error, 422: Error})
def reassign_cases(request: AuthenticatedHttpRequest, payload: ReassignIn) -> dict[str, object]:
    """Team leader (own team's cases) or head (the municipality's): hand a leaving caseworker's open cases on to
    colleagues of the same municipality, all or nothing, one audited change per case."""
    if request.user.role not in (Role.TEAM_LEADER, Role.HEAD):
        raise PermissionDenied
    user = request.user
    leaving = (
        User.objects.filter(
            username=payload.from_caseworker, team__department__municipality_id=user.municipality_id
        ).first()
        if user.municipality_id is not None
        else None
    )
    if leaving is None:
        raise DomainError(
            _("Ingen rådgiver i kommunen har det brugernavn."), field="from_caseworker", code="unknown_caseworker"
        )
    moves: dict[int, User] = {}
    for i, move in enumerate(payload.moves):
        if move.child_id in moves:
            raise DomainError(_("Sagen er nævnt to gange."), field=f"moves.{i}.child_id", code="duplicate_case")
        moves[move.child_id] = _colleague(user, move.to_caseworker, f"moves.{i}.to_caseworker")
    if payload.all_to:
        everyone = _colleague(user, payload.all_to, "all_to")
        for child_id in selectors.reassignable_cases(user, leaving).values_list("pk", flat=True):
            moves.setdefault(child_id, everyone)
    cases = services.cases_reassign(by=user, leaving=leaving, moves=moves)
    items = [
        {"child_id": c.child_id, "case_number": c.number, "team": c.team.name, "caseworker": c.caseworker.username}
        for c in cases
        if c.caseworker is not None
    ]
    return {"items": items, "count": len(items)}
