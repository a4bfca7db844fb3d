"""A reason of invisible characters only is no reason (issue #20): refused like a short or empty one."""

import pytest

from sikkerhedsnet.children import selectors
from sikkerhedsnet.children.models import BreakGlassAccess

pytestmark = pytest.mark.django_db

INVISIBLE = ["\u200b" * 20, "\u2060\ufeff\u200c" * 8, "\u3164" * 20, "\u2800" * 20, "\u200b \u200b " * 10]


@pytest.mark.parametrize("reason", INVISIBLE)
def test_break_the_glass_with_an_invisible_reason_is_refused(child, outsider, reason) -> None:
    with pytest.raises(selectors.AccessReasonTooShort):
        selectors.child_get_for_user(outsider, child.pk, reason=reason)
    assert not BreakGlassAccess.objects.exists()


def test_break_the_glass_reason_is_stored_without_invisible_characters(child, outsider) -> None:
    selectors.child_get_for_user(outsider, child.pk, reason="\u200bDøgnvagt:\u200b akut\u2800")
    assert BreakGlassAccess.objects.get().reason == "Døgnvagt: akut"


@pytest.mark.parametrize("reason", INVISIBLE)
def test_break_the_glass_form_with_an_invisible_reason_is_refused(client, child, outsider, reason) -> None:
    client.force_login(outsider)
    response = client.post("/boern/begrundet-adgang/", {"cpr": child.cpr, "reason": reason})
    assert response.status_code in (200, 422) and not BreakGlassAccess.objects.exists()
