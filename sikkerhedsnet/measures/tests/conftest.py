from __future__ import annotations

from datetime import date

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.measures.services import Decision
from sikkerhedsnet.measures.tests.factories import OfferFactory, PlacementOfferFactory


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
