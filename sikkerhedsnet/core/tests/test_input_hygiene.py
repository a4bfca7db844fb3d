"""NUL characters (which PostgreSQL cannot store) are refused everywhere, never a 500 (found by fuzzing)."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.testing.forms import with_form_token


@pytest.mark.parametrize("q", ["a\x00b", "\x00"])
def test_api_query_with_nul_is_422(api_client, caseworker, q) -> None:
    response = api_client(caseworker).get("/api/v1/children", {"q": q})
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")


@pytest.mark.parametrize(
    "body", ['{"cpr": "610115-4001", "first_name": "A\\u0000", "last_name": "B"}', '{"x": "\x00"}']
)
def test_api_json_body_with_nul_is_422(api_client, caseworker, body) -> None:
    response = api_client(caseworker).post("/api/v1/children", body, content_type="application/json")
    assert response.status_code == 422


def test_api_json_body_with_an_escaped_backslash_before_u0000_text_is_accepted(api_client, caseworker) -> None:
    body = json.dumps({"cpr": "610115-4001", "first_name": "A\\u0000", "last_name": "B"})  # literal text
    assert api_client(caseworker).post("/api/v1/children", body, content_type="application/json").status_code == 201


def test_page_query_with_nul_is_400(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/boern/?q=%00").status_code == 400


def test_form_text_with_nul_is_a_form_error_not_a_500(client, caseworker, child) -> None:
    client.force_login(caseworker)
    data = {"occurred_on": timezone.localdate().isoformat(), "title": "Møde\x00", "text": "x"}
    response = client.post(f"/boern/{child.pk}/journal/", with_form_token(data))
    assert response.status_code == 422


def test_api_nul_refusal_has_the_error_shape(db) -> None:
    response = Client().get("/api/v1/children?q=%00")
    assert set(response.json()) == {"code", "message", "errors"}
