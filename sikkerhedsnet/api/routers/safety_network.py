"""API: the family's network (netværk): members with a role and a commitment, and network meetings with minutes.
The same services as the pages. A member is never deleted: as on the page, they are made inactive (the meetings
they took part in keep naming them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Router, Schema, Status
from pydantic import StrictBool

from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.children.access import child_for_api, object_for_api
from sikkerhedsnet.core.converters import MAX_ID
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.safety import selectors, services
from sikkerhedsnet.safety.models import NetworkMeeting, NetworkMember

from .safety_common import PHONE_DESCRIPTION, VERSION_DESCRIPTION, BodyIn, PathId, fields_named, local

router = Router()  # mounted on safety.py's router, whose tag it inherits
PURPOSE = "safety_network"

NetworkRoleCode = Literal["network_coordinator", "safety_person", "supporter"]
COORDINATOR = "One active network_coordinator per child; a second answers 409 coordinator_exists"


class NetworkMemberFields(BodyIn):
    name: str = Field("", max_length=120)
    relation: str = Field("", max_length=100, description="e.g. grandmother, neighbour, football coach")
    role: NetworkRoleCode = Field(..., description=COORDINATOR)
    phone: str = Field("", max_length=30, description=PHONE_DESCRIPTION)
    email: str = Field("", max_length=254)
    commitment: str = Field("", max_length=5000, description="What the person has taken on for the child's safety")


class NetworkMemberIn(NetworkMemberFields):
    person_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="A person registered on the child's record; their name, phone and e-mail fill what is not given",
    )


class NetworkMemberUpdateIn(NetworkMemberFields):
    """The whole member (PUT replaces every field), as the page's edit form."""

    version: int = Field(..., description=VERSION_DESCRIPTION)
    name: str = Field(..., max_length=120)
    active: StrictBool = True


class VersionIn(BodyIn):
    version: int = Field(..., description=VERSION_DESCRIPTION)


class NetworkMemberOut(Schema):
    id: int
    child_id: int
    person_id: int | None
    name: str
    relation: str
    role: str
    phone: str
    email: str
    commitment: str
    active: bool
    version: int
    created_at: datetime


class NetworkMeetingIn(BodyIn):
    held_on: date = Field(..., description="Not in the future")
    minutes: str = Field(..., max_length=20000)
    participant_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list, max_length=100, description="Members of the child's network who took part"
    )
    other_participants: str = Field("", max_length=500, description="e.g. parents, caseworker, teacher")


class NetworkMeetingOut(Schema):
    id: int
    child_id: int
    held_on: date
    participant_ids: list[int]
    other_participants: str
    minutes: str
    created_at: datetime


def _member_out(m: NetworkMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "child_id": m.child_id,
        "person_id": m.person_id,
        "name": m.name,
        "relation": m.relation,
        "role": m.role,
        "phone": m.phone,
        "email": m.email,
        "commitment": m.commitment,
        "active": m.active,
        "version": m.version,
        "created_at": local(m.created_at),
    }


def _meeting_out(m: NetworkMeeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "child_id": m.child_id,
        "held_on": m.held_on,
        "participant_ids": sorted(p.pk for p in m.participants.all()),
        "other_participants": m.other_participants,
        "minutes": m.minutes,
        "created_at": local(m.created_at),
    }


def _member(request: AuthenticatedHttpRequest, member_id: int) -> NetworkMember:
    return object_for_api(request, selectors.network_member_queryset(), member_id, purpose=PURPOSE)


@router.get("/children/{child_id}/network-members", response={200: list[NetworkMemberOut], 403: Error, 404: Error})
def list_network_members(request: AuthenticatedHttpRequest, child_id: int = PathId) -> list[dict[str, Any]]:
    """The child's network: active members first, then by role and name."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    return [_member_out(m) for m in selectors.network_members(child)]


@router.post(
    "/children/{child_id}/network-members",
    response={201: NetworkMemberOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def add_network_member(request: AuthenticatedHttpRequest, payload: NetworkMemberIn, child_id: int = PathId) -> Status:
    """Add a member of the family's network (name required unless person_id is given)."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    person = None
    if payload.person_id is not None:
        person = selectors.child_person(child, payload.person_id)
        if person is None:
            raise DomainError("No person on the child's record has that id.", field="person_id", code="unknown_person")
    fields = payload.dict(exclude={"person_id"})
    with fields_named(person="person_id"):
        member = services.network_member_add(by=request.user, child=child, person=person, **fields)
    return Status(201, _member_out(member))


@router.put(
    "/network-members/{member_id}",
    response={200: NetworkMemberOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def update_network_member(
    request: AuthenticatedHttpRequest, payload: NetworkMemberUpdateIn, member_id: int = PathId
) -> dict[str, Any]:
    """Replace a member's role, contact details, commitment and whether they are active. 409 stale_edit for a
    stale `version`."""
    member = _member(request, member_id)
    fields = payload.dict()
    version = fields.pop("version")
    saved = services.network_member_update(by=request.user, member=member, expected_version=version, **fields)
    return _member_out(saved)


@router.post(
    "/network-members/{member_id}/deactivate",
    response={200: NetworkMemberOut, 403: Error, 404: Error, 409: Error, 422: Error},
)
def deactivate_network_member(request: AuthenticatedHttpRequest, payload: VersionIn, member_id: int = PathId) -> Any:
    """Remove a member from the active network. The record stays (inactive), as on the page: the network meetings
    they took part in keep naming them. 409 stale_edit for a stale `version`."""
    member = _member(request, member_id)
    saved = services.network_member_update(
        by=request.user, member=member, expected_version=payload.version, active=False
    )
    return _member_out(saved)


@router.get("/children/{child_id}/network-meetings", response={200: list[NetworkMeetingOut], 403: Error, 404: Error})
def list_network_meetings(request: AuthenticatedHttpRequest, child_id: int = PathId) -> list[dict[str, Any]]:
    """The child's network meetings, newest first."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    return [_meeting_out(m) for m in selectors.network_meetings(child)]


@router.post(
    "/children/{child_id}/network-meetings", response={201: NetworkMeetingOut, 403: Error, 404: Error, 422: Error}
)
def record_network_meeting(
    request: AuthenticatedHttpRequest, payload: NetworkMeetingIn, child_id: int = PathId
) -> Status:
    """Record a network meeting: who from the network took part, who else, and the minutes."""
    child = child_for_api(request, child_id, purpose=PURPOSE)
    with fields_named(participants="participant_ids"):
        meeting = services.network_meeting_record(
            by=request.user,
            child=child,
            held_on=payload.held_on,
            minutes=payload.minutes,
            participant_ids=payload.participant_ids,
            other_participants=payload.other_participants,
        )
    return Status(201, _meeting_out(meeting))
