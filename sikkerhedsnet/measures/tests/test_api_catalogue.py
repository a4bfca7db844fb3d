"""API: the catalogue (GET/POST /offers, GET/PUT /offers/{id}) and the legal bases (GET /legal-bases)."""

from __future__ import annotations

import pytest

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory, UserFactory
from sikkerhedsnet.measures.models import Offer
from sikkerhedsnet.measures.tests.factories import OfferFactory, basis

pytestmark = pytest.mark.django_db


def offer_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "Netværksmøder",
        "kind": "preventive",
        "step": 2,
        "categories": ["3", "4a"],
        "legal_basis": basis("bl-32-1-5").code,
        "provider": "Familiehuset",
        "monthly_price": 9000,
    }
    return body | changes


@pytest.fixture
def far_offer(db):  # type: ignore[no-untyped-def]
    return OfferFactory(municipality=MunicipalityFactory(), name="Fjern kommunes tilbud")


def test_list_offers_shows_only_own_municipality(api_client, caseworker, offer, far_offer) -> None:
    body = api_client(caseworker).get("/api/v1/offers").json()
    assert [o["name"] for o in body["items"]] == ["Familiebehandling"]


def test_list_offers_hides_inactive_unless_asked(api_client, caseworker, offer) -> None:
    Offer.objects.filter(pk=offer.pk).update(active=False)
    client = api_client(caseworker)
    assert client.get("/api/v1/offers").json()["count"] == 0
    assert client.get("/api/v1/offers", {"include_inactive": "true"}).json()["count"] == 1


def test_list_offers_as_analyst_is_403(api_client, municipality) -> None:
    analyst = UserFactory(role="analyst", team=None, municipality=municipality)
    response = api_client(analyst).get("/api/v1/offers")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_get_offer_returns_its_legal_basis_and_version(api_client, caseworker, offer) -> None:
    body = api_client(caseworker).get(f"/api/v1/offers/{offer.pk}").json()
    assert (body["legal_basis"], body["version"], body["monthly_price"]) == ("bl-32-1-5", 1, 14500)


def test_get_offer_of_other_municipality_is_404(api_client, caseworker, far_offer) -> None:
    response = api_client(caseworker).get(f"/api/v1/offers/{far_offer.pk}")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_get_offer_with_id_beyond_64_bits_is_422(api_client, caseworker) -> None:
    assert api_client(caseworker).get(f"/api/v1/offers/{2**63}").status_code == 422


def test_create_offer_as_head_returns_201(api_client, head) -> None:
    response = api_client(head).post("/api/v1/offers", offer_body(), content_type="application/json")
    assert response.status_code == 201
    assert Offer.objects.get(pk=response.json()["id"]).municipality_id == head.municipality_id


def test_create_offer_as_caseworker_is_403_and_creates_nothing(api_client, caseworker) -> None:
    response = api_client(caseworker).post("/api/v1/offers", offer_body(), content_type="application/json")
    assert response.status_code == 403
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"legal_basis": "bl-999"}, "legal_basis", "unknown_legal_basis"),
        ({"name": "  "}, "name", "required"),
        ({"categories": ["9"]}, "categories", "invalid_categories"),
        ({"step": 7}, "step", "invalid_step"),
        ({"monthly_price": -1}, "monthly_price", "negative_cost"),
        ({"kind": "foster_family"}, "placement_type", "required"),
    ],
)
def test_create_offer_invalid_input_is_422_with_code(api_client, head, changes, field, code) -> None:
    response = api_client(head).post("/api/v1/offers", offer_body(**changes), content_type="application/json")
    assert (response.status_code, response.json()["code"], response.json()["errors"][0]["field"]) == (422, code, field)
    assert not Offer.objects.exists()


def test_create_offer_with_name_in_use_is_409(api_client, head, offer) -> None:
    response = api_client(head).post(
        "/api/v1/offers", offer_body(name="Familiebehandling"), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "duplicate_offer")


def test_update_offer_saves_and_bumps_version(api_client, head, offer) -> None:
    response = api_client(head).put(
        f"/api/v1/offers/{offer.pk}", offer_body(monthly_price=15000, version=1), content_type="application/json"
    )
    assert (response.status_code, response.json()["version"], response.json()["monthly_price"]) == (200, 2, 15000)


def test_update_offer_with_stale_version_is_409_and_changes_nothing(api_client, head, offer) -> None:
    Offer.objects.filter(pk=offer.pk).update(version=2)
    response = api_client(head).put(
        f"/api/v1/offers/{offer.pk}", offer_body(monthly_price=1, version=1), content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "stale_edit")
    assert Offer.objects.get(pk=offer.pk).monthly_price == 14500


def test_update_offer_of_other_municipality_is_404_and_changes_nothing(api_client, head, far_offer) -> None:
    response = api_client(head).put(
        f"/api/v1/offers/{far_offer.pk}", offer_body(version=1), content_type="application/json"
    )
    assert response.status_code == 404
    assert Offer.objects.get(pk=far_offer.pk).name == "Fjern kommunes tilbud"


def test_update_offer_without_version_is_422(api_client, head, offer) -> None:
    response = api_client(head).put(f"/api/v1/offers/{offer.pk}", offer_body(), content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "version_required")


def test_list_legal_bases_includes_the_seeded_paragraphs(api_client, caseworker) -> None:
    basis("bl-46")
    codes = {b["code"] for b in api_client(caseworker).get("/api/v1/legal-bases").json()["items"]}
    assert {"bl-46", "bl-32-1-5"} <= codes


@pytest.mark.parametrize(
    ("value", "status", "code"),
    [
        ("0", 422, "validation_error"),
        ("9999-01-01", 422, "date_out_of_range"),
        ("2026-02-30", 422, "date_out_of_range"),
    ],
)
def test_list_legal_bases_bad_valid_on_is_422(api_client, caseworker, value, status, code) -> None:
    response = api_client(caseworker).get("/api/v1/legal-bases", {"valid_on": value})
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_list_legal_bases_valid_on_leaves_out_bases_not_in_force(api_client, caseworker) -> None:
    basis("bl-46")
    items = api_client(caseworker).get("/api/v1/legal-bases", {"valid_on": "2020-01-01"}).json()["items"]
    assert "bl-46" not in {b["code"] for b in items}  # Barnets lov is in force from 2024
