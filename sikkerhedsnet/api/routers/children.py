"""API: children (contract §Children)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.children import selectors, services
from sikkerhedsnet.children.access import child_for_api, require_case_access
from sikkerhedsnet.children.models import Child, JournalEntry
from sikkerhedsnet.core import validation

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


@router.post("/children", response={201: ChildOut, 409: Error, 422: Error, 403: Error})
def create_child(request: AuthenticatedHttpRequest, payload: ChildIn) -> Status:
    require_case_access(request)
    child = services.child_create(by=request.user, **payload.dict())
    child = Child.objects.select_related("case", "case__team", "case__caseworker").get(pk=child.pk)
    return Status(201, child_out(child))


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
