"""The one versioned-update helper: lock, refuse a stale edit, save the changed columns, audit old and new."""

import pytest

from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children.models import Case, Child
from sikkerhedsnet.children.tests.factories import ChildFactory
from sikkerhedsnet.core import versioning
from sikkerhedsnet.core.errors import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def kid() -> Child:
    return ChildFactory(city="Kolding", address="Vejen 1")  # type: ignore[return-value]


def _update(child: Child, by, expected_version: int | None, **changes: object) -> Child:  # type: ignore[no-untyped-def]
    return versioning.versioned_update(
        child,
        by=by,
        action=AuditEvent.Type.CHANGED,
        expected_version=expected_version,
        changes=changes,
        child_id=child.pk,
        stale_message="Forældet",
    )


def _last_event(child: Child) -> AuditEvent:
    return AuditEvent.objects.filter(target_model="children.child", target_id=str(child.pk)).latest("seq")


def test_versioned_update_stale_version_refused_and_nothing_saved(kid, caseworker) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(StaleEdit) as refused:
        _update(kid, caseworker, expected_version=kid.version + 1, city="Vejle")
    kid.refresh_from_db()
    assert (refused.value.code, refused.value.message, refused.value.status) == ("stale_edit", "Forældet", 409)
    assert (kid.city, kid.version, AuditEvent.objects.count()) == ("Kolding", 1, events)


def test_versioned_update_records_old_and_new_of_changed_fields_only(kid, caseworker) -> None:
    _update(kid, caseworker, expected_version=1, city="Vejle", address="Vejen 1")
    event = _last_event(kid)
    assert (event.type, event.child_id, event.old, event.new) == (
        "changed",
        kid.pk,
        {"city": "Kolding"},
        {"city": "Vejle"},
    )


def test_versioned_update_bumps_version_and_saves(kid, caseworker) -> None:
    _update(kid, caseworker, expected_version=1, city="Vejle")
    kid.refresh_from_db()
    assert (kid.city, kid.version) == ("Vejle", 2)


def test_versioned_update_saves_only_the_changed_columns(kid, caseworker) -> None:
    current = versioning.lock(Child, kid.pk, expected_version=1)
    Child.objects.filter(pk=kid.pk).update(school_or_daycare="Skolen")  # a column this edit does not touch
    _update(current, caseworker, expected_version=1, city="Vejle")
    kid.refresh_from_db()
    assert (kid.city, kid.school_or_daycare) == ("Vejle", "Skolen")


def test_versioned_update_concurrent_edit_refused(kid, caseworker, colleague_same_team) -> None:
    mine, theirs = Child.objects.get(pk=kid.pk), Child.objects.get(pk=kid.pk)  # both opened version 1
    _update(theirs, colleague_same_team, expected_version=theirs.version, city="Vejle")
    with pytest.raises(StaleEdit):
        _update(mine, caseworker, expected_version=mine.version, city="Odense")
    kid.refresh_from_db()
    assert (kid.city, kid.version) == ("Vejle", 2)


def test_versioned_update_rereads_an_unlocked_copy(kid, caseworker, colleague_same_team) -> None:
    stale_copy = Child.objects.get(pk=kid.pk)
    _update(kid, colleague_same_team, expected_version=None, city="Vejle")
    _update(stale_copy, caseworker, expected_version=None, address="Vejen 2")
    kid.refresh_from_db()
    assert (kid.city, kid.address, kid.version) == ("Vejle", "Vejen 2", 3)


def test_versioned_update_private_field_recorded_as_redacted(kid, caseworker) -> None:
    versioning.versioned_update(
        kid,
        by=caseworker,
        action=AuditEvent.Type.CHANGED,
        expected_version=1,
        changes={"address": "Hemmelig Allé 7"},
        private={"address"},
    )
    event = _last_event(kid)
    assert (event.old, event.new) == ({"address": versioning.REDACTED}, {"address": versioning.REDACTED})


def test_versioned_update_foreign_key_recorded_by_id(child, caseworker, colleague_same_team) -> None:
    case = versioning.lock(Case, child=child)
    versioning.versioned_update(
        case,
        by=caseworker,
        action=AuditEvent.Type.CHANGED,
        expected_version=None,
        changes={"caseworker": colleague_same_team},
        child_id=child.pk,
    )
    event = AuditEvent.objects.filter(target_model="children.case").latest("seq")
    assert (event.old, event.new) == ({"caseworker": caseworker.pk}, {"caseworker": colleague_same_team.pk})


def test_versioned_update_also_set_saved_not_recorded_and_extras_recorded(kid, caseworker) -> None:
    versioning.versioned_update(
        kid,
        by=caseworker,
        action=AuditEvent.Type.CHANGED,
        expected_version=1,
        changes={"city": "Vejle"},
        also_set={"search_name": "nyt navn"},
        extra_new={"reason": "test"},
    )
    kid.refresh_from_db()
    event = _last_event(kid)
    assert (kid.search_name, event.old, event.new) == (
        "nyt navn",
        {"city": "Kolding"},
        {"city": "Vejle", "reason": "test"},
    )


def test_versioned_update_history_names_the_actor(kid, caseworker) -> None:
    _update(kid, caseworker, expected_version=1, city="Vejle")
    latest = kid.history.latest()
    assert (latest.city, latest.version, latest.history_user_id) == ("Vejle", 2, caseworker.pk)


def test_versioned_update_unknown_column_raises(kid, caseworker) -> None:
    with pytest.raises(TypeError):
        _update(kid, caseworker, expected_version=1, not_a_field="x")


def test_lock_stale_version_refused_with_message(kid) -> None:
    with pytest.raises(StaleEdit, match="Forældet"):
        versioning.lock(Child, kid.pk, expected_version=7, stale_message="Forældet")
