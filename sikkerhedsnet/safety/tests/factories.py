from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.safety.models import (
    Mapping,
    MappingEntry,
    MappingParticipant,
    NetworkMember,
    SafetyPlan,
    Scaling,
    ScalingScore,
    ThreeHouses,
    WordsAndPictures,
)

MINIMUM_CONTENT: dict[str, Any] = {
    "agreements": [{"text": "Mormor henter Ida hver dag kl. 15", "responsible": "Mormor"}],
    "contacts": [{"name": "Mormor", "phone": "+45 20000001", "relation": "Netværk"}],
    "network_coordinator": {"name": "Mormor", "phone": "+45 20000001"},
    "child_explanation": {"method": "words_and_pictures", "text": "Ord og billeder med mor og mormor"},
}
DETAILED_EXTRA: dict[str, Any] = {
    "professional_agreements": [{"text": "Skolen ringer ved fravær", "responsible": "Klasselærer"}],
    "informed_persons": [{"name": "Klasselæreren", "relation": "Skole"}],
    "contingency": "Ring til netværkstovholderen; hun kontakter rådgiveren samme dag.",
}


def complete_content(level: str = "minimum") -> dict[str, Any]:
    """Plan content that meets every requirement of the level."""
    content = {k: v for k, v in MINIMUM_CONTENT.items()}
    if level == "detailed":
        content |= DETAILED_EXTRA
    return {k: (list(v) if isinstance(v, list) else v) for k, v in content.items()}


def png_bytes(size: tuple[int, int] = (40, 30), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, format="JPEG")
    return out.getvalue()


def upload(data: bytes, name: str = "tegning.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


class MappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mapping

    child = factory.SubFactory(ChildFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    title = "Netværksmøde"
    created_by = factory.SelfAttribute("child.case.caseworker")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingParticipant

    mapping = factory.SubFactory(MappingFactory)
    name = factory.Sequence(lambda n: f"Deltager{n}")
    role = "mother"


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingEntry

    mapping = factory.SubFactory(MappingFactory)
    category = "strengths"
    text = "Mor kommer til alle møder"
    said_by = factory.SubFactory(ParticipantFactory, mapping=factory.SelfAttribute("..mapping"))
    created_by = factory.SelfAttribute("mapping.created_by")


class ScalingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scaling

    child = factory.SubFactory(ChildFactory)
    question = "Hvor tryg er du?"
    scored_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    created_by = factory.SelfAttribute("child.case.caseworker")


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScalingScore

    scaling = factory.SubFactory(ScalingFactory)
    participant = "Mette"
    role = "mother"
    score = 5


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMember

    child = factory.SubFactory(ChildFactory)
    name = factory.Sequence(lambda n: f"Netværksperson{n}")
    relation = "Mormor"
    role = NetworkMember.Role.SUPPORTER
    phone = "+45 20000002"
    created_by = factory.SelfAttribute("child.case.caseworker")


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    """A draft (version 1); pass status/approved_* for other states, or use the services."""

    class Meta:
        model = SafetyPlan

    child = factory.SubFactory(ChildFactory)
    level = "minimum"
    status = "draft"
    created_by = factory.SelfAttribute("child.case.caseworker")
    updated_by = factory.SelfAttribute("created_by")


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WordsAndPictures

    child = factory.SubFactory(ChildFactory)
    title = "Historien om Ida"
    created_by = factory.SelfAttribute("child.case.caseworker")


class ThreeHousesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThreeHouses

    child = factory.SubFactory(ChildFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    setting = "alone"
    worries = "Når mor og far råber"
    good_things = "Mormor og min hund"
    dreams = "At alle er glade"
    created_by = factory.SelfAttribute("child.case.caseworker")
