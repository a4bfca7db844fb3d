"""Optimistic locking on the child edit form: a stale save is refused, the typed text is kept."""

from django.urls import reverse

from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import Child
from sikkerhedsnet.testing.forms import form_values
from sikkerhedsnet.testing.locking import assert_stale_edit_refused

STALE = "En anden har gemt ændringer i barnets oplysninger"


def _colleague_saves(child, colleague):
    return lambda: services.child_update(by=colleague, child=child, expected_version=child.version, city="Vejle")


def test_child_edit_stale_save_is_refused_and_keeps_typed_text(client, child, caseworker, colleague_same_team) -> None:
    client.force_login(caseworker)
    assert_stale_edit_refused(
        client,
        reverse("children:edit", args=[child.pk]),
        typed={"first_name": "Mit nye <fornavn>", "school_or_daycare": "Lindeskolen"},
        concurrent_save=_colleague_saves(child, colleague_same_team),
        reload=lambda: Child.objects.get(pk=child.pk),
        message=STALE,
    )


def test_child_edit_stale_save_shows_what_the_other_person_saved(
    client, child, caseworker, colleague_same_team
) -> None:
    client.force_login(caseworker)
    response = assert_stale_edit_refused(
        client,
        reverse("children:edit", args=[child.pk]),
        typed={"first_name": "Ida"},
        concurrent_save=_colleague_saves(child, colleague_same_team),
        reload=lambda: Child.objects.get(pk=child.pk),
        message=STALE,
    )
    assert "Vejle" in response.content.decode()


def test_child_edit_second_deliberate_save_after_stale_replaces(client, child, caseworker, colleague_same_team) -> None:
    client.force_login(caseworker)
    refused = assert_stale_edit_refused(
        client,
        reverse("children:edit", args=[child.pk]),
        typed={"first_name": "Ida"},
        concurrent_save=_colleague_saves(child, colleague_same_team),
        reload=lambda: Child.objects.get(pk=child.pk),
        message=STALE,
    )
    again = client.post(reverse("children:edit", args=[child.pk]), form_values(refused.content.decode()))
    assert again.status_code == 302 and Child.objects.get(pk=child.pk).first_name == "Ida"
