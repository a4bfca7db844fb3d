"""The private iCal feed of a user's deadlines (issue #14): the same open deadlines as Mine opgaver.

A calendar leaves the municipality: it syncs to phones and to third-party services (Google, Apple, Microsoft),
so an event names only the deadline and the case number, never a child's name or CPR, and carries no link or
description with case content. The UID is stable per deadline (kind, child, the deadline's own page), so a
calendar updates an event rather than duplicating it when the date moves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from sikkerhedsnet.tasks.selectors import Task

PRODID = "-//Sikkerhedsnet//Frister//DA"
UID_DOMAIN = "sikkerhedsnet"


def event_uid(task: Task) -> str:
    deadline = task.deadline
    source = f"{deadline.kind}|{deadline.child_id}|{deadline.url}"
    return f"{hashlib.sha256(source.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def event_summary(task: Task) -> str:
    """ "Frist: <the deadline's label> – sag <case number>": nothing that names the child."""
    return _("Frist: %(label)s – sag %(number)s") % {"label": task.deadline.label, "number": task.child.case.number}


def deadlines_calendar(tasks: Iterable[Task], *, now: datetime) -> bytes:
    """One VEVENT per deadline: an all-day event on the due date, or the due moment in Europe/Copenhagen."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Sikkerhedsnet: mine frister"))
    seen: set[str] = set()
    for task in tasks:
        uid = event_uid(task)
        if uid in seen:
            continue
        seen.add(uid)
        deadline = task.deadline
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", now)
        event.add("summary", event_summary(task))
        if deadline.due_at is not None:
            event.add("dtstart", deadline.due_at.astimezone(zone))
        else:
            event.add("dtstart", deadline.due_on)
        if deadline.legal_reference:
            event.add("description", deadline.legal_reference)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
