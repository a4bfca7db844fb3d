from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Forkert brugernavn eller adgangskode. Bemærk: efter 5 forsøg spærres der i 15 minutter."),
        "inactive": _("Brugeren er deaktiveret."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Brugernavn")
        self.fields["password"].label = _("Adgangskode")


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Engangskode fra din godkendelses-app"),
        regex=r"^\s*\d{6,8}\s*$",
        max_length=10,
        error_messages={"invalid": _("Koden er 6 cifre."), "required": _("Skriv koden fra appen.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SettingChangeForm(forms.Form):
    """One municipal setting's new value from a date (accounts.settings_services.setting_change checks it)."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    value = forms.CharField(label=_("Ny værdi"), max_length=12, required=False)
    effective_from = forms.DateField(
        label=_("Gælder fra"), widget=_DateInput, required=False, help_text=_("Tom: fra i dag.")
    )
