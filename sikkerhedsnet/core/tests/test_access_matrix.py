"""The permission matrix over every URL pattern and every API operation (see testing/access.py).

Besides the expected outcome of every (URL, method, role, relation) cell, each allowed page is checked for:
no child's name or CPR number in its <title> (browser history), no CPR number in any URL it links to, no inline
script or style (CSP), a one-time token in every form that posts to a single-submit view, and an audit event for
every read, search and export the entry declares.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from sikkerhedsnet.accounts.services import api_token_create
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core.formtokens import FIELD_NAME
from sikkerhedsnet.core.tests.access import ADMIN_PUBLIC, ADMIN_STAFF_OUTCOMES
from sikkerhedsnet.testing.access import (
    ANONYMOUS,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    OK,
    RELATIONS,
    ROLES,
    api_expectations,
    classify,
    relations_for,
    url_expectations,
    url_names,
)
from sikkerhedsnet.testing.forms import parse_forms, with_form_token
from sikkerhedsnet.testing.world import build_world

URLS = url_expectations()
APIS = api_expectations()
NAMES = url_names()
FIGURES = Path(settings.BASE_DIR) / "test-artifacts" / "figures" / "matrix"

CPR_IN_TEXT = re.compile(r"(?<![\w-])\d{6}-?\d{4}(?![\w-])")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LINK_ATTRS = re.compile(r'\s(?:href|src|action|formaction|hx-get|hx-post|hx-put|hx-delete)="([^"]*)"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.I)
TITLE = re.compile(r"<title>(.*?)</title>", re.I | re.S)


def _schema():
    return Client().get("/api/v1/openapi.json").json()


def _operations():
    ops = []
    for path, methods in _schema()["paths"].items():
        for method in methods:
            ops.append(f"{method.upper()} {path}")
    return sorted(ops)


OPERATIONS = _operations()


def _api_url_names():
    """URL names that serve an API operation (several operations may share one path)."""
    paths = {op.split(" ", 1)[1] for op in OPERATIONS}
    return {name for name, route in NAMES.items() if name.startswith("api-v1:") and route in paths}


def _write_figure(kind, name, cells):
    folder = FIGURES / connection.vendor
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    (folder / f"{kind}-{safe}.json").write_text(json.dumps({"kind": kind, "name": name, "cells": cells}))


def _close_file(response):
    """Close a FileResponse's file without "finishing the request" (which would close the test's connection)."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
        for closer in response._resource_closers:
            closer()


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="module")
def _world_of_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world is built once per module and worker, in a transaction rolled back at the end; each test runs in a
    savepoint inside it (pytest-django's `db`), so whatever a test writes is undone before the next one."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world(), media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_world_of_module, db, settings):
    world, media = _world_of_module
    settings.MEDIA_ROOT = media
    world.forget_made()  # objects a test made lazily were rolled back with it
    return world


# ------------------------------------------------------------------------------------- completeness


def test_every_url_pattern_has_an_access_expectation() -> None:
    api_names = _api_url_names()
    missing = sorted(n for n in NAMES if not n.startswith("admin:") and n not in URLS and n not in api_names)
    assert not missing, f"URL names without an entry in <app>/tests/access.py URLS: {missing}"


def test_every_access_expectation_names_an_existing_url() -> None:
    stale = sorted(n for n in URLS if n not in NAMES)
    assert not stale, f"expectations for URL names that no longer exist: {stale}"


def test_every_url_pattern_is_named() -> None:
    unnamed = [n for n in NAMES if "<unnamed" in n and not n.startswith("admin:")]  # the admin's own redirects
    assert not unnamed, f"unnamed URL patterns (name them, then add an access expectation): {unnamed}"


def test_every_api_operation_has_an_access_expectation() -> None:
    missing = sorted(set(OPERATIONS) - set(APIS))
    assert not missing, f"API operations without an entry in <app>/tests/access.py API: {missing}"


def test_every_api_expectation_names_an_existing_operation() -> None:
    assert not sorted(set(APIS) - set(OPERATIONS))


def test_every_readable_page_about_a_child_declares_its_audit_event() -> None:
    """A page or operation that shows a child (or its document) to someone must log the read: its entry has to
    say which event, and the matrix then checks the event is written."""
    silent = [
        name
        for name, spec in URLS.items()
        if spec.obj in ("child", "document")
        and any(spec.get(role, rel) == OK for role in ROLES for rel in RELATIONS)
        and not spec.audit
    ]
    silent += [
        name
        for name, spec in APIS.items()
        if name.startswith("GET ") and spec.obj in ("child", "document") and not spec.audit
    ]
    assert not silent, f"reads of a child without a declared audit event: {silent}"


# ------------------------------------------------------------------------------------- page hygiene


def _title_problems(html, world):
    """A page's <title> goes to the browser's history and tab list: never a child's name or CPR (issue #20)."""
    match = TITLE.search(html)
    if match is None:
        return []
    title = match.group(1)
    words = {"Fiktivsen"}  # every factory child's last name
    for child in world.children.values():
        words |= {child.first_name, child.last_name, child.cpr, child.cpr_formatted}
    found = sorted(w for w in words if w and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", title))
    return [f"a child's name or CPR in <title>: {title.strip()!r}"] if found else []


def _hygiene_problems(name, response, world):
    if "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode()
    problems = _title_problems(html, world)
    for link in LINK_ATTRS.findall(html):
        if CPR_IN_TEXT.search(UUID.sub("", link)):
            problems.append(f"a CPR number in a link: {link}")
    if INLINE_SCRIPT.search(html):
        problems.append("an inline <script> (CSP forbids it)")
    if EVENT_HANDLER.search(html):
        problems.append("an inline event handler (on...=)")
    if name != "api-v1:openapi-view" and STYLE_ATTR.search(html):
        problems.append("an inline style attribute")
    csp = response.get("Content-Security-Policy", "")
    if "script-src 'self'" not in csp or "unsafe-inline" in csp:
        problems.append(f"no strict CSP header ({csp!r})")
    if response.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    for form in parse_forms(html):
        if form.method != "post":
            continue
        try:
            target = resolve((form.action or response.wsgi_request.path).split("?")[0])
        except Resolver404:
            continue
        if getattr(target.func, "single_submit", False) and FIELD_NAME not in form.values:
            problems.append(f"a form posting to {target.view_name} without {{% form_token %}}")
    return problems


# ------------------------------------------------------------------------------------------- pages


@pytest.mark.parametrize("name", sorted(URLS))
def test_access_matrix_url(name, world) -> None:
    spec = URLS[name]
    relations = relations_for(spec.obj)
    failures, cells = [], 0
    for role in ROLES:
        user = None if role == ANONYMOUS else world.users[role]
        for relation in relations:
            rel = "own" if relation == "-" else relation
            url = reverse(name, kwargs=world.kwargs(spec.obj, rel, user) | spec.kwargs)
            for method, expect in (("GET", spec.get), ("POST", spec.post)):
                client = _client(user)
                before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
                if method == "GET":
                    response = client.get(url, spec.query)
                else:
                    response = client.post(url, with_form_token({}))
                _close_file(response)
                cells += 1
                expected, actual = expect(role, relation), classify(response)
                where = f"{method} {url} as {role} ({relation})"
                if actual != expected:
                    failures.append(f"{where}: expected {expected}, got {actual} [{response.status_code}]")
                    continue
                if method != "GET" or actual != OK:
                    continue
                failures += [f"{where}: {p}" for p in _hygiene_problems(name, response, world)]
                for event_type in spec.audit:
                    events = AuditEvent.objects.filter(seq__gt=before, type=event_type, actor_id=user.pk)
                    child_id = world.child_id_of(spec.obj, rel, user)
                    if child_id is not None:
                        events = events.filter(child_id=child_id)
                    if not events.exists():
                        failures.append(f"{where}: no {event_type} audit event")
    _write_figure("url", name, cells)
    assert not failures, "\n".join(failures)


def test_access_matrix_admin_site(world) -> None:
    """Every Django-admin page without arguments: staff (the admin role) only; the rest go to its login."""
    failures, cells = [], 0
    names = sorted(n for n in NAMES if n.startswith("admin:"))
    for name in names:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # pages of one object: the same staff check guards them (AdminSite.admin_view)
        for role in ROLES:
            user = None if role == ANONYMOUS else world.users[role]
            response = _client(user).get(url)
            cells += 1
            actual = classify(response)
            if name in ADMIN_PUBLIC:
                ok = actual == ADMIN_PUBLIC[name](role, "-")
            elif role == "admin":
                ok = actual in ADMIN_STAFF_OUTCOMES
            else:
                ok = actual == LOGIN
            if not ok:
                failures.append(f"GET {url} as {role}: got {actual} [{response.status_code}]")
    _write_figure("admin", "admin", cells)
    assert cells > 0 and not failures, "\n".join(failures)


# --------------------------------------------------------------------------------------------- API


def _api_client(user):
    if user is None:
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=user, user=user)}")


@pytest.mark.parametrize("operation", OPERATIONS)
def test_access_matrix_api(operation, world) -> None:
    spec = APIS[operation]
    method, template = operation.split(" ", 1)
    relations = relations_for(spec.obj)
    failures, cells = [], 0
    for role in ROLES:
        user = None if role == ANONYMOUS else world.users[role]
        client = _api_client(user)
        for relation in relations:
            rel = "own" if relation == "-" else relation
            path = template
            for key, value in (world.kwargs(spec.obj, rel, user) | spec.params).items():
                path = path.replace("{" + key + "}", str(value))
            before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
            query = spec.query(world) if spec.query else {}
            if method == "GET":
                response = client.get(path, query)
            else:
                body = json.dumps(spec.body(world) if spec.body else {})
                response = client.generic(method, path, body, content_type="application/json", QUERY_STRING="")
            cells += 1
            expected, actual = spec.rule(role, relation), classify(response)
            where = f"{method} {path} as {role} ({relation})"
            if actual != expected:
                failures.append(f"{where}: expected {expected}, got {actual} [{response.status_code}]")
                continue
            if actual != OK:
                assert set(response.json()) >= {"code", "message", "errors"}, f"{where}: not the error shape"
            elif method == "GET":
                for event_type in spec.audit:
                    events = AuditEvent.objects.filter(seq__gt=before, type=event_type, actor_id=user.pk)
                    child_id = world.child_id_of(spec.obj, rel, user)
                    if child_id is not None:
                        events = events.filter(child_id=child_id)
                    if not events.exists():
                        failures.append(f"{where}: no {event_type} audit event")
    _write_figure("api", operation, cells)
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------------------------- CSRF


@pytest.mark.parametrize("name", sorted(n for n in URLS if not n.startswith("api-v1:")))
def test_post_without_csrf_token_is_refused(name, world) -> None:
    """Every page URL refuses a POST without the CSRF token, before the view runs (as any role)."""
    spec = URLS[name]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["team_leader"])
    url = reverse(name, kwargs=world.kwargs(spec.obj, "own", world.users["team_leader"]) | spec.kwargs)
    response = client.post(url, with_form_token({}))
    _close_file(response)
    assert (response.status_code, "Formularen er udløbet" in response.content.decode()) == (403, True)


def test_api_ignores_the_session_cookie(world) -> None:
    """The API authenticates by token only, so a forged cross-site request riding the session gets 401."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker"])
    response = client.post("/api/v1/children", "{}", content_type="application/json")
    assert response.status_code == 401


def test_matrix_not_allowed_cells_exist_so_methods_are_checked() -> None:
    """Sanity: the table states method refusals explicitly (a GET-only view is not silently POST-able)."""
    assert any(spec.post("caseworker", "own") == NOT_ALLOWED for spec in URLS.values())
    assert any(
        spec.get("caseworker", "own") == FORBIDDEN or spec.post("analyst", "own") == FORBIDDEN for spec in URLS.values()
    )
