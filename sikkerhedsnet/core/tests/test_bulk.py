"""core.bulk: plain-tuple inserts (COPY on PostgreSQL) that write what the ORM would have written."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child, JournalEntry
from sikkerhedsnet.core import bulk

CPH = ZoneInfo("Europe/Copenhagen")


def test_insert_with_ids_returns_the_id_of_each_row_in_order(child, caseworker) -> None:
    rows = [(child.pk, date(2025, 3, d), f"Notat {d}", "Tekst", caseworker.pk) for d in (1, 2, 3)]
    ids = bulk.insert(JournalEntry, ("child_id", "occurred_on", "title", "text", "author_id"), rows, with_ids=True)
    assert [JournalEntry.objects.get(pk=i).title for i in ids] == ["Notat 1", "Notat 2", "Notat 3"]


def test_insert_keeps_dates_and_aware_datetimes(child, caseworker) -> None:
    at = datetime(2025, 3, 30, 1, 30, tzinfo=CPH)  # the night clocks go forward
    ids = bulk.insert(
        JournalEntry,
        ("child_id", "occurred_on", "title", "text", "author_id", "created_at"),
        [(child.pk, date(2025, 3, 30), "Nat", "Tekst", caseworker.pk, at)],
        with_ids=True,
    )
    entry = JournalEntry.objects.get(pk=ids[0])
    assert (entry.occurred_on, entry.created_at) == (date(2025, 3, 30), at)


def test_insert_fills_missing_fields_with_model_defaults(db) -> None:
    ids = bulk.insert(
        Child,
        ("cpr", "birth_date", "first_name", "last_name", "search_name"),
        [("6101154999", date(2015, 1, 1), "Ida", "Fiktivsen", "ida fiktivsen")],
        with_ids=True,
    )
    child = Child.objects.get(pk=ids[0])
    assert (child.version, child.fictitious, child.address, child.created_at is not None) == (1, False, "", True)


def test_insert_round_trips_json(db) -> None:
    fields = ("seq", "type", "new", "created_at", "prev_hash", "hash")
    ids = bulk.insert(
        AuditEvent,
        fields,
        [(1, "created", {"title": "Hjemmebesøg", "n": 2}, datetime(2025, 1, 1, tzinfo=CPH), "0", "1")],
        with_ids=True,
    )
    assert AuditEvent.objects.get(pk=ids[0]).new == {"title": "Hjemmebesøg", "n": 2}


def test_insert_without_ids_inserts_every_row(child, caseworker) -> None:
    rows = [(child.pk, date(2025, 1, 1), "Notat", "Tekst", caseworker.pk)] * 50
    bulk.insert(JournalEntry, ("child_id", "occurred_on", "title", "text", "author_id"), rows)
    assert JournalEntry.objects.filter(child=child).count() == 50


def test_reserved_ids_do_not_collide_with_existing_rows(child) -> None:
    ids = bulk.reserve_ids(Child, 3)
    assert min(ids) > child.pk and len(set(ids)) == 3


def test_insert_with_history_records_a_created_version_at_the_given_moment(db) -> None:
    opened = datetime(2024, 5, 1, 9, 0, tzinfo=CPH)
    ids = bulk.insert_with_history(
        Child,
        ("cpr", "birth_date", "first_name", "last_name", "search_name", "created_at"),
        [("6101154998", date(2015, 1, 1), "Alma", "Fiktivsen", "alma fiktivsen", opened)],
        history_dates=[opened],
    )
    version = Child.history.get(id=ids[0])
    assert (version.history_type, version.history_date, version.first_name) == ("+", opened, "Alma")
