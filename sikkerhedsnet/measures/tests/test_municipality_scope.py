"""The catalogue (tilbudsvifte) is the actor's municipality's own (issue #20, High 1).

Two municipalities: the head works in A, B has its own offer; B's offer is never listed, shown or changed.
Legal bases (hjemler) are national: one list for every municipality (see the report of issue #20).
"""

import pytest
from django.urls import reverse

from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory
from sikkerhedsnet.measures.models import Offer
from sikkerhedsnet.measures.tests.factories import OfferFactory
from sikkerhedsnet.testing.forms import with_form_token


@pytest.fixture
def offer_b(db):  # type: ignore[no-untyped-def]
    return OfferFactory(municipality=MunicipalityFactory(name="Kommune B", code="899"), name="Kommune B's tilbud")


def test_offer_list_shows_no_offer_of_another_municipality(client, head, offer_b) -> None:
    client.force_login(head)
    assert "Kommune B's tilbud" not in client.get(reverse("measures:offers"), {"alle": "1"}).content.decode()


def test_offer_edit_page_of_another_municipality_is_404(client, head, offer_b) -> None:
    client.force_login(head)
    assert client.get(reverse("measures:offer_edit", args=[offer_b.pk])).status_code == 404


def test_offer_edit_of_another_municipality_is_404_and_changes_nothing(client, head, offer_b) -> None:
    client.force_login(head)
    response = client.post(
        reverse("measures:offer_edit", args=[offer_b.pk]),
        with_form_token(
            {
                "version": str(offer_b.version),
                "name": "Overtaget",
                "kind": offer_b.kind,
                "step": str(offer_b.step),
                "categories": offer_b.categories,
                "legal_basis": str(offer_b.legal_basis_id),
                "provider": "X",
                "monthly_price": "1",
            }
        ),
    )
    assert response.status_code == 404 and Offer.objects.get(pk=offer_b.pk).name == "Kommune B's tilbud"


def test_offer_create_puts_the_offer_in_the_actors_municipality(client, head, offer_b) -> None:
    client.force_login(head)
    client.post(
        reverse("measures:offer_create"),
        with_form_token(
            {
                "name": "Nyt tilbud",
                "kind": offer_b.kind,
                "step": str(offer_b.step),
                "categories": offer_b.categories,
                "legal_basis": str(offer_b.legal_basis_id),
                "provider": "X",
                "monthly_price": "1",
            }
        ),
    )
    assert Offer.objects.get(name="Nyt tilbud").municipality_id == head.municipality_id
