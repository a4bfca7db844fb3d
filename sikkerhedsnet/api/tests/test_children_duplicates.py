"""One person, one case file over the API: near-match warnings and the scoped, audited duplicate answer."""

import json

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Child

FREJA = {"cpr": "610115-4001", "first_name": "Freja", "last_name": "Fiktivsen"}
SWAPPED = "610115-4010"  # the last two digits swapped
OTHER = {"cpr": "620316-4002", "first_name": "Anna", "last_name": "Andersen"}  # not near anything


def post(client, body):
    return client.post("/api/v1/children", data=json.dumps(body), content_type="application/json")


def test_create_child_without_near_match_has_no_warnings(api_client, caseworker) -> None:
    response = post(api_client(caseworker), OTHER)
    assert (response.status_code, response.json()["warnings"]) == (201, [])


def test_create_child_near_match_visible_warns_and_names_the_child(api_client, caseworker) -> None:
    client = api_client(caseworker)
    post(client, FREJA)
    response = post(client, OTHER | {"cpr": SWAPPED})
    warnings = response.json()["warnings"]
    assert response.status_code == 201
    assert [w["code"] for w in warnings] == ["possible_duplicate"]
    assert "Freja Fiktivsen" in warnings[0]["message"]


def test_create_child_near_match_of_another_team_warns_without_naming(api_client, caseworker, outsider) -> None:
    post(api_client(caseworker), FREJA)
    response = post(api_client(outsider), OTHER | {"cpr": SWAPPED})
    body = json.dumps(response.json()["warnings"])
    assert response.status_code == 201 and "possible_duplicate" in body
    assert not any(word in body for word in ("Freja", "Fiktivsen", "Team A", "610115-4001", "S-"))


def test_create_child_same_name_and_birth_date_warns(api_client, caseworker) -> None:
    client = api_client(caseworker)
    post(client, FREJA)
    response = post(client, FREJA | {"cpr": "610115-4990"})  # two digits differ: not a CPR slip
    assert [w["code"] for w in response.json()["warnings"]] == ["possible_duplicate"]


def test_create_child_near_match_is_audited_for_the_matched_child(api_client, caseworker, outsider) -> None:
    post(api_client(caseworker), FREJA)
    post(api_client(outsider), OTHER | {"cpr": SWAPPED})
    freja = Child.objects.get(cpr="6101154001")
    event = AuditEvent.objects.filter(
        actor_id=outsider.pk, type=AuditEvent.Type.CHILD_SEARCHED, child_id=freja.pk
    ).get()
    new = event.new or {}
    assert new["existence"] == "near_match" and "6101154001" not in json.dumps(new)


def test_duplicate_cpr_for_the_childs_own_caseworker_names_the_child(api_client, caseworker) -> None:
    client = api_client(caseworker)
    post(client, FREJA)
    response = post(client, FREJA)
    assert (response.status_code, response.json()["code"]) == (409, "duplicate_cpr")
    assert "Freja Fiktivsen" in response.json()["message"]


def test_duplicate_cpr_outside_need_to_know_says_only_whom_to_contact(api_client, caseworker, outsider) -> None:
    post(api_client(caseworker), FREJA)
    response = post(api_client(outsider), FREJA | {"first_name": "X"})
    body = response.json()
    assert (response.status_code, body["code"]) == (409, "duplicate_cpr")
    assert "modtagelsen" in body["message"]
    assert not any(word in json.dumps(body) for word in ("Freja", "Fiktivsen", "Team A", "S-"))


def test_duplicate_cpr_answer_is_audited_naming_user_and_child(api_client, caseworker, outsider) -> None:
    post(api_client(caseworker), FREJA)
    post(api_client(outsider), FREJA)
    freja = Child.objects.get(cpr="6101154001")
    event = AuditEvent.objects.filter(
        actor_id=outsider.pk, type=AuditEvent.Type.CHILD_SEARCHED, child_id=freja.pk
    ).get()
    new = event.new or {}
    assert (new["existence"], new["known_to_user"]) == ("exact", False)
    assert "6101154001" not in json.dumps([new, event.old, event.reason])


def test_duplicate_cpr_of_another_municipality_names_nothing(api_client, caseworker) -> None:
    from sikkerhedsnet.accounts.tests.factories import TeamFactory, UserFactory

    stranger = UserFactory(
        username="stranger", role="caseworker", team=TeamFactory(department__municipality__code="899")
    )
    post(api_client(caseworker), FREJA)
    response = post(api_client(stranger), FREJA)
    assert (response.status_code, response.json()["code"]) == (409, "duplicate_cpr")
    assert "kommunen" not in response.json()["message"] and "Freja" not in response.json()["message"]
