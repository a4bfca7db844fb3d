"""Reads of municipal settings: a value "as of" a day, the current and scheduled values, the change log.

The value of a setting on a day is the latest change (by effective date, then by id) whose `effective_from` is on
or before that day; before any change, the spec's default (accounts.municipal_settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent

from .models import Municipality, MunicipalSetting
from .municipal_settings import RETENTION_PREFIX, SPECS, SettingSpec, retention_spec

SETTINGS_ROLES = frozenset({"admin", "head"})


def specs() -> list[SettingSpec]:
    """Every setting: the fixed ones, then one per retention record type whose period is in whole years."""
    from sikkerhedsnet.core.retention import record_types

    found = list(SPECS)
    for rt in record_types():
        if rt.technical or set(rt.period) != {"years"}:
            continue
        found.append(retention_spec(rt.key, label=str(rt.label), default_years=rt.period["years"]))
    return found


def spec_for(key: str) -> SettingSpec | None:
    return next((s for s in specs() if s.key == key), None)


def _default(spec: SettingSpec, municipality: Municipality | None) -> Any:
    if spec.key == "saturday_is_working_day" and municipality is not None:
        return municipality.saturday_is_working_day  # the column that held it before the settings were dated
    return spec.default


def setting_on(municipality_id: int, key: str, *, on: date) -> Any:
    """The value of `key` for the municipality on day `on` (one query)."""
    row = (
        MunicipalSetting.objects.filter(municipality_id=municipality_id, key=key, effective_from__lte=on)
        .order_by("-effective_from", "-id")
        .values_list("value", flat=True)
        .first()
    )
    if row is not None:
        return row
    spec = spec_for(key)
    if spec is None:
        raise KeyError(key)
    return _default(spec, Municipality.objects.filter(pk=municipality_id).first())


def version(municipality_id: int) -> int:
    """Changes with every settings change of the municipality: the optimistic lock of the settings page and API."""
    latest = (
        MunicipalSetting.objects.filter(municipality_id=municipality_id).order_by("-id").values_list("id", flat=True)
    )
    return latest[0] if latest else 0


@dataclass(frozen=True)
class SettingRow:
    spec: SettingSpec
    value: Any  # in force today
    effective_from: date | None  # of the value in force (None: the default)
    scheduled: list[tuple[date, Any]]  # changes from a later date


def settings_overview(municipality: Municipality, *, today: date | None = None) -> list[SettingRow]:
    """Each setting with today's value, since when, and the changes scheduled for later (one query)."""
    today = today or timezone.localdate()
    rows: dict[str, list[MunicipalSetting]] = {}
    for change in MunicipalSetting.objects.filter(municipality=municipality).order_by("effective_from", "id"):
        rows.setdefault(change.key, []).append(change)
    result = []
    for spec in specs():
        changes = rows.get(spec.key, [])
        past = [c for c in changes if c.effective_from <= today]
        current = past[-1] if past else None
        result.append(
            SettingRow(
                spec,
                current.value if current else _default(spec, municipality),
                current.effective_from if current else None,
                [(c.effective_from, c.value) for c in changes if c.effective_from > today],
            )
        )
    return result


def change_log(municipality: Municipality, *, limit: int = 50) -> list[AuditEvent]:
    """The audit events of the municipality's settings changes, newest first, with old and new values."""
    ids = [str(i) for i in MunicipalSetting.objects.filter(municipality=municipality).values_list("id", flat=True)]
    return list(
        AuditEvent.objects.filter(target_model="accounts.municipalsetting", target_id__in=ids).order_by("-id")[:limit]
    )


def retention_years_on(record_key: str, municipality_id: int, on: date) -> int | None:
    """core.retention's source: the municipality's own period (years) in force on `on`, or None (no change made)."""
    value = (
        MunicipalSetting.objects.filter(
            municipality_id=municipality_id, key=RETENTION_PREFIX + record_key, effective_from__lte=on
        )
        .order_by("-effective_from", "-id")
        .values_list("value", flat=True)
        .first()
    )
    return int(value) if value is not None else None
