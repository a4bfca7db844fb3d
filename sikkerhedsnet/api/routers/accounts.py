"""API: the accounts app's municipal settings (docs/api-contract.md, Additions v2, "Organisation settings") and the
user's private calendar feed ("Sign-on", `/me/calendar`).

The same selectors and service as the page "Kommunens indstillinger": heads and admins of the municipality read
and change them; each change is dated, audited with old and new value, and locked by the settings `version`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from sikkerhedsnet.accounts import settings_selectors as selectors
from sikkerhedsnet.accounts import settings_services as services
from sikkerhedsnet.accounts.http import AuthenticatedHttpRequest, calendar_feed_url, own_municipality
from sikkerhedsnet.accounts.models import Municipality
from sikkerhedsnet.accounts.services import calendar_feed_renew, calendar_feed_revoke
from sikkerhedsnet.api.errors import Error
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

router = Router(tags=["accounts"])
MAX_ID = 2**63 - 1


class UnknownSetting(DomainError):
    status = 404
    code = "unknown_setting"


class ScheduledOut(Schema):
    value: bool | int
    from_: date = Field(..., alias="from")

    model_config = {"populate_by_name": True}


class SettingOut(Schema):
    key: str
    label: str
    kind: str = Field(..., description="bool | int")
    value: bool | int = Field(..., description="In force today")
    effective_from: date | None = Field(..., description="Since when today's value applies (null: the default)")
    default: bool | int
    minimum: int | None
    maximum: int | None
    unit: str
    bounds: str = Field(..., description="The legal floor or ceiling, in words")
    source: str
    scheduled: list[ScheduledOut] = Field(..., description="Changes from a later date")


class SettingsOut(Schema):
    version: int = Field(..., description="Send it with a change; a stale one answers 409 stale_edit")
    items: list[SettingOut]


class SettingChangeIn(Schema):
    value: StrictBool | StrictInt
    from_: date | None = Field(None, alias="from", description="Applies from this day (default today; not the past)")
    version: int = Field(..., ge=0, le=MAX_ID)


def _municipality(request: AuthenticatedHttpRequest) -> Municipality:
    if not services.can_edit(request.user):
        raise PermissionDenied
    return own_municipality(request.user)


def _out(municipality: Municipality) -> dict[str, object]:
    items = []
    for row in selectors.settings_overview(municipality):
        spec = row.spec
        items.append(
            {
                "key": spec.key,
                "label": str(spec.label),
                "kind": spec.kind,
                "value": row.value,
                "effective_from": row.effective_from,
                "default": spec.default,
                "minimum": spec.minimum if spec.kind == "int" else None,
                "maximum": spec.maximum if spec.kind == "int" else None,
                "unit": str(spec.unit),
                "bounds": str(spec.bounds),
                "source": spec.source,
                "scheduled": [{"value": v, "from": d} for d, v in row.scheduled],
            }
        )
    return {"version": selectors.version(municipality.pk), "items": items}


@router.get("/municipality/settings", response={200: SettingsOut, 403: Error}, by_alias=True)
def list_settings(request: AuthenticatedHttpRequest) -> dict[str, object]:
    """Roles `head`, `admin`: every municipal setting with today's value, its bounds and source."""
    return _out(_municipality(request))


@router.put(
    "/municipality/settings/{key}",
    response={200: SettingsOut, 403: Error, 404: Error, 409: Error, 422: Error},
    by_alias=True,
)
def change_setting(request: AuthenticatedHttpRequest, key: str, payload: SettingChangeIn) -> dict[str, object]:
    """Roles `head`, `admin`: set `key` to `value` from `from` (default today, never the past). Outside the bounds
    the law leaves the municipality → 422 `out_of_bounds`; a stale `version` → 409 `stale_edit`; the value already
    in force on that day → 422 `unchanged`; an unknown key → 404 `unknown_setting`."""
    municipality = _municipality(request)
    if len(key) > 120 or selectors.spec_for(key) is None:
        raise UnknownSetting("Unknown setting.", field="key")
    if payload.from_ is not None:
        validation.plausible_date(payload.from_, field="from", earliest=validation.EARLIEST, latest=validation.LATEST)
    try:
        services.setting_change(
            by=request.user,
            municipality=municipality,
            key=key,
            value=payload.value,
            effective_from=payload.from_,
            expected_version=payload.version,
        )
    except DomainError as exc:
        exc.field = {"effective_from": "from"}.get(exc.field or "", exc.field)
        raise
    return _out(municipality)


class CalendarOut(Schema):
    url: str = Field(..., description="The private iCal feed (text/calendar); anyone with it sees the deadlines")


@router.get("/me/calendar", response={200: CalendarOut})
def calendar_url(request: AuthenticatedHttpRequest) -> dict[str, str]:
    """Any logged-in user: the private iCal feed of their open deadlines (those of Mine opgaver), reachable without
    a session through its secret URL. **Calling this renews the secret**: it returns a new URL, and the previous
    one answers 404 from now on. Events name the deadline and the case number only, never the child."""
    return {"url": calendar_feed_url(request, calendar_feed_renew(user=request.user))}


@router.delete("/me/calendar", response={204: None})
def calendar_revoke(request: AuthenticatedHttpRequest) -> Status:
    """Any logged-in user: revoke the private iCal feed (its URL answers 404). Nothing to revoke is also 204."""
    calendar_feed_revoke(user=request.user)
    return Status(204, None)
