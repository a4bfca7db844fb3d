"""POST/GET /api/v1/children/{id}/journal: journal notes through the API, with the same access rule."""

import json

from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import JournalEntry


def _note(**overrides):
    return {
        "occurred_on": timezone.localdate().isoformat(),
        "title": "Hjemmebesøg",
        "text": "Fiktivt notat.",
    } | overrides


def _post(client, child_id, body, **headers):
    return client.post(
        f"/api/v1/children/{child_id}/journal", data=json.dumps(body), content_type="application/json", **headers
    )


def test_add_journal_entry_returns_201_with_author(api_client, child, caseworker) -> None:
    response = _post(api_client(caseworker), child.pk, _note())
    assert response.status_code == 201
    assert (response.json()["author"], response.json()["child_id"]) == ("caseworker", child.pk)


def test_add_journal_entry_is_audited(api_client, child, caseworker) -> None:
    entry_id = _post(api_client(caseworker), child.pk, _note()).json()["id"]
    assert AuditEvent.objects.filter(
        type="created", target_model="children.journalentry", target_id=str(entry_id), child_id=child.pk
    ).exists()


def test_add_journal_entry_for_other_teams_child_is_404(api_client, child, outsider) -> None:
    response = _post(api_client(outsider), child.pk, _note())
    assert (response.status_code, JournalEntry.objects.count()) == (404, 0)


def test_add_journal_entry_in_the_future_is_422_on_occurred_on(api_client, child, caseworker) -> None:
    response = _post(api_client(caseworker), child.pk, _note(occurred_on="2999-01-01"))
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "occurred_on")


def test_add_journal_entry_with_blank_text_is_422(api_client, child, caseworker) -> None:
    response = _post(api_client(caseworker), child.pk, _note(text="\u0000 \u200b"))
    assert response.status_code == 422


def test_add_journal_entry_repeated_idempotency_key_creates_one(api_client, child, caseworker) -> None:
    client = api_client(caseworker)
    first = _post(client, child.pk, _note(), HTTP_IDEMPOTENCY_KEY="note-1")
    second = _post(client, child.pk, _note(), HTTP_IDEMPOTENCY_KEY="note-1")
    assert (first.json(), JournalEntry.objects.count()) == (second.json(), 1)


def test_list_journal_newest_first(api_client, child, caseworker) -> None:
    client = api_client(caseworker)
    _post(client, child.pk, _note(title="Første", occurred_on="2024-01-01"))
    _post(client, child.pk, _note(title="Anden", occurred_on="2024-02-01"))
    body = client.get(f"/api/v1/children/{child.pk}/journal").json()
    assert ([i["title"] for i in body["items"]], body["count"]) == (["Anden", "Første"], 2)


def test_get_child_with_id_beyond_bigint_is_404(api_client, caseworker) -> None:
    assert api_client(caseworker).get(f"/api/v1/children/{2**64}").status_code == 404
