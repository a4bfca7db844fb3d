from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.measures.models import ActionPlan, Goal, LegalBasis, Measure, Offer, StaircaseMove
from sikkerhedsnet.measures.reference import legal_bases_ensure


def basis(code: str) -> LegalBasis:
    """A legal basis seeded by the migration (e.g. 'bl-46', 'sel-58', 'bl-32-1-5')."""
    legal_bases_ensure()  # transactional tests flush the migration's rows
    return LegalBasis.objects.get(code=code)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Familiebehandling {n}")
    kind = Measure.Kind.PREVENTIVE
    step = 2
    categories = factory.LazyFunction(lambda: ["3", "4a"])
    placement_type = ""
    legal_basis = factory.LazyFunction(lambda: basis("bl-32-1-5"))
    provider = "Børnefamiliehuset"
    monthly_price = 14500


class PlacementOfferFactory(OfferFactory):
    name = factory.Sequence(lambda n: f"Almen plejefamilie {n}")
    kind = Measure.Kind.FOSTER_FAMILY
    step = 4
    categories = factory.LazyFunction(lambda: ["4b"])
    placement_type = Measure.PlacementType.GENERAL_FOSTER_FAMILY
    legal_basis = factory.LazyFunction(lambda: basis("bl-46"))
    provider = "Familieplejen"
    monthly_price = 39000


class MeasureFactory(factory.django.DjangoModelFactory):
    """A preventive measure that started on 1 March 2025 (override what a test needs)."""

    class Meta:
        model = Measure

    child = factory.SubFactory(ChildFactory)
    kind = Measure.Kind.PREVENTIVE
    decided_on = date(2025, 2, 20)
    start_on = date(2025, 3, 1)
    monthly_cost = 14500
    created_by = factory.LazyAttribute(lambda o: o.child.case.caseworker or UserFactory())
    legal_basis = factory.LazyFunction(lambda: basis("bl-32-1-5"))
    purpose = "Forebygge anbringelse."


class StaircaseMoveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaircaseMove

    child = factory.SubFactory(ChildFactory)
    moved_on = date(2025, 3, 1)
    from_step = None
    to_step = 2
    category = "3"
    created_by = factory.LazyAttribute(lambda o: o.child.case.caseworker or UserFactory())


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    child = factory.SubFactory(ChildFactory)
    made_on = factory.LazyFunction(timezone.localdate)
    participants = "Barnet, mor og far"
    created_by = factory.LazyAttribute(lambda o: o.child.case.caseworker or UserFactory())


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(ActionPlanFactory)
    for_whom = Goal.For.CHILD
    text = factory.Sequence(lambda n: f"Mål {n}")
    created_on = factory.LazyFunction(timezone.localdate)
