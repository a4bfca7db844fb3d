"""One list of open deadlines per child, gathered from every app that owns a kind of deadline.

Each provider is a plain function `(child_ids: list[int], today: date) -> list[Deadline]` that answers for
many children with a fixed number of queries. An app lists its providers in `<app>/deadlines.py` as
`PROVIDERS = (...)`; the modules are found by autodiscovery (core names no app above it; no signals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string, module_has_submodule

Provider = Callable[[list[int], date], list["Deadline"]]


@dataclass(frozen=True)
class Deadline:
    child_id: int
    due_on: date
    kind: str  # machine-readable, e.g. "notification_assessment"
    label: str  # Danish, shown to the user
    legal_reference: str = ""  # e.g. "Barnets lov § 136"
    url: str = ""
    due_at: datetime | None = None  # for hour-based deadlines

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


@cache
def providers() -> tuple[Provider, ...]:
    """Every installed app's `deadlines.PROVIDERS`, in INSTALLED_APPS order."""
    found: list[Provider] = []
    for config in apps.get_app_configs():
        mine = config.name == __package__  # core's own deadlines.py is this registry
        if config.name.startswith("sikkerhedsnet.") and not mine and module_has_submodule(config.module, "deadlines"):
            found.extend(import_string(f"{config.name}.deadlines.PROVIDERS"))
    return tuple(found)


def open_deadlines(child_ids: Iterable[int], *, today: date) -> list[Deadline]:
    """Every open deadline of these children, most urgent first."""
    ids = list(child_ids)
    if not ids:
        return []
    found: list[Deadline] = []
    for provider in providers():
        found.extend(provider(ids, today))
    return sorted(found, key=lambda d: (d.due_on, d.due_at.timestamp() if d.due_at else 0.0, d.child_id))


def next_deadline_by_child(child_ids: Iterable[int], *, today: date) -> dict[int, Deadline]:
    nearest: dict[int, Deadline] = {}
    for deadline in open_deadlines(child_ids, today=today):
        nearest.setdefault(deadline.child_id, deadline)
    return nearest
