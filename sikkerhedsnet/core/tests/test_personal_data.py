"""No personal data in URLs, logs or error pages; document addresses cannot be guessed."""

import io
import logging
import re
import uuid
from unittest import mock

import pytest
from django.test import Client

from sikkerhedsnet.children.models import Document
from sikkerhedsnet.core.logging import RedactPersonalDataFilter
from sikkerhedsnet.testing.access import url_names
from sikkerhedsnet.testing.world import build_world

CPR = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")
LINKS = re.compile(r'\s(?:href|src|action|hx-get|hx-post)="([^"]*)"')


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture
def log_output():
    """What the configured log handlers (with their redaction filter) actually write."""
    stream = io.StringIO()
    handlers = [
        h
        for name in ("", "django.request", "django.server")
        for h in logging.getLogger(name).handlers
        if any(isinstance(f, RedactPersonalDataFilter) for f in h.filters)  # ours, not pytest's capture
    ]
    assert len(handlers) >= 2
    old = [h.setStream(stream) for h in handlers]
    yield stream
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


def _search(client, text, **extra):
    return client.post("/boern/", {"q": text}, **extra)


def test_search_by_cpr_keeps_the_cpr_out_of_the_url(world) -> None:
    client = Client()
    client.force_login(world.users["caseworker"])
    child = world.children["own"]
    response = _search(client, child.cpr_formatted)
    page = client.get(response["Location"])
    assert response.status_code == 302 and not CPR.search(response["Location"])
    assert child.full_name in page.content.decode()


def test_search_results_link_to_no_cpr(world) -> None:
    client = Client()
    client.force_login(world.users["caseworker"])
    page = client.get(_search(client, world.children["own"].cpr[:6])["Location"]).content.decode()
    assert not [link for link in LINKS.findall(page) if CPR.search(link) or world.children["own"].cpr[:6] in link]


def test_search_with_htmx_answers_the_fragment_without_redirect(world) -> None:
    client = Client()
    client.force_login(world.users["caseworker"])
    response = _search(client, world.children["own"].cpr, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and world.children["own"].full_name in response.content.decode()


def test_search_key_of_another_session_finds_nothing(world) -> None:
    mine, theirs = Client(), Client()
    mine.force_login(world.users["caseworker"])
    theirs.force_login(world.users["sos_consultant"])
    location = _search(mine, world.children["own"].cpr)["Location"]
    assert world.children["own"].full_name not in theirs.get(location).content.decode()


def test_no_url_pattern_takes_a_cpr_number() -> None:
    assert not [route for route in url_names().values() if "cpr" in route.lower()]


def test_logs_of_requests_with_cpr_numbers_carry_none(world, log_output) -> None:
    cpr = world.children["own"].cpr
    client = Client(raise_request_exception=False)
    client.force_login(world.users["caseworker"])
    client.get(f"/boern/{cpr}/?q={cpr}")
    client.get(f"/api/v1/children?q={cpr}", HTTP_AUTHORIZATION="Bearer wrong")
    with mock.patch(
        "sikkerhedsnet.children.selectors.children_search",
        side_effect=ValueError(f"no child {cpr} {cpr[:6]}-{cpr[6:]}"),
    ):
        crashed = _search(client, cpr, HTTP_HX_REQUEST="true")
    written = log_output.getvalue()
    assert crashed.status_code == 500 and "Internal Server Error" in written and "ValueError" in written
    assert not CPR.search(written), written


def test_log_filter_redacts_cpr_in_message_arguments_and_traceback() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "child %s", ("010203-1234",), None)
    try:
        raise RuntimeError("duplicate key (cpr)=(0102031234)")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactPersonalDataFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "[cpr]" in text and not CPR.search(text)


def test_error_pages_do_not_echo_a_cpr_number(world) -> None:
    cpr = world.children["own"].cpr
    client = Client(raise_request_exception=False)
    client.force_login(world.users["caseworker"])
    not_found = client.get(f"/boern/{cpr}/")
    with mock.patch("sikkerhedsnet.children.selectors.children_search", side_effect=ValueError(f"child {cpr}")):
        crashed = _search(client, cpr, HTTP_HX_REQUEST="true")
    assert (not_found.status_code, crashed.status_code) == (404, 500)
    assert cpr not in not_found.content.decode() and cpr not in crashed.content.decode()
    assert "ValueError" not in crashed.content.decode()


def test_api_error_on_a_crash_does_not_echo_the_exception(world) -> None:
    from sikkerhedsnet.accounts.services import api_token_create

    user = world.users["caseworker"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(by=user, user=user)}", raise_request_exception=False)
    cpr = world.children["own"].cpr
    with mock.patch("sikkerhedsnet.children.selectors.children_search", side_effect=ValueError(f"child {cpr}")):
        response = client.get("/api/v1/children?q=Barn")
    assert response.status_code == 500 and cpr not in response.content.decode()
    assert response.json()["code"] == "server_error"


def test_document_ids_are_random_uuid4(world) -> None:
    ids = [d.public_id for d in Document.objects.all()]
    assert all(i.version == 4 for i in ids) and len(set(ids)) == len(ids)


def test_document_url_carries_the_uuid_not_the_row_id(world) -> None:
    from django.urls import reverse

    document = world.documents["own"]
    url = reverse("children:document_download", args=[document.public_id])
    assert str(document.public_id) in url and f"/{document.pk}/" not in url


def test_document_download_with_a_made_up_uuid_is_404(world) -> None:
    client = Client()
    client.force_login(world.users["caseworker"])
    assert client.get(f"/boern/dokumenter/{uuid.uuid4()}/").status_code == 404


def test_document_download_is_never_cached(world) -> None:
    client = Client()
    client.force_login(world.users["caseworker"])
    response = client.get(f"/boern/dokumenter/{world.documents['own'].public_id}/")
    b"".join(response.streaming_content)
    for closer in response._resource_closers:
        closer()
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")


def test_media_files_are_not_served_directly(world) -> None:
    client = Client()
    client.force_login(world.users["caseworker"])
    document = world.documents["own"]
    assert client.get(f"/_protected_media/{document.file.name}").status_code == 404
