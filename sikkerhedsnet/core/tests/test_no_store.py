"""Personal pages are never kept by a browser's or proxy's cache: Cache-Control: no-store (issue #20)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        lambda child: f"/boern/{child.pk}/",
        lambda child: f"/boern/{child.pk}/historik/",
        lambda child: f"/boern/{child.pk}/rediger/",
        lambda child: "/boern/",
        lambda child: "/underretninger/ny/",
        lambda child: reverse("measures:decide", args=[child.pk]),
    ],
)
def test_pages_showing_a_child_are_no_store(client, caseworker, child, url) -> None:
    client.force_login(caseworker)
    response = client.get(url(child))
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")


def test_the_api_answer_about_a_child_is_no_store(api_client, caseworker, child) -> None:
    response = api_client(caseworker).get(f"/api/v1/children/{child.pk}")
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")


def test_a_view_that_sets_its_own_cache_control_keeps_it(client, db) -> None:
    assert "max-age=0" in client.get("/healthz").get("Cache-Control", "")
