"""Nothing typed is lost (issue #14 item 2): a form posted after the session expired, and autosaved drafts."""

import json

import pytest

from sikkerhedsnet.accounts import drafts
from sikkerhedsnet.accounts.models import FormDraft
from sikkerhedsnet.children.models import JournalEntry
from sikkerhedsnet.testing.browser import TEST_PASSWORD
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db

NOTE = {"occurred_on": "2026-01-05", "title": "Hjemmebesøg", "text": "Mor fortalte om natten; aftaler gennemgået."}


def _log_in(client, user, next_url: str = ""):
    return client.post(
        "/accounts/login/" + (f"?next={next_url}" if next_url else ""),
        {"username": user.username, "password": TEST_PASSWORD, "next": next_url},
    )


def _expire_session(client) -> None:
    client.cookies.pop("sessionid", None)


def _post_note_after_expiry(client, user, child):
    _log_in(client, user)
    _expire_session(client)
    page = f"/boern/{child.pk}/"
    return client.post(f"/boern/{child.pk}/journal/", with_form_token(NOTE), HTTP_REFERER=f"http://testserver{page}")


def test_post_after_session_expiry_keeps_the_text_and_sends_to_login_for_the_form_page(client, caseworker, child):
    response = _post_note_after_expiry(client, caseworker, child)
    draft = FormDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next=%2Fboern%2F{child.pk}%2F"
    assert (draft.user, draft.claimed, draft.page_path) == (caseworker, False, f"/boern/{child.pk}/")
    assert NOTE["text"] not in draft.sealed_fields  # sealed at rest


def test_login_page_says_the_text_was_kept(client, caseworker, child) -> None:
    _post_note_after_expiry(client, caseworker, child)
    assert "Det, du skrev, er gemt" in client.get("/accounts/login/").content.decode()


def test_login_after_expiry_returns_to_the_form_with_the_text(client, caseworker, child) -> None:
    _post_note_after_expiry(client, caseworker, child)
    response = _log_in(client, caseworker, f"/boern/{child.pk}/")
    assert response["Location"] == f"/boern/{child.pk}/"
    assert client.get(response["Location"]).status_code == 200  # a GET of the page, never a 405
    restored = client.get("/accounts/kladde/", {"form": f"/boern/{child.pk}/journal/"}).json()
    assert restored["fields"]["text"] == [NOTE["text"]] and "form_token" not in restored["fields"]
    assert not JournalEntry.objects.exists()  # the user submits again themselves


def test_another_user_logging_in_on_the_same_browser_does_not_get_the_draft(
    client, caseworker, child, colleague_same_team
):
    _post_note_after_expiry(client, caseworker, child)
    _log_in(client, colleague_same_team)
    assert client.get("/accounts/kladde/", {"form": f"/boern/{child.pk}/journal/"}).json()["fields"] is None


def test_post_without_a_known_browser_user_keeps_nothing(client, child) -> None:
    response = client.post(f"/boern/{child.pk}/journal/", with_form_token(NOTE))
    assert response.status_code == 302 and not FormDraft.objects.exists()


def test_autosave_then_successful_save_discards_the_draft(client, caseworker, child) -> None:
    client.force_login(caseworker)
    form = f"/boern/{child.pk}/journal/"
    fields = json.dumps({k: [v] for k, v in NOTE.items()})
    assert client.post("/accounts/kladde/", {"form": form, "page": f"/boern/{child.pk}/", "fields": fields}).json() == {
        "saved": True
    }
    assert client.get("/accounts/kladde/", {"form": form}).json()["fields"]["title"] == ["Hjemmebesøg"]
    client.post(form, with_form_token(NOTE))
    assert JournalEntry.objects.count() == 1 and not FormDraft.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"form": "//evil.example/x", "fields": "{}"},
        {"form": "/x/", "fields": "[1, 2]"},
        {"form": "/x/", "fields": '{"a": [1]}'},
        {"form": "/x/", "fields": "{nope"},
        {"form": "", "fields": "{}"},
    ],
)
def test_autosave_with_bad_input_is_422_not_500(client, caseworker, data) -> None:
    client.force_login(caseworker)
    assert client.post("/accounts/kladde/", data).status_code == 422


def test_drafts_of_one_user_are_not_readable_by_another(client, caseworker, outsider) -> None:
    drafts.draft_save(user=caseworker, form_path="/x/", page_path="/x/", fields={"text": ["hemmeligt"]})
    client.force_login(outsider)
    assert client.get("/accounts/kladde/", {"form": "/x/"}).json()["fields"] is None
