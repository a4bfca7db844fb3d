from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.followup.tests.factories import PolicyAdoptionFactory
from sikkerhedsnet.measures.tests.factories import MeasureFactory, StaircaseMoveFactory

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2025, 7, 20)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    """The clock stands at noon, 20 July 2025, Copenhagen time."""
    with time_machine.travel(datetime(2025, 7, 20, 12, 0, tzinfo=CPH), tick=False):
        yield TODAY


@pytest.fixture
def kolding(municipality):  # type: ignore[no-untyped-def]
    return PolicyAdoptionFactory(municipality=municipality, policy_code="kolding", adopted_on=date(2020, 1, 1))


@pytest.fixture
def measure(child, caseworker, kolding):  # type: ignore[no-untyped-def]
    """A preventive measure on step 2 from 10 January 2025: under Kolding due 10 April, 10 July, 10 October ..."""
    StaircaseMoveFactory(child=child, moved_on=date(2025, 1, 10), to_step=2, category="3", created_by=caseworker)
    return MeasureFactory(child=child, start_on=date(2025, 1, 10), decided_on=date(2025, 1, 5), step=2, category="3")


@pytest.fixture
def head(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="head", role="head", team=None, municipality=municipality)


@pytest.fixture
def admin_user(municipality):  # type: ignore[no-untyped-def]
    return UserFactory(username="admin", role="admin", team=None, municipality=municipality)
