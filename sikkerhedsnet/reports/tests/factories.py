from __future__ import annotations

from datetime import date

import factory

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.reports.models import (
    Consultation,
    District,
    EarlyInterventionProject,
    Evaluation,
    EvaluationParticipant,
    EvaluationSnapshot,
    FitScore,
    InvolvementResponse,
    ProjectBudget,
    ProjectExpense,
)


class EarlyInterventionProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarlyInterventionProject

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Projekt {n}")
    created_by = factory.SubFactory(UserFactory, role="head", team=None)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    project = factory.SubFactory(EarlyInterventionProjectFactory)
    name = factory.Sequence(lambda n: f"Distrikt {n}")


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    district = factory.SubFactory(DistrictFactory)
    project = factory.SelfAttribute("district.project")
    requested_on = date(2018, 3, 1)
    specific_child = False
    age_band = ""
    recorded_by = factory.SelfAttribute("project.created_by")


class ProjectBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectBudget

    project = factory.SubFactory(EarlyInterventionProjectFactory)
    year = 2018
    amount = 1_000_000


class ProjectExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectExpense

    project = factory.SubFactory(EarlyInterventionProjectFactory)
    booked_on = date(2018, 6, 1)
    kind = "expense"
    amount = 1000
    text = "Udgift"
    recorded_by = factory.SelfAttribute("project.created_by")


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Evaluering {n}")
    baseline_on = date(2025, 9, 1)
    created_by = factory.SubFactory(UserFactory, role="head", team=None)


class EvaluationParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationParticipant

    evaluation = factory.SubFactory(EvaluationFactory)
    child = factory.SubFactory("sikkerhedsnet.children.tests.factories.ChildFactory")
    group = "new_model"
    ticket = "0" * 64


class EvaluationSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationSnapshot

    evaluation = factory.SubFactory(EvaluationFactory)
    child = factory.SubFactory("sikkerhedsnet.children.tests.factories.ChildFactory")
    taken_on = factory.SelfAttribute("evaluation.baseline_on")
    category = "3"
    step = 2
    recorded_by = factory.SelfAttribute("evaluation.created_by")


class FitScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FitScore

    child = factory.SubFactory("sikkerhedsnet.children.tests.factories.ChildFactory")
    session_on = date(2026, 1, 5)
    respondent = "child"
    ors = 20
    srs = 35
    recorded_by = factory.SubFactory(UserFactory)


class InvolvementResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvementResponse

    child = factory.SubFactory("sikkerhedsnet.children.tests.factories.ChildFactory")
    answered_on = date(2026, 1, 5)
    respondent = "parent"
    involved = 4
    heard = 4
    effect = 3
    recorded_by = factory.SubFactory(UserFactory)


def placement(child, start: date, end: date | None = None, *, kind: str = "foster_family", monthly_cost: int = 30_000):
    """A core Measure record of a placement (the measures app has no factories on this branch)."""
    from sikkerhedsnet.measures.models import Measure

    return Measure.objects.create(
        child=child,
        kind=kind,
        decided_on=start,
        start_on=start,
        end_on=end,
        monthly_cost=monthly_cost,
        created_by=child.case.caseworker or UserFactory(),
    )
