"""One person, one record: a CPR number typed in another script's digits is refused by the form, the service
and the API, so the same child cannot be registered once per script (issue #20)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.tests.test_identifiers import ZEROS, in_script
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db
CPR = "610115-4001"


@pytest.mark.parametrize("zero", ZEROS)
def test_child_create_with_the_same_cpr_in_other_digits_is_invalid_cpr(caseworker, zero) -> None:
    services.child_create(by=caseworker, cpr=CPR, first_name="Freja", last_name="Fiktivsen")
    with pytest.raises(DomainError) as caught:
        services.child_create(by=caseworker, cpr=in_script(CPR, zero), first_name="Freja", last_name="Fiktivsen")
    assert (caught.value.code, caught.value.field, Child.objects.count()) == ("invalid_cpr", "cpr", 1)


@pytest.mark.parametrize("zero", ZEROS)
def test_api_create_child_with_cpr_in_other_digits_is_422_invalid_cpr(api_client, caseworker, zero) -> None:
    body = {"cpr": in_script(CPR, zero), "first_name": "Freja", "last_name": "Fiktivsen"}
    response = api_client(caseworker).post("/api/v1/children", json.dumps(body), content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "invalid_cpr")
    assert not Child.objects.exists()


@pytest.mark.parametrize("zero", ZEROS)
def test_child_form_with_cpr_in_other_digits_is_a_form_error(client, caseworker, zero) -> None:
    client.force_login(caseworker)
    data = {"cpr": in_script(CPR, zero), "first_name": "Freja", "last_name": "Fiktivsen"}
    response = client.post("/boern/ny/", with_form_token(data))
    assert response.status_code in (200, 422) and "cpr" in response.context["form"].errors
    assert not Child.objects.exists()


def test_api_create_child_with_postal_code_in_other_digits_is_422(api_client, caseworker) -> None:
    body = {"cpr": CPR, "first_name": "Freja", "last_name": "Fiktivsen", "postal_code": "٧١٠٠"}
    response = api_client(caseworker).post("/api/v1/children", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and not Child.objects.exists()


def test_child_form_with_postal_code_in_full_width_digits_is_a_form_error(client, caseworker) -> None:
    client.force_login(caseworker)
    data = {"cpr": CPR, "first_name": "Freja", "last_name": "Fiktivsen", "postal_code": "７１００"}
    response = client.post("/boern/ny/", with_form_token(data))
    assert "postal_code" in response.context["form"].errors and not Child.objects.exists()


def test_relation_with_phone_in_other_digits_is_invalid_phone(caseworker, child) -> None:
    with pytest.raises(DomainError) as caught:
        services.relation_add(by=caseworker, child=child, kind="mother", first_name="Mor", phone="٢٠٣٠٤٠٥٠")
    assert (caught.value.code, caught.value.field) == ("invalid_phone", "phone")


def test_children_search_in_arabic_indic_digits_finds_no_cpr(caseworker) -> None:
    from sikkerhedsnet.children.selectors import children_search

    services.child_create(by=caseworker, cpr=CPR, first_name="Freja", last_name="Fiktivsen")
    assert children_search(caseworker, in_script("610115", 0x0660)).count == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from((0x30, *ZEROS)), min_size=10, max_size=10))
def test_the_same_child_in_any_mix_of_digit_scripts_is_one_record(caseworker, scripts) -> None:
    digits = CPR.replace("-", "")
    typed = "".join(chr(zero + int(d)) for zero, d in zip(scripts, digits, strict=True))
    try:
        services.child_create(by=caseworker, cpr=typed, first_name="Freja", last_name="Fiktivsen")
    except DomainError as exc:
        assert exc.code in ("invalid_cpr", "duplicate_cpr")
    assert list(Child.objects.values_list("cpr", flat=True)) in ([], [digits])
