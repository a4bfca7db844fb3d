"""The municipality's settings (follow-up policy, caseload target) are the actor's own (issue #20, High 1).

Two municipalities: the head works in A, B has its own policy and target; nothing the head does reaches B.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sikkerhedsnet.accounts.models import Municipality
from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, TeamFactory, UserFactory
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.followup import selectors, services
from sikkerhedsnet.followup.models import PolicyAdoption
from sikkerhedsnet.followup.tests.factories import PolicyAdoptionFactory


@pytest.fixture
def other(db):  # type: ignore[no-untyped-def]
    """Municipality B: Kolding's policy since 2020, a target of 12-14."""
    b = MunicipalityFactory(name="Kommune B", code="899", caseload_target_min=12, caseload_target_max=14)
    PolicyAdoptionFactory(municipality=b, policy_code="kolding")
    return b


def test_settings_policy_adoption_changes_only_the_actors_municipality(frozen, client, head, kolding, other) -> None:
    client.force_login(head)
    client.post(
        reverse("followup:settings"), {"form": "policy", "policy_token": str(kolding.pk), "policy_code": "legal"}
    )
    assert selectors.active_policy(head.municipality_id).code == "legal"
    assert (
        selectors.active_policy(other.pk).code == "kolding"
        and PolicyAdoption.objects.filter(municipality=other).count() == 1
    )


def test_settings_caseload_target_changes_only_the_actors_municipality(client, head, other) -> None:
    client.force_login(head)
    client.post(
        reverse("followup:settings"),
        {"form": "caseload", "low": "18", "high": "21", "expected_low": "20", "expected_high": "22"},
    )
    other.refresh_from_db()
    assert (other.caseload_target_min, other.caseload_target_max) == (12, 14)


def test_settings_page_shows_the_actors_own_target(client, head, other) -> None:
    client.force_login(head)
    form = client.get(reverse("followup:settings")).context["caseload_form"]
    assert (form.initial["low"], form.initial["high"]) == (20, 22)


def test_followup_policy_adopt_for_another_municipality_is_refused(frozen, head, other) -> None:
    with pytest.raises(PermissionDenied):
        services.followup_policy_adopt(by=head, municipality=other, policy_code="legal", expected_token=0)


def test_caseload_target_update_for_another_municipality_is_refused(head, other) -> None:
    with pytest.raises(PermissionDenied):
        services.caseload_target_update(by=head, municipality=other, low=1, high=2, expected=(12, 14))
    assert Municipality.objects.get(pk=other.pk).caseload_target_min == 12


def test_caseload_page_lists_no_caseworker_of_another_municipality(client, head, other) -> None:
    worker_b = UserFactory(username="b_worker", role="caseworker", team=TeamFactory(department__municipality=other))
    ChildFactory(case__team=worker_b.team, case__caseworker=worker_b)
    client.force_login(head)
    response = client.get(reverse("followup:caseload"))
    assert worker_b not in [row[0] for row in response.context["rows"]]
