"""The one getter for what a child owns (children.selectors.object_get_for_user) and its page and API wrappers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.children import selectors
from sikkerhedsnet.children.models import JournalEntry
from sikkerhedsnet.children.tests.factories import JournalEntryFactory
from sikkerhedsnet.intake.tests.factories import NotificationFactory
from sikkerhedsnet.safety import selectors as safety_selectors
from sikkerhedsnet.safety.models import Mapping, MappingEntry
from sikkerhedsnet.safety.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

REASON = "Døgnvagt: politiet ringede om barnet"


def test_object_get_for_user_visible_child_returns_object_and_logs_purpose(child, caseworker):
    entry = JournalEntryFactory(child=child)
    assert selectors.object_get_for_user(caseworker, JournalEntry.objects.all(), entry.pk, purpose="journal") == entry
    event = AuditEvent.objects.get(type="child_viewed", child_id=child.pk, actor_id=caseworker.pk)
    assert event.new == {"purpose": "journal", "object_model": "children.journalentry", "object_id": str(entry.pk)}


def test_object_get_for_user_hidden_child_raises_the_objects_does_not_exist(child, outsider):
    entry = JournalEntryFactory(child=child)
    with pytest.raises(JournalEntry.DoesNotExist):
        selectors.object_get_for_user(outsider, JournalEntry.objects.all(), entry.pk)
    assert not AuditEvent.objects.filter(type="child_viewed", actor_id=outsider.pk).exists()


@pytest.mark.parametrize("object_id", [0, -1, 999_999, 2**63])
def test_object_get_for_user_missing_or_impossible_id_raises_does_not_exist(caseworker, object_id):
    with pytest.raises(JournalEntry.DoesNotExist):
        selectors.object_get_for_user(caseworker, JournalEntry.objects.all(), object_id)


def test_object_get_for_user_with_reason_breaks_the_glass(child, outsider):
    entry = JournalEntryFactory(child=child)
    assert selectors.object_get_for_user(outsider, JournalEntry.objects.all(), entry.pk, reason=REASON) == entry
    assert AuditEvent.objects.filter(type="break_the_glass", child_id=child.pk, reason=REASON).exists()
    assert AuditEvent.objects.filter(type="child_viewed", child_id=child.pk, reason=REASON).exists()


def test_object_get_for_user_with_short_reason_is_refused(child, outsider):
    entry = JournalEntryFactory(child=child)
    with pytest.raises(selectors.AccessReasonTooShort):
        selectors.object_get_for_user(outsider, JournalEntry.objects.all(), entry.pk, reason="fordi")


def test_object_get_for_user_for_a_role_without_case_access_raises_does_not_exist(child, team):
    analyst = UserFactory(role="analyst", team=None, municipality=team.department.municipality)
    entry = JournalEntryFactory(child=child)
    with pytest.raises(JournalEntry.DoesNotExist):
        selectors.object_get_for_user(analyst, JournalEntry.objects.all(), entry.pk, reason=REASON)


def test_object_get_for_user_attaches_the_checked_child(child, caseworker, django_assert_num_queries):
    entry = JournalEntryFactory(child=child)
    found = selectors.object_get_for_user(caseworker, JournalEntry.objects.all(), entry.pk)
    with django_assert_num_queries(0):
        assert found.child.case.caseworker == caseworker


def test_object_get_for_user_follows_a_path_to_the_child(child, caseworker, django_assert_num_queries):
    entry = EntryFactory(mapping__child=child)
    queryset = safety_selectors.mapping_entry_queryset()
    found = selectors.object_get_for_user(caseworker, queryset, entry.pk, child_field="mapping__child")
    with django_assert_num_queries(0):
        assert found.mapping.child.case.team == child.case.team


def test_object_get_for_user_path_to_a_hidden_child_raises(child, outsider):
    entry = EntryFactory(mapping__child=child)
    with pytest.raises(MappingEntry.DoesNotExist):
        selectors.object_get_for_user(
            outsider, safety_selectors.mapping_entry_queryset(), entry.pk, child_field="mapping__child"
        )


def test_object_get_for_user_prefetches_only_after_the_check(child, caseworker, outsider):
    mapping = EntryFactory(mapping__child=child).mapping
    with CaptureQueriesContext(connection) as refused, pytest.raises(Mapping.DoesNotExist):
        selectors.object_get_for_user(outsider, safety_selectors.mapping_queryset(), mapping.pk)
    assert not any("mappingentry" in q["sql"].lower() for q in refused.captured_queries)
    found = selectors.object_get_for_user(caseworker, safety_selectors.mapping_queryset(), mapping.pk)
    assert len(found.entries.all()) == 1  # prefetched: no further query in the template loop


def test_object_get_for_user_by_another_field(child, caseworker):
    from sikkerhedsnet.children.models import Document

    document = Document.objects.create(
        child=child,
        title="Dokument",
        original_name="x.pdf",
        content_type="application/pdf",
        size=10,
        file="documents/x",
        uploaded_by=caseworker,
    )
    found = selectors.object_get_for_user(caseworker, Document.objects.all(), document.public_id, field="public_id")
    assert found == document


def test_object_for_api_with_reason_breaks_the_glass(api_client, child, outsider):
    notification = NotificationFactory(child=child)
    response = api_client(outsider).get(f"/api/v1/notifications/{notification.pk}", HTTP_X_ACCESS_REASON=REASON)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(type="break_the_glass", child_id=child.pk, reason=REASON).exists()


def test_object_for_api_with_short_reason_is_422(api_client, child, outsider):
    notification = NotificationFactory(child=child)
    response = api_client(outsider).get(f"/api/v1/notifications/{notification.pk}", HTTP_X_ACCESS_REASON="kort")
    assert response.status_code == 422 and response.json()["code"] == "access_reason_too_short"


def test_object_for_api_hidden_child_is_the_same_404_as_a_missing_object(api_client, child, outsider):
    notification = NotificationFactory(child=child)
    client = api_client(outsider)
    hidden = client.get(f"/api/v1/notifications/{notification.pk}")
    missing = client.get("/api/v1/notifications/999999")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
