"""The demo municipality (seed_demo, idempotent) and the synthetic generator (deterministic for a seed)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from sikkerhedsnet.accounts.models import Team, User
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.audit.services import audit_chain_verify
from sikkerhedsnet.children.models import Case, Child, JournalEntry, Person, Relation
from sikkerhedsnet.core import cpr as cprlib

MODELS = (User, Team, Child, Case, Person, Relation, JournalEntry, AuditEvent)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def seeded(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    call_command("seed_demo", stdout=io.StringIO())
    return _counts()


def test_seed_demo_loads_two_teams_twelve_caseworkers_and_240_children(seeded) -> None:
    assert Team.objects.count() == 2 and User.objects.filter(role="caseworker").count() == 12
    # ~240: the children step makes 240; other apps' steps add a few (e.g. new children in the intake queue).
    assert 240 <= seeded["Child"] <= 260


def test_seed_demo_twice_changes_nothing(seeded) -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == seeded and "nothing changed" in out.getvalue()


def test_seed_demo_people_are_all_fictitious_with_replacement_numbers(seeded) -> None:
    for child in Child.objects.all():
        assert child.fictitious and cprlib.parse(child.cpr).replacement
    assert not Person.objects.exclude(cpr="").filter(fictitious=False).exists()


def test_seed_demo_leaves_an_intact_audit_chain(seeded) -> None:
    assert audit_chain_verify() is None


def test_seed_demo_has_a_login_for_every_role(seeded) -> None:
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"caseworker", "sos_consultant", "team_leader", "head", "analyst", "admin", "auditor"}


def test_seed_demo_leaves_some_cases_to_assign(seeded) -> None:
    assert Case.objects.filter(caseworker__isnull=True, closed_on__isnull=True).exists()


def test_seed_demo_history_starts_when_the_case_was_opened(seeded) -> None:
    from django.utils import timezone

    case = Case.objects.order_by("opened_on").first()
    first = case.child.history.order_by("history_date").first()
    assert timezone.localdate(first.history_date) == case.opened_on


def _synthetic(seed: int, n: int = 15) -> list[tuple[str, str, str]]:
    """Generate inside a savepoint that is rolled back, so two runs start from the same database."""
    before = Child.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        call_command("generate_synthetic", "--children", str(n), "--seed", str(seed), stdout=io.StringIO())
        rows = list(Child.objects.filter(pk__gt=before).order_by("pk").values_list("first_name", "last_name", "cpr"))
        transaction.set_rollback(True)
    return rows


def test_generate_synthetic_adds_the_requested_number(seeded) -> None:
    assert len(_synthetic(7, n=15)) == 15


def test_generate_synthetic_same_seed_gives_same_names_and_cprs(seeded) -> None:
    assert _synthetic(7) == _synthetic(7)


def test_generate_synthetic_other_seed_gives_other_children(seeded) -> None:
    assert _synthetic(7) != _synthetic(8)


def test_generate_synthetic_rejects_zero_children(seeded) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_synthetic", "--children", "0", stdout=io.StringIO())


def test_generate_synthetic_keeps_cprs_unique(seeded) -> None:
    before = Child.objects.count()
    call_command("generate_synthetic", "--children", "50", "--seed", "3", stdout=io.StringIO())
    cprs = list(Child.objects.values_list("cpr", flat=True))
    assert len(cprs) == len(set(cprs)) >= before + 50


def test_seed_demo_self_audit_shows_a_plausible_spread(seeded) -> None:
    """The self-audit on the demo (docs/compliance.md): every criterion has cases, and some are below 100 %, as
    in Ankestyrelsen's reviews (issue #15)."""
    from django.utils import timezone

    from sikkerhedsnet.reports.compliance_selectors import compliance_figures
    from sikkerhedsnet.reports.rules.compliance import default_period

    today = timezone.localdate()
    first, last = default_period(today)
    figures = compliance_figures(
        list(Team.objects.values_list("pk", flat=True)), first, last, now=timezone.now(), today=today
    )
    assert all(tally.total > 0 for tally in figures.scope.values())
    below = [code for code, tally in figures.scope.items() if tally.met < tally.total]
    assert len(below) >= 3
    assert any(tally.met > tally.total / 2 for tally in figures.scope.values())  # not all failing either
