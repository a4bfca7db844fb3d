"""One-time form tokens: a double submit of a create form creates one record."""

import io
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from sikkerhedsnet.children.models import Child, Document, JournalEntry, Relation
from sikkerhedsnet.core.formtokens import FIELD_NAME, new_token
from sikkerhedsnet.core.models import FormSubmission
from sikkerhedsnet.testing.forms import form_values, with_form_token

PDF = b"%PDF-1.4\n%fiktivt dokument\n"


def _create_forms(child):
    """(url, data, model counted) for every foundation create form that uses @single_submit."""
    today = timezone.localdate().isoformat()
    return {
        "child": (
            reverse("children:create"),
            {"cpr": "610115-4001", "first_name": "Freja", "last_name": "Fiktivsen"},
            Child,
        ),
        "journal": (
            reverse("children:journal_add", args=[child.pk]),
            {"occurred_on": today, "title": "Hjemmebesøg", "text": "Fiktivt notat."},
            JournalEntry,
        ),
        "relation": (
            reverse("children:relation_add", args=[child.pk]),
            {"kind": "mother", "first_name": "Mor"},
            Relation,
        ),
        "document": (reverse("children:document_upload", args=[child.pk]), {"title": "Referat"}, Document),
    }


def _post(client, url, data):
    files = {"file": io.BytesIO(PDF)} if "dokumenter" in url else {}
    for f in files.values():
        f.name = "referat.pdf"
    return client.post(url, {**data, **files})


@pytest.mark.parametrize("form", ["child", "journal", "relation", "document"])
def test_single_submit_second_identical_post_creates_one_record(
    client, child, caseworker, form, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(caseworker)
    url, data, model = _create_forms(child)[form]
    before = model.objects.count()
    data = with_form_token(data)
    first, second = _post(client, url, data), _post(client, url, data)
    assert (first.status_code, second.status_code, model.objects.count()) == (302, 302, before + 1)


def test_single_submit_double_submit_goes_where_the_first_went_with_a_note(client, child, caseworker) -> None:
    client.force_login(caseworker)
    url, data, _ = _create_forms(child)["journal"]
    data = with_form_token(data)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Formularen var allerede sendt" in second.content.decode()


def test_single_submit_without_token_is_refused_and_creates_nothing(client, child, caseworker) -> None:
    client.force_login(caseworker)
    url, data, _ = _create_forms(child)["journal"]
    response = client.post(url, data)
    assert (response.status_code, JournalEntry.objects.count()) == (400, 0)


def test_single_submit_token_used_on_another_form_is_refused(client, child, caseworker) -> None:
    client.force_login(caseworker)
    forms = _create_forms(child)
    token = new_token()
    client.post(forms["journal"][0], {**forms["journal"][1], FIELD_NAME: token})
    response = client.post(forms["relation"][0], {**forms["relation"][1], FIELD_NAME: token})
    assert (response.status_code, Relation.objects.count()) == (400, 0)


def test_single_submit_after_validation_error_same_token_can_save(client, child, caseworker) -> None:
    client.force_login(caseworker)
    url, data, _ = _create_forms(child)["journal"]
    data = with_form_token(data)
    refused = client.post(url, {**data, "title": ""})
    saved = client.post(url, data)
    assert (refused.status_code, saved.status_code, JournalEntry.objects.count()) == (422, 302, 1)


def test_single_submit_tokens_are_per_user(client, child, caseworker, colleague_same_team) -> None:
    url, data, _ = _create_forms(child)["journal"]
    data = with_form_token(data)
    client.force_login(caseworker)
    client.post(url, data)
    other = Client()
    other.force_login(colleague_same_team)
    other.post(url, data)
    assert JournalEntry.objects.count() == 2


def test_single_submit_rendered_form_carries_a_fresh_token(client, child, caseworker) -> None:
    client.force_login(caseworker)
    first = form_values(client.get(reverse("children:create")).content.decode())[FIELD_NAME]
    second = form_values(client.get(reverse("children:create")).content.decode())[FIELD_NAME]
    assert first != second and len(first) >= 20


def test_single_submit_stores_only_successful_submissions(client, child, caseworker) -> None:
    client.force_login(caseworker)
    url, data, _ = _create_forms(child)["journal"]
    client.post(url, with_form_token({**data, "title": ""}))
    client.post(url, with_form_token(data))
    assert list(FormSubmission.objects.values_list("result_url", flat=True)) == [f"/boern/{child.pk}/#journal"]


def test_single_submit_is_used_by_every_foundation_create_view() -> None:
    """A new create view must opt in (or be listed here with a reason), so double submits stay harmless."""
    guarded = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif getattr(p.callback, "single_submit", False):
                guarded.add(prefix + (p.name or ""))

    walk(get_resolver().url_patterns)
    assert {
        "children:create",
        "children:edit",
        "children:journal_add",
        "children:relation_add",
        "children:document_upload",
    } <= guarded


@pytest.mark.django_db(transaction=True)
def test_single_submit_two_simultaneous_posts_create_one_note(caseworker, child) -> None:
    url, data, _ = _create_forms(child)["journal"]
    data = with_form_token(data)
    barrier = threading.Barrier(2, timeout=20)
    statuses = []

    def send() -> None:
        c = Client()
        c.force_login(caseworker)
        barrier.wait()
        try:
            statuses.append(c.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert (sorted(statuses), JournalEntry.objects.count()) == ([302, 302], 1)
