"""Family and network: add, edit and remove relations; audited, need-to-know, tampered ids are 404."""

import pytest

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import Person, Relation
from sikkerhedsnet.children.tests.factories import ChildFactory, RelationFactory
from sikkerhedsnet.core.errors import DomainError, Duplicate, StaleEdit
from sikkerhedsnet.testing.forms import with_form_token


def _edit(relation: Relation, **overrides: object) -> dict[str, object]:
    person = relation.person
    return {
        "version": relation.version,
        "kind": relation.kind,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "note": relation.note,
    } | overrides


@pytest.fixture
def mother(child):  # type: ignore[no-untyped-def]
    return RelationFactory(child=child, kind="mother", person__first_name="Mette")


def test_relation_add_creates_person_and_audits(child, caseworker) -> None:
    relation = services.relation_add(by=caseworker, child=child, kind="father", first_name="Jens", phone="+45 12345678")
    assert relation.person.first_name == "Jens"
    assert AuditEvent.objects.filter(type="created", target_model="children.relation", child_id=child.pk).exists()


def test_relation_add_reuses_person_with_same_cpr_for_a_sibling(child, caseworker, team) -> None:
    sibling = ChildFactory(case__team=team)
    services.relation_add(by=caseworker, child=child, kind="mother", first_name="Mette", cpr="650385-4012")
    services.relation_add(by=caseworker, child=sibling, kind="mother", first_name="Mette", cpr="6503854012")
    assert Person.objects.filter(cpr="6503854012").count() == 1


def test_relation_add_twice_is_a_duplicate(child, caseworker) -> None:
    services.relation_add(by=caseworker, child=child, kind="mother", first_name="Mette", cpr="650385-4012")
    with pytest.raises(Duplicate):
        services.relation_add(by=caseworker, child=child, kind="mother", first_name="Mette", cpr="650385-4012")


def test_relation_add_with_childs_own_cpr_is_refused(child, caseworker) -> None:
    with pytest.raises(DomainError, match="barnets eget"):
        services.relation_add(by=caseworker, child=child, kind="sibling", first_name="X", cpr=child.cpr)


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "cousin"), ("first_name", ""), ("phone", "1" * 31), ("note", "n" * 301), ("email", "ikke-en-mail")],
)
def test_relation_add_refuses_bad_values(child, caseworker, field, value) -> None:
    values = {"kind": "mother", "first_name": "Mette"} | {field: value}
    with pytest.raises(DomainError):
        services.relation_add(by=caseworker, child=child, **values)


def test_relation_update_changes_person_and_relation_and_audits_the_difference(mother, caseworker) -> None:
    services.relation_update(
        by=caseworker,
        relation=mother,
        expected_version=1,
        kind="mother",
        first_name="Mette",
        last_name="Fiktivsen",
        phone="+45 22222222",
        custody=False,
    )
    event = AuditEvent.objects.get(type="changed", target_model="children.relation")
    assert Relation.objects.get(pk=mother.pk).person.phone == "+45 22222222"
    assert event.new == {"phone": "+45 22222222", "custody": False}


def test_relation_update_with_stale_version_is_refused(mother, caseworker) -> None:
    services.relation_update(by=caseworker, relation=mother, expected_version=1, kind="mother", first_name="Mette")
    with pytest.raises(StaleEdit):
        services.relation_update(by=caseworker, relation=mother, expected_version=1, kind="father", first_name="M")


def test_relation_remove_deletes_relation_keeps_person_and_audits(mother, caseworker) -> None:
    services.relation_remove(by=caseworker, relation=mother)
    assert not Relation.objects.filter(pk=mother.pk).exists() and Person.objects.filter(pk=mother.person_id).exists()
    assert AuditEvent.objects.filter(type="deleted", target_model="children.relation").exists()


# Pages


def test_add_person_page_saves(client, child, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post(
        f"/boern/{child.pk}/relationer/ny/", with_form_token({"kind": "father", "first_name": "Jens"})
    )
    assert response.status_code == 302 and child.relations.get().person.first_name == "Jens"


def test_add_person_with_invalid_cpr_keeps_typed_text(client, child, caseworker) -> None:
    client.force_login(caseworker)
    response = client.post(
        f"/boern/{child.pk}/relationer/ny/", with_form_token({"kind": "father", "first_name": "Jens", "cpr": "12"})
    )
    body = response.content.decode()
    assert response.status_code == 422 and "10 cifre" in body and 'value="Jens"' in body


def test_edit_person_page_saves(client, child, caseworker, mother) -> None:
    client.force_login(caseworker)
    client.post(
        f"/boern/{child.pk}/relationer/{mother.pk}/", with_form_token(_edit(mother, first_name="Mona", custody="on"))
    )
    mother.refresh_from_db()
    assert (mother.person.first_name, mother.custody, mother.version) == ("Mona", True, 2)


def test_edit_person_with_bad_email_keeps_typed_text(client, child, caseworker, mother) -> None:
    client.force_login(caseworker)
    response = client.post(
        f"/boern/{child.pk}/relationer/{mother.pk}/", with_form_token(_edit(mother, email="ikke@", phone="+45 99"))
    )
    body = response.content.decode()
    assert response.status_code == 422 and 'value="+45 99"' in body


def test_edit_relation_of_another_child_is_404(client, child, caseworker, team) -> None:
    other = RelationFactory(child=ChildFactory(case__team=team))
    client.force_login(caseworker)
    assert client.get(f"/boern/{child.pk}/relationer/{other.pk}/").status_code == 404


def test_edit_relation_of_invisible_child_is_404(client, child, outsider, mother) -> None:
    client.force_login(outsider)
    assert client.get(f"/boern/{child.pk}/relationer/{mother.pk}/").status_code == 404


def test_remove_page_asks_then_removes(client, child, caseworker, mother) -> None:
    client.force_login(caseworker)
    assert "Vil du fjerne" in client.get(f"/boern/{child.pk}/relationer/{mother.pk}/fjern/").content.decode()
    client.post(f"/boern/{child.pk}/relationer/{mother.pk}/fjern/")
    assert not Relation.objects.filter(pk=mother.pk).exists()


def test_remove_by_outsider_is_404_and_removes_nothing(client, child, outsider, mother) -> None:
    client.force_login(outsider)
    assert client.post(f"/boern/{child.pk}/relationer/{mother.pk}/fjern/").status_code == 404
    assert Relation.objects.filter(pk=mother.pk).exists()
