"""Writes of municipal settings: one dated, audited change at a time (old and new value in the audit log)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.errors import DomainError, StaleEdit

from . import settings_selectors as selectors
from .models import Municipality, MunicipalSetting, User
from .municipal_settings import parse

MAX_AHEAD_DAYS = 2 * 366


def can_edit(user: User) -> bool:
    return user.is_authenticated and user.role in selectors.SETTINGS_ROLES and user.municipality_id is not None


@transaction.atomic
def setting_change(
    *,
    by: User,
    municipality: Municipality,
    key: str,
    value: Any,
    effective_from: date | None,
    expected_version: int,
) -> MunicipalSetting:
    """Set `key` to `value` from `effective_from` (default today; never a day that has passed, so nothing already
    computed changes). Refused when another change was made meanwhile (409 stale_edit) or the value is outside
    the bounds the law leaves the municipality (422 out_of_bounds)."""
    if not can_edit(by) or by.municipality_id != municipality.pk:
        raise PermissionDenied
    spec = selectors.spec_for(key)
    if spec is None:
        raise DomainError(_("Ukendt indstilling."), field="key", code="unknown_setting")
    new = parse(spec, value)
    today = timezone.localdate()
    effective_from = effective_from or today
    if effective_from < today:
        raise DomainError(
            _("En ændring kan ikke gælde fra en dato, der er gået."), field="effective_from", code="date_in_past"
        )
    if (effective_from - today).days > MAX_AHEAD_DAYS:
        raise DomainError(_("Vælg en dato inden for to år."), field="effective_from", code="date_out_of_range")
    Municipality.objects.select_for_update().get(pk=municipality.pk)  # one change at a time
    if selectors.version(municipality.pk) != expected_version:
        raise StaleEdit(_("En anden har ændret indstillingerne, mens du redigerede. Din ændring er ikke gemt."))
    old = selectors.setting_on(municipality.pk, key, on=effective_from)
    if old == new:
        raise DomainError(_("Værdien er allerede gældende fra den dato."), field="value", code="unchanged")
    change = MunicipalSetting.objects.create(
        municipality=municipality, key=key, value=new, effective_from=effective_from, changed_by=by
    )
    audit.record(
        by=by,
        type=AuditEvent.Type.CHANGED,
        target=change,
        old={"key": key, "value": old},
        new={"key": key, "value": new, "effective_from": effective_from},
    )
    return change
