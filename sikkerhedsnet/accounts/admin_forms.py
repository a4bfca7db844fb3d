from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from .models import TEAM_SCOPED_ROLES, Role, Team, User


class UserForm(forms.Form):
    """Create or edit a user. Teams come from the admin's own municipality only (another id is an invalid choice)."""

    username = forms.RegexField(
        label=_("Brugernavn"),
        regex=r"^[\w.@+-]{2,150}$",
        max_length=150,
        help_text=_("2–150 tegn: bogstaver, tal og . @ + - _"),
        error_messages={"invalid": _("Brug 2–150 tegn: bogstaver, tal og . @ + - _")},
    )
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Intet team"),
        help_text=_("Rådgivere, konsulenter og teamledere ser deres teams sager."),
    )
    password = forms.CharField(
        label=_("Ny adgangskode"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
        max_length=128,
        help_text=_(
            "Mindst 10 tegn. Tomt felt: adgangskoden ændres ikke (en ny bruger uden adgangskode kan ikke logge ind)."
        ),
    )
    is_active = forms.BooleanField(label=_("Aktiv (kan logge ind)"), required=False, initial=True)
    reset_otp = forms.BooleanField(
        label=_("Nulstil totrinsbekræftelse (brugeren tilmelder sig igen ved næste login)"), required=False
    )

    def __init__(
        self, *args: object, municipality_id: int | None = None, editing: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            department__municipality_id=municipality_id
        ).order_by("name")
        if not editing:
            del self.fields["reset_otp"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        role, team = data.get("role"), data.get("team")
        if role in TEAM_SCOPED_ROLES and not team:
            self.add_error("team", _("Rådgivere, konsulenter og teamledere skal have et team."))
        password = data.get("password")
        if password:
            try:
                validate_password(str(password), User(username=str(data.get("username", ""))))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
