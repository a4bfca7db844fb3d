"""Accounts: users, teams, API tokens, the private calendar feed, logging out everywhere."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sikkerhedsnet.audit import services as audit
from sikkerhedsnet.audit.models import AuditEvent

from .models import ApiToken, CalendarFeed, Department, Municipality, Role, Team, User

DEFAULT_MUNICIPALITY = ("Demo Kommune", "999")
DEFAULT_DEPARTMENT = "Familieafdelingen"


def default_municipality() -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(
        code=DEFAULT_MUNICIPALITY[1], defaults={"name": DEFAULT_MUNICIPALITY[0], "fictitious": True}
    )
    return municipality


@transaction.atomic
def team_get_or_create(*, name: str, municipality: Municipality | None = None, is_intake: bool = False) -> Team:
    municipality = municipality or default_municipality()
    department, _ = Department.objects.get_or_create(municipality=municipality, name=DEFAULT_DEPARTMENT)
    team, created = Team.objects.get_or_create(department=department, name=name, defaults={"is_intake": is_intake})
    if not created and is_intake and not team.is_intake:
        team.is_intake = True
        team.save(update_fields=["is_intake"])
    return team


@transaction.atomic
def user_create_or_update(
    *,
    by: User | None,
    username: str,
    role: str,
    team: Team | None = None,
    municipality: Municipality | None = None,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    is_active: bool | None = None,
    reset_otp: bool = False,
) -> tuple[User, bool]:
    """Create or update a user. Without a password the user cannot log in with one.

    Deactivating a user ends their sessions and revokes their API tokens at once; `reset_otp` removes their
    TOTP devices so they enrol again (a lost phone). A new password for an existing user removes them too: whoever
    holds the new password enrols afresh, and a device (or an enrolment secret) from before the reset never
    verifies again.
    """
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(Role.values)}")
    municipality = team.department.municipality if team else (municipality or default_municipality())
    user, created = User.objects.select_for_update().get_or_create(username=username)
    was_active = user.is_active
    user.role, user.team, user.municipality = role, team, municipality
    if first_name:
        user.first_name = first_name
    if last_name:
        user.last_name = last_name
    user.is_staff = role == Role.ADMIN
    if is_active is not None:
        user.is_active = is_active
    if password:
        user.set_password(password)
        reset_otp = reset_otp or not created
    elif created:
        user.set_unusable_password()
    if was_active and not user.is_active and not created:
        user.session_epoch += 1
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.save()
    if reset_otp:
        TOTPDevice.objects.filter(user=user).delete()
        user.session_epoch += 1  # a session verified with the old device must not live on
        user.save(update_fields=["session_epoch"])
    audit.record(
        by=by,
        type=AuditEvent.Type.USER_CHANGED,
        target=user,
        new={
            "username": username,
            "role": role,
            "team": team.pk if team else None,
            "created": created,
            "is_active": user.is_active,
            "password_set": bool(password),
            "otp_reset": reset_otp,
        },
    )
    return user, created


@transaction.atomic
def api_token_create(*, by: User | None, user: User, label: str = "") -> str:
    """Make a new API token; returns the token text, which is shown once and never stored."""
    key = settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), label=label)
    audit.record(by=by or user, type=AuditEvent.Type.TOKEN_CREATED, target=token, new={"user": user.pk})
    return key


CALENDAR_KEY_PREFIX = "kal_"  # noqa: S105 - a visible prefix, not a secret


@transaction.atomic
def calendar_feed_renew(*, user: User) -> str:
    """A new secret for the user's private calendar feed, replacing (revoking) the old one; returns the secret,
    which is shown once and never stored (only its SHA-256)."""
    key = CALENDAR_KEY_PREFIX + secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    feed = CalendarFeed.objects.create(user=user, key_hash=CalendarFeed.hash_key(key))
    audit.record(by=user, type=AuditEvent.Type.CREATED, target=feed, new={"user": user.pk, "feed": "calendar"})
    return key


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Revoke the user's calendar feed (its URL answers 404 from now on); False if there was none."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return False
    audit.record(by=user, type=AuditEvent.Type.DELETED, target=feed, old={"user": user.pk, "feed": "calendar"})
    feed.delete()
    return True


@transaction.atomic
def calendar_feed_used(*, feed: CalendarFeed, deadlines: int) -> None:
    """One fetch of the feed: audited as an export on its user (how many deadlines, no child data)."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    audit.record(
        by=feed.user,
        type=AuditEvent.Type.EXPORTED,
        target=feed.user,
        new={"export": "calendar_feed", "deadlines": deadlines},
    )


@transaction.atomic
def user_logout_everywhere(*, by: User) -> None:
    """End every session of this user (each carries the old epoch) and revoke their API tokens."""
    User.objects.filter(pk=by.pk).update(session_epoch=by.session_epoch + 1)
    ApiToken.objects.filter(user=by, revoked_at__isnull=True).update(revoked_at=timezone.now())
    CalendarFeed.objects.filter(user=by).delete()
    by.session_epoch += 1
    audit.record(by=by, type=AuditEvent.Type.LOGOUT_EVERYWHERE, target=by)


@transaction.atomic
def otp_enrolment_start(*, user: User) -> TOTPDevice:
    """A fresh TOTP secret for this enrolment attempt; any unconfirmed device (and the secret it showed) is gone.

    Called each time the enrolment page is shown, so a secret seen earlier (by the user, or by someone else with
    the password) never verifies. The secret is shown once, on that page.
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    audit.record(by=user, type=AuditEvent.Type.USER_CHANGED, target=user, new={"otp": "enrolment_started"})
    return device


@transaction.atomic
def otp_enrolment_confirm(*, user: User, device: TOTPDevice) -> None:
    """Confirm the device whose code was just given; every other device of the user stops verifying."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(by=user, type=AuditEvent.Type.USER_CHANGED, target=user, new={"otp": "enrolled"})
