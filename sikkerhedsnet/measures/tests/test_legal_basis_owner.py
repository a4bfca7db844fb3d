"""Legal bases (hjemler) are national law, shared by every municipality of the installation (issue #20): no
municipality's head or admin can change them for everybody; only the installation's operator (a superuser outside
the municipal roles) can. Two municipalities: what A's head or admin tries changes nothing that B sees."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.measures import services
from sikkerhedsnet.measures.models import LegalBasis
from sikkerhedsnet.measures.tests.factories import basis
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():  # type: ignore[no-untyped-def]
    a, b = MunicipalityFactory(name="Kommune A", code="898"), MunicipalityFactory(name="Kommune B", code="899")
    return {
        "head_a": UserFactory(username="head_a", role="head", team=None, municipality=a),
        "admin_a": UserFactory(username="admin_a", role="admin", team=None, municipality=a, is_staff=True),
        "head_b": UserFactory(username="head_b", role="head", team=None, municipality=b),
        "operator": UserFactory(username="drift", role="admin", team=None, municipality=None, is_superuser=True),
    }


def _form(target: LegalBasis, title: str) -> dict[str, str]:
    return with_form_token(
        {
            "version": str(target.version),
            "law": target.law,
            "paragraph": target.paragraph,
            "title": title,
            "applies_to": target.applies_to,
            "valid_from": target.valid_from.isoformat(),
            "valid_to": "",
            "replaces": str(target.replaces_id or ""),
        }
    )


@pytest.mark.parametrize("who", ["head_a", "admin_a"])
def test_a_municipal_leader_cannot_edit_a_legal_basis_that_another_municipality_uses(client, two, who) -> None:
    target = basis("bl-32-1-8")
    client.force_login(two[who])
    assert client.get(reverse("measures:legal_basis_edit", args=[target.pk])).status_code == 403
    response = client.post(reverse("measures:legal_basis_edit", args=[target.pk]), _form(target, "Overtaget"))
    assert response.status_code == 403
    client.force_login(two["head_b"])
    page = client.get(reverse("measures:legal_bases")).content.decode()
    assert "Overtaget" not in page and LegalBasis.objects.get(pk=target.pk).title == target.title


@pytest.mark.parametrize("who", ["head_a", "admin_a"])
def test_a_municipal_leader_cannot_add_a_legal_basis_for_everybody(client, two, who) -> None:
    client.force_login(two[who])
    assert client.get(reverse("measures:legal_basis_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.legal_basis_create(
            by=two[who],
            code="x-ny",
            law="barnets_lov",
            paragraph="§ 1",
            title="X",
            applies_to="support",
            valid_from=date(2027, 1, 1),
            valid_to=None,
            replaces=None,
            verified=False,
            source_note="",
        )
    assert not LegalBasis.objects.filter(code="x-ny").exists()


def test_the_service_refuses_a_municipal_head_and_changes_nothing(two) -> None:
    target = basis("bl-32-1-8")
    with pytest.raises(PermissionDenied):
        services.legal_basis_update(
            by=two["head_a"], basis=target, expected_version=target.version, valid_to=date(2027, 6, 30)
        )
    assert LegalBasis.objects.get(pk=target.pk).valid_to == target.valid_to


def test_the_list_is_read_only_for_the_municipalities_and_says_who_maintains_it(client, two) -> None:
    for who in ("head_a", "admin_a", "head_b"):
        client.force_login(two[who])
        page = client.get(reverse("measures:legal_bases")).content.decode()
        assert reverse("measures:legal_basis_create") not in page and "national lovgivning" in page


def test_the_operator_changes_a_legal_basis_and_both_municipalities_see_it(client, two) -> None:
    target = basis("bl-32-1-8")
    services.legal_basis_update(
        by=two["operator"], basis=target, expected_version=target.version, valid_to=date(2030, 12, 31)
    )
    assert LegalBasis.objects.get(pk=target.pk).valid_to == date(2030, 12, 31)
    client.force_login(two["operator"])
    assert client.get(reverse("measures:legal_basis_edit", args=[target.pk])).status_code == 200
