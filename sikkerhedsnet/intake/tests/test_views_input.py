"""The notification page with odd input: a clear 4xx or form error, never a 500 (issue #20)."""

import pytest

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.core.tests.test_identifiers import ZEROS, in_script
from sikkerhedsnet.testing.forms import with_form_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("barn", ["²", "³", "٣", "３", "abc", "-1", "0", "9" * 25])
def test_register_page_with_a_barn_that_is_no_ascii_id_is_404(client, caseworker, barn) -> None:
    client.force_login(caseworker)
    assert client.get("/underretninger/ny/", {"barn": barn}).status_code == 404


def test_register_page_with_the_childs_id_in_arabic_indic_digits_is_not_that_child(client, caseworker, child) -> None:
    client.force_login(caseworker)
    response = client.get("/underretninger/ny/", {"barn": in_script(str(child.pk), 0x0660)})
    assert response.status_code == 404


@pytest.mark.parametrize("zero", ZEROS)
def test_register_with_a_cpr_in_another_scripts_digits_is_a_form_error(client, caseworker, zero) -> None:
    client.force_login(caseworker)
    data = {
        "cpr": in_script("610115-4001", zero),
        "first_name": "Freja",
        "last_name": "Fiktivsen",
        "received_at": "2026-03-10T09:15",
        "reporter_type": "anonymous",
        "channel": "phone",
        "summary": "Bekymring.",
        "categories": ["violence"],
    }
    response = client.post("/underretninger/ny/", with_form_token(data))
    assert response.status_code == 422 and "cpr" in response.context["form"].errors
    assert not Child.objects.exists()
