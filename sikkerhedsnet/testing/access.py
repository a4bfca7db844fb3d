"""The permission matrix: every URL pattern and every API operation × every role × own / other / no relation.

Each app lists its expectations in `sikkerhedsnet/<app>/tests/access.py`:

    URLS = {"children:detail": Url(obj="child", get=case_object(), post=case_object(), audit=("child_viewed",))}
    API = {"GET /api/v1/children/{child_id}": Api(obj="child", rule=case_object(no_access=FORBIDDEN, ...))}

`sikkerhedsnet/core/tests/test_access_matrix.py` enumerates the URL resolver and the OpenAPI schema and fails
for a URL name or an operation without an entry (and for an entry whose URL is gone). So a new page or
endpoint cannot ship without someone deciding, in writing, who may use it.

Relations are the requesting user's relation to the object in the URL:
    own   - the object belongs to the user's team (a head: their municipality; a job: made by the user);
    other - the same municipality, another team (a job: made by a colleague);
    none  - another municipality altogether (a deletion run: another municipality's run).
URLs without an object are tested once per role (relation "-").
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

OK = "ok"  # the view ran: 2xx, a redirect that is not to a login page, 409 or 422 (input refused)
LOGIN = "login"  # redirected to a login page
UNAUTHORIZED = "unauthorized"  # 401 (API)
FORBIDDEN = "forbidden"  # 403
HIDDEN = "hidden"  # 404: as if it did not exist
NOT_ALLOWED = "not_allowed"  # 405: wrong method

ANONYMOUS = "anonymous"
ROLES = ("anonymous", "caseworker", "sos_consultant", "team_leader", "head", "analyst", "admin", "auditor")
TEAM_ROLES = frozenset({"caseworker", "sos_consultant", "team_leader"})
CASE_ROLES = TEAM_ROLES | {"head"}
RELATIONS = ("own", "other", "none")
NO_RELATION = ("-",)

Rule = Callable[[str, str], str]  # (role, relation) -> expected outcome


def rule(name: str, table: Callable[[str, str], str]) -> Rule:
    table.__name__ = name  # shown in failure messages
    return table


def everyone(outcome: str = OK, *, anonymous: str = LOGIN) -> Rule:
    return rule(f"everyone({outcome}, anonymous={anonymous})", lambda r, rel: anonymous if r == ANONYMOUS else outcome)


def only(roles: Iterable[str], *, yes: str = OK, no: str = FORBIDDEN, anonymous: str = LOGIN) -> Rule:
    allowed = frozenset(roles)
    return rule(
        f"only({sorted(allowed)})",
        lambda r, rel: anonymous if r == ANONYMOUS else (yes if r in allowed else no),
    )


def case_object(
    *,
    yes: str = OK,
    roles: Iterable[str] = CASE_ROLES,
    no_access: str = HIDDEN,
    anonymous: str = LOGIN,
    not_visible: str = HIDDEN,
) -> Rule:
    """Need-to-know on a child's case: team roles see their own team's, a head the municipality's."""
    allowed = frozenset(roles)

    def table(r: str, rel: str) -> str:
        if r == ANONYMOUS:
            return anonymous
        if r not in CASE_ROLES:
            return no_access
        visible = rel == "own" or (r == "head" and rel == "other")
        if not visible:
            return not_visible
        return yes if r in allowed else FORBIDDEN

    return rule(f"case_object(roles={sorted(allowed)})", table)


def municipality_object(roles: Iterable[str], *, anonymous: str = LOGIN) -> Rule:
    """A municipality's own record (offer, report, project): `roles` of that municipality may (own and other
    relation: the same municipality), others get 403 before the lookup, another municipality's is 404."""
    allowed = frozenset(roles)

    def table(r: str, rel: str) -> str:
        if r == ANONYMOUS:
            return anonymous
        if r not in allowed:
            return FORBIDDEN
        return HIDDEN if rel == "none" else OK

    return rule(f"municipality_object({sorted(allowed)})", table)


@dataclass(frozen=True)
class Url:
    """Expectations for one URL name: GET and POST, the object in its path, and what an allowed GET logs."""

    get: Rule
    post: Rule
    obj: str | None = None  # child, document, break_glass, user, job, run
    audit: tuple[str, ...] = ()  # audit event types an allowed GET must record (reads, searches, exports)
    query: dict[str, str] = field(default_factory=dict)  # GET parameters to send (never a CPR)
    kwargs: dict[str, Any] = field(default_factory=dict)  # further path arguments, e.g. {"fmt": "csv"}


@dataclass(frozen=True)
class Api:
    """Expectations for one API operation ("METHOD /path" as in the OpenAPI schema)."""

    rule: Rule
    obj: str | None = None
    body: Callable[[Any], dict[str, Any]] | None = None  # world -> a valid JSON body
    query: Callable[[Any], dict[str, str]] | None = None
    audit: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)  # further path parameters, e.g. {"code": "legal"}


@dataclass(frozen=True)
class Obj:
    """A kind of object named in an app's URLs (`OBJECTS` in <app>/tests/access.py): how the world makes one for
    a relation (own / other / none, see the module docstring), and the URL arguments that name it."""

    make: Callable[[Any, str], Any]  # (world, relation) -> the object
    kwargs: Callable[[Any], dict[str, Any]]  # the object -> its path arguments
    child: Callable[[Any], int | None] = lambda o: getattr(o, "child_id", None)  # whose read an allowed GET logs
    fresh: bool = False  # a new one for every request (actions that delete it)
    scoped: bool = True  # False: one object for everyone (e.g. national legal bases), tested without relations


def _modules() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sikkerhedsnet."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.tests.access"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.access" and exc.name != f"{config.name}.tests":
                raise
    return found


def url_expectations() -> dict[str, Url]:
    merged: dict[str, Url] = {}
    for module in _modules():
        for name, spec in getattr(module, "URLS", {}).items():
            if name in merged:
                raise AssertionError(f"URL {name} has expectations in two modules")
            merged[name] = spec
    return merged


def api_expectations() -> dict[str, Api]:
    merged: dict[str, Api] = {}
    for module in _modules():
        for name, spec in getattr(module, "API", {}).items():
            if name in merged:
                raise AssertionError(f"API operation {name} has expectations in two modules")
            merged[name] = spec
    return merged


def object_kinds() -> dict[str, Obj]:
    merged: dict[str, Obj] = {}
    for module in _modules():
        for name, spec in getattr(module, "OBJECTS", {}).items():
            if name in merged:
                raise AssertionError(f"object kind {name} is declared in two modules")
            merged[name] = spec
    return merged


def relations_for(obj: str | None) -> tuple[str, ...]:
    """The relations a URL or operation about `obj` is tested with."""
    if obj is None:
        return NO_RELATION
    kind = object_kinds().get(obj)
    return RELATIONS if kind is None or kind.scoped else NO_RELATION


def url_names() -> dict[str, str]:
    """Every URL pattern in the resolver: name -> its route, e.g. "children:detail" -> "/boern/{child_id}/".

    An unnamed pattern is listed as "<unnamed ROUTE>" (the admin's under "admin:")."""
    from django.urls import get_resolver

    found: dict[str, str] = {}

    def walk(patterns: Iterable[Any], namespace: str, route: str) -> None:
        for p in patterns:
            full = route + str(p.pattern)
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""), full)
            else:
                found[namespace + (p.name or f"<unnamed {full}>")] = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", full)

    walk(get_resolver().url_patterns, "", "")
    return found


def classify(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if "/accounts/login/" in location or "/django-admin/login/" in location:
            return LOGIN
        return OK
    if status == 401:
        return UNAUTHORIZED
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return HIDDEN
    if status == 405:
        return NOT_ALLOWED
    if 200 <= status < 300 or status in (409, 422):
        return OK
    return f"status {status}"
