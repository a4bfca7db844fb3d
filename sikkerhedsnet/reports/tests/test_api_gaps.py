"""API (issue #20, the remaining gaps): a child's measurements (FIT scores, the involvement questionnaire), an
evaluation's snapshots and the early-intervention log, through the same services and access rules as the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.reports.early_intervention.models import (
    Consultation,
    ProjectBudget,
    ProjectExpense,
    WellbeingConversation,
)
from sikkerhedsnet.reports.evaluations.models import EvaluationSnapshot
from sikkerhedsnet.reports.measurements.models import FitScore, InvolvementResponse
from sikkerhedsnet.reports.tests.factories import (
    DistrictFactory,
    EarlyInterventionProjectFactory,
    EvaluationFactory,
    EvaluationParticipantFactory,
)

pytestmark = pytest.mark.django_db

JSON = "application/json"


def fit_body(**changes):  # type: ignore[no-untyped-def]
    return {"session_on": timezone.localdate().isoformat(), "respondent": "child", "ors": "19.5", "srs": 36} | changes


def involvement_body(**changes):  # type: ignore[no-untyped-def]
    today = timezone.localdate().isoformat()
    return {"answered_on": today, "respondent": "parent", "involved": 4, "heard": 5, "effect": 3} | changes


# --- FIT scores -----------------------------------------------------------------------------------------------


def test_fit_score_recorded_and_listed_by_the_caseworker(api_client, caseworker, child) -> None:
    client = api_client(caseworker)
    created = client.post(f"/api/v1/children/{child.pk}/fit-scores", fit_body(), content_type=JSON)
    listed = client.get(f"/api/v1/children/{child.pk}/fit-scores")
    assert (created.status_code, created.json()["ors"], created.json()["srs"]) == (201, 19.5, 36.0)
    assert [s["id"] for s in listed.json()] == [created.json()["id"]]
    assert AuditEvent.objects.filter(type="created", child_id=child.pk, target_model="reports.fitscore").exists()
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk, actor_id=caseworker.pk).exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ors": None, "srs": None}, "score_required"),
        ({"ors": "19.55"}, "invalid_score"),
        ({"session_on": "2999-01-01"}, "date_out_of_range"),
    ],
)
def test_fit_score_invalid_is_422_and_stores_nothing(api_client, caseworker, child, changes, code) -> None:
    response = api_client(caseworker).post(
        f"/api/v1/children/{child.pk}/fit-scores", fit_body(**changes), content_type=JSON
    )
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert not FitScore.objects.exists()


def test_fit_score_by_other_team_is_404_and_stores_nothing(api_client, outsider, child) -> None:
    client = api_client(outsider)
    assert client.post(f"/api/v1/children/{child.pk}/fit-scores", fit_body(), content_type=JSON).status_code == 404
    assert client.get(f"/api/v1/children/{child.pk}/fit-scores").status_code == 404
    assert not FitScore.objects.exists()


def test_fit_score_by_other_municipality_head_is_404(api_client, child) -> None:
    head = UserFactory(role="head", team=None, municipality=MunicipalityFactory())
    response = api_client(head).post(f"/api/v1/children/{child.pk}/fit-scores", fit_body(), content_type=JSON)
    assert response.status_code == 404
    assert not FitScore.objects.exists()


# --- The involvement questionnaire ----------------------------------------------------------------------------


def test_involvement_response_recorded_and_listed(api_client, caseworker, child) -> None:
    client = api_client(caseworker)
    created = client.post(f"/api/v1/children/{child.pk}/involvement-responses", involvement_body(), content_type=JSON)
    listed = client.get(f"/api/v1/children/{child.pk}/involvement-responses").json()
    assert created.status_code == 201
    assert [(r["involved"], r["heard"], r["effect"]) for r in listed] == [(4, 5, 3)]


def test_involvement_answer_out_of_range_is_422(api_client, caseworker, child) -> None:
    response = api_client(caseworker).post(
        f"/api/v1/children/{child.pk}/involvement-responses", involvement_body(heard=6), content_type=JSON
    )
    assert response.status_code == 422
    assert not InvolvementResponse.objects.exists()


def test_involvement_by_other_team_is_404_and_stores_nothing(api_client, outsider, child) -> None:
    response = api_client(outsider).post(
        f"/api/v1/children/{child.pk}/involvement-responses", involvement_body(), content_type=JSON
    )
    assert response.status_code == 404
    assert not InvolvementResponse.objects.exists()


def test_measurements_for_a_role_without_case_access_is_403(api_client, municipality, child) -> None:
    analyst = UserFactory(role="analyst", team=None, municipality=municipality)
    assert api_client(analyst).get(f"/api/v1/children/{child.pk}/fit-scores").status_code == 403


# --- Evaluation snapshots -------------------------------------------------------------------------------------


@pytest.fixture
def head(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


@pytest.fixture
def drawn(head, municipality, child):  # type: ignore[no-untyped-def]
    """An evaluation whose lottery has run, with `child` in it."""
    evaluation = EvaluationFactory(
        municipality=municipality, lottery_seed=7, lottery_run_at=timezone.now(), lottery_run_by=head
    )
    EvaluationParticipantFactory(evaluation=evaluation, child=child)
    return evaluation


PROVIDER = "sikkerhedsnet.reports.evaluations.providers.STAIRCASE_PROVIDER"


def fake_staircase(child_ids, on):  # type: ignore[no-untyped-def]
    """Stands in for the measures data in the test below."""
    return {child_id: ("2", 1) for child_id in child_ids}


def test_snapshot_from_the_wired_provider_ignores_positions(api_client, head, drawn, child, monkeypatch) -> None:
    monkeypatch.setattr(PROVIDER, "sikkerhedsnet.reports.tests.test_api_gaps.fake_staircase")
    body = {"taken_on": drawn.baseline_on.isoformat()}
    response = api_client(head).post(f"/api/v1/evaluations/{drawn.pk}/snapshots", body, content_type=JSON)
    assert (response.status_code, response.json()["recorded"]) == (201, 1)
    assert set(EvaluationSnapshot.objects.values_list("category", "step", "source")) == {("2", 1, "case_data")}


def test_snapshot_by_hand_recorded_for_the_participants(api_client, head, drawn, child, monkeypatch) -> None:
    monkeypatch.setattr(PROVIDER, None)  # the hand-entry path
    body = {
        "taken_on": drawn.baseline_on.isoformat(),
        "positions": [{"child_id": child.pk, "category": "3", "step": 2}],
    }
    response = api_client(head).post(f"/api/v1/evaluations/{drawn.pk}/snapshots", body, content_type=JSON)
    assert (response.status_code, response.json()["recorded"]) == (201, 1)
    assert response.json()["rounds"] == [drawn.baseline_on.isoformat()]
    snapshot = EvaluationSnapshot.objects.get(evaluation=drawn)
    assert (snapshot.child_id, snapshot.category, snapshot.step) == (child.pk, "3", 2)


def test_snapshot_before_baseline_is_422_and_stores_nothing(api_client, head, drawn, child) -> None:
    body = {"taken_on": date(2025, 1, 1).isoformat(), "positions": [{"child_id": child.pk, "step": 2}]}
    response = api_client(head).post(f"/api/v1/evaluations/{drawn.pk}/snapshots", body, content_type=JSON)
    assert (response.status_code, response.json()["code"]) == (422, "before_baseline")
    assert not EvaluationSnapshot.objects.exists()


def test_snapshot_of_a_child_not_in_the_evaluation_is_422(api_client, head, drawn, monkeypatch) -> None:
    monkeypatch.setattr(PROVIDER, None)
    body = {"taken_on": drawn.baseline_on.isoformat(), "positions": [{"child_id": 999_999, "step": 2}]}
    response = api_client(head).post(f"/api/v1/evaluations/{drawn.pk}/snapshots", body, content_type=JSON)
    assert (response.status_code, response.json()["code"]) == (422, "invalid_participant")
    assert not EvaluationSnapshot.objects.exists()


def test_snapshot_of_other_municipality_is_404_and_stores_nothing(api_client, drawn, child) -> None:
    stranger = UserFactory(role="head", team=None, municipality=MunicipalityFactory())
    body = {"taken_on": drawn.baseline_on.isoformat(), "positions": [{"child_id": child.pk, "step": 2}]}
    response = api_client(stranger).post(f"/api/v1/evaluations/{drawn.pk}/snapshots", body, content_type=JSON)
    assert response.status_code == 404
    assert not EvaluationSnapshot.objects.exists()


def test_snapshot_by_analyst_is_403(api_client, municipality, drawn) -> None:
    analyst = UserFactory(role="analyst", team=None, municipality=municipality)
    body = {"taken_on": drawn.baseline_on.isoformat()}
    response = api_client(analyst).post(f"/api/v1/evaluations/{drawn.pk}/snapshots", body, content_type=JSON)
    assert response.status_code == 403
    assert not EvaluationSnapshot.objects.exists()


# --- The early-intervention log -------------------------------------------------------------------------------


@pytest.fixture
def project(municipality):  # type: ignore[no-untyped-def]
    project = EarlyInterventionProjectFactory(municipality=municipality)
    DistrictFactory(project=project, name="Nord")
    return project


def _log(client, project, what, body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/early-intervention-projects/{project.pk}/{what}", body, content_type=JSON)


def test_consultation_recorded_by_a_caseworker(api_client, caseworker, project) -> None:
    today = timezone.localdate().isoformat()
    body = {"district": "Nord", "requested_on": today, "specific_child": True, "age_band": "7-12"}
    response = _log(api_client(caseworker), project, "consultations", body)
    assert (response.status_code, response.json()["district"]) == (201, "Nord")
    assert Consultation.objects.get(project=project).age_band == "7-12"


def test_consultation_in_unknown_district_is_422(api_client, caseworker, project) -> None:
    today = timezone.localdate().isoformat()
    response = _log(api_client(caseworker), project, "consultations", {"district": "Syd", "requested_on": today})
    assert (response.status_code, response.json()["code"]) == (422, "invalid_district")
    assert not Consultation.objects.exists()


def test_wellbeing_conversation_without_consent_is_422(api_client, caseworker, project) -> None:
    today = timezone.localdate().isoformat()
    body = {"district": "Nord", "held_on": today, "age_band": "7-12", "parental_consent": False}
    response = _log(api_client(caseworker), project, "wellbeing-conversations", body)
    assert (response.status_code, response.json()["code"]) == (422, "consent_required")
    assert not WellbeingConversation.objects.exists()


def test_wellbeing_conversation_recorded(api_client, caseworker, project) -> None:
    body = {
        "district": "Nord",
        "held_on": "2026-01-10",
        "age_band": "13-18",
        "parental_consent": True,
        "parents_meeting_on": "2026-01-03",
    }
    assert _log(api_client(caseworker), project, "wellbeing-conversations", body).status_code == 201
    assert WellbeingConversation.objects.filter(project=project).count() == 1


def test_budget_set_twice_replaces_the_year(api_client, caseworker, project) -> None:
    client = api_client(caseworker)
    _log(client, project, "budgets", {"year": 2026, "amount": 100})
    response = _log(client, project, "budgets", {"year": 2026, "amount": 250})
    assert (response.status_code, response.json()["amount"]) == (200, 250)
    assert list(ProjectBudget.objects.values_list("year", "amount")) == [(2026, 250)]


def test_expense_recorded_and_empty_text_is_422(api_client, caseworker, project) -> None:
    client = api_client(caseworker)
    ok = _log(client, project, "expenses", {"booked_on": "2026-01-10", "amount": 2500, "text": "Materialer"})
    bad = _log(client, project, "expenses", {"booked_on": "2026-01-10", "amount": 2500, "text": "  "})
    assert (ok.status_code, bad.status_code) == (201, 422)
    assert list(ProjectExpense.objects.values_list("amount", flat=True)) == [2500]


def test_log_in_other_municipality_is_404_and_records_nothing(api_client, caseworker) -> None:
    foreign = EarlyInterventionProjectFactory(municipality=MunicipalityFactory())
    DistrictFactory(project=foreign, name="Nord")
    client = api_client(caseworker)
    today = timezone.localdate().isoformat()
    assert _log(client, foreign, "consultations", {"district": "Nord", "requested_on": today}).status_code == 404
    assert _log(client, foreign, "budgets", {"year": 2026, "amount": 1}).status_code == 404
    assert not Consultation.objects.exists() and not ProjectBudget.objects.exists()


def test_log_by_an_analyst_is_403(api_client, municipality, project) -> None:
    analyst = UserFactory(role="analyst", team=None, municipality=municipality)
    assert _log(api_client(analyst), project, "budgets", {"year": 2026, "amount": 1}).status_code == 403
    assert not ProjectBudget.objects.exists()
