"""The shared validators: one code per meaning, a Danish message, the field named. No database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from sikkerhedsnet.core import validation
from sikkerhedsnet.core.errors import DomainError
from sikkerhedsnet.core.forms import as_validation_error, clean_with, form_check, form_error

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=CPH)


def _refusal(call, *args, **kwargs) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    return info.value


# --- text -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "required", "expected"),
    [
        ("  Anna  ", True, "Anna"),
        ("a\x00b", True, "ab"),
        ("", False, ""),
        (None, False, ""),
        ("x" * 10, True, "x" * 10),
        ("a\nb", False, "a\nb"),
    ],
)
def test_text_valid_input_returns_cleaned_text(value, required, expected) -> None:  # type: ignore[no-untyped-def]
    assert validation.text(value, field="f", max_length=10, required=required) == expected


@pytest.mark.parametrize(
    ("value", "required", "code"),
    [
        ("", True, "required"),
        ("   \t ", True, "required"),
        ("\x00\x01", True, "required"),
        (None, True, "required"),
        (42, True, "required"),
        ("x" * 11, False, "too_long"),
        ("x" * 10_000, True, "too_long"),
    ],
)
def test_text_invalid_input_raises_the_unified_code(value, required, code) -> None:  # type: ignore[no-untyped-def]
    exc = _refusal(validation.text, value, field="title", max_length=10, required=required)
    assert (exc.code, exc.field, exc.status) == (code, "title", 422)


def test_text_too_long_message_names_the_limit_in_danish() -> None:
    exc = _refusal(validation.text, "x" * 20_001, field="text", max_length=20_000)
    assert exc.message == "Højst 20.000 tegn."


def test_text_custom_message_keeps_the_code() -> None:
    exc = _refusal(validation.text, "", field="title", max_length=200, required=True, messages={"required": "Skriv."})
    assert (exc.message, exc.code) == ("Skriv.", "required")


@given(st.text(max_size=300), st.integers(min_value=0, max_value=200), st.booleans())
def test_text_either_returns_clean_text_within_limit_or_refuses(value: str, max_length: int, required: bool) -> None:
    try:
        cleaned = validation.text(value, field="f", max_length=max_length, required=required)
    except DomainError as exc:
        assert exc.code in ("required", "too_long")
    else:
        assert len(cleaned) <= max_length
        assert cleaned == cleaned.strip()
        assert not required or cleaned


# --- dates ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "kwargs", "code"),
    [
        (validation.not_in_future, {"day": date(2026, 3, 11), "today": TODAY}, "date_in_future"),
        (validation.past_date, {"day": date(2026, 3, 11), "today": TODAY}, "date_in_future"),
        (validation.past_date, {"day": date(202, 2, 2), "today": TODAY}, "date_out_of_range"),
        (validation.past_date, {"day": date(1899, 12, 31), "today": TODAY}, "date_out_of_range"),
        (validation.plausible_date, {"day": date(9999, 12, 31)}, "date_out_of_range"),
        (validation.plausible_date, {"day": date(1, 1, 1)}, "date_out_of_range"),
        (validation.plausible_date, {"day": date(1899, 12, 31)}, "date_out_of_range"),
        (validation.plausible_date, {"day": date(2200, 1, 1)}, "date_out_of_range"),
        (validation.plausible_date, {"day": datetime(9999, 1, 1, tzinfo=CPH)}, "date_out_of_range"),
        (
            validation.plausible_date,
            {"day": date(1989, 12, 31), "earliest": date(1990, 1, 1), "latest": date(2100, 12, 31)},
            "date_out_of_range",
        ),
        (validation.date_order, {"start": date(2026, 3, 10), "end": date(2026, 3, 9)}, "end_before_start"),
        (validation.date_order, {"start": 2030, "end": 2029}, "end_before_start"),
        (validation.moment_not_in_future, {"at": NOW + timedelta(seconds=1), "now": NOW}, "date_in_future"),
        (
            validation.moment_not_in_future,
            {"at": NOW + timedelta(minutes=2), "now": NOW, "grace": timedelta(minutes=1)},
            "date_in_future",
        ),
    ],
)
def test_date_validators_refuse_with_the_unified_code(call, kwargs, code) -> None:  # type: ignore[no-untyped-def]
    exc = _refusal(call, field="on", **kwargs)
    assert (exc.code, exc.field) == (code, "on")


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        (validation.not_in_future, {"day": TODAY, "today": TODAY}),
        (validation.not_in_future, {"day": None, "today": TODAY}),
        (validation.past_date, {"day": date(1900, 1, 1), "today": TODAY}),
        (validation.past_date, {"day": None, "today": TODAY}),
        (validation.plausible_date, {"day": date(1900, 1, 1)}),
        (validation.plausible_date, {"day": date(2199, 12, 31)}),
        (validation.plausible_date, {"day": None}),
        (validation.plausible_date, {"day": datetime(2026, 3, 10, 23, 30, tzinfo=CPH)}),
        (validation.date_order, {"start": TODAY, "end": TODAY}),
        (validation.date_order, {"start": TODAY, "end": None}),
        (validation.date_order, {"start": None, "end": TODAY}),
        (validation.moment_not_in_future, {"at": NOW, "now": NOW}),
        (
            validation.moment_not_in_future,
            {"at": NOW + timedelta(seconds=59), "now": NOW, "grace": timedelta(minutes=1)},
        ),
    ],
)
def test_date_validators_accept_valid_input(call, kwargs) -> None:  # type: ignore[no-untyped-def]
    call(field="on", **kwargs)


def test_plausible_date_message_names_the_range_in_danish() -> None:
    exc = _refusal(validation.plausible_date, date(9999, 1, 1), field="on")
    assert exc.message == "Datoen skal ligge mellem år 1900 og 2199."


@given(st.dates())
def test_plausible_date_accepts_exactly_the_supported_range(day: date) -> None:
    inside = validation.EARLIEST <= day <= validation.LATEST
    try:
        validation.plausible_date(day, field="on")
    except DomainError as exc:
        assert not inside and exc.code == "date_out_of_range"
    else:
        assert inside


@given(st.dates(), st.dates())
def test_past_date_accepts_exactly_the_days_from_1900_to_today(day: date, today: date) -> None:
    try:
        validation.past_date(day, today=today, field="on")
    except DomainError as exc:
        assert exc.code == ("date_in_future" if day > today else "date_out_of_range")
    else:
        assert validation.EARLIEST <= day <= today


@given(st.dates(), st.dates())
def test_date_order_refuses_exactly_an_end_before_its_start(start: date, end: date) -> None:
    try:
        assert validation.date_order(start, end, field="end") == end
    except DomainError as exc:
        assert end < start and exc.code == "end_before_start"
    else:
        assert start <= end


def test_codes_are_the_documented_set() -> None:
    assert validation.CODES == (
        "required",
        "too_long",
        "date_in_future",
        "date_out_of_range",
        "end_before_start",
        "invalid_cpr",
        "invalid_phone",
        "invalid_postal_code",
    )


# --- forms ----------------------------------------------------------------------------------------------------


class _Form(forms.Form):
    name = forms.CharField(required=False)
    start = forms.DateField(required=False)


def test_form_error_puts_the_refusal_on_its_field() -> None:
    form = _Form({})
    form.is_valid()
    form_error(form, DomainError("Skal udfyldes.", field="name", code="required"))
    assert form.errors["name"] == ["Skal udfyldes."] and form.has_error("name", "required")


def test_form_error_uses_the_last_part_of_a_dotted_field() -> None:
    form = _Form({})
    form.is_valid()
    form_error(form, DomainError("Skal udfyldes.", field="contacts.0.name", code="required"))
    assert form.has_error("name", "required")


def test_form_error_without_a_matching_field_goes_to_the_top() -> None:
    form = _Form({})
    form.is_valid()
    form_error(form, DomainError("Nej.", field="unknown"))
    assert form.non_field_errors() == ["Nej."]


def test_as_validation_error_keeps_message_and_code() -> None:
    error = as_validation_error(DomainError("Højst 5 tegn.", field="x", code="too_long"))
    assert (error.messages, error.code) == (["Højst 5 tegn."], "too_long")


def test_clean_with_turns_a_refusal_into_a_validation_error() -> None:
    with pytest.raises(forms.ValidationError) as info:
        clean_with(validation.plausible_date, date(9999, 1, 1), field="")
    assert info.value.code == "date_out_of_range"


def test_form_check_puts_a_date_order_refusal_on_the_end_field() -> None:
    form = _Form({})
    form.is_valid()
    assert not form_check(form, validation.date_order, date(2026, 3, 10), date(2026, 3, 9), field="start")
    assert form.has_error("start", "end_before_start")
