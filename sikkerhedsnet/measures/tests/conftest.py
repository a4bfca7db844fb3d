from __future__ import annotations

from datetime import date, datetime

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core.legal import LOCAL_TZ
from sikkerhedsnet.intake.tests.factories import InvestigationFactory
from sikkerhedsnet.measures.services import Decision
from sikkerhedsnet.measures.tests.factories import OfferFactory, PlacementOfferFactory


def investigated(child, *, on: date = date(2023, 1, 16)):  # type: ignore[no-untyped-def]
    """Give the child a child investigation concluded on `on`: a placement rests on one (BL §§ 46–47, issue #15)."""
    by = child.case.caseworker or UserFactory()
    return InvestigationFactory(
        child=child,
        awareness_on=date(on.year - 1, 12, 1) if on.month < 4 else date(on.year, on.month - 3, 1),
        status="concluded",
        parents_view="Forældrene ønsker hjælp. (Fiktiv.)",
        conclusion="Barnet har brug for at bo uden for hjemmet. (Fiktiv.)",
        support_needed=True,
        concluded_at=datetime(on.year, on.month, on.day, 12, 0, tzinfo=LOCAL_TZ),
        concluded_by=by,
    )


@pytest.fixture
def child(caseworker):  # type: ignore[no-untyped-def]
    """The root conftest's child, whose investigation was concluded before the placements these tests decide."""
    child = ChildFactory(case__caseworker=caseworker, case__team=caseworker.team)
    investigated(child)
    return child


@pytest.fixture
def offer(municipality):  # type: ignore[no-untyped-def]
    return OfferFactory(municipality=municipality, name="Familiebehandling")


@pytest.fixture
def placement_offer(municipality):  # type: ignore[no-untyped-def]
    return PlacementOfferFactory(municipality=municipality, name="Almen plejefamilie")


@pytest.fixture
def admin_user(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="admin", role="admin", team=None, municipality=municipality)


@pytest.fixture
def operator(db):  # type: ignore[no-untyped-def]
    """The installation's operator (a superuser outside the municipal roles): the one who edits legal bases."""
    return UserFactory(username="drift", role="admin", team=None, municipality=None, is_superuser=True)


@pytest.fixture
def head(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


@pytest.fixture
def placement(placement_offer):  # type: ignore[no-untyped-def]
    """placement(**changes) -> a complete decision on a foster-family placement with consent."""

    def make(**changes: object) -> Decision:
        values: dict[str, object] = {
            "kind": "foster_family",
            "decided_on": date(2025, 5, 1),
            "start_on": date(2025, 5, 10),
            "monthly_cost": 39000,
            "offer": placement_offer,
            "purpose": "Tryg opvækst med henblik på hjemgivelse.",
            "category": "4b",
            "placement_type": "general_foster_family",
            "consent": "with_consent",
            "return_home_plan": "Samvær hver anden weekend; hjemgivelse vurderes efter 6 måneder.",
            "return_home_plan_made_on": date(2025, 5, 1),
        }
        values.update(changes)
        return Decision(**values)  # type: ignore[arg-type]

    return make
