from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from .models import Role, Team, User


class UserForm(forms.Form):
    username = forms.RegexField(label=_("Brugernavn"), regex=r"^[\w.@+-]{2,150}$", max_length=150)
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    password = forms.CharField(
        label=_("Adgangskode (valgfri; mindst 10 tegn)"), widget=forms.PasswordInput, required=False
    )

    def __init__(self, *args: object, municipality_id: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].queryset = Team.objects.filter(department__municipality_id=municipality_id).order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        role, team = data.get("role"), data.get("team")
        if role in {Role.CASEWORKER, Role.SOS_CONSULTANT, Role.TEAM_LEADER} and not team:
            self.add_error("team", _("Rådgivere, konsulenter og teamledere skal have et team."))
        password = data.get("password")
        if password:
            try:
                validate_password(str(password), User(username=str(data.get("username", ""))))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
