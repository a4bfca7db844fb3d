"""Reusable check for optimistic locking on an edit page (style.md: editable records carry `version`).

assert_stale_edit_refused(
    client, reverse("children:edit", args=[child.pk]),
    typed={"first_name": "Mit nye navn"},
    concurrent_save=lambda: child_update(by=colleague, child=child, expected_version=1, city="Vejle"),
    reload=lambda: Child.objects.get(pk=child.pk),
    message="En anden har gemt ændringer",
)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.utils.html import escape

from .forms import form_values


def assert_stale_edit_refused(
    client: Client,
    url: str,
    *,
    typed: dict[str, str],
    concurrent_save: Callable[[], Any],
    reload: Callable[[], Any],
    message: str,
) -> Any:
    """Open the edit form, let someone else save, then save the user's typing with the old version.

    The save must be refused with 409 and `message`, the page must still hold every typed value, and the
    record must not carry the typed values. Returns the refused response for further checks.
    """
    opened = client.get(url)
    assert opened.status_code == 200, f"GET {url} answered {opened.status_code}"
    data = form_values(opened.content.decode())
    assert "version" in data, "the edit form carries no hidden `version` field"
    concurrent_save()
    response = client.post(url, {**data, **typed})
    html = response.content.decode()
    assert response.status_code == 409, f"a stale save answered {response.status_code}, not 409"
    assert escape(message) in html, f"the stale save does not explain itself ({message!r} missing)"
    kept = form_values(html)
    for name, value in typed.items():
        assert kept.get(name) == value, f"the typed {name!r} was not kept in the form ({kept.get(name)!r})"
    record = reload()
    for name, value in typed.items():
        assert getattr(record, name) != value, f"the stale save overwrote {name!r}"
    return response
