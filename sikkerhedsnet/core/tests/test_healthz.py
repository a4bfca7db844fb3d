from unittest import mock

from django.db import OperationalError
from django.test import Client


def test_healthz_answers_ok_without_login(client, db) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_healthz_answers_503_when_database_unreachable(client, db) -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert (response.status_code, response.json()["database"]) == (503, "error")


def test_page_answers_danish_503_when_database_unreachable(caseworker) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/boern/mine-sager/")
    assert response.status_code == 503
    assert "midlertidigt utilgængeligt" in response.content.decode()
