"""The user journeys the benchmark measures: one row per journey in JOURNEYS.

A journey is one user action = one measured HTTP request, made by a logged-in user of one role (or none).
To add one, write a function
`(client, ctx) -> None` that makes the request with `name=<journey name>` and checks the answer, and add a
`Journey(...)` row; the harness, the results file and the summary pick it up by name. `ctx.pick(...)` gives
a random child of the user's team from the prepared data set (bench/prepare.py).

`client` is a locust FastHttpSession for the role (cookies of a logged-in session; "api" journeys get a session
that sends the caseworker's bearer token). Use `catch_response=True` and call `r.failure(...)` on any
answer that is not the expected one: it counts as an error.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


@dataclass
class Context:
    """What one simulated user knows: its accounts and children it may open (from the prepared fixture)."""

    rng: random.Random
    caseworker: dict[str, Any]  # username, password, token, children [{id, cpr, name}]
    team_leader: dict[str, Any]
    head: dict[str, Any]
    notes_written: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def pick(self) -> dict[str, Any]:
        return self.rng.choice(self.caseworker["children"])


def csrf_token(client: Any) -> str:
    """The CSRF cookie of a logged-in session (locust's FastHttpSession keeps cookies in a CookieJar)."""
    for cookie in getattr(client, "cookiejar", ()):
        if cookie.name == "csrftoken":
            return cookie.value or ""
    return ""


def _form_error(response: Any) -> str:
    """The first field error of a re-shown form (422), so the results file says what was wrong."""
    found = re.search(r'class="form-error-message"[^>]*>([^<]{0,160})', response.text or "")
    return f": {found.group(1).strip()}" if found else ""


def _expect(response: Any, status: int, text: str | None = None) -> None:
    if response.status_code != status:
        detail = _form_error(response) if response.status_code == 422 else ""
        response.failure(f"status {response.status_code}, expected {status}{detail}")
    elif text is not None and text not in response.text:
        response.failure(f"answer lacks {text!r}")
    else:
        response.success()


def healthz(client: Any, ctx: Context) -> None:
    with client.get("/healthz", name="healthz", catch_response=True) as r:
        _expect(r, 200, '"ok"')


def my_cases(client: Any, ctx: Context) -> None:
    with client.get("/boern/mine-sager/", name="my_cases", catch_response=True) as r:
        _expect(r, 200, "app-cases")


def _search(client: Any, q: str, name: str) -> Any:
    # As the product's search box does it: the text is POSTed (never in a URL) by htmx, and the answer is the
    # results fragment (one request; without JavaScript the same POST redirects to GET /boern/).
    data = {"csrfmiddlewaretoken": csrf_token(client), "q": q}
    headers = {"HX-Request": "true", "X-CSRFToken": csrf_token(client)}
    return client.post("/boern/", data=data, headers=headers, name=name, catch_response=True)


def search_cpr(client: Any, ctx: Context) -> None:
    cpr = ctx.pick()["cpr"]  # fictitious CPR numbers
    with _search(client, f"{cpr[:6]}-{cpr[6:]}", "search_cpr") as r:
        _expect(r, 200, "1 barn fundet")


def search_name(client: Any, ctx: Context) -> None:
    with _search(client, ctx.pick()["name"], "search_name") as r:
        _expect(r, 200, "fundet")


def child_overview(client: Any, ctx: Context) -> None:
    child = ctx.pick()
    with client.get(f"/boern/{child['id']}/", name="child_overview", catch_response=True) as r:
        _expect(r, 200, 'id="journal"')


def form_token() -> str:
    """A fresh one-time form token, as the form's hidden field carries (core/formtokens.py): one per submit."""
    return secrets.token_urlsafe(24)


def journal_note(client: Any, ctx: Context) -> None:
    child = ctx.pick()
    ctx.notes_written += 1
    data = {
        "csrfmiddlewaretoken": csrf_token(client),
        "form_token": form_token(),
        "occurred_on": datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat(),
        "title": "Telefonsamtale (benchmark)",
        "text": f"Fiktivt notat nr. {ctx.notes_written} skrevet af benchmarken.",
    }
    with client.post(
        f"/boern/{child['id']}/journal/", data=data, name="journal_note", allow_redirects=False, catch_response=True
    ) as r:
        _expect(r, 302)


REPORTERS = (("Lærer", "Demo Skole"), ("Sundhedsplejerske", "Sundhedsplejen (demo)"), ("Pædagog", "Børnehuset Prøven"))


def notification_register(client: Any, ctx: Context) -> None:
    """A professional's notification about a child of the caseworker's team (intake: the 24-hour clock starts)."""
    child = ctx.pick()
    profession, organisation = ctx.rng.choice(REPORTERS)
    received = datetime.now(ZoneInfo("Europe/Copenhagen")).replace(second=0, microsecond=0)
    data = {
        "csrfmiddlewaretoken": csrf_token(client),
        "form_token": form_token(),
        "cpr": f"{child['cpr'][:6]}-{child['cpr'][6:]}",
        "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "reporter_type": "professional",
        "reporter_profession": profession,
        "reporter_organisation": organisation,
        "reporter_name": f"Fiktiv {profession.lower()}",
        "reporter_contact": "+45 7000 0000 (fiktiv)",
        "channel": "phone",
        "summary": "Barnet virker træt og sulten flere dage i træk. (Fiktiv tekst skrevet af benchmarken.)",
        "categories": "neglect",  # one value (FastHttpSession would send a list as its repr)
    }
    with client.post(
        "/underretninger/ny/", data=data, name="notification_register", allow_redirects=False, catch_response=True
    ) as r:
        _expect(r, 302)


def api_children_search(client: Any, ctx: Context) -> None:
    with client.get(
        "/api/v1/children", params={"q": ctx.pick()["name"]}, name="api_children_search", catch_response=True
    ) as r:
        _expect(r, 200, '"count"')


def api_child_get(client: Any, ctx: Context) -> None:
    child = ctx.pick()
    with client.get(f"/api/v1/children/{child['id']}", name="api_child_get", catch_response=True) as r:
        _expect(r, 200, '"case_number"')


def team_dashboard(client: Any, ctx: Context) -> None:
    with client.get("/accounts/team/", name="team_dashboard", catch_response=True) as r:
        _expect(r, 200, "caseload-heading")


def reports(client: Any, ctx: Context) -> None:
    with client.get("/rapporter/", name="reports", catch_response=True) as r:
        _expect(r, 200, 'href="/rapporter/sagstal/"')


def monthly_report(client: Any, ctx: Context) -> None:
    """The head's caseload report (Sagstal): open cases per caseworker and team across the municipality."""
    with client.get("/rapporter/sagstal/", name="monthly_report", catch_response=True) as r:
        _expect(r, 200, "<table")


def compliance(client: Any, ctx: Context) -> None:
    """The head's self-audit (Selvrevision): every criterion for the municipality, per team and caseworker, the
    trend and the cases due this week (docs/compliance.md); must answer in under 1 s at 100,000 children."""
    with client.get("/rapporter/selvrevision/", name="compliance", catch_response=True) as r:
        _expect(r, 200, "assessment_24h")


@dataclass(frozen=True)
class Journey:
    name: str
    role: str  # "anonymous" | "caseworker" | "team_leader" | "head" | "api" (the caseworker's token)
    weight: int  # relative frequency in the mix
    run: Callable[[Any, Context], None]
    description: str
    kind: str = "page"  # "page" (caseworker page/API: p95 < 250 ms), "dashboard" (< 1 s), "baseline"


JOURNEYS: tuple[Journey, ...] = (
    Journey("healthz", "anonymous", 3, healthz, "GET /healthz (baseline: the framework's own cost)", "baseline"),
    Journey("my_cases", "caseworker", 4, my_cases, "Caseworker opens 'Mine sager'"),
    Journey("search_cpr", "caseworker", 2, search_cpr, "Caseworker searches a CPR number"),
    Journey("search_name", "caseworker", 2, search_name, "Caseworker searches a name"),
    Journey("child_overview", "caseworker", 4, child_overview, "Caseworker opens a child's overview"),
    Journey("journal_note", "caseworker", 1, journal_note, "Caseworker saves a journal note"),
    Journey("notification_register", "caseworker", 1, notification_register, "Caseworker registers a notification"),
    Journey("api_children_search", "api", 1, api_children_search, "API: search children by name"),
    Journey("api_child_get", "api", 1, api_child_get, "API: get one child"),
    Journey("team_dashboard", "team_leader", 1, team_dashboard, "Team leader opens the team dashboard", "dashboard"),
    Journey("reports", "head", 1, reports, "Head opens the reports index", "dashboard"),
    Journey("monthly_report", "head", 1, monthly_report, "Head opens the caseload report (Sagstal)", "dashboard"),
    Journey("compliance", "head", 1, compliance, "Head opens the self-audit (Selvrevision)", "dashboard"),
)

TARGET_P95_MS = {"page": 250, "dashboard": 1000}
TARGET_P50_RATIO = 4.0  # each journey's p50 within 4x the /healthz p50 of the same run
