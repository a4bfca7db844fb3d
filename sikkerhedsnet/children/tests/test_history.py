"""The child's record "as it was on date X" (django-simple-history), and that looking is audited."""

from datetime import datetime

import time_machine
from django.utils import timezone

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import services
from sikkerhedsnet.children.models import Child

TZ = timezone.get_default_timezone()


def _at(day: str):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime.fromisoformat(day + "T10:00").replace(tzinfo=TZ), tick=False)


def _create(caseworker) -> Child:  # type: ignore[no-untyped-def]
    with _at("2026-03-02"):
        return services.child_create(
            by=caseworker, cpr="610115-4001", first_name="Freja", last_name="Fiktivsen", address="Fiktivvej 1"
        )


def test_history_shows_details_as_they_were_before_a_change(client, caseworker) -> None:
    child = _create(caseworker)
    with _at("2026-03-10"):
        services.child_update(by=caseworker, child=child, expected_version=1, address="Demogade 9", last_name="Ny")
    client.force_login(caseworker)
    body = client.get(f"/boern/{child.pk}/historik/?on=2026-03-05").content.decode()
    assert "Fiktivvej 1" in body and "Demogade 9" not in body and "Freja Fiktivsen" in body


def test_history_on_the_day_of_the_change_shows_the_new_details(client, caseworker) -> None:
    child = _create(caseworker)
    with _at("2026-03-10"):
        services.child_update(by=caseworker, child=child, expected_version=1, address="Demogade 9")
    client.force_login(caseworker)
    assert "Demogade 9" in client.get(f"/boern/{child.pk}/historik/?on=2026-03-10").content.decode()


def test_history_before_registration_says_not_registered(client, caseworker) -> None:
    child = _create(caseworker)
    client.force_login(caseworker)
    body = client.get(f"/boern/{child.pk}/historik/?on=2026-03-01").content.decode()
    assert "ikke registreret" in body


def test_history_shows_family_as_it_was(client, caseworker) -> None:
    child = _create(caseworker)
    with _at("2026-03-03"):
        relation = services.relation_add(by=caseworker, child=child, kind="mother", first_name="Mette")
    with _at("2026-03-20"):
        services.relation_remove(by=caseworker, relation=relation)
    client.force_login(caseworker)
    assert "Mette" in client.get(f"/boern/{child.pk}/historik/?on=2026-03-10").content.decode()
    assert "Mette" not in client.get(f"/boern/{child.pk}/historik/?on=2026-03-25").content.decode()


def test_history_lists_the_days_with_changes(client, caseworker) -> None:
    child = _create(caseworker)
    with _at("2026-03-10"):
        services.child_update(by=caseworker, child=child, expected_version=1, address="Demogade 9")
    client.force_login(caseworker)
    body = client.get(f"/boern/{child.pk}/historik/").content.decode()
    assert "?on=2026-03-10" in body and "?on=2026-03-02" in body


def test_viewing_history_is_audited_with_the_date(client, caseworker) -> None:
    child = _create(caseworker)
    client.force_login(caseworker)
    client.get(f"/boern/{child.pk}/historik/?on=2026-03-05")
    assert AuditEvent.objects.filter(type="child_history_viewed", child_id=child.pk, new__as_of="2026-03-05").exists()


def test_history_with_malformed_or_absurd_date_is_a_form_error(client, caseworker) -> None:
    child = _create(caseworker)
    client.force_login(caseworker)
    for bad in ("0001-01-01", "2026-13-45", "i-går", "9999-12-31"):
        assert client.get(f"/boern/{child.pk}/historik/?on={bad}").status_code == 422, bad


def test_history_of_invisible_child_is_404(client, child, outsider) -> None:
    client.force_login(outsider)
    assert client.get(f"/boern/{child.pk}/historik/?on=2026-03-05").status_code == 404
