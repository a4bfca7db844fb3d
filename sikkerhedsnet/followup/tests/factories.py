from __future__ import annotations

from datetime import date

import factory

from sikkerhedsnet.followup.models import FollowUp, PolicyAdoption
from sikkerhedsnet.measures.tests.factories import MeasureFactory


class PolicyAdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyAdoption

    policy_code = "kolding"
    adopted_on = date(2020, 1, 1)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    measure = factory.SubFactory(MeasureFactory)
    child = factory.SelfAttribute("measure.child")
    due_on = date(2025, 6, 1)
    policy_code = "kolding"
    held_on = factory.SelfAttribute("due_on")
    method = FollowUp.Method.FAMILY_GROUP_CONFERENCE
    participants = factory.LazyFunction(lambda: ["child", "parents"])
    child_heard = True
    decision = FollowUp.Decision.CONTINUE
    created_by = factory.SelfAttribute("measure.created_by")
