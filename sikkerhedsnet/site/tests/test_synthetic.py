"""The synthetic-data generator: chunked, deterministic per seed, fictitious people, national organisation."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.accounts.models import Municipality, Team, User
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.children.models import Case, Child, JournalEntry
from sikkerhedsnet.core import synthetic
from sikkerhedsnet.site.demo import municipality_shares, seed_demo, synthetic_organisation

TODAY = date(2026, 3, 2)
SEEN: list[tuple[int, int, int]] = []  # (chunk, children in world.made, queries to read their cases)


def recording_step(world: synthetic.World) -> dict[str, int]:
    """A later app's step: sees only this chunk's children, each with its case already loaded."""
    with CaptureQueriesContext(connection) as queries:
        team_ids = [child.case.team_id for child in world.made["children"]]
    SEEN.append((world.chunk, len(team_ids), len(queries)))
    return {"recorded": len(team_ids)}


@pytest.fixture
def organisation(team, caseworker) -> synthetic.Organisation:
    return synthetic.Organisation(
        municipality=team.department.municipality,
        teams=[team],
        caseworkers_by_team={team.pk: [caseworker]},
        actor=caseworker,
    )


def _generate(organisation: synthetic.Organisation, n: int = 25, seed: int = 1, chunk_size: int = 10) -> dict[str, int]:
    return synthetic.generate(organisation=organisation, n_children=n, seed=seed, today=TODAY, chunk_size=chunk_size)


def test_generate_calls_each_step_once_per_chunk_with_that_chunks_children(organisation, monkeypatch) -> None:
    found = synthetic.steps()
    monkeypatch.setattr(synthetic, "steps", lambda: (*found, f"{__name__}.recording_step"))
    SEEN.clear()
    counts = _generate(organisation, n=25, chunk_size=10)
    assert (SEEN, counts["recorded"]) == ([(0, 10, 0), (1, 10, 0), (2, 5, 0)], 25)


def test_generate_creates_the_requested_children_each_with_a_case(organisation) -> None:
    counts = _generate(organisation, n=25)
    assert (counts["children"], Child.objects.count(), Case.objects.count()) == (25, 25, 25)


def test_generated_people_are_fictitious_with_replacement_cpr(organisation) -> None:
    _generate(organisation)
    days = {int(cpr[:2]) for cpr in Child.objects.values_list("cpr", flat=True)}
    assert not Child.objects.filter(fictitious=False).exists() and min(days) > 60


def test_generate_writes_about_twenty_journal_notes_per_child(organisation) -> None:
    _generate(organisation, n=20)
    per_child = [c.journal_entries.count() for c in Child.objects.all()]
    assert min(per_child) >= 10 and max(per_child) <= 30


def test_generate_keeps_the_audit_chain_intact(organisation) -> None:
    counts = _generate(organisation)
    assert audit.audit_chain_verify() is None and counts["audit_events"] == 25 + counts["journal_entries"]


def test_generate_twice_with_the_same_seed_makes_new_unique_cpr_numbers(organisation) -> None:
    _generate(organisation, seed=5)
    _generate(organisation, seed=5)
    cprs = list(Child.objects.values_list("cpr", flat=True))
    assert len(cprs) == 50 and len(set(cprs)) == 50


def test_generate_is_deterministic_for_a_seed(organisation) -> None:
    def people() -> list[tuple[str, str, str]]:
        with transaction.atomic():
            _generate(organisation, seed=9)
            made = sorted(Child.objects.values_list("cpr", "first_name", "last_name"))
            transaction.set_rollback(True)
        return made

    assert people() == people()


def test_chunk_rng_depends_only_on_seed_and_chunk() -> None:
    draws = [synthetic.chunk_rng(seed, chunk).random() for seed, chunk in ((1, 2), (1, 2), (1, 3), (2, 2))]
    assert draws[0] == draws[1] and len(set(draws)) == 3


@pytest.mark.parametrize(("count", "largest_share"), [(1, 1.0), (2, 0.627), (98, 0.109)])
def test_municipality_shares_largest_first(count: int, largest_share: float) -> None:
    assert municipality_shares(count)[0] == pytest.approx(largest_share, abs=0.001)


@given(st.integers(min_value=1, max_value=98))
def test_municipality_shares_sum_to_one_and_decrease(count: int) -> None:
    shares = municipality_shares(count)
    assert sum(shares) == pytest.approx(1.0) and shares == sorted(shares, reverse=True)


def test_synthetic_organisation_sizes_teams_and_caseloads(db) -> None:
    org = synthetic_organisation(n_children=2000, municipalities=3)
    open_per_worker = [
        2000 * weight / sum(org.team_weights) * 0.88 / len(org.caseworkers_by_team[t.pk])
        for t, weight in zip(org.teams, org.team_weights, strict=True)
    ]
    assert Municipality.objects.count() == 3 and max(open_per_worker) <= 22


def test_synthetic_organisation_run_again_creates_nothing_new(db) -> None:
    synthetic_organisation(n_children=1000, municipalities=2)
    before = (Municipality.objects.count(), Team.objects.count(), User.objects.count())
    synthetic_organisation(n_children=1000, municipalities=2)
    assert (Municipality.objects.count(), Team.objects.count(), User.objects.count()) == before


def test_generate_synthetic_command_spreads_children_over_municipalities(db) -> None:
    seed_demo()
    before = Child.objects.count()
    out = io.StringIO()
    call_command("generate_synthetic", children=40, seed=3, municipalities=2, stdout=out, stderr=io.StringIO())
    municipalities = set(Case.objects.values_list("team__department__municipality", flat=True).distinct())
    assert "40 children" in out.getvalue() and Child.objects.count() == before + 40 and len(municipalities) == 2


def test_generate_synthetic_command_rejects_too_many_municipalities(db) -> None:
    with pytest.raises(CommandError):
        call_command("generate_synthetic", children=10, municipalities=99, stdout=io.StringIO())


def test_seed_demo_twice_changes_nothing(db) -> None:
    seed_demo()
    before = (Child.objects.count(), JournalEntry.objects.count(), User.objects.count())
    assert seed_demo() == {} and (Child.objects.count(), JournalEntry.objects.count(), User.objects.count()) == before


def test_seed_demo_logins_work_with_the_demo_password(db) -> None:
    from sikkerhedsnet.site.demo import DEMO_PASSWORD

    seed_demo()
    assert all(u.check_password(DEMO_PASSWORD) for u in User.objects.filter(username__in=["raadgiver01", "leder"]))


def test_synthetic_caseworkers_cannot_log_in(db) -> None:
    synthetic_organisation(n_children=500, municipalities=2)
    synthetic = User.objects.filter(username__startswith="syn")
    assert synthetic.exists() and not any(u.has_usable_password() for u in synthetic)


def test_steps_are_found_in_layer_order() -> None:
    names = [path.split(".")[1] for path in synthetic.steps()]
    assert names == ["children", "intake", "safety", "measures", "followup", "reports"]
