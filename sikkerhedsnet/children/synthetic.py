"""Synthetic children, families, cases and journals, inserted in bulk (see core/synthetic.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
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

BATCH = 2000
JOURNAL_TITLES = (
    "Telefonsamtale med mor",
    "Hjemmebesøg",
    "Samtale med barnet",
    "Status fra skolen",
    "Netværksmøde",
    "Opfølgning med sundhedsplejerske",
    "Mail fra PPR",
    "Samtale med far",
    "Møde med familiebehandler",
)
JOURNAL_TEXTS = (
    "Familien deltog aktivt. Vi aftalte at følge op om to uger. (Fiktivt demonotat.)",
    "Barnet fortalte om en god uge i skolen og om at sove bedre. (Fiktivt demonotat.)",
    "Skolen oplyser stabilt fremmøde og bedre kontakt til kammerater. (Fiktivt demonotat.)",
    "Mor er bekymret for aftensituationen; netværket tilbyder hjælp to aftener om ugen. (Fiktivt demonotat.)",
    "Aftalerne i planen holder; næste møde er aftalt. (Fiktivt demonotat.)",
)


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _backdate(history_model: type[models.Model], key: str, dates: dict[int, datetime]) -> None:
    """Set history_date of the history rows whose `key` is in `dates` (bulk, in batches)."""
    keys = list(dates)
    for start in range(0, len(keys), BATCH):
        rows = list(history_model.objects.filter(**{f"{key}__in": keys[start : start + BATCH]}))
        for row in rows:
            row.history_date = dates[getattr(row, key)]
        history_model.objects.bulk_update(rows, ["history_date"], batch_size=BATCH)


def _unique_cprs(world: World, births: list[date]) -> list[str]:
    used = set(Child.objects.values_list("cpr", flat=True)) | set(
        Person.objects.exclude(cpr="").values_list("cpr", flat=True)
    )
    result = []
    for birth in births:
        serial = world.rng.randrange(1000)
        for _ in range(1000):
            candidate = cprlib.fictitious(birth, serial)
            if candidate not in used:
                break
            serial = (serial + 1) % 1000
        else:  # 1000 children on one birth date: move the date
            birth += timedelta(days=1)
            candidate = cprlib.fictitious(birth, serial)
        used.add(candidate)
        result.append(candidate)
    return result


@transaction.atomic
def generate(world: World) -> dict[str, int]:
    rng, today = world.rng, world.today
    births = [today - timedelta(days=rng.randrange(30, 18 * 365)) for _ in range(world.n_children)]
    cprs = _unique_cprs(world, births)
    families: list[tuple[str, str]] = []  # (last name, street address) per child
    children = []
    for cpr in cprs:  # the birth date comes back out of the CPR (it may have been moved to keep numbers unique)
        girl = rng.random() < 0.5
        first = rng.choice(FIRST_NAMES_GIRLS if girl else FIRST_NAMES_BOYS)
        last = rng.choice(LAST_NAMES)
        street = f"{rng.choice(STREETS)} {rng.randrange(1, 120)}"
        families.append((last, street))
        parsed = cprlib.parse(cpr)
        children.append(
            Child(
                cpr=cpr,
                birth_date=parsed.birth_date,
                replacement_cpr=True,
                fictitious=True,
                first_name=first,
                last_name=last,
                search_name=search_key(f"{first} {last}"),
                address=street,
                postal_code=f"{rng.randrange(1000, 9990)}",
                city="Demoby",
                school_or_daycare=rng.choice(SCHOOLS),
            )
        )
    children = bulk_create_with_history(children, Child, batch_size=BATCH, default_date=None)
    children = list(Child.objects.filter(cpr__in=cprs).order_by("pk"))
    by_cpr = {c.cpr: c for c in children}
    children = [by_cpr[c] for c in cprs]

    cases = []
    for child in children:
        team = rng.choice(world.teams)
        workers = world.caseworkers_by_team.get(team.pk) or [None]
        opened = max(child.birth_date, today - timedelta(days=rng.randrange(0, 4 * 365)))
        closed = None
        if rng.random() < 0.12:
            closed = min(today, opened + timedelta(days=rng.randrange(30, 400)))
        cases.append(
            Case(
                child=child,
                number=case_number_for(child.pk, opened.year),
                team=team,
                # A few open cases wait for the team leader to assign them (fordeling).
                caseworker=None if closed is None and rng.random() < 0.05 else rng.choice(workers),
                opened_on=opened,
                closed_on=closed,
            )
        )
    bulk_create_with_history(cases, Case, batch_size=BATCH)

    # Parents: one or two per child, each a fictitious adult born 1970-1999.
    parent_births = [date(rng.randrange(1970, 2000), rng.randrange(1, 13), rng.randrange(1, 29)) for _ in children]
    parent_cprs = _unique_cprs(world, parent_births * 2)
    persons, relation_specs = [], []
    for i, child in enumerate(children):
        last, street = families[i]
        n_parents = 2 if rng.random() < 0.6 else 1
        for j in range(n_parents):
            persons.append(
                Person(
                    cpr=parent_cprs[2 * i + j],
                    fictitious=True,
                    first_name=rng.choice(FIRST_NAMES_WOMEN if j == 0 else FIRST_NAMES_MEN),
                    last_name=last,
                    phone=f"+45 9{rng.randrange(1000000, 9999999)}",
                    address=street,
                )
            )
            relation_specs.append((child, len(persons) - 1, "mother" if j == 0 else "father", True, j == 0))
        if rng.random() < 0.5:
            persons.append(
                Person(
                    fictitious=True,
                    first_name=rng.choice(FIRST_NAMES_ADULTS),
                    last_name="Netværksen",
                    phone=f"+45 2{rng.randrange(1000000, 9999999)}",
                )
            )
            relation_specs.append(
                (child, len(persons) - 1, rng.choice(["grandparent", "aunt_uncle", "friend"]), False, False)
            )
    persons = bulk_create_with_history(persons, Person, batch_size=BATCH)
    if persons and persons[0].pk is None:  # backends that do not return ids from bulk inserts
        persons = list(Person.objects.order_by("-pk")[: len(persons)])[::-1]
    relations = [
        Relation(child=child, person=persons[idx], kind=kind, custody=custody, lives_with_child=lives)
        for child, idx, kind, custody, lives in relation_specs
    ]
    bulk_create_with_history(relations, Relation, batch_size=BATCH)

    # The records existed from the day the case was opened: date their first history rows then, so
    # "as it was on date X" shows a child for every day of the case, not only from the day of seeding.
    opened_at = {c.child.pk: _morning(c.opened_on) for c in cases}
    _backdate(Child.history.model, "id", opened_at)
    _backdate(Case.history.model, "child_id", opened_at)
    _backdate(Relation.history.model, "child_id", opened_at)
    first_seen: dict[int, datetime] = {}
    for relation in relations:
        when = opened_at[relation.child.pk]
        first_seen[relation.person.pk] = min(when, first_seen.get(relation.person.pk, when))
    _backdate(Person.history.model, "id", first_seen)

    authors = [u for users in world.caseworkers_by_team.values() for u in users] or [world.actor]
    journal = []
    for child, case in zip(children, cases, strict=True):
        last_day = case.closed_on or today
        span = (last_day - case.opened_on).days
        for _ in range(rng.randrange(2, 9)):
            journal.append(
                JournalEntry(
                    child=child,
                    occurred_on=last_day - timedelta(days=rng.randrange(0, min(span, 700) + 1)),
                    title=rng.choice(JOURNAL_TITLES),
                    text=rng.choice(JOURNAL_TEXTS),
                    author=rng.choice(authors),
                )
            )
    JournalEntry.objects.bulk_create(journal, batch_size=BATCH)
    audit.record_many(
        by=world.actor,
        entries=[
            audit.Entry(
                type=AuditEvent.Type.CREATED,
                target_model="children.child",
                target_id=str(c.pk),
                child_id=c.pk,
                new={"synthetic": True},
            )
            for c in children
        ],
    )
    world.made["children"] = children
    return {"children": len(children), "persons": len(persons), "journal_entries": len(journal)}
