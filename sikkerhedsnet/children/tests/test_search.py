"""Find barn: CPR with or without hyphen, names accent- and case-insensitively (æ ø å), case numbers,
paging, need-to-know, and every search audited. The search text is POSTed, never put in a URL.
At scale: exact case-number matches, and no second pass over the hits when one page holds them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import selectors
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.text import search_key


@pytest.fixture
def aase(team):  # type: ignore[no-untyped-def]
    return ChildFactory(
        case__team=team, first_name="Åse", last_name="Ærøsen-Østergård", search_name=search_key("Åse Ærøsen-Østergård")
    )


@pytest.mark.parametrize(
    "query",
    [
        "Åse",
        "åse",
        "AASE",
        "ase",
        "ærøsen",
        "AEROESEN",
        "aeroesen",
        "østergård",
        "ostergard",
        "oestergaard",
        "åse østergård",
    ],
)
def test_search_by_name_ignores_case_accents_and_danish_spellings(aase, caseworker, query) -> None:
    assert [c.pk for c in selectors.children_search(caseworker, query).items] == [aase.pk]


def test_search_by_name_does_not_match_other_names(aase, caseworker) -> None:
    assert selectors.children_search(caseworker, "Anne").count == 0


@pytest.mark.parametrize("form", ["hyphen", "plain"])
def test_search_by_full_cpr_with_or_without_hyphen(child, caseworker, form) -> None:
    query = child.cpr_formatted if form == "hyphen" else child.cpr
    assert [c.pk for c in selectors.children_search(caseworker, query).items] == [child.pk]


def test_search_by_birth_date_part_of_cpr(child, caseworker) -> None:
    assert child.pk in [c.pk for c in selectors.children_search(caseworker, child.cpr[:6]).items]


def test_search_by_case_number_in_any_case(child, caseworker) -> None:
    assert [c.pk for c in selectors.children_search(caseworker, child.case.number.lower()).items] == [child.pk]


def test_search_never_shows_another_teams_child(child, outsider) -> None:
    for query in (child.first_name, child.cpr, child.case.number):
        assert selectors.children_search(outsider, query).count == 0


def test_search_pages_25_at_a_time(team, caseworker) -> None:
    ChildFactory.create_batch(30, case__team=team, last_name="Mangesen", search_name=search_key("Barn Mangesen"))
    first, second = (
        selectors.children_search(caseworker, "mangesen"),
        selectors.children_search(caseworker, "mangesen", page=2),
    )
    assert (first.count, len(first.items), len(second.items), first.pages) == (30, 25, 5, 2)
    assert not {c.pk for c in first.items} & {c.pk for c in second.items}


def test_every_hit_on_the_page_is_audited(team, caseworker) -> None:
    ChildFactory.create_batch(3, case__team=team, last_name="Mangesen", search_name=search_key("Barn Mangesen"))
    selectors.children_search(caseworker, "mangesen")
    assert AuditEvent.objects.filter(type="child_searched", actor_id=caseworker.pk).count() == 3


def test_a_search_without_hits_is_audited_too(caseworker) -> None:
    selectors.children_search(caseworker, "ingen-hedder-sådan")
    assert AuditEvent.objects.filter(type="child_searched", actor_id=caseworker.pk, new__hits=0).exists()


# The page


def test_search_page_posts_and_redirects_without_the_query_in_the_url(client, child, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post("/boern/", {"q": child.cpr_formatted})
    assert response.status_code == 302 and response["Location"] == "/boern/"
    assert child.full_name in client.get(response["Location"]).content.decode()


def test_search_page_links_to_pages_without_personal_data(client, team, caseworker) -> None:
    ChildFactory.create_batch(30, case__team=team, last_name="Mangesen", search_name=search_key("Barn Mangesen"))
    client.force_login(caseworker)
    client.post("/boern/", {"q": "Mangesen"})
    body = client.get("/boern/").content.decode()
    assert 'href="/boern/?side=2"' in body and "q=" not in body


def test_search_page_two_shows_the_rest(client, team, caseworker) -> None:
    ChildFactory.create_batch(30, case__team=team, last_name="Mangesen", search_name=search_key("Barn Mangesen"))
    client.force_login(caseworker)
    client.post("/boern/", {"q": "Mangesen"})
    assert len(client.get("/boern/?side=2").context["result"].items) == 5


@pytest.mark.parametrize("side", ["abc", "-1", "0", "99999999999999999999"])
def test_search_page_with_nonsense_page_number_does_not_crash(client, child, caseworker, side) -> None:
    client.force_login(caseworker)
    client.post("/boern/", {"q": child.first_name})
    assert client.get(f"/boern/?side={side}").status_code == 200


def test_search_page_htmx_post_returns_the_results_fragment(client, child, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post("/boern/", {"q": child.first_name}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and child.full_name in body and "<html" not in body


def test_search_page_with_empty_query_asks_for_one(client, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post("/boern/", {"q": "   "})
    assert response.status_code == 422 and "Skriv et CPR-nummer" in response.content.decode()


def test_search_page_with_over_long_query_keeps_it_and_explains(client, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post("/boern/", {"q": "x" * 150})
    assert response.status_code == 422 and "x" * 150 in response.content.decode()


@pytest.mark.parametrize("role", ["analyst", "admin", "auditor"])
def test_search_page_is_closed_to_roles_without_case_access(client, team, role) -> None:
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(role=role, team=None, municipality=team.department.municipality))
    assert client.get("/boern/").status_code == 403


# At scale


@pytest.mark.parametrize("typed", ["S-2026-{n:06d}", "s-2026-{n:06d}", "S2026{n:06d}", "S-2026-{n}"])
def test_search_by_case_number_finds_the_child_however_it_is_typed(typed, caseworker) -> None:
    child = ChildFactory(case__team=caseworker.team, case__number=f"S-2026-{4711:06d}")
    result = selectors.children_search(caseworker, typed.format(n=4711))
    assert [c.pk for c in result.items] == [child.pk]


def test_search_with_fewer_hits_than_a_page_counts_them_without_a_count_query(caseworker) -> None:
    ChildFactory.create_batch(3, last_name="Sjældensen", case__team=caseworker.team)
    with CaptureQueriesContext(connection) as queries:
        result = selectors.children_search(caseworker, "Sjældensen")
    assert result.count == 3 and not any("COUNT(" in q["sql"] for q in queries.captured_queries)


def test_search_on_a_later_short_page_reports_the_total(caseworker) -> None:
    ChildFactory.create_batch(30, last_name="Mangesen", case__team=caseworker.team)
    result = selectors.children_search(caseworker, "Mangesen", page=2)
    assert (len(result.items), result.count, result.pages) == (5, 30, 2)


def test_search_beyond_the_last_page_still_reports_the_total(caseworker) -> None:
    ChildFactory.create_batch(30, last_name="Mangesen", case__team=caseworker.team)
    result = selectors.children_search(caseworker, "Mangesen", page=4)
    assert (result.items, result.count) == ([], 30)


def test_search_with_a_full_first_page_counts_every_hit(caseworker) -> None:
    ChildFactory.create_batch(26, last_name="Mangesen", case__team=caseworker.team)
    assert selectors.children_search(caseworker, "Mangesen").count == 26


def test_page_header_shows_team_and_municipality(client, caseworker) -> None:
    client.force_login(caseworker)
    html = client.get("/boern/mine-sager/").content.decode()
    assert caseworker.team.name in html and caseworker.team.department.municipality.name in html
