"""Organisation (kommune → forvaltning/afdeling → team) and users with one role each."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """Kommune."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    code = models.CharField(_("kommunekode"), max_length=3, unique=True)
    caseload_target_min = models.PositiveSmallIntegerField(_("sagstal, mål (min.)"), default=20)
    caseload_target_max = models.PositiveSmallIntegerField(_("sagstal, mål (maks.)"), default=22)
    # Hverdage for the receipt deadline: Monday–Friday by default; Monday–Saturday is a municipal choice.
    saturday_is_working_day = models.BooleanField(_("lørdag tæller som hverdag"), default=False)
    fictitious = models.BooleanField(_("fiktiv"), default=False)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(caseload_target_min__lte=models.F("caseload_target_max")),
                name="municipality_caseload_min_lte_max",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """Afdeling, e.g. Familieafdelingen / Familierådgivningen."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("navn"), max_length=120)

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelinger")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of caseworkers that owns cases (need-to-know boundary)."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("navn"), max_length=120)
    is_intake = models.BooleanField(_("modtageteam (underretninger)"), default=False)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality_id(self) -> int:
        return self.department.municipality_id


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Rådgiver")
    SOS_CONSULTANT = "sos_consultant", _("Sikkerheds- og netværkskonsulent")
    TEAM_LEADER = "team_leader", _("Teamleder")
    HEAD = "head", _("Afdelingsleder")
    ANALYST = "analyst", _("Analytiker")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("Revisor (logning)")


CASE_ROLES = frozenset({Role.CASEWORKER, Role.SOS_CONSULTANT, Role.TEAM_LEADER, Role.HEAD})
TEAM_SCOPED_ROLES = frozenset({Role.CASEWORKER, Role.SOS_CONSULTANT, Role.TEAM_LEADER})
# Roles that must pass TOTP when OTP_REQUIRED is on (production): every role with case access, plus the admin
# (who decides who gets case access) and the auditor (who reads whom-touched-which-CPR). Only the analyst,
# who sees suppressed aggregates and never a person, may log in with a password alone.
OTP_ROLES = CASE_ROLES | {Role.ADMIN, Role.AUDITOR}


class User(AbstractUser):
    """A municipal employee. `role` decides what they may see; `team` decides whose cases."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("team")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    # Bumped by "log ud overalt": every session that carries an older epoch is ended.
    session_epoch = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        indexes = [models.Index(fields=["team", "role"])]

    @property
    def has_case_access(self) -> bool:
        return self.role in CASE_ROLES

    @property
    def is_team_scoped(self) -> bool:
        return self.role in TEAM_SCOPED_ROLES

    @property
    def requires_otp(self) -> bool:
        """Whether OTP_REQUIRED forces this user through TOTP (see OTP_ROLES)."""
        return self.role in OTP_ROLES


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")

    def __str__(self) -> str:
        return self.label or _("API-nøgle %(id)s") % {"id": self.pk}

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


class CalendarFeed(models.Model):
    """A user's private iCal feed of deadlines (tasks.calendar). Only the SHA-256 of the secret in its URL is
    stored, as for API tokens; one per user: a new secret replaces the old, and deleting the row revokes it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return _("Kalenderabonnement %(id)s") % {"id": self.pk}

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


class IdempotentResponse(models.Model):
    """The first response to a POST with an Idempotency-Key, replayed for identical retries."""

    user = models.ForeignKey(User, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.BinaryField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_user_key")]

    def __str__(self) -> str:
        return self.key


class MunicipalSetting(models.Model):
    """A dated change of one municipal setting (accounts.municipal_settings): `value` applies from
    `effective_from` until the next change of the same key. Append-only: the rows are the history, so a deadline
    computed for a day before a change keeps the old rule."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("indstilling"), max_length=120)
    value = models.JSONField(_("værdi"))
    effective_from = models.DateField(_("gælder fra"))
    changed_by = models.ForeignKey("User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kommunal indstilling")
        verbose_name_plural = _("kommunale indstillinger")
        indexes = [models.Index(fields=["municipality", "key", "effective_from", "id"], name="setting_muni_key_date")]

    def __str__(self) -> str:
        return f"{self.key}={self.value} fra {self.effective_from}"


class FormDraft(models.Model):
    """What a user typed into a form and has not saved yet: autosaved, or kept when the session had expired.

    The fields are sealed (core/sealing.py) and never logged; a draft expires after a day. A draft kept from a
    POST without a session names the user who last logged in with that browser (a signed cookie) and is claimed
    only by that user's next login in the same browser (`claim_hash` is the SHA-256 of the random token in the
    browser's cookie): on a shared computer another user never gets it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="form_drafts")
    # False while a draft kept without a session waits for its user's next login in the same browser.
    claimed = models.BooleanField(default=True)
    claim_hash = models.CharField(max_length=64, blank=True, db_index=True)
    form_path = models.CharField(max_length=300)  # the path the form posts to
    page_path = models.CharField(max_length=300)  # the page that shows the form
    sealed_fields = models.TextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form_path"], condition=models.Q(claimed=True), name="form_draft_one_per_form"
            )
        ]

    def __str__(self) -> str:
        return self.form_path
