"""Forms and the shared validators: a service's refusal on the right field, and the validators in a form's clean.

`form_error(form, exc)` is the one way a view shows a `DomainError` (from a service or core/validation.py) on
a form; `clean_with(validator, value, ...)` runs a core/validation.py validator inside a form's `clean_<field>`
so the form shows the same Danish message the service and the API would give.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from django import forms
from django.utils import timezone

from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError

P = ParamSpec("P")
T = TypeVar("T")
F = TypeVar("F", bound=forms.Field)
D = TypeVar("D", date, None)  # a form's date field: a date, or None when it is optional and empty


def as_validation_error(exc: DomainError) -> forms.ValidationError:
    """The refusal as a form ValidationError with the same message and code."""
    return forms.ValidationError(exc.message, code=exc.code)


def field_of(form: forms.BaseForm, exc: DomainError) -> str | None:
    """The form field the refusal is about: its own name, else the last part of a dotted name
    (`network_coordinator.name` → `name`), else None (shown at the top of the form)."""
    fields = getattr(form, "fields", {})
    if not exc.field:
        return None
    if exc.field in fields:
        return exc.field
    last = exc.field.split(".")[-1]
    return last if last in fields else None


def form_error(form: Any, exc: DomainError) -> None:
    """Show a refusal on the form: on its field when the form has one, else at the top (a Danish message)."""
    form.add_error(field_of(form, exc), as_validation_error(exc))


def clean_with(validator: Callable[Concatenate[T, P], T], value: T, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a validator from core/validation.py in a form's clean; its refusal becomes a ValidationError."""
    try:
        return validator(value, *args, **kwargs)
    except DomainError as exc:
        raise as_validation_error(exc) from exc


def not_in_future(value: D) -> D:
    """`clean_<field>` helper: a day no later than today (Danish time)."""
    clean_with(validation.not_in_future, value, today=timezone.localdate(), field="")
    return value


def past_date(value: D) -> D:
    """`clean_<field>` helper: a day that has happened, not before 1900 (a typo such as 0202 for 2025)."""
    clean_with(validation.past_date, value, today=timezone.localdate(), field="")
    return value


def plausible_date(value: Any, *, earliest: date = validation.EARLIEST, latest: date = validation.LATEST) -> Any:
    """`clean_<field>` helper: a date or date-time whose year is plausible (refuses 9999 and 0202)."""
    return clean_with(validation.plausible_date, value, field="", earliest=earliest, latest=latest)


def moment_not_in_future(value: datetime, **kwargs: Any) -> datetime:
    """`clean_<field>` helper: a moment no later than now (plus an optional `grace`)."""
    return clean_with(validation.moment_not_in_future, value, now=timezone.now(), field="", **kwargs)


def form_check(form: Any, validator: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
    """Run a validator in a form's `clean()` (e.g. `validation.date_order`); a refusal goes on its field."""
    try:
        validator(*args, **kwargs)
    except DomainError as exc:
        form_error(form, exc)
        return False
    return True


class PhoneField(forms.CharField):
    """A phone number checked as services and the API check it (core/validation.py `phone`: ASCII digits)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return clean_with(validation.phone, super().clean(value), field="", max_length=self.max_length or 30)


class PostalCodeField(forms.CharField):
    """A Danish postal code: 4 ASCII digits (core/validation.py `postal_code`), or empty when not required."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 4)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return clean_with(validation.postal_code, super().clean(value), field="")


def required_when(field: F, condition: object) -> F:
    """Mark an optional field that the form's `clean()` requires in some cases (`condition`, e.g. "skal udfyldes for
    en fagperson"): components/field.html then shows the condition by the label instead of "(valgfri)", so a field
    is never labelled optional and refused as missing (issue #14)."""
    field.required_when = condition  # type: ignore[attr-defined]
    return field
