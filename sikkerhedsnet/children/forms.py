from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.accounts.models import Team, User
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core.forms import PhoneField, PostalCodeField, past_date
from sikkerhedsnet.core.text import clean_text

from . import overview
from .models import JournalEntry, Relation
from .rules import ASSIGNABLE_ROLES


def _valid_cpr(value: str) -> str:
    """Check a CPR number in the form already, so every mistake is shown at once; returns it as typed."""
    try:
        parsed = cprlib.parse(value)
    except cprlib.InvalidCpr as exc:
        raise forms.ValidationError(str(exc)) from exc
    if parsed.birth_date > timezone.localdate():
        raise forms.ValidationError(_("CPR-nummerets fødselsdato ligger i fremtiden."))
    return value.strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChildCreateForm(forms.Form):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, help_text=_("10 cifre, fx 010203-1234"))
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postal_code = PostalCodeField(label=_("Postnummer"), required=False)
    city = forms.CharField(label=_("By"), max_length=80, required=False)
    school_or_daycare = forms.CharField(label=_("Skole/dagtilbud"), max_length=150, required=False)
    # Shown only after a possible-duplicate warning: the user says, explicitly, that it is another child.
    other_child_confirmed = forms.BooleanField(
        label=_("Jeg har tjekket det: det er et andet barn"), required=False, widget=forms.CheckboxInput
    )

    def clean_cpr(self) -> str:
        return _valid_cpr(self.cleaned_data["cpr"])


class ChildEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postal_code = PostalCodeField(label=_("Postnummer"), required=False)
    city = forms.CharField(label=_("By"), max_length=80, required=False)
    school_or_daycare = forms.CharField(label=_("Skole/dagtilbud"), max_length=150, required=False)


class JournalEntryForm(forms.Form):
    # Not required: a note posted without a type (an older page, a script) is a plain note, as the old ones are.
    kind = forms.TypedChoiceField(
        label=_("Type"),
        choices=JournalEntry.Kind.choices,
        initial=JournalEntry.Kind.NOTE,
        required=False,
        empty_value=JournalEntry.Kind.NOTE,
    )
    occurred_on = forms.DateField(label=_("Dato"), widget=DateInput)
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    text = forms.CharField(label=_("Notat"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))

    def clean_occurred_on(self) -> date:
        return past_date(self.cleaned_data["occurred_on"])


class JournalSearchForm(forms.Form):
    """Search the child's journal. POSTed, so the words searched for never land in a URL."""

    q = forms.CharField(label=_("Søg i journalen"), max_length=200)


class TimelineForm(forms.Form):
    """The timeline's filter (GET): the kinds of events to show, and events before a day (the older page)."""

    vis = forms.MultipleChoiceField(
        label=_("Vis"), choices=list(overview.KINDS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    foer = forms.DateField(label=_("Før"), required=False, widget=DateInput)

    def kinds(self) -> list[str]:
        if not self.is_valid():
            return list(overview.KINDS)
        return self.cleaned_data["vis"] or list(overview.KINDS)

    def before(self) -> date | None:
        if not self.is_valid():
            return None
        return self.cleaned_data["foer"]


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices)
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100, required=False)
    cpr = forms.CharField(
        label=_("CPR-nummer"), max_length=11, required=False, help_text=_("Samme person hos søskende genkendes på CPR.")
    )
    phone = PhoneField(label=_("Telefon"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    custody = forms.BooleanField(label=_("Har forældremyndighed"), required=False)
    lives_with_child = forms.BooleanField(label=_("Bor sammen med barnet"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_cpr(self) -> str:
        value = self.cleaned_data["cpr"]
        return _valid_cpr(value) if value.strip() else ""


class RelationEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices)
    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100, required=False)
    phone = PhoneField(label=_("Telefon"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    custody = forms.BooleanField(label=_("Har forældremyndighed"), required=False)
    lives_with_child = forms.BooleanField(label=_("Bor sammen med barnet"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CaseAssignForm(forms.Form):
    """Fordeling. The querysets are limited to the municipality, so another municipality's ids are invalid."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    caseworker = forms.ModelChoiceField(
        label=_("Rådgiver"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ikke fordelt"),
        help_text=_("Rådgiveren skal høre til det valgte team."),
    )

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if municipality_id is None:
            return  # no municipality, nothing to choose: both stay empty (as the filter on None left them)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = Team.objects.filter(
            department__municipality_id=municipality_id
        ).order_by("name")
        cast(forms.ModelChoiceField, self.fields["caseworker"]).queryset = (
            User.objects.filter(
                team__department__municipality_id=municipality_id, role__in=ASSIGNABLE_ROLES, is_active=True
            )
            .select_related("team")
            .order_by("team__name", "first_name", "last_name")
        )
        self.fields["caseworker"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.team})"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        team, caseworker = data.get("team"), data.get("caseworker")
        if team and caseworker and caseworker.team_id != team.pk:
            self.add_error("caseworker", _("Rådgiveren hører ikke til det valgte team."))
        return data


class CaseCloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = forms.DateField(label=_("Lukket den"), widget=DateInput)

    def clean_closed_on(self) -> date:
        return past_date(self.cleaned_data["closed_on"])


class CaseReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(label=_("Fil (PDF, PNG, JPEG, DOCX, XLSX, ODT; højst 10 MB)"))


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("CPR-nummer, navn eller sagsnummer"),
        max_length=100,
        help_text=_("Fx 010203-1234, Søren Jensen eller S-2025-000123."),
        error_messages={"required": _("Skriv et CPR-nummer, et navn eller et sagsnummer.")},
    )

    def clean_q(self) -> str:
        value = clean_text(self.cleaned_data["q"])
        if not value:
            raise forms.ValidationError(_("Skriv et CPR-nummer, et navn eller et sagsnummer."))
        return value


class BreakGlassForm(forms.Form):
    cpr = forms.CharField(label=_("Barnets CPR-nummer"), max_length=11)
    reason = forms.CharField(
        label=_("Begrundelse for adgang (mindst 10 tegn)"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Adgangen logges og vises for barnets teamleder."),
    )

    def clean_cpr(self) -> str:
        return _valid_cpr(self.cleaned_data["cpr"])


class HistoryForm(forms.Form):
    on = forms.DateField(label=_("Vis oplysningerne som de var den"), widget=DateInput)

    def clean_on(self) -> date:
        return past_date(self.cleaned_data["on"])
