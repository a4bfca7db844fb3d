"""Migrating a populated database forward loses no row.

The database is taken back to the first migration of the rooms that have grown since (children, audit, measures:
everything depending on them is unapplied with them), filled through the historical models as it was then, and
migrated forward to today. Every row must still be there with the values it had, and the audit chain must verify.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sikkerhedsnet.audit.services import audit_chain_verify, compute_hash

pytestmark = pytest.mark.django_db(transaction=True)

CPH = ZoneInfo("Europe/Copenhagen")
EARLY = [("children", "0001_initial"), ("audit", "0001_initial"), ("measures", "0001_initial")]


def _migrate(targets: list[tuple[str, str]] | None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())
    return executor


def _populate(apps) -> dict[str, int]:  # type: ignore[no-untyped-def]
    Municipality = apps.get_model("accounts", "Municipality")
    Department = apps.get_model("accounts", "Department")
    Team = apps.get_model("accounts", "Team")
    User = apps.get_model("accounts", "User")
    Child = apps.get_model("children", "Child")
    Case = apps.get_model("children", "Case")
    Person = apps.get_model("children", "Person")
    Relation = apps.get_model("children", "Relation")
    JournalEntry = apps.get_model("children", "JournalEntry")
    Measure = apps.get_model("measures", "Measure")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")

    municipality = Municipality.objects.create(name="Fiktiv Kommune (migrering)", code="991", fictitious=True)
    team = Team.objects.create(
        name="Team Migrering", department=Department.objects.create(name="Familie", municipality=municipality)
    )
    user = User.objects.create(username="migration_caseworker", role="caseworker")
    for n in range(3):
        child = Child.objects.create(
            cpr=f"01101{n}1234"[:10],
            birth_date=date(2015, 10, 1),
            replacement_cpr=True,
            fictitious=True,
            first_name=f"Fiktiv{n}",
            last_name="Migrationsen",
            search_name=f"fiktiv{n} migrationsen",
        )
        Case.objects.create(child=child, number=f"MIG-{n}", opened_on=date(2023, 5, 1), team=team, caseworker=user)
        person = Person.objects.create(first_name="Forælder", last_name=f"Migrationsen {n}", fictitious=True)
        Relation.objects.create(child=child, person=person, kind="mother", custody=True)
        JournalEntry.objects.create(
            child=child, author=user, occurred_on=date(2023, 5, 2), title="Notat", text="Fiktivt notat"
        )
        Measure.objects.create(
            child=child,
            kind="preventive",
            decided_on=date(2023, 5, 3),
            start_on=date(2023, 5, 3),
            monthly_cost=1000 * (n + 1),
            created_by=user,
        )
    created_at = datetime(2023, 5, 3, 12, 0, tzinfo=CPH)
    fields = {
        "type": "created",
        "actor_id": user.pk,
        "actor_username": user.username,
        "target_model": "children.child",
        "target_id": "1",
        "child_id": None,
        "reason": "",
        "old": None,
        "new": {"migration": True},
        "created_at": created_at,
    }
    digest = compute_hash(seq=1, prev_hash="0" * 64, **fields)
    AuditEvent.objects.create(seq=1, prev_hash="0" * 64, hash=digest, **fields)
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": 1, "hash": digest})
    return {
        "children.Child": Child.objects.count(),
        "children.Case": Case.objects.count(),
        "children.Person": Person.objects.count(),
        "children.Relation": Relation.objects.count(),
        "children.JournalEntry": JournalEntry.objects.count(),
        "measures.Measure": Measure.objects.count(),
        "audit.AuditEvent": AuditEvent.objects.count(),
    }


def test_migrating_a_populated_database_forward_keeps_every_row() -> None:
    executor = _migrate(EARLY)
    before = _populate(executor.loader.project_state(EARLY).apps)
    costs_before = sorted(
        executor.loader.project_state(EARLY)
        .apps.get_model("measures", "Measure")
        .objects.values_list("monthly_cost", flat=True)
    )

    executor = _migrate(None)
    apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    after = {label: apps.get_model(*label.split(".")).objects.count() for label in before}
    costs_after = sorted(apps.get_model("measures", "Measure").objects.values_list("monthly_cost", flat=True))

    assert (after, costs_after, audit_chain_verify()) == (before, costs_before, None)
