"""English mode has no Danish leftovers (issue #14 item 7): the main pages, rendered in English, show no word with
æ, ø or å except names and the case's own data."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.intake.tests.factories import NotificationFactory

DANISH_WORD = re.compile(r"[\w'-]*[æøåÆØÅ][\w'-]*")
HIDDEN = re.compile(r"<(script|style|title)\b.*?</\1>|<[^>]+>", re.S)
# Proper nouns that stay Danish in English: the law's and methods' names, and the demo municipality's names.
NAMES = {"Børnelineal", "Børnelinealen"}


def test_a_danish_page_would_be_caught() -> None:
    assert _danish_words("<p>Mine opgaver for Søren</p><script>var æ</script>", {"Søren"}) == set()
    assert _danish_words("<h1>Barnets tre huse</h1><p>Åbne sager</p>", set()) == {"Åbne"}


def _danish_words(html: str, data: set[str]) -> set[str]:
    text = unescape(HIDDEN.sub(" ", html))
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return {w for w in DANISH_WORD.findall(text) if w not in NAMES}


def _english(client, user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.fixture
def data(child, caseworker, team, team_leader) -> set[str]:  # type: ignore[no-untyped-def]
    people = (caseworker, team_leader)
    return {
        child.full_name,
        child.first_name,
        child.last_name,
        str(team),
        str(team.department),
        str(team.department.municipality),
        *(p.get_full_name() for p in people),
        *(p.first_name for p in people),
        *(p.last_name for p in people),
    }


def test_caseworkers_main_pages_have_no_danish_words_in_english(client, child, caseworker, data) -> None:
    NotificationFactory(child=child, assigned_to=caseworker, summary="Summary.")
    _english(client, caseworker)
    found = {}
    for path in (
        reverse("tasks:my_cases"),
        reverse("tasks:my_tasks"),
        reverse("children:detail", args=[child.pk]),
        reverse("intake:register"),
        reverse("intake:queue"),
        reverse("intake:child_overview", args=[child.pk]),
        reverse("safety:overview", args=[child.pk]),
        reverse("safety:plan_overview", args=[child.pk]),
        reverse("measures:child", args=[child.pk]),
        reverse("followup:child", args=[child.pk]),
    ):
        response = client.get(path)
        assert response.status_code == 200 and '<html lang="en">' in response.content.decode(), path
        words = _danish_words(response.content.decode(), data)
        if words:
            found[path] = sorted(words)
    assert found == {}


def test_leaders_main_pages_have_no_danish_words_in_english(client, team, team_leader, data) -> None:
    head: Any = UserFactory(role="head", team=None, municipality=team.department.municipality)
    found = {}
    for user, paths in ((team_leader, ("tasks:team_dashboard", "followup:caseload")), (head, ("reports:index",))):
        _english(client, user)
        for name in paths:
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            words = _danish_words(response.content.decode(), data | {head.get_full_name()})
            if words:
                found[name] = sorted(words)
    assert found == {}
