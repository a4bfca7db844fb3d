"""Search at scale: exact case-number matches, and no second pass over the hits when one page holds them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sikkerhedsnet.children import selectors
from sikkerhedsnet.children.tests.factories import ChildFactory


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
