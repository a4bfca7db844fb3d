"""Schemathesis against /api/v1/openapi.json: every operation, a fixed example budget, every built-in check.

No input may give a 500, and no response may contradict the schema (status code, content type, body shape,
headers). The budget per operation is FUZZ_EXAMPLES (default 25; `make soak` runs 500). The number of
examples actually run is written to test-artifacts/figures/fuzz/ for the report.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from sikkerhedsnet.accounts.services import api_token_create
from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory, JournalEntryFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FIGURES = Path(django_settings.BASE_DIR) / "test-artifacts" / "figures" / "fuzz"

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            # Unknown query parameters are ignored, as by most HTTP APIs; not generating them keeps the
            # negative-data check about what the schema does say.
            "allow-extra-parameters": False,
            # The bearer token is ours (a real user's), not a generated one.
            "with-security-parameters": False,
        },
        "checks": {
            # Schema-valid input may still break a domain rule the schema cannot express (a CPR number whose
            # date does not exist, a note dated in the future): that is a 422 with a reason, never a 400/5xx.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]},
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def keep_test_connection():
    """The real WSGI handler closes the database connection after each request, as Django's test client does
    not; inside a test transaction that would end the test's connection. Do what the test client does."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def fuzz_world(db, team, settings, keep_test_connection):
    """Two users with tokens (a caseworker and an auditor) and a few children, so ids in paths often exist."""
    settings.API_THROTTLE_RATE = "1000000/min"  # the limiter has its own test; here it would only get in the way
    caseworker = UserFactory(username="fuzz_caseworker", role="caseworker", team=team)
    auditor = UserFactory(username="fuzz_auditor", role="auditor", team=None, municipality=team.department.municipality)
    head = UserFactory(username="fuzz_head", role="head", team=team)
    for _ in range(3):
        child = ChildFactory(case__team=team, case__caseworker=caseworker)
        JournalEntryFactory(child=child, author=caseworker)
    return {
        "caseworker": api_token_create(by=caseworker, user=caseworker),
        "auditor": api_token_create(by=auditor, user=auditor),
        "head": api_token_create(by=head, user=head),
    }


# The management's operations (reports, evaluations, early intervention, the catalogue's edits) are fuzzed as a
# head, who may use them, so the generated input reaches their code instead of a 403.
HEAD_PATHS = ("/api/v1/reports/", "/api/v1/evaluations", "/api/v1/early-intervention-projects", "/api/v1/offers")


def _role(path: str) -> str:
    if path.startswith("/api/v1/audit/"):
        return "auditor"
    return "head" if path.startswith(HEAD_PATHS) else "caseworker"


@pytest.fixture
def examples(request):
    counter = {"n": 0}
    yield counter
    folder = FIGURES / connection.vendor
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name)
    (folder / f"{name}.json").write_text(json.dumps({"test": request.node.name, "examples": counter["n"]}))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure can be reproduced
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema_and_never_500s(case, fuzz_world, examples) -> None:
    examples["n"] += 1
    role = _role(case.path)
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_world[role]}"})


# --- odd digits in parameters and deeply nested bodies (issue #20): a 4xx, never a 500 ---------------------------
# Schemathesis sends schema-shaped data; these two classes it did not reach: numbers in other scripts' digits
# ('²'.isdigit() is True but int('²') raises; int('٣') == 3) and JSON nested deeper than the parser's stack.

ODD_NUMBERS = ["²", "٣", "３", "１２", "𝟑", "-٣", "0²", "9" * 25]
NESTED_BODIES = ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000]
SCHEMA = schema.raw_schema
OPERATIONS = sorted(
    (path, method)
    for path, operations in SCHEMA["paths"].items()
    for method in operations
    if method in ("get", "post", "put", "patch", "delete")
)


@pytest.fixture
def world_ids(fuzz_world):
    """An existing object behind every path parameter, so a request reaches the code that reads its body."""
    from sikkerhedsnet.children.models import Child
    from sikkerhedsnet.followup.tests.factories import FollowUpFactory
    from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
    from sikkerhedsnet.measures.tests.factories import MeasureFactory, OfferFactory
    from sikkerhedsnet.reports.tests.factories import EarlyInterventionProjectFactory, EvaluationFactory
    from sikkerhedsnet.safety.tests.factories import SafetyPlanFactory

    child = Child.objects.filter(case__caseworker__username="fuzz_caseworker").first()
    return {
        "child_id": child.pk,
        "notification_id": NotificationFactory(child=child).pk,
        "investigation_id": InvestigationFactory(child=child).pk,
        "measure_id": MeasureFactory(child=child).pk,
        "plan_id": SafetyPlanFactory(child=child).pk,
        "offer_id": OfferFactory(municipality=child.case.team.department.municipality).pk,
        "followup_id": FollowUpFactory(measure=MeasureFactory(child=child)).pk,
        "evaluation_id": EvaluationFactory(municipality=child.case.team.department.municipality).pk,
        "project_id": EarlyInterventionProjectFactory(municipality=child.case.team.department.municipality).pk,
        "code": "legal",
    } | _safety_work_ids(child)


def _safety_work_ids(child):  # type: ignore[no-untyped-def]
    """Mapping, network, Words & Pictures and Three Houses (the safety work API)."""
    from sikkerhedsnet.safety.models import StoryPanel
    from sikkerhedsnet.safety.tests.factories import (
        EntryFactory,
        NetworkMemberFactory,
        StoryFactory,
        ThreeHousesFactory,
    )

    entry = EntryFactory(mapping__child=child)
    story = StoryFactory(child=child)
    return {
        "mapping_id": entry.mapping_id,
        "entry_id": entry.pk,
        "member_id": NetworkMemberFactory(child=child).pk,
        "story_id": story.pk,
        "panel_id": StoryPanel.objects.create(story=story, position=1, text="Fiktiv").pk,
        "houses_id": ThreeHousesFactory(child=child).pk,
    }


def _call(client, method: str, path: str, tokens, *, query=None, body: str | None = None):  # type: ignore[no-untyped-def]
    role = _role(path)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"}
    if body is None:
        return getattr(client, method)(path, query or {}, **headers)
    return getattr(client, method)(path, body, content_type="application/json", **headers)


def _parameters(path: str, method: str) -> list[dict]:
    operation = SCHEMA["paths"][path][method]
    return [p for p in operation.get("parameters", []) if p.get("in") in ("path", "query")]


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_odd_digits_in_any_parameter_never_500(client, fuzz_world, world_ids, path, method) -> None:
    parameters = _parameters(path, method)
    for target in parameters:
        for odd in ODD_NUMBERS:
            values = {p["name"]: str(world_ids.get(p["name"], "1")) for p in parameters} | {target["name"]: odd}
            url = path.format(**{p["name"]: values[p["name"]] for p in parameters if p["in"] == "path"})
            query = {p["name"]: values[p["name"]] for p in parameters if p["in"] == "query"}
            response = _call(client, method, url, fuzz_world, query=query, body=None if method == "get" else "{}")
            assert response.status_code < 500, f"{response.status_code} for {method.upper()} {url} {query}"


@pytest.mark.parametrize(("path", "method"), [(p, m) for p, m in OPERATIONS if m in ("post", "put", "patch")])
def test_deeply_nested_json_body_is_4xx_never_500(client, fuzz_world, world_ids, path, method) -> None:
    names = [p["name"] for p in _parameters(path, method) if p["in"] == "path"]
    url = path.format(**{name: world_ids.get(name, 1) for name in names})
    for body in NESTED_BODIES:
        response = _call(client, method, url, fuzz_world, body=body)
        assert 400 <= response.status_code < 500, f"{response.status_code} for {method.upper()} {url}"
