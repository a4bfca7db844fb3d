"""Forms shared by the reports: the date widget and the report periods (years, months). The sub-domains' own
forms are in their packages (`business_cases/forms.py`, ...)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    first_year = forms.IntegerField(label=_("Fra år"))
    last_year = forms.IntegerField(label=_("Til år"))


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m")


class MonthPeriodForm(forms.Form):
    """A report period in whole months (`?start=2026-01&end=2026-12`); the views check its order and length."""

    start = forms.DateField(
        label=_("Fra måned"),
        input_formats=["%Y-%m"],
        widget=MonthInput(),
        error_messages={"invalid": _("Skriv måneden som ÅÅÅÅ-MM, fx 2026-01.")},
    )
    end = forms.DateField(
        label=_("Til og med måned"),
        input_formats=["%Y-%m"],
        widget=MonthInput(),
        error_messages={"invalid": _("Skriv måneden som ÅÅÅÅ-MM, fx 2026-12.")},
    )


class DatePeriodForm(forms.Form):
    """A period of calendar days (`?start=2026-01-01&end=2026-12-31`); the views check its order and length."""

    start = forms.DateField(label=_("Fra dato"), widget=DateInput())
    end = forms.DateField(label=_("Til og med dato"), widget=DateInput())
