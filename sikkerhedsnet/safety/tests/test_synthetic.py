"""The demo municipality holds safety work in every stage; seeding twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from sikkerhedsnet.safety import rules
from sikkerhedsnet.safety.models import Mapping, SafetyPlan, Scaling, TargetGroupAssessment, WordsAndPictures

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_from_empty_database_has_every_stage() -> None:
    _seed()
    screened_only = TargetGroupAssessment.objects.exclude(child__mappings__isnull=False)
    stages = {
        "statuses": set(SafetyPlan.objects.values_list("status", flat=True)),
        "outcomes": set(SafetyPlan.objects.filter(status="ended").values_list("outcome", flat=True)),
        "active levels": set(SafetyPlan.objects.filter(status="active").values_list("level", flat=True)),
        "screened in/out": set(screened_only.values_list("eligible", flat=True)),
        "mapped without plan": Mapping.objects.exclude(child__safety_plans__isnull=False).exists(),
        "revised": SafetyPlan.objects.filter(status="active", number__gte=3).exists(),
        "story with drawings": WordsAndPictures.objects.filter(panels__image__isnull=False).exists(),
        "flag": SafetyPlan.objects.filter(compulsory_became_voluntary=True).exists(),
    }
    assert stages == {
        "statuses": {"draft", "active", "superseded", "ended"},
        "outcomes": set(rules.OUTCOMES),
        "active levels": {"minimum", "detailed"},
        "screened in/out": {True, False},
        "mapped without plan": True,
        "revised": True,
        "story with drawings": True,
        "flag": True,
    }
    assert all(not plan.missing for plan in SafetyPlan.objects.exclude(status__in=["draft", "discarded"]))


def test_seed_demo_scaling_story_family_rises_caseworker_cautious_then_converging() -> None:
    _seed()
    plan = SafetyPlan.objects.filter(status="active", level="detailed").first()
    rows = [
        {s.role: s.score for s in scaling.scores.all()}
        for scaling in Scaling.objects.filter(child=plan.child).order_by("scored_on").prefetch_related("scores")
    ]
    first, middle, last = rows[0], rows[len(rows) // 2], rows[-1]
    assert first["mother"] <= 3 and first["caseworker"] <= 3
    assert middle["mother"] > middle["caseworker"]
    assert last["mother"] >= 6 and abs(last["mother"] - last["caseworker"]) <= 1


def test_seed_demo_twice_changes_nothing() -> None:
    _seed()
    before = (SafetyPlan.objects.count(), Scaling.objects.count(), Mapping.objects.count())
    _seed()
    assert (SafetyPlan.objects.count(), Scaling.objects.count(), Mapping.objects.count()) == before
