"""API: discarding a safety-plan draft, as the page does (with the optimistic lock the API calls lock_version)."""

from __future__ import annotations

import pytest

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.safety.models import SafetyPlan
from sikkerhedsnet.safety.tests.factories import SafetyPlanFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _draft(child):  # type: ignore[no-untyped-def]
    return SafetyPlanFactory(child=child)


def _discard(client, plan, lock_version):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/safety-plans/{plan.pk}/discard", {"lock_version": lock_version}, content_type=JSON)


def test_discard_draft_keeps_it_marked_as_discarded(api_client, caseworker, child) -> None:
    plan = _draft(child)
    response = _discard(api_client(caseworker), plan, plan.version)
    assert (response.status_code, response.json()["status"]) == (200, "discarded")
    assert SafetyPlan.objects.get(pk=plan.pk).status == "discarded"
    assert AuditEvent.objects.filter(type="changed", child_id=child.pk, actor_id=caseworker.pk).exists()


def test_discard_with_stale_lock_version_is_409_and_keeps_the_draft(api_client, caseworker, child) -> None:
    plan = _draft(child)
    response = _discard(api_client(caseworker), plan, plan.version + 1)
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert SafetyPlan.objects.get(pk=plan.pk).status == "draft"


def test_discard_twice_is_409_not_draft(api_client, caseworker, child) -> None:
    plan = _draft(child)
    client = api_client(caseworker)
    first = _discard(client, plan, plan.version).json()
    response = _discard(client, plan, first["lock_version"])
    assert (response.status_code, response.json()["code"]) == (409, "not_draft")


def test_discard_without_lock_version_is_422(api_client, caseworker, child) -> None:
    plan = _draft(child)
    response = api_client(caseworker).post(f"/api/v1/safety-plans/{plan.pk}/discard", {}, content_type=JSON)
    assert response.status_code == 422
    assert SafetyPlan.objects.get(pk=plan.pk).status == "draft"


def test_discard_by_other_team_is_404_and_keeps_the_draft(api_client, outsider, child) -> None:
    plan = _draft(child)
    assert _discard(api_client(outsider), plan, plan.version).status_code == 404
    assert SafetyPlan.objects.get(pk=plan.pk).status == "draft"


def test_discard_by_other_municipality_head_is_404(api_client, child) -> None:
    head = UserFactory(role="head", team=None, municipality=MunicipalityFactory())
    plan = _draft(child)
    assert _discard(api_client(head), plan, plan.version).status_code == 404
    assert SafetyPlan.objects.get(pk=plan.pk).status == "draft"
