from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import TeamFactory
from sikkerhedsnet.children.models import Case, Child, JournalEntry, Person, Relation
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.text import search_key


def _birth(n: int) -> date:
    return date(2012 + n % 10, 1 + n % 12, 1 + n % 28)


class ChildFactory(factory.django.DjangoModelFactory):
    """A fictitious child (replacement-form CPR) with an open case."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    birth_date = factory.Sequence(_birth)
    cpr = factory.LazyAttributeSequence(lambda o, n: cprlib.fictitious(o.birth_date, n))
    replacement_cpr = True
    fictitious = True
    first_name = factory.Sequence(lambda n: f"Barn{n}")
    last_name = "Fiktivsen"
    search_name = factory.LazyAttribute(lambda o: search_key(f"{o.first_name} {o.last_name}"))
    case = factory.RelatedFactory("sikkerhedsnet.children.tests.factories.CaseFactory", factory_related_name="child")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    child = factory.SubFactory(ChildFactory, case=None)
    number = factory.LazyAttribute(lambda o: f"S-2026-{o.child.pk:06d}")
    team = factory.SubFactory(TeamFactory)
    caseworker = None
    opened_on = factory.LazyFunction(timezone.localdate)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Voksen{n}")
    last_name = "Fiktivsen"
    fictitious = True


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    child = factory.SubFactory(ChildFactory)
    person = factory.SubFactory(PersonFactory)
    kind = Relation.Kind.MOTHER
    custody = True


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    child = factory.SubFactory(ChildFactory)
    occurred_on = factory.LazyFunction(timezone.localdate)
    title = "Hjemmebesøg"
    text = "Fiktivt notat."
    author = factory.SelfAttribute("child.case.caseworker")
