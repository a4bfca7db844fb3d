"""The child's case at a glance (issue #14 item 1): every app's panel, the timeline, journal types and search."""

from datetime import date, timedelta
from typing import cast

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import overview, selectors, services
from sikkerhedsnet.children.models import JournalEntry
from sikkerhedsnet.children.tests.factories import JournalEntryFactory
from sikkerhedsnet.children.views import _timeline_page
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

# The overview's queries: session, user, child and its audited read, the journal's page, each app's panel and
# timeline (a fixed number per app), the deadlines, the documents and the relations.
OVERVIEW_QUERIES = 41


@pytest.fixture
def logged_in(client, caseworker) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(caseworker)
    return client


def full_history(child) -> None:  # type: ignore[no-untyped-def]
    """A notification, an investigation, a placement with a follow-up, a safety plan, a scaling, the network."""
    from sikkerhedsnet.followup.tests.factories import FollowUpFactory
    from sikkerhedsnet.intake.tests.factories import InvestigationFactory, NotificationFactory
    from sikkerhedsnet.measures.models import Measure
    from sikkerhedsnet.measures.tests.factories import MeasureFactory
    from sikkerhedsnet.safety.tests.factories import NetworkMemberFactory, SafetyPlanFactory, ScoreFactory

    today = timezone.localdate()
    NotificationFactory(child=child, acute=True)
    InvestigationFactory(child=child, awareness_on=today - timedelta(days=20))
    placement = MeasureFactory(
        child=child,
        kind=Measure.Kind.FOSTER_FAMILY,
        placement_type=Measure.PlacementType.GENERAL_FOSTER_FAMILY,
        start_on=today - timedelta(days=100),
        decided_on=today - timedelta(days=101),
        monthly_cost=36000,
    )
    FollowUpFactory(measure=placement, due_on=today - timedelta(days=10), held_on=today - timedelta(days=10))
    SafetyPlanFactory(
        child=child,
        number=2,
        status="active",
        approved_at=timezone.now(),
        approved_by=child.case.caseworker,
        review_on=today + timedelta(days=90),
    )
    ScoreFactory(scaling__child=child, participant="Mette", role="mother", score=7)
    NetworkMemberFactory(child=child, name="Henrik Netværksen")
    JournalEntryFactory(child=child, kind=JournalEntry.Kind.HOME_VISIT, title="Besøg i hjemmet", text="Roligt.")


def test_overview_after_a_full_case_history_shows_every_part(logged_in, child) -> None:
    full_history(child)
    page = logged_in.get(f"/boern/{child.pk}/").content.decode()
    for part in (
        "Underretning modtaget",  # open notification
        "Akut",
        "Børnefaglig undersøgelse, startet",  # the investigation and its stage
        "Mangler",
        "Almen plejefamilie",  # the placement
        "36.000 kr. om måneden",  # its cost
        "Næste opfølgning på",  # its next follow-up
        "Sikkerhedsplan, version 2",  # the plan's version and status
        "Godkendt og gældende",
        "Mette (Mor): 7 af 10",  # the latest scaling per participant
        "Henrik Netværksen",  # the network
        "Hjemmebesøg: Besøg i hjemmet",  # the journal note with its type, on the timeline
        "Opfølgning holdt",  # an automatic event
        "Sikkerhedsplan version 2 godkendt",
    ):
        assert part in page, part
    assert "Ingen journalnotater" not in page


def test_overview_query_count_is_constant_in_the_amount_of_history(logged_in, child) -> None:
    from sikkerhedsnet.followup.tests.factories import FollowUpFactory
    from sikkerhedsnet.intake.tests.factories import NotificationFactory
    from sikkerhedsnet.measures.tests.factories import MeasureFactory
    from sikkerhedsnet.safety.tests.factories import MappingFactory, ScoreFactory

    full_history(child)
    measure = MeasureFactory(child=child)
    day = iter(range(1, 10_000))

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(day)
            on = date(2025, 6, 1) + timedelta(days=i)
            JournalEntryFactory(child=child, occurred_on=on)
            NotificationFactory(child=child)
            ScoreFactory(scaling__child=child, scaling__scored_on=on, participant=f"Deltager {i}")
            MappingFactory(child=child, held_on=on)
            FollowUpFactory(measure=measure, due_on=on, held_on=on)

    assert_constant_queries(request=lambda: logged_in.get(f"/boern/{child.pk}/"), grow=grow, expected=OVERVIEW_QUERIES)


def test_overview_read_is_audited(logged_in, child) -> None:
    logged_in.get(f"/boern/{child.pk}/")
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk).exists()


def test_timeline_filtered_by_kind_shows_only_that_kind(logged_in, child) -> None:
    full_history(child)
    page = logged_in.get(f"/boern/{child.pk}/", {"vis": "journal"}).content.decode()
    timeline = page[page.index('class="app-timeline"') :]
    assert "Hjemmebesøg: Besøg i hjemmet" in timeline and "Opfølgning holdt" not in timeline


def test_timeline_with_a_bad_filter_shows_everything(logged_in, child) -> None:
    JournalEntryFactory(child=child, title="Stadig vist")
    response = logged_in.get(f"/boern/{child.pk}/", {"vis": "<script>", "foer": "٣٣"})
    assert response.status_code == 200 and "Stadig vist" in response.content.decode()


def test_timeline_older_page_continues_before_the_shown_days(logged_in, child) -> None:
    start = date(2025, 1, 1)
    for i in range(overview.TIMELINE_PAGE + 5):
        JournalEntryFactory(child=child, occurred_on=start + timedelta(days=i), title=f"Notat {i:03d}")
    first = logged_in.get(f"/boern/{child.pk}/", {"vis": "journal"}).content.decode()
    assert "Notat 044" in first and "Notat 000" not in first
    older = logged_in.get(f"/boern/{child.pk}/", {"vis": "journal", "foer": "2025-01-06"}).content.decode()
    assert "Notat 000" in older and "Notat 004" in older and "Notat 005" not in older


def _event(day: int) -> overview.Event:
    return overview.Event(on=date(2026, 1, day), kind="journal", label="x")


def _no_day(day: date) -> list[overview.Event]:
    raise AssertionError("only a day that fills a whole page is fetched whole")


def test_timeline_page_when_full_ends_at_a_whole_day() -> None:
    events = [_event(5), _event(4), _event(3), _event(3)]
    shown, older = _timeline_page(events, 4, _no_day)
    assert shown == events[:2] and older == date(2026, 1, 4)


def test_timeline_page_when_not_full_has_no_older_page() -> None:
    assert _timeline_page([_event(5)], 4, _no_day) == ([_event(5)], None)


def test_timeline_page_when_one_day_fills_it_shows_the_whole_day() -> None:
    day = [_event(3) for _ in range(6)]  # six events on 3 January; a page holds four
    shown, older = _timeline_page(day[:4], 4, lambda d: [e for e in day if e.on == d])
    assert (len(shown), older) == (6, date(2026, 1, 3))


def test_timeline_shows_every_note_of_a_day_that_holds_more_than_a_page(logged_in, child) -> None:
    on = date(2025, 3, 3)
    for i in range(overview.TIMELINE_PAGE + 5):
        JournalEntryFactory(child=child, occurred_on=on, title=f"Samme dag {i:03d}")
    JournalEntryFactory(child=child, occurred_on=date(2025, 3, 2), title="Dagen før")
    first = logged_in.get(f"/boern/{child.pk}/", {"vis": "journal", "foer": "2025-03-04"}).content.decode()
    assert all(f"Samme dag {i:03d}" in first for i in range(overview.TIMELINE_PAGE + 5))
    older = logged_in.get(f"/boern/{child.pk}/", {"vis": "journal", "foer": "2025-03-03"}).content.decode()
    assert "Dagen før" in older and "Samme dag" not in older


def test_journal_entry_add_keeps_its_type(child, caseworker) -> None:
    entry = services.journal_entry_add(
        by=caseworker,
        child=child,
        occurred_on=timezone.localdate(),
        title="Ring",
        text="Talt med mor.",
        kind="phone_call",
    )
    assert JournalEntry.objects.get(pk=entry.pk).get_kind_display() == "Telefonsamtale"


def test_journal_entry_add_with_unknown_type_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError):
        services.journal_entry_add(
            by=caseworker, child=child, occurred_on=timezone.localdate(), title="x", text="y", kind="gossip"
        )


def test_journal_note_without_a_type_is_a_plain_note(child) -> None:
    entry = cast(JournalEntry, JournalEntryFactory(child=child))
    assert JournalEntry.objects.get(pk=entry.pk).kind == JournalEntry.Kind.NOTE


def test_journal_search_finds_words_in_any_case_and_not_others(child) -> None:
    JournalEntryFactory(child=child, title="Hjemmebesøg hos mor", text="Mor var glad.")
    JournalEntryFactory(child=child, title="Skolemøde", text="Læreren er bekymret for fraværet.")
    found = selectors.journal_search(child, "BEKYMRET")
    assert [e.title for e in found] == ["Skolemøde"]


def test_journal_search_only_searches_this_childs_journal(child, caseworker) -> None:
    JournalEntryFactory(title="Bekymret lærer", author=caseworker)
    assert selectors.journal_search(child, "bekymret") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Danish stemming is PostgreSQL's full-text search")
def test_journal_search_on_postgresql_finds_other_forms_of_a_word(child) -> None:
    JournalEntryFactory(child=child, title="Samtale", text="Vi talte om besøgene hos far.")
    assert [e.title for e in selectors.journal_search(child, "besøg")] == ["Samtale"]


def test_journal_search_page_posts_the_words_and_lists_the_notes(logged_in, child) -> None:
    JournalEntryFactory(child=child, title="Telefon med skolen", text="Fravær drøftet.")
    response = logged_in.post(f"/boern/{child.pk}/", {"q": "fravær"})
    page = response.content.decode()
    assert response.status_code == 200 and "1 journalnotat fundet" in page and "Telefon med skolen" in page


def test_journal_search_with_empty_words_explains(logged_in, child) -> None:
    response = logged_in.post(f"/boern/{child.pk}/", {"q": ""})
    assert response.status_code == 422
