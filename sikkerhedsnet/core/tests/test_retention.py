"""Retention and erasure: plan → review → commit/discard; legal holds always win."""

import os
from datetime import date, timedelta
from typing import cast

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.accounts.models import Municipality
from sikkerhedsnet.accounts.tests.factories import MunicipalityFactory
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.audit.services import audit_chain_verify
from sikkerhedsnet.children import services as child_services
from sikkerhedsnet.children.models import Case, Child, Document, JournalEntry, Person, Relation
from sikkerhedsnet.children.tests.factories import ChildFactory, JournalEntryFactory, RelationFactory
from sikkerhedsnet.core import retention
from sikkerhedsnet.core.errors import Conflict
from sikkerhedsnet.core.models import DeletionItem, DeletionRun, FormSubmission
from sikkerhedsnet.testing.forms import form_values, parse_forms, with_form_token

AS_OF = date(2030, 6, 15)
CASE_FILE = retention.record_type("children.case_file")


def _closed_child(closed_on, **kw):
    return ChildFactory(case__opened_on=closed_on - timedelta(days=400), case__closed_on=closed_on, **kw)


# ------------------------------------------------------------------------------------------ pure rules


@pytest.mark.parametrize(
    ("as_of", "cutoff"),
    [
        (date(2030, 6, 15), date(2025, 6, 15)),
        (date(2028, 2, 29), date(2023, 2, 28)),  # leap day: clamped to the month's end
        (date(2030, 1, 1), date(2025, 1, 1)),
    ],
)
def test_cutoff_for_case_file_is_five_years_back(as_of, cutoff) -> None:
    assert retention.cutoff_for(CASE_FILE, as_of) == cutoff


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_cutoff_for_is_before_as_of_and_at_least_five_years_back(as_of) -> None:
    cutoff = retention.cutoff_for(CASE_FILE, as_of)
    assert cutoff < as_of and cutoff + relativedelta(years=5) >= as_of - timedelta(days=1)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 1, 1)), st.integers(1, 4000))
def test_cutoff_for_is_monotone(as_of, days) -> None:
    later = as_of + timedelta(days=days)
    assert retention.cutoff_for(CASE_FILE, as_of) <= retention.cutoff_for(CASE_FILE, later)


def test_period_of_follows_retention_periods_setting(settings) -> None:
    settings.RETENTION_PERIODS = {"children.case_file": {"years": 10}}
    assert retention.cutoff_for(CASE_FILE, AS_OF) == date(2020, 6, 15)


def test_every_record_type_names_a_model_and_a_reason() -> None:
    for rt in retention.record_types():
        assert rt.model_class()._meta.label_lower == rt.model.lower() and rt.legal_basis and rt.label


def test_register_refuses_a_reviewed_record_type_without_municipality_path() -> None:
    """Every reviewed record maps to one municipality, so no record lands in every municipality's run."""
    with pytest.raises(ValueError, match="municipality_path"):
        retention.register(
            retention.RecordType(
                key="test.unscoped",
                label="x",
                model="children.Child",
                anchor=retention.CASE_CLOSED,
                child_path="",
                period={"years": 5},
                legal_basis="x",
            )
        )


def test_every_reviewed_record_type_is_in_a_municipality_run() -> None:
    assert all(retention.in_municipality_run(rt) for rt in retention.record_types() if not rt.technical)


# ---------------------------------------------------------------------------------------------- due


@pytest.mark.parametrize(
    ("closed_on", "is_due"),
    [(date(2025, 6, 14), True), (date(2025, 6, 15), True), (date(2025, 6, 16), False), (date(2030, 1, 1), False)],
)
def test_due_case_file_counts_from_closing_day(db, closed_on, is_due) -> None:
    child = _closed_child(closed_on)
    assert (child in retention.due(CASE_FILE, AS_OF)) is is_due


def test_due_for_a_municipality_leaves_out_another_municipalitys_case(db) -> None:
    child = _closed_child(date(2020, 1, 1))
    other = cast(Municipality, MunicipalityFactory(name="Anden kommune", code="899"))
    assert child not in retention.due(CASE_FILE, AS_OF, municipality_id=other.pk)
    assert child in retention.due(CASE_FILE, AS_OF, municipality_id=child.case.team.department.municipality_id)


def test_due_for_a_municipality_has_no_technical_records(db, caseworker) -> None:
    FormSubmission.objects.create(user=caseworker, token="x" * 32)
    FormSubmission.objects.update(created_at=timezone.now() - timedelta(days=30))
    technical = retention.record_type("core.form_submission")
    assert not retention.due(technical, timezone.localdate(), municipality_id=caseworker.municipality_id).exists()


def test_due_never_includes_an_open_case(db) -> None:
    child = ChildFactory(case__opened_on=date(2001, 1, 1))
    assert child not in retention.due(CASE_FILE, AS_OF)


def test_due_never_includes_a_case_under_legal_hold(db) -> None:
    child = _closed_child(date(2020, 1, 1))
    Case.objects.filter(child=child).update(legal_hold=True, legal_hold_reason="Klagesag i Ankestyrelsen")
    assert child not in retention.due(CASE_FILE, AS_OF)


def test_due_child_bound_created_type_excludes_legal_hold(db, outsider) -> None:
    from sikkerhedsnet.children.models import BreakGlassAccess

    child = ChildFactory(case__legal_hold=True, case__legal_hold_reason="Retssag om anbringelse")
    BreakGlassAccess.objects.create(
        user=outsider,
        child=child,
        reason="x" * 10,
        granted_at=timezone.now() - timedelta(days=3000),
        expires_at=timezone.now() - timedelta(days=2999),
    )
    assert not retention.due(retention.record_type("children.break_glass_access"), timezone.localdate()).exists()


# ------------------------------------------------------------------------------------- plan / discard


def test_deletion_plan_lists_due_records_and_deletes_nothing(db) -> None:
    child = _closed_child(date(2020, 1, 1))
    run = retention.deletion_plan(by=None, as_of=AS_OF)
    assert list(run.items.values_list("object_id", "child_id")) == [(str(child.pk), child.pk)]
    assert Child.objects.filter(pk=child.pk).exists()


def test_deletion_plan_summary_names_case_number_not_the_person(db) -> None:
    child = _closed_child(date(2020, 1, 1))
    item = retention.deletion_plan(by=None, as_of=AS_OF).items.get()
    assert child.case.number in item.summary and child.first_name not in item.summary


def test_deletion_plan_is_logged(db, caseworker) -> None:
    _closed_child(date(2020, 1, 1), case__team=caseworker.team)
    run = retention.deletion_plan(by=caseworker, municipality=caseworker.municipality, as_of=AS_OF)
    event = AuditEvent.objects.get(target_model="core.deletionrun", target_id=str(run.pk), type="created")
    assert event.new["planned"]["children.case_file"] == 1


def test_deletion_discard_keeps_everything(db, caseworker) -> None:
    child = _closed_child(date(2020, 1, 1), case__team=caseworker.team)
    plan = retention.deletion_plan(by=caseworker, municipality=caseworker.municipality, as_of=AS_OF)
    run = retention.deletion_discard(by=caseworker, run=plan)
    assert run.status == DeletionRun.Status.DISCARDED and Child.objects.filter(pk=child.pk).exists()


def test_deletion_commit_after_discard_is_refused(db) -> None:
    _closed_child(date(2020, 1, 1))
    run = retention.deletion_discard(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    with pytest.raises(Conflict):
        retention.deletion_commit(by=None, run=run)


# ---------------------------------------------------------------------------------------------- commit


@pytest.fixture
def closed_case_file(db, caseworker, settings, tmp_path):
    """A child with a closed case, a journal note, a parent, a document and history rows."""
    settings.MEDIA_ROOT = tmp_path
    child = _closed_child(date(2020, 1, 1), case__team=caseworker.team, case__caseworker=caseworker)
    child_services.child_update(by=caseworker, child=child, expected_version=1, city="Vejle")
    JournalEntryFactory(child=child, author=caseworker)
    relation = child_services.relation_add(by=caseworker, child=child, kind="mother", first_name="Mor")
    document = child_services.document_upload(
        by=caseworker, child=child, title="Referat", upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4"), max_bytes=10**6
    )
    return child, relation.person, document


def test_deletion_commit_erases_the_case_file_with_cascade(closed_case_file) -> None:
    child, parent, _ = closed_case_file
    retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert not any(
        m.objects.filter(**f).exists()
        for m, f in [
            (Child, {"pk": child.pk}),
            (Case, {"child_id": child.pk}),
            (JournalEntry, {"child_id": child.pk}),
            (Relation, {"child_id": child.pk}),
            (Document, {"child_id": child.pk}),
            (Person, {"pk": parent.pk}),
        ]
    )


def test_deletion_commit_erases_history_rows(closed_case_file) -> None:
    child, parent, _ = closed_case_file
    retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert (
        Child.history.filter(id=child.pk).count(),
        Case.history.filter(child_id=child.pk).count(),
        Relation.history.filter(child_id=child.pk).count(),
        Person.history.filter(id=parent.pk).count(),
    ) == (0, 0, 0, 0)


def test_deletion_commit_removes_document_files(closed_case_file, django_capture_on_commit_callbacks) -> None:
    _, _, document = closed_case_file
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert not os.path.exists(path)


def test_deletion_commit_keeps_a_parent_related_to_another_child(closed_case_file) -> None:
    child, parent, _ = closed_case_file
    sibling = ChildFactory()
    RelationFactory(child=sibling, person=parent)
    retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert Person.objects.filter(pk=parent.pk).exists()


def test_deletion_commit_logs_each_erased_case_with_its_child_id(closed_case_file) -> None:
    child, _, _ = closed_case_file
    retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    event = AuditEvent.objects.get(type="deleted", target_model="children.child")
    assert (event.child_id, event.new["cascade"]["children.journalentry"]) == (child.pk, 1)


def test_deletion_commit_keeps_the_audit_chain_intact(closed_case_file) -> None:
    retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert audit_chain_verify() is None


def test_deletion_commit_skips_a_case_put_under_legal_hold_after_the_plan(closed_case_file, team_leader) -> None:
    child, _, _ = closed_case_file
    run = retention.deletion_plan(by=None, as_of=AS_OF)
    child_services.case_legal_hold_set(by=team_leader, child=child, hold=True, reason="Klagesag i Ankestyrelsen")
    retention.deletion_commit(by=None, run=run)
    item = run.items.get()
    assert Child.objects.filter(pk=child.pk).exists() and item.outcome == DeletionItem.Outcome.SKIPPED


def test_deletion_commit_skips_a_case_reopened_after_the_plan(closed_case_file, caseworker) -> None:
    child, _, _ = closed_case_file
    run = retention.deletion_plan(by=None, as_of=AS_OF)
    child_services.case_reopen(by=caseworker, child=child)
    retention.deletion_commit(by=None, run=run)
    assert Child.objects.filter(pk=child.pk).exists()


def test_deletion_commit_leaves_recent_and_open_cases(closed_case_file) -> None:
    recent = _closed_child(date(2029, 1, 1))
    open_case = ChildFactory()
    retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    assert set(Child.objects.values_list("pk", flat=True)) == {recent.pk, open_case.pk}


def test_deletion_commit_twice_is_refused(closed_case_file) -> None:
    run = retention.deletion_commit(by=None, run=retention.deletion_plan(by=None, as_of=AS_OF))
    with pytest.raises(Conflict):
        retention.deletion_commit(by=None, run=run)


def test_purge_technical_deletes_old_form_tokens_only(db, caseworker) -> None:
    old = FormSubmission.objects.create(user=caseworker, token="a" * 30, path="/", result_url="/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    fresh = FormSubmission.objects.create(user=caseworker, token="b" * 30, path="/", result_url="/")
    retention.purge_technical()
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_purge_technical_never_touches_case_records(db) -> None:
    child = _closed_child(date(2001, 1, 1))
    retention.purge_technical()
    assert Child.objects.filter(pk=child.pk).exists()


def test_purge_technical_logs_a_count_not_ids(db, caseworker) -> None:
    old = FormSubmission.objects.create(user=caseworker, token="a" * 30, path="/", result_url="/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    retention.purge_technical()
    event = AuditEvent.objects.get(type="deleted", target_model="core.formsubmission")
    assert (event.target_id, event.new["count"]) == ("", 1)


# ---------------------------------------------------------------------------------------------- pages


def test_retention_pages_plan_review_commit_as_admin(client, db, team) -> None:
    from sikkerhedsnet.accounts.tests.factories import UserFactory

    child = _closed_child(date(2001, 1, 1), case__team=team)
    client.force_login(UserFactory(role="admin", team=None, municipality=team.department.municipality))
    index = client.get("/sletning/")
    planned = client.post("/sletning/planlaeg/", form_values(index.content.decode()))
    review = client.get(planned["Location"])
    assert child.case.number in review.content.decode() and Child.objects.filter(pk=child.pk).exists()
    commit_form = [f for f in parse_forms(review.content.decode()) if f.action.endswith("/gennemfoer/")][0]
    client.post(commit_form.action, commit_form.values)
    assert not Child.objects.filter(pk=child.pk).exists()


def test_retention_index_is_403_for_a_caseworker(client, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get("/sletning/").status_code == 403


def test_legal_hold_team_leader_sets_it_with_reason(client, child, team_leader) -> None:
    client.force_login(team_leader)
    response = client.post(
        f"/sletning/slettestop/{child.pk}/", with_form_token({"legal_hold": "on", "reason": "Klagesag i Ankestyrelsen"})
    )
    child.case.refresh_from_db()
    assert response.status_code == 302 and (child.case.legal_hold, child.case.legal_hold_reason) == (
        True,
        "Klagesag i Ankestyrelsen",
    )


def test_legal_hold_without_reason_is_refused_and_kept_off(client, child, team_leader) -> None:
    client.force_login(team_leader)
    response = client.post(f"/sletning/slettestop/{child.pk}/", with_form_token({"legal_hold": "on", "reason": "kort"}))
    child.case.refresh_from_db()
    assert (response.status_code, child.case.legal_hold) == (422, False)


def test_legal_hold_caseworker_sees_it_but_cannot_change_it(client, child, caseworker) -> None:
    client.force_login(caseworker)
    assert client.get(f"/sletning/slettestop/{child.pk}/").status_code == 200
    response = client.post(
        f"/sletning/slettestop/{child.pk}/", with_form_token({"legal_hold": "on", "reason": "x" * 20})
    )
    assert response.status_code == 403


def test_legal_hold_database_refuses_hold_without_reason(db, child) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(child=child).update(legal_hold=True, legal_hold_reason="")


def test_purge_technical_with_nothing_due_makes_no_run(db) -> None:
    assert retention.purge_technical() is None and not DeletionRun.objects.exists()
