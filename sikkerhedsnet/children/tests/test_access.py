"""Need-to-know: role × relation to the case → allowed/denied, for the page and the API."""

import pytest

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import selectors
from sikkerhedsnet.children.models import Child

# (role, relation) -> may open the child's case without a reason
MATRIX = [
    ("caseworker", "own_team", True),
    ("caseworker", "other_team", False),
    ("sos_consultant", "own_team", True),
    ("sos_consultant", "other_team", False),
    ("team_leader", "own_team", True),
    ("team_leader", "other_team", False),
    ("head", "same_municipality", True),
    ("head", "other_municipality", False),
    ("analyst", "same_municipality", False),
    ("admin", "same_municipality", False),
    ("auditor", "same_municipality", False),
]


def _user(role, relation, team, other_team):
    from sikkerhedsnet.accounts.tests.factories import TeamFactory

    if role == "head":
        municipality = (
            team.department.municipality if relation == "same_municipality" else TeamFactory().department.municipality
        )
        return UserFactory(role=role, team=None, municipality=municipality)
    if relation in ("own_team", "other_team"):
        return UserFactory(role=role, team=team if relation == "own_team" else other_team)
    return UserFactory(role=role, team=None, municipality=team.department.municipality)


@pytest.mark.parametrize(("role", "relation", "allowed"), MATRIX)
def test_child_get_for_user_follows_need_to_know(role, relation, allowed, child, team, other_team) -> None:
    user = _user(role, relation, team, other_team)
    if allowed:
        assert selectors.child_get_for_user(user, child.pk) == child
    else:
        with pytest.raises(Child.DoesNotExist):
            selectors.child_get_for_user(user, child.pk)


def test_child_page_for_missing_child_is_the_same_404(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/boern/999999/").status_code == 404


def test_reading_a_child_is_logged(child, caseworker) -> None:
    selectors.child_get_for_user(caseworker, child.pk)
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk, actor_id=caseworker.pk).count() == 1


def test_break_the_glass_with_reason_allows_and_logs_reason(child, outsider) -> None:
    reason = "Døgnvagt: akut henvendelse fra politiet"
    assert selectors.child_get_for_user(outsider, child.pk, reason=reason) == child
    assert AuditEvent.objects.filter(type="break_the_glass", child_id=child.pk, reason=reason).exists()


def test_break_the_glass_grant_lets_later_reads_through(child, outsider) -> None:
    selectors.child_get_for_user(outsider, child.pk, reason="Døgnvagt: akut henvendelse")
    assert selectors.child_get_for_user(outsider, child.pk) == child


def test_break_the_glass_with_short_reason_is_refused(child, outsider) -> None:
    with pytest.raises(selectors.AccessReasonTooShort):
        selectors.child_get_for_user(outsider, child.pk, reason="fordi")


def test_break_the_glass_is_not_for_analysts(child, team) -> None:
    analyst = UserFactory(role="analyst", team=None, municipality=team.department.municipality)
    with pytest.raises(Child.DoesNotExist):
        selectors.child_get_for_user(analyst, child.pk, reason="Vil gerne se det hele")


def test_break_the_glass_does_not_cross_municipalities(child) -> None:
    stranger = UserFactory(role="caseworker")  # own municipality via its own team
    with pytest.raises(Child.DoesNotExist):
        selectors.child_get_for_user(stranger, child.pk, reason="Døgnvagt: akut henvendelse")


def test_break_the_glass_shows_on_team_leader_dashboard(client, child, outsider, team_leader) -> None:
    selectors.child_get_for_user(outsider, child.pk, reason="Døgnvagt: akut henvendelse fra politiet")
    client.force_login(team_leader)
    response = client.get("/accounts/team/")
    assert "Døgnvagt: akut henvendelse fra politiet" in response.content.decode()


def test_break_the_glass_form_opens_child_outside_team(client, child, outsider) -> None:
    client.force_login(outsider)
    response = client.post(
        "/boern/begrundet-adgang/", {"cpr": child.cpr_formatted, "reason": "Døgnvagt: akut henvendelse"}
    )
    assert response.status_code == 302 and response["Location"] == f"/boern/{child.pk}/"


def test_search_finds_only_visible_children(child, outsider) -> None:
    assert selectors.children_search(outsider, child.first_name).count == 0
