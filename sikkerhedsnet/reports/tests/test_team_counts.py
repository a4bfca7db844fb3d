"""Cases per team for the reports page: open and closed, every team of the municipality, counted in the database."""

from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import TeamFactory, UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.reports.selectors import TeamCount, open_cases_per_team


def test_open_cases_per_team_counts_open_and_closed_and_keeps_empty_teams(municipality, team) -> None:
    empty = TeamFactory(department=team.department, name="Team Tom")
    ChildFactory.create_batch(2, case__team=team)
    ChildFactory(case__team=team, case__closed_on=timezone.localdate())
    ChildFactory(case__team=TeamFactory(name="Anden kommune"))
    head = UserFactory(role="head", team=None, municipality=municipality)
    assert open_cases_per_team(head) == [TeamCount(team.name, 2, 1), TeamCount(empty.name, 0, 0)]
