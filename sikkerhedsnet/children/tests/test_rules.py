"""Who may assign, close and reopen a case: a table of cases, plus properties (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.children.rules import Actor, CaseFacts, caseload_average, may_assign_case, may_close_case

CASE = CaseFacts(team_id=1, municipality_id=10, caseworker_id=100)

TABLE = [
    # (role, team, municipality, user id) -> (may assign, may close)
    (("team_leader", 1, 10, 7), (True, True)),
    (("team_leader", 2, 10, 7), (False, False)),
    (("head", None, 10, 7), (True, True)),
    (("head", None, 11, 7), (False, False)),
    (("caseworker", 1, 10, 100), (False, True)),  # the case's own caseworker
    (("caseworker", 1, 10, 101), (False, False)),  # a colleague in the team
    (("sos_consultant", 1, 10, 100), (False, True)),
    (("caseworker", 2, 10, 100), (False, False)),  # moved to another team since
    (("analyst", None, 10, 7), (False, False)),
    (("admin", None, 10, 7), (False, False)),
    (("auditor", None, 10, 7), (False, False)),
]


@pytest.mark.parametrize(("actor", "expected"), TABLE)
def test_case_permissions_follow_the_table(actor, expected) -> None:
    role, team_id, municipality_id, user_id = actor
    who = Actor(user_id=user_id, role=role, team_id=team_id, municipality_id=municipality_id)
    assert (may_assign_case(who, CASE), may_close_case(who, CASE)) == expected


actors = st.builds(
    Actor,
    user_id=st.integers(1, 200),
    role=st.sampled_from(["caseworker", "sos_consultant", "team_leader", "head", "analyst", "admin", "auditor"]),
    team_id=st.one_of(st.none(), st.integers(1, 3)),
    municipality_id=st.one_of(st.none(), st.integers(10, 12)),
)
cases = st.builds(
    CaseFacts,
    team_id=st.integers(1, 3),
    municipality_id=st.integers(10, 12),
    caseworker_id=st.one_of(st.none(), st.integers(1, 200)),
)


@given(actors, cases)
def test_whoever_may_assign_may_also_close(actor, case) -> None:
    assert not may_assign_case(actor, case) or may_close_case(actor, case)


@given(actors, cases)
def test_roles_without_case_access_may_do_nothing(actor, case) -> None:
    if actor.role in ("analyst", "admin", "auditor"):
        assert not may_assign_case(actor, case) and not may_close_case(actor, case)


@given(actors, cases)
def test_nobody_outside_the_municipality_may_assign(actor, case) -> None:
    if actor.role == "head" and actor.municipality_id != case.municipality_id:
        assert not may_assign_case(actor, case)


# --- Issue #15: the team's caseload average counts only the members whose role holds cases -------------------


@pytest.mark.parametrize(
    ("loads", "expected"),
    [
        ([("caseworker", 20), ("caseworker", 24)], 22.0),
        ([("caseworker", 20), ("caseworker", 24), ("sos_consultant", 0)], 22.0),  # was 14.7 with the consultant
        ([("caseworker", 21), ("sos_consultant", 3), ("team_leader", 0), ("head", 0)], 21.0),
        ([("caseworker", 10), ("caseworker", 11), ("caseworker", 11)], 10.7),  # 32 / 3, one decimal
        ([("sos_consultant", 5)], None),  # nobody holds cases: no average rather than a misleading one
        ([], None),
    ],
)
def test_caseload_average_counts_only_case_holding_roles(loads, expected) -> None:
    assert caseload_average(loads) == expected
