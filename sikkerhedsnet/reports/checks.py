"""Input checks shared by the services of the reports app's write-side sub-domains (business cases,
evaluations, measurements, early intervention): the writer's municipality, a required title, no future date."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

from .access import municipality_id_of


def required_municipality_id(by: User) -> int:
    """The municipality the user writes for; refused for a user without one."""
    municipality_id = municipality_id_of(by)
    if municipality_id is None:
        raise DomainError(_("Din bruger hører ikke til en kommune."), code="no_municipality")
    return municipality_id


def required_title(value: str, field: str = "title") -> str:
    """The cleaned title; refused when empty or longer than 200 characters."""
    return validation.text(value, field=field, max_length=200, required=True)


def not_future(day: date, field: str) -> None:
    validation.not_in_future(day, today=timezone.localdate(), field=field)
