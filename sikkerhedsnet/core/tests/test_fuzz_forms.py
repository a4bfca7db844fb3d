"""Every form, fed random text (any Unicode, very long, control characters, HTML/JS/template payloads).

Property: no input gives a 500; whatever is stored is shown escaped; user text never becomes markup.
Each fuzzed value is wrapped in unique sentinels (⟦n⟧…⟦/n⟧); on every page the text between them must hold
no raw "<", ">" or '"' - so no tag and no attribute break-out, wherever the text lands. A browser test
(test_browser_xss.py) shows the stored payloads are not executed.

A new form class anywhere under sikkerhedsnet/ must get a target: the foundation's are below; other apps list
theirs in `sikkerhedsnet/<app>/tests/fuzz.py` (see sikkerhedsnet/testing/fuzz.py).
"""

from __future__ import annotations

import importlib
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.models import BreakGlassAccess, Child, Document, JournalEntry, Relation
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.testing.fuzz import (
    NUMBER_TEXT,
    ODD_NUMBER,
    SEGMENT,
    TEXT,
    Ctx,
    Target,
    app_targets,
    get_follow,
    identifier_problems,
    markup_problems,
    ok,
    post,
    role_client,
    serial,
    wrap,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FIGURES = Path(django_settings.BASE_DIR) / "test-artifacts" / "figures" / "fuzz"


def run_child_create(ctx: Ctx, values: dict[str, str]) -> list[str]:
    n = serial()
    cpr = cprlib.fictitious(date(2015, 1 + n % 12, 1 + n % 28), n)
    response = post(ctx.client, "/boern/ny/", {"cpr": cpr} | values)
    pages = [response.content.decode(), get_follow(ctx.client, response)]
    if response.status_code == 302:
        child = Child.objects.get(cpr=cpr)
        for field, value in values.items():
            assert "⟦" in getattr(child, field) or not value.strip("⟦⟧/0123456789")
    return pages


def run_child_edit(ctx: Ctx, values: dict[str, str]) -> list[str]:
    ctx.child.refresh_from_db()
    data = {"version": ctx.child.version, "first_name": "Barn", "last_name": "Fiktivsen"} | values
    response = post(ctx.client, f"/boern/{ctx.child.pk}/rediger/", data)
    return [response.content.decode(), get_follow(ctx.client, response)]


def run_journal(ctx: Ctx, values: dict[str, str]) -> list[str]:
    before = JournalEntry.objects.count()
    data = {"occurred_on": timezone.localdate().isoformat()} | values
    response = post(ctx.client, f"/boern/{ctx.child.pk}/journal/", data)
    pages = [response.content.decode(), get_follow(ctx.client, response)]
    if response.status_code == 302:
        entry = JournalEntry.objects.latest("pk")
        assert JournalEntry.objects.count() == before + 1 and "⟦" in entry.title and "⟦" in entry.text
    return pages


def run_relation(ctx: Ctx, values: dict[str, str]) -> list[str]:
    response = post(ctx.client, f"/boern/{ctx.child.pk}/relationer/ny/", {"kind": "other"} | values)
    pages = [response.content.decode(), get_follow(ctx.client, response)]
    if response.status_code == 302:
        assert Relation.objects.filter(child=ctx.child, person__first_name__contains="⟦").exists()
    return pages


def run_document(ctx: Ctx, values: dict[str, str]) -> list[str]:
    upload = SimpleUploadedFile("r.pdf", b"%PDF-1.4 fiktiv", content_type="application/pdf")
    response = post(ctx.client, f"/boern/{ctx.child.pk}/dokumenter/", {"file": upload} | values)
    pages = [response.content.decode(), get_follow(ctx.client, response)]
    if response.status_code == 302:
        assert "⟦" in Document.objects.latest("pk").title
    return pages


def run_break_glass(ctx: Ctx, values: dict[str, str]) -> list[str]:
    reason = {"reason": "Døgnvagt: " + values["reason"]}  # long enough to be accepted, so it is stored and shown
    night_shift = Client()  # a new user each time: a user's live grant would be reused, not stored again
    night_shift.force_login(UserFactory(username=f"fz_night{serial()}", role="caseworker", team=ctx.child.case.team))
    response = night_shift.post("/boern/begrundet-adgang/", {"cpr": ctx.other_child.cpr} | reason)
    ok(response)
    pages = [response.content.decode()]
    if response.status_code == 302:
        assert "⟦" in BreakGlassAccess.objects.latest("pk").reason
        pages.append(ctx.leader_client.get("/accounts/team/").content.decode())
    return pages


def run_legal_hold(ctx: Ctx, values: dict[str, str]) -> list[str]:
    data = {"legal_hold": "on", "reason": "Klagesag: " + values["reason"]}
    response = post(ctx.leader_client, f"/sletning/slettestop/{ctx.other_child.pk}/", data)
    return [response.content.decode(), get_follow(ctx.leader_client, response)]


def run_user(ctx: Ctx, values: dict[str, str]) -> list[str]:
    username = f"fuzz{serial()}"
    data = {"username": username, "role": "analyst"} | values
    response = post(ctx.admin_client, "/accounts/brugere/ny/", data)
    return [response.content.decode(), get_follow(ctx.admin_client, response)]


def run_search(ctx: Ctx, values: dict[str, str]) -> list[str]:
    response = ctx.client.post("/boern/", values)
    ok(response)
    return [response.content.decode(), get_follow(ctx.client, response)]


def run_history(ctx: Ctx, values: dict[str, str]) -> list[str]:
    response = ctx.client.get(f"/boern/{ctx.child.pk}/historik/", values)
    ok(response)
    return [response.content.decode()]


def run_access_log(ctx: Ctx, values: dict[str, str]) -> list[str]:
    auditor = UserFactory(username=f"aud{serial()}", role="auditor", team=None)
    client = Client()
    client.force_login(auditor)
    response = client.post("/logning/", values)
    ok(response)
    return [response.content.decode()]


def run_login(ctx: Ctx, values: dict[str, str]) -> list[str]:
    response = Client().post("/accounts/login/", values)
    ok(response)
    return [response.content.decode()]


def run_otp(ctx: Ctx, values: dict[str, str]) -> list[str]:
    response = ctx.client.post("/accounts/otp/", values)
    ok(response)
    return [response.content.decode()]


TARGETS = {
    "sikkerhedsnet.children.forms.ChildCreateForm": Target(
        "ChildCreateForm", ("first_name", "last_name", "address", "city", "school_or_daycare"), run_child_create
    ),
    "sikkerhedsnet.children.forms.ChildEditForm": Target(
        "ChildEditForm", ("first_name", "last_name", "address", "city", "school_or_daycare"), run_child_edit
    ),
    "sikkerhedsnet.children.forms.JournalEntryForm": Target("JournalEntryForm", ("title", "text"), run_journal),
    "sikkerhedsnet.children.forms.RelationForm": Target(
        "RelationForm", ("first_name", "last_name", "phone", "note"), run_relation
    ),
    "sikkerhedsnet.children.forms.DocumentForm": Target("DocumentForm", ("title",), run_document),
    "sikkerhedsnet.children.forms.BreakGlassForm": Target("BreakGlassForm", ("reason",), run_break_glass),
    "sikkerhedsnet.children.forms.SearchForm": Target("SearchForm", ("q",), run_search),
    "sikkerhedsnet.children.forms.HistoryForm": Target("HistoryForm", ("on",), run_history),
    "sikkerhedsnet.site.forms.LegalHoldForm": Target("LegalHoldForm", ("reason",), run_legal_hold),
    "sikkerhedsnet.accounts.admin_forms.UserForm": Target("UserForm", ("first_name", "last_name"), run_user),
    "sikkerhedsnet.accounts.forms.LoginForm": Target("LoginForm", ("username",), run_login),
    "sikkerhedsnet.accounts.forms.OtpTokenForm": Target("OtpTokenForm", ("token",), run_otp),
    "sikkerhedsnet.insight.views.AccessLogForm": Target("AccessLogForm", ("cpr", "person"), run_access_log),
}


TARGETS |= app_targets()


def _all_form_classes() -> set[str]:
    for config in apps.get_app_configs():
        if config.name.startswith("sikkerhedsnet."):
            for module in ("forms", "admin_forms", "views", "urls"):  # urls: views (and forms) in sub-packages
                try:
                    importlib.import_module(f"{config.name}.{module}")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.{module}":
                        raise

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        f"{c.__module__}.{c.__qualname__}"
        for c in subclasses(forms.BaseForm)
        if c.__module__.startswith("sikkerhedsnet.") and ".tests." not in c.__module__
    }


def test_every_form_is_fuzzed() -> None:
    missing = sorted(_all_form_classes() - set(TARGETS))
    assert not missing, f"forms without a fuzz target in {__name__}.TARGETS: {missing}"


@pytest.fixture
def ctx(db, team, other_team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    caseworker = UserFactory(username="fz_caseworker", role="caseworker", team=team)
    leader = UserFactory(username="fz_leader", role="team_leader", team=other_team)
    admin = UserFactory(username="fz_admin", role="admin", team=None, municipality=team.department.municipality)
    clients = []
    for user in (caseworker, leader, admin):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return Ctx(
        client=clients[0],
        child=ChildFactory(case__team=team, case__caseworker=caseworker),
        other_child=ChildFactory(case__team=other_team),
        leader_client=clients[1],
        admin_client=clients[2],
    )


@pytest.fixture
def examples(request):
    counter = {"n": 0, "shown": 0}
    yield counter
    folder = FIGURES / connection.vendor
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name)
    (folder / f"{name}.json").write_text(
        json.dumps({"test": request.node.name, "examples": counter["n"], "values_shown": counter["shown"]})
    )


@pytest.mark.parametrize("form", sorted(TARGETS))
def test_form_random_text_is_stored_and_shown_escaped(form, ctx, examples) -> None:
    target = TARGETS[form]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.fixed_dictionaries({field: TEXT for field in target.fields}))
    def check(raw: dict[str, str]) -> None:
        examples["n"] += 1
        values = {field: wrap(text) for field, text in raw.items()}
        for page in target.run(ctx, values):
            problems = markup_problems(page)
            assert not problems, f"user text became markup on a page: {problems}"
            examples["shown"] += len(SEGMENT.findall(page))
        stored = identifier_problems()
        assert not stored, f"an identifier was stored in other digits than 0-9: {stored}"

    check()
    proved = examples["shown"] > 0 or not target.echoes
    assert proved, "no fuzzed value was ever shown back: the check above proved nothing"


# --- query parameters: numbers in other scripts' digits ('²', '٣', '３') never give a 500 (issue #20) -------------

# Every query parameter a view reads itself (request.GET.get("name")), with a page that reads it. A form bound to
# request.GET (HistoryForm, CompareForm, PeriodForm, ...) is fuzzed as a form above.
QUERY_PARAMS = {
    "barn": lambda ctx: (ctx.client, "/underretninger/ny/"),
    "vis": lambda ctx: (ctx.client, "/underretninger/"),
    "side": lambda ctx: (ctx.client, "/boern/"),
    "alle": lambda ctx: (ctx.client, "/indsatser/"),
    "due": lambda ctx: (ctx.client, f"/opfoelgning/indsats/{_measure(ctx).pk}/registrer/"),
    "eksempel": lambda ctx: (role_client(ctx, "head"), "/rapporter/business-cases/ny/"),
    "criterion": lambda ctx: (role_client(ctx, "head"), "/rapporter/selvrevision/sager/"),
    "unassigned": lambda ctx: (role_client(ctx, "head"), "/rapporter/selvrevision/sager/"),
    "raadgiver": lambda ctx: (role_client(ctx, "team_leader", team=ctx.child.case.team), "/accounts/team/omfordel/"),
    "form": lambda ctx: (ctx.client, "/accounts/kladde/"),
}
_READ_PARAM = re.compile(r"""request\.GET(?:\.get\(|\[)["'](\w+)["']""")


def _measure(ctx: Ctx):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.measures.tests.factories import MeasureFactory
    from sikkerhedsnet.testing.fuzz import once

    return once(ctx, "measure", lambda: MeasureFactory(child=ctx.child))


def test_every_query_parameter_is_fuzzed() -> None:
    root = Path(django_settings.BASE_DIR) / "sikkerhedsnet"
    read = {
        name
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "testing" not in path.parts
        for name in _READ_PARAM.findall(path.read_text(encoding="utf-8"))
    }
    missing = sorted(read - set(QUERY_PARAMS))
    assert not missing, f"query parameters without a page in {__name__}.QUERY_PARAMS: {missing}"


@pytest.mark.parametrize("param", sorted(QUERY_PARAMS))
def test_query_parameter_with_numbers_in_any_digits_never_500s(param, ctx, examples) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.one_of(ODD_NUMBER, NUMBER_TEXT, st.sampled_from(["²", "٣", "３", str(2**64), "-1", "0"])))
    def check(value: str) -> None:
        examples["n"] += 1
        client, url = QUERY_PARAMS[param](ctx)
        ok(client.get(url, {param: value}))

    check()
