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
    for _ in range(3):
        child = ChildFactory(case__team=team, case__caseworker=caseworker)
        JournalEntryFactory(child=child, author=caseworker)
    return {
        "caseworker": api_token_create(by=caseworker, user=caseworker),
        "auditor": api_token_create(by=auditor, user=auditor),
    }


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
    role = "auditor" if case.path.startswith("/api/v1/audit/") else "caseworker"
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_world[role]}"})
