"""Synthetic children, families, cases and journals for one chunk, inserted in bulk (see core/synthetic.py)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import bulk
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.synthetic import (
    FIRST_NAMES_ADULTS,
    FIRST_NAMES_BOYS,
    FIRST_NAMES_GIRLS,
    FIRST_NAMES_MEN,
    FIRST_NAMES_WOMEN,
    LAST_NAMES,
    SCHOOLS,
    STREETS,
    World,
)
from sikkerhedsnet.core.text import search_key

from .models import Case, Child, JournalEntry, Person, Relation
from .services import case_number_for

JOURNAL_PER_CHILD = (10, 30)  # inclusive: about 20 notes per child, 2,000,000 per 100,000 children
AUDIT_BATCH = 10_000
UNASSIGNED_SHARE = (
    0.05  # open cases not yet assigned to a caseworker  # events per record_many call (one lock of the chain head each)
)
# fmt: off
JOURNAL_TITLES = (
    "Telefonsamtale med mor", "Hjemmebesøg", "Samtale med barnet", "Status fra skolen", "Netværksmøde",
    "Opfølgning med sundhedsplejerske", "Mail fra PPR", "Samtale med far", "Møde med familiebehandler",
)
JOURNAL_TEXTS = (
    "Familien deltog aktivt. Vi aftalte at følge op om to uger. (Fiktivt demonotat.)",
    "Barnet fortalte om en god uge i skolen og om at sove bedre. (Fiktivt demonotat.)",
    "Skolen oplyser stabilt fremmøde og bedre kontakt til kammerater. (Fiktivt demonotat.)",
    "Mor er bekymret for aftensituationen; netværket tilbyder hjælp to aftener om ugen. (Fiktivt demonotat.)",
    "Aftalerne i planen holder; næste møde er aftalt. (Fiktivt demonotat.)",
)
# fmt: on


def _used_cprs(world: World) -> set[str]:
    """Every CPR number already taken (children and persons), loaded once per run and kept up to date."""
    used = world.shared.get("used_cprs")
    if used is None:
        used = set(Child.objects.values_list("cpr", flat=True).iterator(chunk_size=20_000))
        used.update(Person.objects.exclude(cpr="").values_list("cpr", flat=True).iterator(chunk_size=20_000))
        world.shared["used_cprs"] = used
    return used


def _unique_cprs(rng: random.Random, used: set[str], births: Sequence[date]) -> list[str]:
    result = []
    for birth in births:
        serial = rng.randrange(1000)
        for _ in range(1000):
            candidate = cprlib.fictitious(birth, serial)
            if candidate not in used:
                break
            serial = (serial + 1) % 1000
        else:  # 1000 people on one birth date: move the date until one is free
            while candidate in used:
                birth += timedelta(days=1)
                candidate = cprlib.fictitious(birth, serial)
        used.add(candidate)
        result.append(candidate)
    return result


def _at(day: date, rng: random.Random, tz: ZoneInfo) -> datetime:
    """A moment in office hours on `day` (never in a daylight-saving gap)."""
    return datetime.combine(day, time(rng.randrange(8, 16), rng.randrange(60)), tzinfo=tz)


def generate(world: World) -> dict[str, int]:
    rng, today, n = world.rng, world.today, world.n_children
    tz = ZoneInfo(settings.TIME_ZONE)
    used = _used_cprs(world)

    # Children and their cases.
    births = [today - timedelta(days=rng.randrange(30, 18 * 365)) for _ in range(n)]
    cprs = _unique_cprs(rng, used, births)
    if world.team_weights:
        teams = rng.choices(world.teams, cum_weights=list(itertools.accumulate(world.team_weights)), k=n)
    else:
        teams = [rng.choice(world.teams) for _ in range(n)]
    child_rows, case_specs, families, created = [], [], [], []
    for cpr, birth, team in zip(cprs, births, teams, strict=True):
        girl = rng.random() < 0.5
        first = rng.choice(FIRST_NAMES_GIRLS if girl else FIRST_NAMES_BOYS)
        last = rng.choice(LAST_NAMES)
        street = f"{rng.choice(STREETS)} {rng.randrange(1, 120)}"
        families.append((last, street))
        workers: Sequence[User | None] = world.caseworkers_by_team.get(team.pk) or [None]
        birth = cprlib.parse(cpr).birth_date  # may differ from the drawn date when that date was full
        opened = max(birth, today - timedelta(days=rng.randrange(0, 4 * 365)))
        closed = min(today, opened + timedelta(days=rng.randrange(30, 400))) if rng.random() < 0.12 else None
        # A few open cases wait for the team leader to assign them (fordeling).
        caseworker = None if closed is None and rng.random() < UNASSIGNED_SHARE else rng.choice(workers)
        case_specs.append((team, caseworker, opened, closed))
        at = _at(opened, rng, tz)
        created.append(at)
        child_rows.append(
            (
                cpr,
                birth,
                True,
                True,
                first,
                last,
                search_key(f"{first} {last}"),
                street,
                f"{rng.randrange(1000, 9990)}",
                "Demoby",
                rng.choice(SCHOOLS),
                at,
            )
        )
    child_fields = (
        "cpr",
        "birth_date",
        "replacement_cpr",
        "fictitious",
        "first_name",
        "last_name",
        "search_name",
        "address",
        "postal_code",
        "city",
        "school_or_daycare",
        "created_at",
    )
    child_ids = bulk.insert_with_history(Child, child_fields, child_rows, history_dates=created)
    case_rows = [
        (child_id, case_number_for(child_id, opened.year), team.pk, worker.pk if worker else None, opened, closed)
        for child_id, (team, worker, opened, closed) in zip(child_ids, case_specs, strict=True)
    ]
    case_ids = bulk.insert_with_history(
        Case,
        ("child_id", "number", "team_id", "caseworker_id", "opened_on", "closed_on"),
        case_rows,
        history_dates=created,
    )
    children = []
    for row, child_id, case_id, case_row in zip(child_rows, child_ids, case_ids, case_rows, strict=True):
        child = Child(id=child_id, **dict(zip(child_fields, row, strict=True)))
        case = Case(
            id=case_id,
            child_id=child_id,
            number=case_row[1],
            team_id=case_row[2],
            caseworker_id=case_row[3],
            opened_on=case_row[4],
            closed_on=case_row[5],
        )
        child._state.adding = case._state.adding = False
        child._state.db = case._state.db = "default"
        child.case = case
        children.append(child)

    # Parents (one or two, fictitious adults born 1970-1999) and sometimes a network person.
    person_rows, person_dates, relation_specs = [], [], []
    for i, child in enumerate(children):
        last, street = families[i]
        n_parents = 2 if rng.random() < 0.6 else 1
        births = [date(rng.randrange(1970, 2000), rng.randrange(1, 13), rng.randrange(1, 29)) for _ in range(n_parents)]
        for j, cpr in enumerate(_unique_cprs(rng, used, births)):
            person_rows.append(
                (
                    cpr,
                    True,
                    rng.choice(FIRST_NAMES_WOMEN if j == 0 else FIRST_NAMES_MEN),
                    last,
                    f"+45 9{rng.randrange(1000000, 9999999)}",
                    street,
                )
            )
            person_dates.append(created[i])
            relation_specs.append((child.pk, len(person_rows) - 1, "mother" if j == 0 else "father", True, j == 0))
        if rng.random() < 0.5:
            person_rows.append(
                ("", True, rng.choice(FIRST_NAMES_ADULTS), "Netværksen", f"+45 2{rng.randrange(1000000, 9999999)}", "")
            )
            person_dates.append(created[i])
            kind = rng.choice(["grandparent", "aunt_uncle", "friend"])
            relation_specs.append((child.pk, len(person_rows) - 1, kind, False, False))
    person_ids = bulk.insert_with_history(
        Person,
        ("cpr", "fictitious", "first_name", "last_name", "phone", "address"),
        person_rows,
        history_dates=person_dates,
    )
    relation_rows = [
        (child_id, person_ids[idx], kind, custody, lives) for child_id, idx, kind, custody, lives in relation_specs
    ]
    bulk.insert_with_history(
        Relation,
        ("child_id", "person_id", "kind", "custody", "lives_with_child"),
        relation_rows,
        history_dates=person_dates,
    )

    # Journal: about 20 dated notes per child between the case's opening and today (or its closing).
    fallback = [world.actor.pk]
    journal_rows = []
    for child in children:
        case = child.case
        team_workers = [u.pk for u in world.caseworkers_by_team.get(case.team_id, [])] or fallback
        last_day = case.closed_on or today
        span = (last_day - case.opened_on).days
        for _ in range(rng.randint(*JOURNAL_PER_CHILD)):
            occurred = case.opened_on + timedelta(days=rng.randrange(span + 1))
            author = case.caseworker_id if case.caseworker_id and rng.random() < 0.8 else rng.choice(team_workers)
            journal_rows.append(
                (
                    child.pk,
                    occurred,
                    rng.choice(JOURNAL_TITLES),
                    rng.choice(JOURNAL_TEXTS),
                    author,
                    _at(occurred, rng, tz),
                )
            )
    journal_ids = bulk.insert(
        JournalEntry,
        ("child_id", "occurred_on", "title", "text", "author_id", "created_at"),
        journal_rows,
        with_ids=True,
    )

    # Audit: what the services would have recorded (child created with its case; each journal note).
    entries = [
        audit.Entry(
            type=AuditEvent.Type.CREATED,
            target_model="children.child",
            target_id=str(child.pk),
            child_id=child.pk,
            new={
                "case": child.case.number,
                "team": child.case.team_id,
                "caseworker": child.case.caseworker_id,
                "synthetic": True,
            },
        )
        for child in children
    ]
    entries += [
        audit.Entry(
            type=AuditEvent.Type.CREATED,
            target_model="children.journalentry",
            target_id=str(entry_id),
            child_id=row[0],
            new={"title": row[2]},
        )
        for entry_id, row in zip(journal_ids, journal_rows, strict=True)
    ]
    for start in range(0, len(entries), AUDIT_BATCH):
        audit.record_many(
            by=world.actor, entries=entries[start : start + AUDIT_BATCH], return_events=False, insert=bulk.insert
        )

    world.made["children"] = children
    return {
        "children": len(children),
        "persons": len(person_rows),
        "journal_entries": len(journal_rows),
        "audit_events": len(entries),
    }
