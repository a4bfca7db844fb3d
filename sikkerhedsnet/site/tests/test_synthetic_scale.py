"""Every app's synthetic step under the chunk contract: deterministic per seed, each chunk independent of the
others, the national proportions (issue 8: per child about 7.5 notifications, 1.5 investigations, 5 measures,
0.4 safety plans, 20 journal notes), and every app's pages work on the generated data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.children.models import Case, Child, JournalEntry
from sikkerhedsnet.core import synthetic
from sikkerhedsnet.followup.models import FollowUp
from sikkerhedsnet.intake.models import Investigation, Notification
from sikkerhedsnet.measures.models import Measure, StaircaseMove
from sikkerhedsnet.safety.models import SafetyPlan, Scaling

TODAY = date(2026, 3, 2)


@pytest.fixture
def organisation(team, caseworker) -> synthetic.Organisation:
    return synthetic.Organisation(
        municipality=team.department.municipality,
        teams=[team],
        caseworkers_by_team={team.pk: [caseworker]},
        actor=caseworker,
    )


def _generate(organisation: synthetic.Organisation, *, n: int, seed: int = 1, chunk_size: int = 10) -> dict[str, int]:
    return synthetic.generate(organisation=organisation, n_children=n, seed=seed, today=TODAY, chunk_size=chunk_size)


def _fingerprint(cprs: set[str] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """What was generated, keyed by the children's CPR numbers (ids differ between runs on PostgreSQL)."""

    def scoped(qs: Any, field: str = "child__cpr") -> Any:
        return qs.filter(**{f"{field}__in": cprs}) if cprs is not None else qs

    return {
        "children": sorted(scoped(Child.objects, "cpr").values_list("cpr", "first_name", "last_name", "birth_date")),
        "cases": sorted(scoped(Case.objects).values_list("child__cpr", "opened_on", "closed_on")),
        "journal": sorted(scoped(JournalEntry.objects).values_list("child__cpr", "occurred_on", "title")),
        "notifications": sorted(
            scoped(Notification.objects).values_list("child__cpr", "received_at", "reporter_type", "outcome")
        ),
        "investigations": sorted(scoped(Investigation.objects).values_list("child__cpr", "awareness_on", "status")),
        "measures": sorted(scoped(Measure.objects).values_list("child__cpr", "kind", "start_on", "end_on")),
        "moves": sorted(scoped(StaircaseMove.objects).values_list("child__cpr", "moved_on", "to_step")),
        "safety_plans": sorted(scoped(SafetyPlan.objects).values_list("child__cpr", "number", "status")),
        "scalings": sorted(scoped(Scaling.objects).values_list("child__cpr", "scored_on")),
        "follow_ups": sorted(scoped(FollowUp.objects).values_list("child__cpr", "due_on", "held_on")),
    }


def _generated(organisation: synthetic.Organisation, **kwargs: Any) -> dict[str, list[tuple[Any, ...]]]:
    with transaction.atomic():
        _generate(organisation, **kwargs)
        made = _fingerprint()
        transaction.set_rollback(True)
    return made


def test_every_step_is_deterministic_for_a_seed(organisation) -> None:
    first, second = _generated(organisation, n=30, seed=9), _generated(organisation, n=30, seed=9)
    assert first == second and all(first[k] for k in ("notifications", "measures", "follow_ups", "journal"))


def test_another_seed_gives_other_histories(organisation) -> None:
    assert (
        _generated(organisation, n=20, seed=1)["notifications"]
        != _generated(organisation, n=20, seed=2)["notifications"]
    )


def test_a_chunk_does_not_depend_on_the_chunks_after_it(organisation) -> None:
    alone = _generated(organisation, n=10, seed=4, chunk_size=10)
    with transaction.atomic():
        _generate(organisation, n=30, seed=4, chunk_size=10)
        first_chunk = _fingerprint({cpr for cpr, *_ in alone["children"]})
        transaction.set_rollback(True)
    assert first_chunk == alone


def test_generated_volumes_follow_the_national_proportions(organisation) -> None:
    n = 120
    _generate(organisation, n=n, seed=3, chunk_size=60)
    per_child = {
        "notifications": Notification.objects.count() / n,
        "investigations": Investigation.objects.count() / n,
        "measures": Measure.objects.count() / n,
        "safety_plans": SafetyPlan.objects.count() / n,
        "journal": JournalEntry.objects.count() / n,
    }
    # issue 8 per 100,000 children: 750k, 150k, 500k, 40k, 2M; small samples, so generous bounds
    expected = {"notifications": 7.5, "investigations": 1.5, "measures": 5, "safety_plans": 0.4, "journal": 20}
    assert {k: 0.5 * v <= per_child[k] <= 1.5 * v for k, v in expected.items()} == dict.fromkeys(expected, True), (
        per_child
    )


def test_generated_data_keeps_the_audit_chain_intact(organisation) -> None:
    _generate(organisation, n=20, seed=2)
    assert audit.audit_chain_verify() is None


def test_every_apps_pages_open_on_generated_data(organisation, team, caseworker, team_leader, municipality) -> None:
    _generate(organisation, n=40, seed=5, chunk_size=20)
    child = (
        Child.objects.filter(
            case__caseworker=caseworker,
            notifications__isnull=False,
            measures__isnull=False,
            safety_plans__isnull=False,
        )
        .distinct()
        .first()
    )
    assert child is not None
    notification = child.notifications.first()
    investigation = Investigation.objects.filter(child=child).first() or Investigation.objects.first()
    plan = child.safety_plans.first()
    measure = child.measures.first()
    client = Client()
    client.force_login(caseworker)
    urls = [
        f"/boern/{child.pk}/",
        "/boern/mine-sager/",
        "/underretninger/mine-opgaver/",
        f"/underretninger/barn/{child.pk}/",
        f"/underretninger/{notification.pk}/",
        f"/sikkerhed/boern/{child.pk}/",
        f"/sikkerhed/boern/{child.pk}/kortlaegning/",
        f"/sikkerhed/boern/{child.pk}/skalering/",
        f"/sikkerhed/boern/{child.pk}/sikkerhedsplan/",
        f"/sikkerhed/sikkerhedsplaner/{plan.pk}/",
        f"/indsatser/barn/{child.pk}/",
        f"/indsatser/{measure.pk}/",
        f"/opfoelgning/barn/{child.pk}/",
        "/opfoelgning/",
    ]
    if investigation.child.case.caseworker_id == caseworker.pk:
        urls.append(f"/underretninger/undersoegelser/{investigation.pk}/")
    statuses = {url: client.get(url).status_code for url in urls}
    leader = Client()
    leader.force_login(team_leader)
    statuses["/accounts/team/"] = leader.get("/accounts/team/").status_code
    head = Client()
    head.force_login(UserFactory(role="head", team=None, municipality=municipality))
    for url in ("/rapporter/", "/rapporter/sagstal/"):
        statuses[url] = head.get(url).status_code
    assert statuses == dict.fromkeys(statuses, 200)
