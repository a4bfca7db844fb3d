"""Background jobs: slow work (PDF/XLSX/CSV exports) runs outside the web request, with progress for the user.

Why a database-backed queue and a separate worker process (`manage.py run_jobs`, started by `make run`),
not a thread pool in the web server:
- a job survives a web restart and a crash: a worker that dies mid-job stops sending heartbeats, and the
  job is taken up again by the next worker (up to MAX_ATTEMPTS);
- WeasyPrint and openpyxl are CPU-bound pure Python: in a web process they would hold the GIL and slow
  every other request; in their own process they do not;
- no new infrastructure (no broker): the database we already back up and monitor is the queue, and
  PostgreSQL's SKIP LOCKED lets several workers share it.

A job kind is a function registered in `<app>/jobs.py` (found automatically):

    @jobs.job_kind("audit.access_log_export", may_download=lambda user: user.role == Role.AUDITOR)
    def access_log_export(ctx: jobs.JobContext) -> None:
        ctx.progress(10, _("Henter hændelser"))
        ...
        ctx.save_result("indsigt.csv", "text/csv; charset=utf-8", data)

The view enqueues with `job_enqueue(by=request.user, kind=..., params=...)` and redirects to
`job.get_absolute_url()`: a progress page that polls with htmx (and refreshes itself without JavaScript).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from sikkerhedsnet.audit.services import Checkpoint, audit_checkpoint_write

from .models import Job

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = timedelta(seconds=10)
STALE_AFTER = timedelta(seconds=60)  # a running job without a heartbeat this long has lost its worker
MAX_ATTEMPTS = 3
HOUSEKEEPING_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class JobKind:
    name: str
    func: Callable[[JobContext], None]
    may_download: Callable[[Any], bool]


_KINDS: dict[str, JobKind] = {}
_discovered = False


def job_kind(name: str, *, may_download: Callable[[Any], bool]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a job function. `may_download(user)` is checked again when the result is fetched."""

    def decorate(func: Callable[[JobContext], None]) -> Callable[[JobContext], None]:
        _KINDS[name] = JobKind(name=name, func=func, may_download=may_download)
        return func

    return decorate


def kinds() -> dict[str, JobKind]:
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True
    return _KINDS


class JobContext:
    """What a job function gets: its parameters, its user, and ways to report progress and save a result."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.params: dict[str, Any] = dict(job.params)
        self.user = job.created_by

    def progress(self, percent: int, text: str = "") -> None:
        percent = max(0, min(99, int(percent)))  # 100 only when the result is saved
        Job.objects.filter(pk=self.job.pk).update(
            progress=percent, progress_text=text[:200], heartbeat_at=timezone.now()
        )

    def save_result(self, name: str, content_type: str, content: bytes) -> None:
        self.job.result.save("result", ContentFile(content), save=False)
        self.job.result_name = name[:120]
        self.job.result_content_type = content_type[:100]
        Job.objects.filter(pk=self.job.pk).update(
            result=self.job.result.name,
            result_name=self.job.result_name,
            result_content_type=self.job.result_content_type,
        )


def job_enqueue(*, by: Any, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job for the worker. The job's own code records its audit events when it runs."""
    if kind not in kinds():
        raise ValueError(f"unknown job kind {kind!r}")
    return Job.objects.create(kind=kind, params=params, created_by=by)


def job_for_user(user: Any, public_id: Any) -> Job:
    """The user's own job (Job.DoesNotExist for anyone else's: 404, like a job that does not exist)."""
    return Job.objects.get(public_id=public_id, created_by=user)


# ---------------------------------------------------------------------------------------------- worker


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def requeue_stale(now: Any = None) -> int:
    """Jobs whose worker vanished (no heartbeat): queue again, or fail after MAX_ATTEMPTS."""
    now = now or timezone.now()
    stale = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Job.Status.FAILED, finished_at=now, error=_("Jobbet blev afbrudt flere gange og er opgivet.")
    )
    requeued = stale.filter(attempts__lt=MAX_ATTEMPTS).update(status=Job.Status.QUEUED, worker="")
    return failed + requeued


def claim_next(worker: str) -> Job | None:
    """Take the oldest queued job (PostgreSQL: SKIP LOCKED, so workers never wait on each other)."""
    with transaction.atomic():
        qs = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        job = qs.first()
        if job is None:
            return None
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=job.attempts + 1, worker=worker
        )
    return Job.objects.select_related("created_by").get(pk=job.pk)


def _heartbeat(job_id: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
            Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())
    finally:
        connection.close()


def run_job(job: Job) -> Job:
    """Run one claimed job to DONE or FAILED. A failure never carries the exception text to the user."""
    kind = kinds().get(job.kind)
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(job.pk, stop), daemon=True)
    beat.start()
    try:
        if kind is None:
            raise LookupError(f"unknown job kind {job.kind}")
        kind.func(JobContext(job))
    except Exception as exc:  # noqa: BLE001 - any failure of a job is reported on the job, not raised
        # The class name only: an exception message may hold personal data.
        logger.error("job %s (%s) failed: %s", job.public_id, job.kind, type(exc).__name__)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            error=_("Jobbet fejlede. Prøv igen, og kontakt support, hvis det fejler igen."),
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE, progress=100, progress_text="", finished_at=timezone.now()
        )
    finally:
        stop.set()
        beat.join()
    return Job.objects.get(pk=job.pk)


def run_pending(*, limit: int | None = None, worker: str | None = None) -> int:
    """Run queued jobs until none is left (or `limit` ran); returns how many ran. Used by tests and --once."""
    worker = worker or worker_name()
    done = 0
    requeue_stale()
    while limit is None or done < limit:
        job = claim_next(worker)
        if job is None:
            break
        run_job(job)
        done += 1
    return done


def checkpoint_audit(previous: Checkpoint | None) -> Checkpoint | None:
    """Publish a signed checkpoint of the audit chain when it grew; a failure is logged, never stops the worker."""
    try:
        return audit_checkpoint_write(previous=previous) or previous
    except Exception as exc:  # noqa: BLE001 - e.g. the checkpoint file is not writable: say so, keep working
        logger.error("job worker: audit checkpoint not written: %s", type(exc).__name__)
        return previous


def work(
    *, stop: threading.Event, poll_seconds: float = 1.0, housekeeping: bool = True, checkpoints: bool = True
) -> None:
    """The worker loop of `manage.py run_jobs`: jobs, stale-job recovery, hourly technical purge and checkpoints.

    Every AUDIT_CHECKPOINT_MINUTES the worker signs the audit chain's head into the checkpoint file (only when the
    chain grew since its last one), so a removal of the newest audit entries is detectable by `verify_audit`.
    """
    worker = worker_name()
    next_housekeeping = time.monotonic()
    next_checkpoint = time.monotonic()
    last_checkpoint: Checkpoint | None = None
    while not stop.is_set():
        close_old_connections()
        if checkpoints and time.monotonic() >= next_checkpoint:
            next_checkpoint = time.monotonic() + settings.AUDIT_CHECKPOINT_MINUTES * 60
            last_checkpoint = checkpoint_audit(last_checkpoint)
        try:
            if housekeeping and time.monotonic() >= next_housekeeping:
                from .retention import purge_technical

                purge_technical()
                next_housekeeping = time.monotonic() + HOUSEKEEPING_EVERY.total_seconds()
            requeue_stale()
            job = claim_next(worker)
        except Exception as exc:  # noqa: BLE001 - e.g. the database is briefly away: wait and try again
            logger.warning("job worker: %s; retrying", type(exc).__name__)
            connection.close()
            stop.wait(poll_seconds * 5)
            continue
        if job is None:
            stop.wait(poll_seconds)
        else:
            run_job(job)
    connection.close()
