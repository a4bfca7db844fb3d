"""Fixtures for the intake tests: the municipality's intake team and a member of it."""

from __future__ import annotations

import pytest


@pytest.fixture
def intake_team(municipality):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import TeamFactory

    return TeamFactory(department__municipality=municipality, name="Modtagelsen", is_intake=True)


@pytest.fixture
def intake_worker(intake_team):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    return UserFactory(username="intake", role="caseworker", team=intake_team)


@pytest.fixture
def head(municipality):  # type: ignore[no-untyped-def]
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    return UserFactory(username="head", role="head", team=None, municipality=municipality)
