"""Danish by default whatever the browser asks for; English when the user chooses it."""

import pytest

from sikkerhedsnet.testing.forms import with_form_token


def test_login_page_is_danish_by_default(client, db) -> None:
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="da">' in body and "Log ind" in body


@pytest.mark.parametrize("accept", ["en", "en-GB,en;q=0.9", "de-DE", "en-US,da;q=0.1"])
def test_browser_language_does_not_override_danish(client, db, accept) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept)
    assert "Brugernavn" in response.content.decode() and response["Content-Language"] == "da"


def test_choosing_english_shows_english(client, db) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in body and "Username" in body and "Brugernavn" not in body


def test_choosing_english_translates_case_pages(client, caseworker, child) -> None:
    client.force_login(caseworker)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(f"/boern/{child.pk}/").content.decode()
    assert "Family and network" in body and "Write a journal note" in body


def test_choosing_english_translates_form_errors(client, caseworker) -> None:
    client.force_login(caseworker)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/boern/ny/", with_form_token({"cpr": "12", "first_name": "Freja", "last_name": "F"}))
    assert "A CPR number has 10 digits" in response.content.decode()


def test_switching_back_to_danish(client, db) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert "Brugernavn" in client.get("/accounts/login/").content.decode()


def test_unknown_language_choice_falls_back_to_danish(client, db) -> None:
    client.cookies["django_language"] = "xx"
    assert "Brugernavn" in client.get("/accounts/login/").content.decode()


def test_language_switch_returns_to_the_same_page(client, db) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"


def test_language_switch_never_redirects_off_site(client, db) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert not response["Location"].startswith("https://evil")


FOUNDATION = (
    "templates/base.html",
    "templates/minimal.html",
    "templates/components/",
    "templates/accounts/",
    "templates/children/",
    "templates/audit/",
    "templates/40",
    "templates/50",
    "sikkerhedsnet/accounts/",
    "sikkerhedsnet/children/",
    "sikkerhedsnet/audit/",
    "sikkerhedsnet/core/",
)


def _untranslated_foundation_entries() -> list[str]:
    import re
    from pathlib import Path

    po = (Path(__file__).resolve().parents[3] / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    missing = []
    for block in po.split("\n\n")[1:]:
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        if not any(ref.startswith(FOUNDATION) for ref in refs.split()):
            continue
        translated = re.split(r"^msgstr(?:\[\d\])? ", block, flags=re.M)[1:]
        if not translated or any(not "".join(re.findall(r'"(.*)"', part)) for part in translated):
            missing.append(block.splitlines()[-1])
    return missing


def test_every_foundation_string_has_an_english_translation() -> None:
    assert _untranslated_foundation_entries() == []
