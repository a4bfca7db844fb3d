"""Shared pieces of the form fuzzing (core/tests/test_fuzz_forms.py) for apps that add their own targets.

An app with forms adds `sikkerhedsnet/<app>/tests/fuzz.py`:

    from sikkerhedsnet.testing.fuzz import Ctx, Target, get_follow, post

    def run_plan(ctx: Ctx, values: dict[str, str]) -> list[str]:
        response = post(ctx.client, f"/sikkerhed/{ctx.child.pk}/ny/", {"level": "minimum"} | values)
        return [response.content.decode(), get_follow(ctx.client, response)]

    TARGETS = {"sikkerhedsnet.safety.forms.PlanForm": Target("PlanForm", ("danger_statement",), run_plan)}

Each run posts the fuzzed values (already wrapped in sentinels) and returns every page where they may show up.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client
from hypothesis import strategies as st

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.testing.forms import with_form_token

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">klik</a>',
    "<style>body{display:none}</style>",
    "{{ 7|add:42 }}{% now 'Y' %}",
    "&lt;b&gt;&amp;&#60;",
    "\u202e\u200bØÆÅ 😀 \U0001f469\u200d\U0001f469",
    "Robert'); DROP TABLE children_child;--",
    "\r\n\t\x0b\x1b[31m\x7f",
]
# Digits Python's `isdigit()`, `int()` or `\d` take but an identifier must not (issue #20): superscripts ('²' is
# isdigit() but int() fails - a 500), Arabic-Indic, Extended Arabic-Indic, Devanagari, full-width, mathematical
# bold ('٣', '３': int() reads them, so one CPR number had one record per script), circled and Roman numerals.
ODD_DIGITS = "¹²³٣۳३３𝟑①Ⅲ½"
# Numbers as they may be typed or tampered with: ASCII digits mixed with the odd ones, a hyphen, a sign.
NUMBER_TEXT = st.text(alphabet="0123456789-+" + ODD_DIGITS, min_size=1, max_size=14)
ODD_NUMBER = NUMBER_TEXT.filter(lambda text: any(ch in ODD_DIGITS for ch in text))
TEXT = st.one_of(
    st.text(max_size=120),  # any Unicode, control characters included
    st.sampled_from(PAYLOADS),
    st.builds(lambda a, p, b: a + p + b, st.text(max_size=30), st.sampled_from(PAYLOADS), st.text(max_size=30)),
    st.builds(lambda s, n: (s * n)[:25000], st.text(min_size=1, max_size=8), st.integers(50, 4000)),  # very long
    NUMBER_TEXT,
)
_serial = itertools.count(1)
SEGMENT = re.compile(r"⟦(\d+)⟧(.*?)⟦/\1⟧", re.S)


def serial() -> int:
    """A number not used before in this test process (for unique CPR numbers, usernames, sentinels)."""
    return next(_serial)


def wrap(text: str) -> str:
    n = next(_serial)
    return f"⟦{n}⟧{text}⟦/{n}⟧"


def markup_problems(html: str) -> list[str]:
    """User text between sentinels that would be markup (the journal's own <br> line breaks aside)."""
    problems = []
    for _, segment in SEGMENT.findall(html):
        bare = segment.replace("<br>", "")
        if any(c in bare for c in '<>"'):
            problems.append(segment[:200])
    return problems


@dataclass
class Ctx:
    client: Client
    child: Child
    other_child: Child
    leader_client: Client
    admin_client: Client


@dataclass(frozen=True)
class Target:
    form: str  # "module.Class"
    fields: tuple[str, ...]
    # ctx, {field: value} -> the pages to check (the answer, and where a stored value is shown)
    run: Callable[[Ctx, dict[str, str]], list[str]]
    # False for forms of hidden fields only (a version, an id): nothing typed is ever shown back, so the fuzzing
    # proves no 500 and no lost record, not escaping.
    echoes: bool = True


def identifier_problems() -> list[str]:
    """Stored identifiers that are not ASCII digits (a CPR number, postal code or phone number in '٣' or '３'):
    each would be a second record of the same person. The form fuzzer checks none is ever stored."""
    from sikkerhedsnet.children.models import Person
    from sikkerhedsnet.safety.models import NetworkMember

    checks = [
        (Child.objects.exclude(cpr__regex=r"^[0-9]{10}$"), "cpr"),
        (Child.objects.exclude(postal_code="").exclude(postal_code__regex=r"^[0-9]{4}$"), "postal_code"),
        (Person.objects.exclude(cpr="").exclude(cpr__regex=r"^[0-9]{10}$"), "cpr"),
        (Person.objects.exclude(phone="").exclude(phone__regex=r"^[0-9 +()./-]+$"), "phone"),
        (NetworkMember.objects.exclude(phone="").exclude(phone__regex=r"^[0-9 +()./-]+$"), "phone"),
    ]
    return [
        f"{qs.model.__name__}.{field}={value!r}" for qs, field in checks for value in qs.values_list(field, flat=True)
    ]


def get_follow(client: Client, response: Any) -> str:
    if response.status_code in (301, 302):
        return client.get(response["Location"]).content.decode()
    return ""


def ok(response: Any) -> None:
    assert response.status_code < 500, f"{response.status_code} for {response.request['PATH_INFO']}"


def post(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    response = client.post(url, with_form_token(data), **extra)
    ok(response)
    return response


def app_targets() -> dict[str, Target]:
    """Targets that apps list in `sikkerhedsnet/<app>/tests/fuzz.py` (TARGETS)."""
    import importlib

    from django.apps import apps

    found: dict[str, Target] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("sikkerhedsnet."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.fuzz")
        except ModuleNotFoundError as exc:
            if exc.name in (f"{config.name}.tests.fuzz", f"{config.name}.tests"):
                continue
            raise
        found.update(getattr(module, "TARGETS", {}))
    return found


# ------------------------------------------------------------------ helpers for the apps' fuzz targets


def once(ctx: Ctx, name: str, make: Callable[[], Any]) -> Any:
    """An object made once per test (and kept on the context), e.g. the notification a form posts to."""
    cache = ctx.__dict__.setdefault("_made", {})
    if name not in cache:
        cache[name] = make()
    return cache[name]


def role_client(ctx: Ctx, role: str, *, team: Any = None) -> Client:
    """A signed-in client for a user of `role` in the context child's municipality (made once per test)."""
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    def make() -> Client:
        municipality = ctx.child.case.team.department.municipality
        user = UserFactory(username=f"fz_{role}{serial()}", role=role, team=team, municipality=municipality)
        client = Client()
        client.force_login(user)
        return client

    return once(ctx, f"client:{role}:{getattr(team, 'pk', None)}", make)


def form_run(
    url: Callable[[Ctx], str],
    *,
    defaults: Callable[[Ctx], dict[str, Any]] = lambda ctx: {},
    client: Callable[[Ctx], Client] = lambda ctx: ctx.client,
    prefix: str = "",
    show: Callable[[Ctx], str] | None = None,
) -> Callable[[Ctx, dict[str, str]], list[str]]:
    """A target's run: POST the defaults and the fuzzed values (with `prefix-` when the form has a prefix) to
    `url`; check the answer, the page it redirects to, and `show` (where the stored value is listed)."""

    def run(ctx: Ctx, values: dict[str, str]) -> list[str]:
        c = client(ctx)
        typed = {f"{prefix}-{k}" if prefix else k: v for k, v in values.items()}
        response = post(c, url(ctx), defaults(ctx) | typed)
        pages = [response.content.decode(), get_follow(c, response)]
        if show is not None:
            pages.append(c.get(show(ctx)).content.decode())
        return pages

    return run


def get_run(
    url: Callable[[Ctx], str], *, client: Callable[[Ctx], Client] = lambda ctx: ctx.client
) -> Callable[[Ctx, dict[str, str]], list[str]]:
    """A target's run for a GET form (filters, periods): the fuzzed values as query parameters."""

    def run(ctx: Ctx, values: dict[str, str]) -> list[str]:
        response = client(ctx).get(url(ctx), values)
        ok(response)
        return [response.content.decode()]

    return run
