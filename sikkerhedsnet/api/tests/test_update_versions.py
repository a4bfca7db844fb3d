"""Every update operation of the API requires the version the client read (issue #20): missing → 422
`version_required`, stale → 409 `stale_edit`. Never a silent overwrite of someone else's save."""

import json
from typing import cast

import pytest
from django.test import Client

from sikkerhedsnet.intake.models import Investigation
from sikkerhedsnet.intake.tests.factories import InvestigationFactory
from sikkerhedsnet.safety.models import SafetyPlan
from sikkerhedsnet.safety.tests.factories import SafetyPlanFactory

pytestmark = pytest.mark.django_db

VERSION_FIELDS = ("version", "lock_version")
# Updates that overwrite nothing the caller read, so there is no version to send. Adopting a follow-up policy
# appends a dated adoption (docs/api-contract.md, "Organisation settings": the body is {"code", "from"}); the
# adoption in force is never edited, and adopting the policy already in force changes nothing.
NO_VERSION = {"PUT /api/v1/followup-policies/adopted"}


def _put(client, path, body):  # type: ignore[no-untyped-def]
    return client.put(path, data=json.dumps(body), content_type="application/json")


def _update_operations() -> list[tuple[str, str, dict]]:
    schema = Client().get("/api/v1/openapi.json").json()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("put", "patch"):
                ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                found.append((method, path, schema["components"]["schemas"][ref.rsplit("/", 1)[1]]))
    return found


def test_every_update_operation_requires_a_version_in_its_schema() -> None:
    operations = _update_operations()
    missing = [
        f"{method.upper()} {path}"
        for method, path, body in operations
        if not set(VERSION_FIELDS) & set(body.get("required", [])) and f"{method.upper()} {path}" not in NO_VERSION
    ]
    assert operations and not missing, f"update operations without a required version: {missing}"


def test_safety_plan_put_without_lock_version_is_422_version_required(api_client, caseworker, child) -> None:
    plan = cast(SafetyPlan, SafetyPlanFactory(child=child, contingency="Mormor henter barnet."))
    response = _put(api_client(caseworker), f"/api/v1/safety-plans/{plan.pk}", {"contingency": "Overskrevet"})
    plan.refresh_from_db()
    assert (response.status_code, response.json()["code"], plan.contingency) == (
        422,
        "version_required",
        "Mormor henter barnet.",
    )


def test_safety_plan_put_with_null_lock_version_is_422(api_client, caseworker, child) -> None:
    """null was "no lock" before: now it is no integer, refused like any other wrong type."""
    plan = cast(SafetyPlan, SafetyPlanFactory(child=child))
    response = _put(api_client(caseworker), f"/api/v1/safety-plans/{plan.pk}", {"lock_version": None})
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


def test_safety_plan_put_with_stale_lock_version_is_409(api_client, caseworker, child) -> None:
    plan = cast(SafetyPlan, SafetyPlanFactory(child=child))
    client = api_client(caseworker)
    version = SafetyPlan.objects.get(pk=plan.pk).version
    assert (
        _put(client, f"/api/v1/safety-plans/{plan.pk}", {"contingency": "a", "lock_version": version}).status_code
        == 200
    )
    response = _put(client, f"/api/v1/safety-plans/{plan.pk}", {"contingency": "b", "lock_version": version})
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")


def test_investigation_put_without_version_is_422_version_required(api_client, caseworker, child) -> None:
    investigation = cast(Investigation, InvestigationFactory(child=child))
    response = _put(api_client(caseworker), f"/api/v1/investigations/{investigation.pk}", {"conclusion": "x"})
    assert (response.status_code, response.json()["code"]) == (422, "version_required")


def test_version_required_names_the_field(api_client, caseworker, child) -> None:
    investigation = cast(Investigation, InvestigationFactory(child=child))
    response = _put(api_client(caseworker), f"/api/v1/investigations/{investigation.pk}", {})
    assert "version" in [e["field"] for e in response.json()["errors"]]
