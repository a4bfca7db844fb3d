"""Generic reliability machinery: one-time form tokens, background jobs and planned deletion runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A one-time form token that has been used. A second POST with the same token is a double submit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    # Where the first (successful) submission sent the user; a double submit is sent there too.
    result_url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="formsubmission_unique_user_token")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.path}"


def _job_result_path(instance: Job, filename: str) -> str:
    # Never the user-facing file name: it could carry a name or a CPR number.
    return f"jobs/{instance.public_id.hex[:2]}/{instance.public_id.hex}"


class Job(models.Model):
    """Baggrundsjob: slow work (PDF/XLSX/CSV exports) run by `manage.py run_jobs`, never in a web request."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("I gang")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Fejlede")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=80)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=500, blank=True)
    result = models.FileField(upload_to=_job_result_path, blank=True)
    result_name = models.CharField(max_length=120, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("baggrundsjob")
        verbose_name_plural = _("baggrundsjob")
        indexes = [models.Index(fields=["status", "created_at"], name="job_status_created")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.public_id])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class DeletionRun(models.Model):
    """Sletningskørsel: a planned erasure of records past their retention, reviewed before it is committed."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        COMMITTED = "committed", _("Gennemført")
        DISCARDED = "discarded", _("Kasseret")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # The municipality whose records the run covers; only its heads and admins see and decide it. None: the
    # system's run of technical records (`purge_technical`), or a run from before runs had a municipality;
    # such runs are shown on no page (`manage.py retention show`).
    municipality = models.ForeignKey(
        settings.MUNICIPALITY_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The day the plan was computed for; retention is counted back from it.
    as_of = models.DateField()
    record_types = models.JSONField(default=list)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    planned_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sletningskørsel")
        verbose_name_plural = _("sletningskørsler")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planned", decided_at__isnull=True)
                | Q(~Q(status="planned"), decided_at__isnull=False),
                name="deletionrun_decided_when_not_planned",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.status}"


class DeletionItem(models.Model):
    """One record a deletion run plans to erase (or erased, or had to skip)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Afventer")
        DELETED = "deleted", _("Slettet")
        SKIPPED = "skipped", _("Sprunget over")
        FAILED = "failed", _("Fejlede")

    run = models.ForeignKey(DeletionRun, on_delete=models.CASCADE, related_name="items")
    record_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    child_id = models.BigIntegerField(null=True, blank=True)
    # A non-personal description for the review, e.g. the case number and closing date.
    summary = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "record_type", "object_id"], name="deletionitem_unique_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.object_id}"
