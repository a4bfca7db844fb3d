"""API: mapping (kortlægning) with the family: the mappings of a child, participants, entries in their columns,
danger statements and safety goals (optimistic locking), finalizing. The same services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Query, Router, Schema, Status

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.children.access import child_for_api, object_for_api
from sikkerhedsnet.core.converters import MAX_ID
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.safety import rules, selectors, services
from sikkerhedsnet.safety.models import Mapping, MappingEntry, MappingParticipant

from .safety_common import VERSION_DESCRIPTION, BodyIn, ParticipantRoleCode, PathId, fields_named, local

router = Router()  # mounted on safety.py's router, whose tag it inherits
PURPOSE = "safety_mapping"

MappingCategory = Literal[
    "past_harm",
    "future_danger",
    "complicating_factors",
    "strengths",
    "existing_safety",
    "future_safety",
    "goals",
    "next_steps",
    "agreement",
]


class MappingIn(BodyIn):
    held_on: date = Field(..., description="The day of the meeting; not in the future")
    title: str = Field(..., max_length=200, description="The meeting or occasion")
    based_on_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="An earlier mapping of the same child: its participants, entries, danger statements and safety "
        "goals are carried forward",
    )


class ParticipantIn(BodyIn):
    role: ParticipantRoleCode
    name: str = Field("", max_length=120, description="Required unless person_id is given")
    person_id: int | None = Field(None, ge=1, le=MAX_ID, description="A person registered on the child's record")


class EntryIn(BodyIn):
    category: MappingCategory = Field(..., description="The category decides the column (worries, working_well, …)")
    text: str = Field(..., max_length=2000)
    said_by_id: int = Field(
        ..., ge=1, le=MAX_ID, description="The participant who said it (an id from the mapping's participants)"
    )


class StatementsIn(BodyIn):
    version: int = Field(..., description=VERSION_DESCRIPTION)
    danger_statement: str = Field("", max_length=5000)
    safety_goal: str = Field("", max_length=5000)


class ParticipantOut(Schema):
    id: int
    name: str
    role: str
    person_id: int | None


class EntryOut(Schema):
    id: int
    category: str
    column: str = Field(..., description="worries, working_well, needs_to_happen or agreements")
    text: str
    said_by_id: int
    created_at: datetime


class MappingSummaryOut(Schema):
    id: int
    child_id: int
    held_on: date
    title: str
    danger_statement: str
    safety_goal: str
    based_on_id: int | None
    open: bool = Field(..., description="False once finalized: a finalized mapping is kept as it was on the day")
    finalized_at: datetime | None
    finalized_by: str | None
    version: int = Field(..., description="Send it back with PUT …/statements to detect a stale edit")
    created_at: datetime


class MappingOut(MappingSummaryOut):
    participants: list[ParticipantOut]
    entries: list[EntryOut]


def _summary(mapping: Mapping) -> dict[str, Any]:
    return {
        "id": mapping.pk,
        "child_id": mapping.child_id,
        "held_on": mapping.held_on,
        "title": mapping.title,
        "danger_statement": mapping.danger_statement,
        "safety_goal": mapping.safety_goal,
        "based_on_id": mapping.based_on_id,
        "open": mapping.is_open,
        "finalized_at": local(mapping.finalized_at),
        "finalized_by": mapping.finalized_by.username if mapping.finalized_by is not None else None,
        "version": mapping.version,
        "created_at": local(mapping.created_at),
    }


def _participant_out(p: MappingParticipant) -> dict[str, Any]:
    return {"id": p.pk, "name": p.name, "role": p.role, "person_id": p.person_id}


def _entry_out(e: MappingEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "category": e.category,
        "column": rules.column_of(e.category),
        "text": e.text,
        "said_by_id": e.said_by_id,
        "created_at": local(e.created_at),
    }


def _mapping_out(mapping: Mapping) -> dict[str, Any]:
    return _summary(mapping) | {
        "participants": [_participant_out(p) for p in mapping.participants.all()],
        "entries": [_entry_out(e) for e in mapping.entries.all()],
    }


def _fresh(mapping_id: int) -> dict[str, Any]:
    """The mapping read again after a change (the access check was made when it was first fetched)."""
    return _mapping_out(selectors.mapping_with_entries(mapping_id))


def _mapping(request: AuthenticatedHttpRequest, mapping_id: int) -> Mapping:
    return object_for_api(request, selectors.mapping_queryset(), mapping_id, purpose=PURPOSE)


@router.get("/children/{child_id}/mappings", response={200: list[MappingSummaryOut], 403: Error, 404: Error})
def list_mappings(request: AuthenticatedHttpRequest, child_id: int = PathId) -> list[dict[str, Any]]:
    """The child's mappings, newest first (without their entries: GET /mappings/{id} has them)."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    return [_summary(m) for m in selectors.mappings(child).select_related("finalized_by")]


@router.post(
    "/children/{child_id}/mappings", response={201: MappingOut, 403: Error, 404: Error, 409: Error, 422: Error}
)
def create_mapping(request: AuthenticatedHttpRequest, payload: MappingIn, child_id: int = PathId) -> Status:
    """Start a dated mapping, optionally carrying an earlier one of the same child forward (based_on_id)."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    based_on = None
    if payload.based_on_id is not None:
        based_on = selectors.mapping_of_child(child, payload.based_on_id)
        if based_on is None:
            raise DomainError("No mapping of this child has that id.", field="based_on_id", code="unknown_mapping")
    with fields_named(based_on="based_on_id"):
        mapping = services.mapping_create(
            by=request.user, child=child, held_on=payload.held_on, title=payload.title, based_on=based_on
        )
    return Status(201, _fresh(mapping.pk))


@router.get("/mappings/{mapping_id}", response={200: MappingOut, 403: Error, 404: Error})
def get_mapping(request: AuthenticatedHttpRequest, mapping_id: int = PathId) -> dict[str, Any]:
    """One mapping with its participants and entries (each with its category and column, oldest first)."""
    return _mapping_out(_mapping(request, mapping_id))


@router.put(
    "/mappings/{mapping_id}/statements", response={200: MappingOut, 403: Error, 404: Error, 409: Error, 422: Error}
)
def update_mapping_statements(
    request: AuthenticatedHttpRequest, payload: StatementsIn, mapping_id: int = PathId
) -> dict[str, Any]:
    """Replace the danger statements and safety goals. 409 stale_edit for a stale `version`, 409 mapping_finalized
    once the mapping is finalized."""
    mapping = _mapping(request, mapping_id)
    services.mapping_statements_update(
        by=request.user,
        mapping=mapping,
        expected_version=payload.version,
        danger_statement=payload.danger_statement,
        safety_goal=payload.safety_goal,
    )
    return _fresh(mapping.pk)


@router.post(
    "/mappings/{mapping_id}/participants",
    response={201: ParticipantOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def add_mapping_participant(
    request: AuthenticatedHttpRequest, payload: ParticipantIn, mapping_id: int = PathId
) -> Status:
    """Add someone present at the meeting. 409 duplicate_participant for the same name and role twice."""
    mapping = _mapping(request, mapping_id)
    person = None
    if payload.person_id is not None:
        person = selectors.child_person(mapping.child, payload.person_id)
        if person is None:
            raise DomainError("No person on the child's record has that id.", field="person_id", code="unknown_person")
    with fields_named(person="person_id"):
        participant = services.mapping_participant_add(
            by=request.user, mapping=mapping, name=payload.name, role=payload.role, person=person
        )
    return Status(201, _participant_out(participant))


@router.post("/mappings/{mapping_id}/entries", response={201: EntryOut, 403: Error, 404: Error, 409: Error, 422: Error})
def add_mapping_entry(request: AuthenticatedHttpRequest, payload: EntryIn, mapping_id: int = PathId) -> Status:
    """Write one statement into its category, attributed to a participant (422 unknown_participant otherwise)."""
    mapping = _mapping(request, mapping_id)
    with fields_named(said_by="said_by_id"):
        entry = services.mapping_entry_add(
            by=request.user,
            mapping=mapping,
            category=payload.category,
            text_value=payload.text,
            said_by_id=payload.said_by_id,
        )
    return Status(201, _entry_out(entry))


@router.delete("/mapping-entries/{entry_id}", response={200: MappingOut, 403: Error, 404: Error, 409: Error})
def remove_mapping_entry(request: AuthenticatedHttpRequest, entry_id: int = PathId) -> dict[str, Any]:
    """Remove an entry written by mistake while the mapping is open; answers the mapping as it is now."""
    entry = object_for_api(
        request, selectors.mapping_entry_queryset(), entry_id, child_field="mapping__child", purpose=PURPOSE
    )
    services.mapping_entry_remove(by=request.user, entry=entry)
    return _fresh(entry.mapping_id)


class VersionIn(BodyIn):
    version: int = Field(..., description=VERSION_DESCRIPTION)


@router.post(
    "/mappings/{mapping_id}/finalize", response={200: MappingOut, 403: Error, 404: Error, 409: Error, 422: Error}
)
def finalize_mapping(request: AuthenticatedHttpRequest, payload: VersionIn, mapping_id: int = PathId) -> dict[str, Any]:
    """Close the mapping: from now on it is kept as it was on the day. 409 stale_edit when its statements changed
    since the `version` you read; 409 mapping_finalized the second time."""
    mapping = _mapping(request, mapping_id)
    services.mapping_finalize(by=request.user, mapping=mapping, expected_version=payload.version)
    return _fresh(mapping.pk)


# --- Comparing two mappings -----------------------------------------------------------------------------------


class ComparedEntryOut(Schema):
    text: str = Field(..., description="The entry's text and, in brackets, who said it")
    changed: bool = Field(
        ..., description="In `left`: not in the right mapping (dropped); in `right`: not in the left one (new)"
    )


class ComparisonRowOut(Schema):
    column: str = Field(..., description="worries | working_well | needs_to_happen | agreements")
    category: MappingCategory
    label: str
    left: list[ComparedEntryOut]
    right: list[ComparedEntryOut]


class MappingComparisonOut(Schema):
    left: MappingSummaryOut
    right: MappingSummaryOut
    rows: list[ComparisonRowOut] = Field(..., description="Category by category, in the columns' order")


@router.get(
    "/children/{child_id}/mapping-comparison",
    response={200: MappingComparisonOut, 403: Error, 404: Error, 422: Error},
)
def compare_mappings(
    request: AuthenticatedHttpRequest,
    child_id: int = PathId,
    left_id: int = Query(..., ge=1, le=MAX_ID, description="The earlier mapping (a mapping of this child)"),
    right_id: int = Query(..., ge=1, le=MAX_ID, description="The later mapping (a mapping of this child)"),
) -> dict[str, Any]:
    """Two mappings of the same child side by side, as the page »Sammenlign«: what is new and what was dropped in
    each category. A mapping of another child is 422 unknown_mapping (field left_id or right_id)."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    ids = set(selectors.mappings(child).values_list("pk", flat=True))
    for field, value in (("left_id", left_id), ("right_id", right_id)):
        if value not in ids:
            raise DomainError("No mapping of this child has that id.", field=field, code="unknown_mapping")
    left = selectors.mapping_with_entries(left_id)
    right = selectors.mapping_with_entries(right_id)
    rows = selectors.mapping_comparison(left, right)
    return {
        "left": _summary(left),
        "right": _summary(right),
        "rows": [
            {
                "column": r.column,
                "category": r.category,
                "label": r.label,
                "left": [{"text": m.text, "changed": m.changed} for m in r.left],
                "right": [{"text": m.text, "changed": m.changed} for m in r.right],
            }
            for r in rows
        ],
    }
