"""Organisation-wide pages act for the actor's own municipality only (issue #20, High 1).

Two municipalities: the actor works in A, the data lies in B. B's records are never planned, listed or changed,
and B's runs and children answer 404 as if they did not exist.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core import retention
from sikkerhedsnet.core.models import DeletionItem, DeletionRun
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db


def _closed_child(team):  # type: ignore[no-untyped-def]
    closed = date(2001, 1, 1)
    return ChildFactory(case__team=team, case__opened_on=closed - timedelta(days=400), case__closed_on=closed)


@pytest.fixture
def two():  # type: ignore[no-untyped-def]
    """Municipality A (the actor's) and B (the data's), each with a team and a case closed long ago."""
    a, b = MunicipalityFactory(name="Kommune A", code="898"), MunicipalityFactory(name="Kommune B", code="899")
    team_a, team_b = TeamFactory(department__municipality=a), TeamFactory(department__municipality=b)
    return {
        "a": a,
        "b": b,
        "team_b": team_b,
        "child_a": _closed_child(team_a),
        "child_b": _closed_child(team_b),
        "head_a": UserFactory(username="head_a", role="head", team=None, municipality=a),
        "admin_a": UserFactory(username="admin_a", role="admin", team=None, municipality=a),
        "head_b": UserFactory(username="head_b", role="head", team=None, municipality=b),
    }


def _plan(client, user) -> int:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.post("/sletning/planlaeg/", with_form_token({}))
    assert response.status_code == 302
    return int(response["Location"].rstrip("/").rsplit("/", 1)[1])


# ---------------------------------------------------------------------------------------- retention: plan


def test_retention_plan_covers_only_the_actors_municipality(client, two) -> None:
    run_id = _plan(client, two["head_a"])
    planned = set(DeletionItem.objects.filter(run_id=run_id).values_list("child_id", flat=True))
    assert two["child_a"].pk in planned and two["child_b"].pk not in planned


def test_retention_plan_belongs_to_the_actors_municipality(client, two) -> None:
    run_id = _plan(client, two["admin_a"])
    assert DeletionRun.objects.get(pk=run_id).municipality_id == two["a"].pk


def test_retention_plan_by_a_user_without_municipality_is_403(client, two) -> None:
    client.force_login(UserFactory(username="admin_none", role="admin", team=None, municipality=None))
    assert client.post("/sletning/planlaeg/", with_form_token({})).status_code == 403
    assert not DeletionRun.objects.exists()


# ------------------------------------------------------------------------------ retention: another's run


def test_retention_index_does_not_list_another_municipalitys_run(client, two) -> None:
    run_b = _plan(client, two["head_b"])
    client.force_login(two["head_a"])
    page = client.get("/sletning/").content.decode()
    assert f"/sletning/{run_b}/" not in page


def test_retention_run_of_another_municipality_is_404(client, two) -> None:
    run_b = _plan(client, two["head_b"])
    client.force_login(two["head_a"])
    assert client.get(f"/sletning/{run_b}/").status_code == 404


def test_retention_commit_of_another_municipality_is_404_and_erases_nothing(client, two) -> None:
    run_b = _plan(client, two["head_b"])
    client.force_login(two["admin_a"])
    response = client.post(f"/sletning/{run_b}/gennemfoer/", with_form_token({}))
    assert response.status_code == 404
    assert Child.objects.filter(pk=two["child_b"].pk).exists()
    assert DeletionRun.objects.get(pk=run_b).status == DeletionRun.Status.PLANNED


def test_retention_discard_of_another_municipality_is_404_and_keeps_the_plan(client, two) -> None:
    run_b = _plan(client, two["head_b"])
    client.force_login(two["head_a"])
    assert client.post(f"/sletning/{run_b}/kasser/", with_form_token({})).status_code == 404
    assert DeletionRun.objects.get(pk=run_b).status == DeletionRun.Status.PLANNED


def test_retention_run_without_municipality_is_shown_to_nobody(client, two) -> None:
    """Runs from before runs had a municipality (and the system's technical purges) stay, but on no page."""
    legacy = retention.deletion_plan(by=None, as_of=date(2030, 1, 1))
    client.force_login(two["head_a"])
    assert client.get(f"/sletning/{legacy.pk}/").status_code == 404
    assert client.post(f"/sletning/{legacy.pk}/gennemfoer/", with_form_token({})).status_code == 404
    assert Child.objects.filter(pk=two["child_b"].pk).exists()


# ------------------------------------------------------------------------- retention: the service itself


def test_deletion_commit_by_a_person_of_another_municipality_is_refused(two) -> None:
    from django.core.exceptions import PermissionDenied

    run = retention.deletion_plan(by=two["head_b"], municipality=two["b"], as_of=date(2030, 1, 1))
    with pytest.raises(PermissionDenied):
        retention.deletion_commit(by=two["head_a"], run=run)
    assert Child.objects.filter(pk=two["child_b"].pk).exists()


def test_deletion_commit_skips_a_case_moved_to_another_municipality_after_the_plan(two) -> None:
    run = retention.deletion_plan(by=two["head_a"], municipality=two["a"], as_of=date(2030, 1, 1))
    Case.objects.filter(child=two["child_a"]).update(team=two["team_b"])
    retention.deletion_commit(by=two["head_a"], run=run)
    assert Child.objects.filter(pk=two["child_a"].pk).exists()


# ----------------------------------------------------------------------------------- retention: command


def test_retention_command_plan_with_municipality_covers_only_it(two) -> None:
    call_command("retention", "plan", "--municipality", "899", stdout=StringIO())
    run = DeletionRun.objects.get()
    planned = set(run.items.values_list("child_id", flat=True))
    assert run.municipality_id == two["b"].pk and planned == {two["child_b"].pk}


def test_retention_command_plan_without_municipality_plans_one_run_per_municipality(two) -> None:
    call_command("retention", "plan", stdout=StringIO())
    runs = {r.municipality_id: set(r.items.values_list("child_id", flat=True)) for r in DeletionRun.objects.all()}
    assert runs[two["a"].pk] == {two["child_a"].pk} and runs[two["b"].pk] == {two["child_b"].pk}


# ---------------------------------------------------------------------------------------------- legal hold


def test_legal_hold_page_of_another_municipalitys_child_is_404(client, two) -> None:
    client.force_login(two["head_a"])
    assert client.get(f"/sletning/slettestop/{two['child_b'].pk}/").status_code == 404


def test_legal_hold_set_on_another_municipalitys_child_is_404_and_changes_nothing(client, two) -> None:
    client.force_login(two["head_a"])
    response = client.post(
        f"/sletning/slettestop/{two['child_b'].pk}/",
        with_form_token({"legal_hold": "on", "reason": "Klagesag i Ankestyrelsen"}),
    )
    assert response.status_code == 404 and not Case.objects.get(child=two["child_b"]).legal_hold


def test_legal_hold_lift_on_another_municipalitys_child_is_404_and_keeps_it(client, two) -> None:
    Case.objects.filter(child=two["child_b"]).update(legal_hold=True, legal_hold_reason="Retssag om anbringelse")
    client.force_login(two["head_a"])
    response = client.post(f"/sletning/slettestop/{two['child_b'].pk}/", with_form_token({"reason": ""}))
    assert response.status_code == 404 and Case.objects.get(child=two["child_b"]).legal_hold
