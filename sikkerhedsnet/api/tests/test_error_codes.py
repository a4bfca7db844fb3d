"""The unified error codes (docs/api-contract.md, "Error codes") on the endpoints whose validation moved to
core/validation.py: absurd dates and huge texts answer 422 with the documented code, never a 500."""

import json

import pytest

LONG = "x" * 10_000


def _post(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(path, data=json.dumps(body), content_type="application/json")


def _notification(child, **changes):  # type: ignore[no-untyped-def]
    return {
        "child_id": child.pk,
        "received_at": "2026-03-09T10:00:00+01:00",
        "reporter_type": "private",
        "summary": "Fiktiv bekymring.",
        "acute": False,
    } | changes


@pytest.mark.parametrize(
    ("received_at", "code"),
    [
        ("9999-12-31T10:00:00+01:00", "date_out_of_range"),
        ("1900-01-01T10:00:00+01:00", "date_out_of_range"),
        ("2099-01-01T10:00:00+01:00", "date_in_future"),
    ],
)
def test_notification_with_bad_received_at_answers_the_unified_code(api_client, caseworker, child, received_at, code):  # type: ignore[no-untyped-def]
    response = _post(api_client(caseworker), "/api/v1/notifications", _notification(child, received_at=received_at))
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert response.json()["errors"][0]["field"] == "received_at"


def test_notification_with_huge_summary_is_422(api_client, caseworker, child) -> None:  # type: ignore[no-untyped-def]
    response = _post(api_client(caseworker), "/api/v1/notifications", _notification(child, summary=LONG * 3))
    assert response.status_code == 422


@pytest.mark.parametrize(("start", "code"), [("9999-01-01", "date_out_of_range"), ("1800-01-01", "date_out_of_range")])
def test_followup_schedule_with_absurd_start_answers_date_out_of_range(api_client, caseworker, start, code):  # type: ignore[no-untyped-def]
    response = api_client(caseworker).get(
        f"/api/v1/followup-policies/legal/schedule?measure_kind=foster_family&start={start}&count=500"
    )
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert response.json()["errors"][0]["field"] == "start"


@pytest.mark.parametrize("field", ["start_date", "end_date", "decided_on"])
def test_measure_with_year_9999_answers_date_out_of_range(api_client, caseworker, child, field):  # type: ignore[no-untyped-def]
    body = {"child_id": child.pk, "kind": "preventive", "start_date": "2026-01-31", "monthly_cost": 1000}
    response = _post(api_client(caseworker), "/api/v1/measures", body | {field: "9999-12-31"})
    assert (response.status_code, response.json()["code"]) == (422, "date_out_of_range")


def test_measure_ending_before_it_starts_answers_end_before_start(api_client, caseworker, child):  # type: ignore[no-untyped-def]
    body = {"child_id": child.pk, "kind": "preventive", "start_date": "2026-01-31", "monthly_cost": 1000}
    response = _post(api_client(caseworker), "/api/v1/measures", body | {"end_date": "2026-01-01"})
    assert (response.status_code, response.json()["code"]) == (422, "end_before_start")


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"occurred_on": "9999-12-31"}, 422, "date_in_future"),
        ({"title": "   "}, 422, "required"),
        ({"title": LONG}, 422, "validation_error"),  # the schema's maxLength answers first
    ],
)
def test_journal_entry_with_bad_input_answers_the_unified_code(api_client, caseworker, child, changes, status, code):  # type: ignore[no-untyped-def]
    body = {"occurred_on": "2026-01-01", "title": "Hjemmebesøg", "text": "Fiktivt notat."} | changes
    response = _post(api_client(caseworker), f"/api/v1/children/{child.pk}/journal", body)
    assert (response.status_code, response.json()["code"]) == (status, code)


@pytest.mark.parametrize(("label", "code"), [("", "required"), ("  ", "required"), (LONG, "too_long")])
def test_business_case_line_label_answers_the_unified_code(api_client, team_leader, label, code):  # type: ignore[no-untyped-def]
    body = {"first_year": 2026, "years": 3, "investments": [{"label": label, "amount_per_year": 100}], "savings": []}
    response = _post(api_client(team_leader), "/api/v1/business-cases/compute", body)
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert response.json()["errors"][0]["field"] == "investments.0.label"
