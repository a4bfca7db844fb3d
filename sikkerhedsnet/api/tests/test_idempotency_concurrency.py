"""Idempotency-Key under concurrency: two simultaneous requests with one key create one record."""

import hashlib
import json
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.accounts.models import IdempotentResponse
from sikkerhedsnet.accounts.services import api_token_create
from sikkerhedsnet.children.models import Child, JournalEntry

pytestmark = pytest.mark.django_db(transaction=True)

BODY = {"cpr": "610115-4001", "first_name": "Freja", "last_name": "Fiktivsen"}


def _simultaneously(n, request):
    """Run `request(client)` in n threads released together; return the responses."""
    barrier = threading.Barrier(n, timeout=20)
    responses = []

    def run(client):
        try:
            barrier.wait()
            responses.append(request(client))
        finally:
            connection.close()

    return responses, run


def _fire(token, n, send):
    responses, run = _simultaneously(n, send)
    threads = [threading.Thread(target=run, args=(Client(HTTP_AUTHORIZATION=f"Bearer {token}"),)) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return responses


def _create(key):
    return lambda c: c.post(
        "/api/v1/children", data=json.dumps(BODY), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_idempotency_same_key_in_parallel_creates_one_child(caseworker) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    responses = _fire(token, 4, _create("same-key"))
    assert ([r.status_code for r in responses], Child.objects.count()) == ([201] * 4, 1)


def test_idempotency_same_key_in_parallel_answers_the_same_body(caseworker) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    responses = _fire(token, 4, _create("same-key"))
    assert len({json.dumps(r.json(), sort_keys=True) for r in responses}) == 1


def test_idempotency_retry_after_parallel_burst_replays_the_created_child(caseworker) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    _fire(token, 3, _create("same-key"))
    replay = _create("same-key")(Client(HTTP_AUTHORIZATION=f"Bearer {token}"))
    assert (replay.status_code, replay["Idempotent-Replayed"], replay.json()["id"]) == (
        201,
        "true",
        Child.objects.get().pk,
    )


def test_idempotency_different_keys_same_cpr_in_parallel_one_201_rest_409(caseworker) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    keys = iter(["k1", "k2", "k3"])
    lock = threading.Lock()

    def send(c):
        with lock:
            key = next(keys)
        return _create(key)(c)

    statuses = sorted(r.status_code for r in _fire(token, 3, send))
    assert (statuses, Child.objects.count()) == ([201, 409, 409], 1)


def test_idempotency_parallel_journal_notes_same_key_one_note(caseworker, child) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    body = {"occurred_on": timezone.localdate().isoformat(), "title": "Møde", "text": "Fiktivt."}
    responses = _fire(
        token,
        4,
        lambda c: c.post(
            f"/api/v1/children/{child.pk}/journal",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="note",
        ),
    )
    assert ([r.status_code for r in responses], JournalEntry.objects.count()) == ([201] * 4, 1)


def test_idempotency_reservation_left_by_a_crash_is_taken_over_after_timeout(caseworker) -> None:
    token = api_token_create(by=caseworker, user=caseworker)
    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        IdempotentResponse.objects.create(
            user=caseworker, key="crashed", request_hash="x", status_code=0, body=b"", content_type=""
        )
    IdempotentResponse.objects.filter(key="crashed").update(
        request_hash=hashlib.sha256(b"/api/v1/children\n" + json.dumps(BODY).encode()).hexdigest()
    )
    response = _create("crashed")(Client(HTTP_AUTHORIZATION=f"Bearer {token}"))
    assert (response.status_code, Child.objects.count()) == (201, 1)


def test_idempotency_failed_request_is_not_remembered_so_a_retry_runs(api_client, caseworker, monkeypatch) -> None:
    from sikkerhedsnet.children import services

    real = services.child_create
    monkeypatch.setattr(services, "child_create", lambda **kw: 1 / 0)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=caseworker, user=caseworker)}")
    client.raise_request_exception = False
    crashed = _create("retry-me")(client)
    monkeypatch.setattr(services, "child_create", real)
    retried = _create("retry-me")(client)
    assert (crashed.status_code, retried.status_code, Child.objects.count()) == (500, 201, 1)
