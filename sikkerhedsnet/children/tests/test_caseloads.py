"""Caseload per caseworker (team dashboard): open cases only, counted in the database."""

from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.children.caseloads import caseload_rows
from sikkerhedsnet.children.tests.factories import ChildFactory


def test_caseload_counts_each_caseworkers_open_cases_only(team, caseworker, colleague_same_team) -> None:
    ChildFactory.create_batch(3, case__team=team, case__caseworker=caseworker)
    ChildFactory(case__team=team, case__caseworker=caseworker, case__closed_on=timezone.localdate())
    ChildFactory(case__team=team, case__caseworker=colleague_same_team)
    rows = {r.user.username: r.open_cases for r in caseload_rows([team.pk], low=2, high=2)}
    assert rows == {"caseworker": 3, "colleague": 1}


def test_caseload_of_a_caseworker_without_cases_is_zero_and_under_target(team) -> None:
    UserFactory(username="ny", role="caseworker", team=team)
    (row,) = caseload_rows([team.pk], low=20, high=22)
    assert (row.open_cases, row.status) == (0, "under")
