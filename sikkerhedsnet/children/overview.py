"""The child's case at a glance: a panel per app and one timeline of everything that happened on the case.

`children` sits below the apps whose state the overview shows, so it names none of them. Each app lists its
contributions in `<app>/overview.py` (found by autodiscovery, like `core/deadlines.py`):

    PANELS = (fn,)     # fn(child, today) -> Panel | None: the app's current state for the child
    TIMELINE = (fn,)   # fn(child, kinds, before, limit) -> list[Event]: its events, newest first

A provider runs a fixed number of queries whatever the amount of history (the overview's query budget is tested),
and a timeline provider returns at most `limit` events dated before `before` (None: up to today), so the timeline
pages by date. A provider whose kind is not in `kinds` returns nothing without a query.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.module_loading import import_string, module_has_submodule
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from .models import Child

# The kinds of timeline events (a filter on the overview). Apps use these keys; the labels are the filter's.
JOURNAL = "journal"
NOTIFICATION = "notification"
INVESTIGATION = "investigation"
MEASURE = "measure"
SAFETY = "safety"
FOLLOWUP = "followup"
KINDS: dict[str, _StrPromise] = {
    JOURNAL: _("Journal"),
    NOTIFICATION: _("Underretninger"),
    INVESTIGATION: _("Undersøgelser"),
    MEASURE: _("Indsatser"),
    SAFETY: _("Sikkerhedsarbejde"),
    FOLLOWUP: _("Opfølgning"),
}
TIMELINE_PAGE = 40
# A day that fills a whole page is shown whole, up to this many events (a case has never had a day of 1,000 events;
# a bound keeps the page's cost bounded all the same).
DAY_MAX = 1000


@dataclass(frozen=True)
class Item:
    """One line of a panel: a text, an optional link, a detail line and a badge (Danish, shown as is)."""

    text: str
    url: str = ""
    detail: str = ""
    badge: str = ""
    badge_style: str = "info"  # the design system's badge colour: info, success, warning, error


@dataclass(frozen=True)
class Panel:
    """An app's current state for the child, e.g. "Sikkerhedsplan: version 2, godkendt"."""

    key: str  # machine-readable, also the section's id on the page
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""  # shown when there are no items
    order: int = 50  # position on the page, smallest first
    links: list[tuple[str, str]] = field(default_factory=list)  # (url, label)


@dataclass(frozen=True)
class Event:
    """Something that happened on the case."""

    on: date
    kind: str  # one of KINDS
    label: str  # Danish: what happened, e.g. "Underretning modtaget"
    detail: str = ""
    url: str = ""
    text: str = ""  # a journal note's own text, shown in full
    at: datetime | None = None  # the moment, where known (orders events of one day)
    sort_id: int = 0  # a tie-breaker within one day and kind


PanelProvider = Callable[["Child", date], "Panel | None"]
TimelineProvider = Callable[["Child", Collection[str], "date | None", int], list[Event]]


def _discover(name: str) -> tuple[object, ...]:
    found: list[object] = []
    for config in apps.get_app_configs():
        mine = config.name == __package__  # children's own overview.py is this registry
        if config.name.startswith("sikkerhedsnet.") and not mine and module_has_submodule(config.module, "overview"):
            found.extend(import_string(f"{config.name}.overview.{name}"))
    return tuple(found)


@cache
def panel_providers() -> tuple[PanelProvider, ...]:
    """Every installed app's `overview.PANELS`, in INSTALLED_APPS order."""
    return _discover("PANELS")  # type: ignore[return-value]


@cache
def timeline_providers() -> tuple[TimelineProvider, ...]:
    """Every installed app's `overview.TIMELINE`, in INSTALLED_APPS order."""
    return _discover("TIMELINE")  # type: ignore[return-value]


def panels(child: Child, *, today: date) -> list[Panel]:
    """The current state of every app for the child, in page order."""
    found = [p for p in (provider(child, today) for provider in panel_providers()) if p is not None]
    return sorted(found, key=lambda p: p.order)


def sort_key(event: Event) -> tuple[date, float, int]:
    return (event.on, event.at.timestamp() if event.at else 0.0, event.sort_id)


def timeline(
    child: Child,
    *,
    kinds: Collection[str] = tuple(KINDS),
    before: date | None = None,
    limit: int = TIMELINE_PAGE,
    extra: Collection[TimelineProvider] = (),
    today: date | None = None,
) -> list[Event]:
    """The newest `limit` events of the kinds asked for, dated before `before`, newest first; nothing dated after
    `today` (a measure planned to start next month has not happened yet).

    `extra` are the children app's own providers (the journal), which are not found by autodiscovery."""
    found: list[Event] = []
    for provider in (*extra, *timeline_providers()):
        found.extend(e for e in provider(child, kinds, before, limit) if today is None or e.on <= today)
    return sorted(found, key=sort_key, reverse=True)[:limit]
