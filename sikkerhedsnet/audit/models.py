"""The audit log (logning): append-only and hash-chained. No foreign keys, so it never blocks a deletion.

Each event's hash is an HMAC-SHA256 with a key kept outside the database (`settings.AUDIT_HMAC_KEY`), so someone
with only database access cannot recompute the chain after changing it. Events written before the key existed
keep their plain SHA-256 hash (`scheme`); see docs/hardening.md, "The keyed audit chain".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Type(models.TextChoices):
        # Reads, searches and exports of personal data (the data-protection authority expects these).
        CHILD_VIEWED = "child_viewed", _("Barn vist")
        CHILD_SEARCHED = "child_searched", _("Barn fundet ved søgning")
        CHILDREN_LISTED = "children_listed", _("Barn vist på en liste")  # Mine sager, queues, overviews
        CHILD_HISTORY_VIEWED = "child_history_viewed", _("Barnets historik vist")
        DOCUMENT_DOWNLOADED = "document_downloaded", _("Dokument hentet")
        EXPORTED = "exported", _("Eksport")
        BREAK_THE_GLASS = "break_the_glass", _("Adgang uden for team (begrundet)")
        ACCESS_LOG_EXPORTED = "access_log_exported", _("Indsigtsudtræk")
        RECORD_VIEWED = "record_viewed", _("Oplysninger vist")
        # Changes.
        CREATED = "created", _("Oprettet")
        CHANGED = "changed", _("Ændret")
        DELETED = "deleted", _("Slettet")
        # Accounts.
        LOGIN = "login", _("Logget ind")
        LOGIN_FAILED = "login_failed", _("Mislykket login")
        LOGOUT = "logout", _("Logget ud")
        LOGOUT_EVERYWHERE = "logout_everywhere", _("Logget ud overalt")
        USER_CHANGED = "user_changed", _("Bruger ændret")
        TOKEN_CREATED = "token_created", _("API-nøgle oprettet")

    class Scheme(models.IntegerChoices):
        # How `hash` was computed. Rows written before the keyed chain are SHA256 (migration 0003); a SHA256 row
        # after an HMAC row is refused by verification (a chain recomputed without the key).
        SHA256 = 1
        HMAC_SHA256 = 2

    seq = models.BigIntegerField(unique=True)
    type = models.CharField(max_length=40, choices=Type.choices)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    target_model = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    scheme = models.PositiveSmallIntegerField(choices=Scheme.choices, default=Scheme.HMAC_SHA256)

    class Meta:
        verbose_name = _("logningshændelse")
        verbose_name_plural = _("logningshændelser")
        indexes = [
            models.Index(fields=["child_id", "seq"], name="audit_child_seq"),
            models.Index(fields=["type", "created_at"], name="audit_type_created"),
            models.Index(fields=["actor_id", "created_at"], name="audit_actor_created"),
            # The access-log page finds events on a person's own record (target_model, target_id).
            models.Index(fields=["target_model", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.type}"


class AuditChainHead(models.Model):
    """One row: the sequence number and hash of the newest event. Locked by every writer."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
