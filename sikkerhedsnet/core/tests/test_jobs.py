"""Background jobs: queue, worker, progress page, download, crash recovery, and no blocking of the web."""

import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from sikkerhedsnet.accounts.tests.factories import UserFactory
from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent
from sikkerhedsnet.core import jobs
from sikkerhedsnet.core.models import Job

RELEASE = threading.Event()
STARTED = threading.Event()


@jobs.job_kind("tests.echo", may_download=lambda user: user.role == "auditor")
def _echo(ctx):
    ctx.progress(50, "halvvejs")
    ctx.save_result("echo.txt", "text/plain", ctx.params["text"].encode())


@jobs.job_kind("tests.boom", may_download=lambda user: True)
def _boom(ctx):
    raise RuntimeError("CPR 010203-1234 must never reach the user")


@jobs.job_kind("tests.slow", may_download=lambda user: True)
def _slow(ctx):
    STARTED.set()
    ctx.progress(10, "venter")
    RELEASE.wait(30)
    ctx.save_result("slow.txt", "text/plain", b"ok")


@pytest.fixture
def auditor(team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return UserFactory(role="auditor", team=None, municipality=team.department.municipality)


def test_job_runs_to_done_with_result(auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "hej"})
    jobs.run_pending()
    job.refresh_from_db()
    with job.result.open("rb") as f:
        assert (job.status, job.progress, f.read()) == ("done", 100, b"hej")


def test_job_failure_is_reported_without_the_exception_text(auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.boom", params={})
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "failed" and "010203" not in job.error and job.error


def test_job_enqueue_unknown_kind_is_refused(auditor) -> None:
    with pytest.raises(ValueError):
        jobs.job_enqueue(by=auditor, kind="tests.nope", params={})


def test_job_running_without_heartbeat_is_requeued(auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "x"})
    Job.objects.filter(pk=job.pk).update(
        status="running", attempts=1, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    jobs.run_pending()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_job_abandoned_too_often_fails(auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "x"})
    Job.objects.filter(pk=job.pk).update(
        status="running", attempts=jobs.MAX_ATTEMPTS, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    jobs.requeue_stale()
    job.refresh_from_db()
    assert job.status == "failed"


def test_job_page_of_someone_else_is_404(client, auditor, caseworker) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "x"})
    client.force_login(caseworker)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_job_page_polls_while_queued_and_stops_when_done(client, auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "x"})
    client.force_login(auditor)
    queued = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    jobs.run_pending()
    done = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in queued and "hx-trigger" not in done and "Hent echo.txt" in done


def test_job_page_without_javascript_refreshes_itself(client, auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "x"})
    client.force_login(auditor)
    assert '<meta http-equiv="refresh"' in client.get(job.get_absolute_url()).content.decode()


def test_job_download_by_creator_is_audited(client, auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "hej"})
    jobs.run_pending()
    client.force_login(auditor)
    response = client.get(f"/job/{job.public_id}/hent/")
    body = b"".join(response.streaming_content)
    audited = AuditEvent.objects.filter(type="exported", target_model="core.job", target_id=str(job.pk)).exists()
    response.close()  # closes the file (and ends the "request")
    assert (body, response["Cache-Control"], audited) == (b"hej", "no-store", True)


def test_job_download_refused_when_role_no_longer_allows(client, auditor) -> None:
    job = jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "hej"})
    jobs.run_pending()
    auditor.role = "caseworker"
    auditor.save()
    client.force_login(auditor)
    assert client.get(f"/job/{job.public_id}/hent/").status_code == 403


def test_run_jobs_once_command_runs_the_queue(auditor, capsys) -> None:
    jobs.job_enqueue(by=auditor, kind="tests.echo", params={"text": "x"})
    call_command("run_jobs", "--once")
    assert Job.objects.get().status == "done"


# ------------------------------------------------------------------------------ the access-log export


def test_access_log_export_csv_through_the_auditor_page(client, auditor, child, caseworker) -> None:
    from sikkerhedsnet.children.selectors import child_get_for_user

    child_get_for_user(caseworker, child.pk)
    client.force_login(auditor)
    response = client.post("/logning/", {"cpr": child.cpr_formatted, "format": "csv"})
    assert response.status_code == 302 and child.cpr not in response["Location"]
    jobs.run_pending()
    job = Job.objects.get()
    download = client.get(f"/job/{job.public_id}/hent/")
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    download.close()
    assert content.startswith("at;user;action") and "child_viewed" in content


def test_access_log_export_pdf_is_a_pdf(client, auditor, child) -> None:
    client.force_login(auditor)
    client.post("/logning/", {"cpr": child.cpr_formatted, "format": "pdf"})
    jobs.run_pending()
    job = Job.objects.get()
    with job.result.open("rb") as f:
        assert (job.status, f.read(5)) == ("done", b"%PDF-")


def test_access_log_lookup_is_post_so_the_cpr_stays_out_of_the_url(client, auditor, child) -> None:
    client.force_login(auditor)
    html = client.get("/logning/").content.decode()
    assert '<form method="post"' in html


def test_access_log_export_is_logged_as_the_auditor(client, auditor, child) -> None:
    client.force_login(auditor)
    client.post("/logning/", {"cpr": child.cpr_formatted, "format": "csv"})
    jobs.run_pending()
    assert AuditEvent.objects.filter(type="access_log_exported", actor_id=auditor.pk).count() == 1


# --------------------------------------------------------------------- a slow export blocks nothing


@pytest.mark.django_db(transaction=True)
def test_slow_export_does_not_block_other_requests(auditor, caseworker) -> None:
    RELEASE.clear()
    STARTED.clear()
    stop = threading.Event()

    def worker() -> None:
        try:
            jobs.work(stop=stop, poll_seconds=0.05, housekeeping=False)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        job = jobs.job_enqueue(by=auditor, kind="tests.slow", params={})
        assert STARTED.wait(20), "the worker did not pick the job up"
        web = Client()
        web.force_login(caseworker)
        began = time.monotonic()
        page = web.get("/boern/mine-sager/")
        elapsed = time.monotonic() - began
        job.refresh_from_db()
        assert (page.status_code, job.status, job.progress) == (200, "running", 10) and elapsed < 5
    finally:
        RELEASE.set()
        stop.set()
        thread.join(30)
    job.refresh_from_db()
    assert job.status == "done"


# ------------------------------------------------------------------------ audit checkpoints (issue #20)


def test_worker_loop_publishes_an_audit_checkpoint(monkeypatch) -> None:
    stop = threading.Event()
    calls = []

    def checkpoint(previous):
        calls.append(previous)
        stop.set()

    monkeypatch.setattr(jobs, "checkpoint_audit", checkpoint)
    monkeypatch.setattr(jobs, "close_old_connections", lambda: None)
    monkeypatch.setattr(jobs, "requeue_stale", lambda: 0)
    monkeypatch.setattr(jobs, "claim_next", lambda worker: None)
    monkeypatch.setattr(jobs, "connection", SimpleNamespace(close=lambda: None))
    jobs.work(stop=stop, poll_seconds=0, housekeeping=False)
    assert calls == [None]


def test_worker_checkpoint_only_when_the_audit_chain_grew(auditor, settings, tmp_path) -> None:
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    first = jobs.checkpoint_audit(None)
    assert first is not None
    same = jobs.checkpoint_audit(first)
    audit.record(by=auditor, type=AuditEvent.Type.CHILD_VIEWED, child_id=1)
    grown = jobs.checkpoint_audit(same)
    lines = settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    assert same is first and grown is not None and grown.seq == first.seq + 1 and len(lines) == 2


def test_worker_checkpoint_failure_is_logged_and_the_worker_goes_on(db, settings, tmp_path, caplog) -> None:
    settings.AUDIT_CHECKPOINT_FILE = tmp_path  # a directory: cannot be appended to
    assert jobs.checkpoint_audit(None) is None
    assert "audit checkpoint not written: IsADirectoryError" in caplog.text
