from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.intake.models import Investigation, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unassessed notification from a private person, received an hour ago, about a child with a case."""

    class Meta:
        model = Notification
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    reporter_type = Notification.ReporterType.PRIVATE
    channel = Notification.Channel.PHONE
    summary = "Naboen hører råb om natten. (Fiktiv.)"
    categories = factory.LazyFunction(lambda: ["neglect"])
    routed_team = factory.SelfAttribute("child.case.team")
    assigned_to = factory.SelfAttribute("child.case.caseworker")
    registered_by = factory.SubFactory("sikkerhedsnet.accounts.tests.factories.UserFactory")


class InvestigationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investigation

    child = factory.SubFactory(ChildFactory)
    awareness_on = factory.LazyFunction(timezone.localdate)
    started_by = factory.SubFactory("sikkerhedsnet.accounts.tests.factories.UserFactory")
