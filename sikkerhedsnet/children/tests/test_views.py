"""The children pages with good and bad input: a clear Danish message or a 404, never a 500, typed text kept."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child, JournalEntry
from sikkerhedsnet.testing.forms import with_form_token

VALID_CHILD = {
    "cpr": "610115-4001",
    "first_name": "Freja",
    "last_name": "Fiktivsen",
    "address": "Fiktivvej 1",
    "postal_code": "9999",
    "city": "Demoby",
    "school_or_daycare": "",
}


@pytest.fixture
def logged_in(client, caseworker) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(caseworker)
    return client


def test_my_cases_lists_own_open_cases(logged_in, child) -> None:
    assert child.full_name in logged_in.get("/boern/mine-sager/").content.decode()


def test_create_child_opens_case_with_creator_as_caseworker(logged_in, caseworker) -> None:
    response = logged_in.post("/boern/ny/", with_form_token(VALID_CHILD))
    child = Child.objects.get(cpr="6101154001")
    assert response["Location"] == f"/boern/{child.pk}/" and child.case.caseworker == caseworker


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cpr": "320115-4001"}, "ikke en gyldig fødselsdato"),
        ({"cpr": "12345"}, "10 cifre"),
        ({"cpr": "0101-01-1234"}, "10 cifre"),
        ({"cpr": "010150-5001"}, "fremtiden"),  # 7th digit 5 and year 50: born 2050
        ({"first_name": "F" * 101}, "højst have 100 tegn"),
        ({"last_name": ""}, "påkrævet"),
        ({"postal_code": "12a4"}, "Et postnummer er 4 cifre (0-9)."),
        ({"address": "a" * 201}, "højst have 200 tegn"),
    ],
)
def test_create_child_with_bad_input_explains_in_danish_and_keeps_the_rest(logged_in, change, message) -> None:
    response = logged_in.post("/boern/ny/", with_form_token(VALID_CHILD | change))
    body = response.content.decode()
    assert response.status_code == 422 and message in body
    assert 'value="Demoby"' in body and not Child.objects.exists()


def test_create_child_with_duplicate_cpr_says_so(logged_in, child) -> None:
    response = logged_in.post("/boern/ny/", with_form_token(VALID_CHILD | {"cpr": child.cpr}))
    assert response.status_code == 422 and "Barnet er allerede oprettet" in response.content.decode()


def test_create_child_with_duplicate_cpr_of_another_team_names_nothing(client, child, outsider) -> None:
    client.force_login(outsider)
    response = client.post("/boern/ny/", with_form_token(VALID_CHILD | {"cpr": child.cpr}))
    body = response.content.decode()
    assert response.status_code == 422 and "har allerede en sag i kommunen" in body
    assert child.case.number not in body and "Team A" not in body


def test_create_child_near_match_warns_and_saves_nothing(logged_in, child) -> None:
    swapped = child.cpr[:8] + child.cpr[9] + child.cpr[8]
    typo = swapped if swapped != child.cpr else child.cpr[:9] + str((int(child.cpr[9]) + 1) % 10)
    response = logged_in.post("/boern/ny/", with_form_token(VALID_CHILD | {"cpr": typo}))
    body = response.content.decode()
    assert "Findes barnet allerede?" in body and child.full_name in body and 'value="Demoby"' in body
    assert Child.objects.count() == 1


def test_create_child_near_match_confirmed_as_another_child_is_saved(logged_in, child) -> None:
    typo = child.cpr[:9] + str((int(child.cpr[9]) + 1) % 10)
    data = VALID_CHILD | {"cpr": typo, "other_child_confirmed": "on"}
    response = logged_in.post("/boern/ny/", with_form_token(data))
    assert response.status_code == 302 and Child.objects.filter(cpr=typo).exists()


def test_create_child_accepts_replacement_number_and_marks_it(logged_in) -> None:
    logged_in.post("/boern/ny/", with_form_token(VALID_CHILD | {"cpr": "610115-4001"}))
    assert Child.objects.get().replacement_cpr


def test_edit_child_saves_and_bumps_version(logged_in, child) -> None:
    logged_in.post(
        f"/boern/{child.pk}/rediger/",
        with_form_token({"version": child.version, "first_name": "Ny", "last_name": "Navnesen"}),
    )
    child.refresh_from_db()
    assert (child.first_name, child.version) == ("Ny", 2)


def test_edit_child_with_stale_version_keeps_typed_text_and_explains(logged_in, child) -> None:
    response = logged_in.post(
        f"/boern/{child.pk}/rediger/",
        with_form_token({"version": child.version + 1, "first_name": "Mit nye navn", "last_name": "X"}),
    )
    body = response.content.decode()
    assert response.status_code == 409 and "En anden har gemt ændringer" in body and 'value="Mit nye navn"' in body


def test_edit_child_with_over_long_name_is_refused(logged_in, child) -> None:
    response = logged_in.post(
        f"/boern/{child.pk}/rediger/",
        with_form_token({"version": child.version, "first_name": "x" * 101, "last_name": "Y"}),
    )
    assert response.status_code == 422


def test_journal_note_is_saved_with_author_and_audited(logged_in, child, caseworker) -> None:
    logged_in.post(
        f"/boern/{child.pk}/journal/",
        with_form_token({"occurred_on": timezone.localdate().isoformat(), "title": "Hjemmebesøg", "text": "Alt vel."}),
    )
    entry = JournalEntry.objects.get(child=child)
    assert entry.author == caseworker
    assert AuditEvent.objects.filter(type="created", target_model="children.journalentry", child_id=child.pk).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"occurred_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "fremtiden"),
        ({"occurred_on": "1899-12-31"}, "for langt tilbage"),
        ({"occurred_on": "9999-12-31"}, "fremtiden"),
        ({"title": "t" * 10_000, "text": "x" * 10_000}, "højst have 200 tegn"),
        ({"occurred_on": "31.02.2026"}, "gyldig dato"),
        ({"title": "t" * 201}, "højst have 200 tegn"),
        ({"text": "x" * 20001}, "højst have 20000 tegn"),
        ({"text": ""}, "påkrævet"),
    ],
)
def test_journal_note_with_bad_input_keeps_text_and_explains(logged_in, child, change, message) -> None:
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "title": "Hjemmebesøg",
        "text": "Min lange tekst.",
    } | change
    response = logged_in.post(f"/boern/{child.pk}/journal/", with_form_token(data))
    body = response.content.decode()
    assert response.status_code == 422 and message in body
    assert data["title"][:50] in body and not JournalEntry.objects.exists()


def test_journal_note_with_null_character_is_refused(logged_in, child) -> None:
    response = logged_in.post(
        f"/boern/{child.pk}/journal/",
        with_form_token({"occurred_on": timezone.localdate().isoformat(), "title": "Titel", "text": "a\x00b"}),
    )
    assert response.status_code == 422 and "Null-tegn" in response.content.decode()


def test_journal_note_only_control_characters_is_refused(logged_in, child) -> None:
    response = logged_in.post(
        f"/boern/{child.pk}/journal/",
        with_form_token({"occurred_on": timezone.localdate().isoformat(), "title": "Titel", "text": "\x01\x02\x1b"}),
    )
    assert response.status_code == 422 and "Notatet er tomt" in response.content.decode()


def test_journal_note_on_another_teams_child_is_404(client, child, outsider) -> None:
    client.force_login(outsider)
    response = client.post(
        f"/boern/{child.pk}/journal/",
        with_form_token({"occurred_on": timezone.localdate().isoformat(), "title": "x", "text": "y"}),
    )
    assert response.status_code == 404 and not JournalEntry.objects.exists()


@pytest.mark.parametrize("path", ["/boern/99999999999999999999/", "/boern/0/", "/boern/abc/", "/boern/-1/"])
def test_tampered_child_ids_are_404(logged_in, path) -> None:
    assert logged_in.get(path).status_code == 404


def test_break_glass_with_invalid_cpr_explains(logged_in) -> None:
    response = logged_in.post("/boern/begrundet-adgang/", {"cpr": "99", "reason": "Døgnvagt: akut henvendelse"})
    body = response.content.decode()
    assert response.status_code == 422 and "10 cifre" in body and "Døgnvagt: akut henvendelse" in body


def test_break_glass_with_short_reason_explains(logged_in, child) -> None:
    response = logged_in.post("/boern/begrundet-adgang/", {"cpr": child.cpr_formatted, "reason": "fordi"})
    assert response.status_code == 422 and "mindst 10 tegn" in response.content.decode()


def test_break_glass_for_unknown_cpr_says_no_such_child(logged_in) -> None:
    response = logged_in.post(
        "/boern/begrundet-adgang/", {"cpr": "610115-4999", "reason": "Døgnvagt: akut henvendelse"}
    )
    assert response.status_code == 422 and "Der findes intet barn" in response.content.decode()


# CSRF: every form post without the token is refused with the Danish page, and nothing is saved.


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/boern/ny/", VALID_CHILD),
        ("/boern/{pk}/journal/", {"occurred_on": "2026-01-01", "title": "x", "text": "y"}),
        ("/boern/{pk}/rediger/", {"version": 1, "first_name": "X", "last_name": "Y"}),
        ("/boern/{pk}/relationer/ny/", {"kind": "mother", "first_name": "M"}),
        ("/boern/", {"q": "Freja"}),
        ("/boern/begrundet-adgang/", {"cpr": "610115-4001", "reason": "Døgnvagt: akut henvendelse"}),
        ("/accounts/logout-everywhere/", {}),
    ],
)
def test_posts_without_csrf_token_are_refused_in_danish(caseworker, child, path, data) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    before = (Child.objects.count(), JournalEntry.objects.count(), AuditEvent.objects.count())
    response = client.post(path.format(pk=child.pk), data)
    assert response.status_code == 403 and "Formularen er udløbet" in response.content.decode()
    assert (Child.objects.count(), JournalEntry.objects.count(), AuditEvent.objects.count()) == before


def test_login_without_csrf_token_is_refused(caseworker) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "caseworker", "password": "test-password-123"})
    assert response.status_code == 403 and "_auth_user_id" not in client.session


def test_post_with_csrf_token_from_the_form_works(caseworker, child) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    client.get(f"/boern/{child.pk}/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/boern/{child.pk}/journal/",
        with_form_token(
            {"occurred_on": timezone.localdate().isoformat(), "title": "x", "text": "y", "csrfmiddlewaretoken": token}
        ),
    )
    assert response.status_code == 302
