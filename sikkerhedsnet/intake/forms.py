"""Forms for intake: parse and validate input; the services decide and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sikkerhedsnet.accounts.models import User
from sikkerhedsnet.children.forms import DateInput
from sikkerhedsnet.core import cpr as cprlib
from sikkerhedsnet.core import validation
from sikkerhedsnet.core.forms import moment_not_in_future, plausible_date, required_when

from . import rules
from .models import Notification

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-time picker; the value is Danish local time (the form makes it aware)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def _plausible(value: Any) -> Any:
    return plausible_date(value, earliest=rules.EARLIEST_PLAUSIBLE, latest=rules.LATEST_PLAUSIBLE)


def _datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        **kwargs,
    )


class NotificationForm(forms.Form):
    cpr = forms.CharField(
        label=_("Barnets CPR-nummer"),
        max_length=11,
        help_text=_("Findes barnet ikke, oprettes det med navnet nedenfor (sagen lægges i modtageteamet)."),
    )
    first_name = forms.CharField(
        label=_("Fornavn (kun hvis du ikke har adgang til barnet)"), max_length=100, required=False
    )
    last_name = forms.CharField(
        label=_("Efternavn (kun hvis du ikke har adgang til barnet)"), max_length=100, required=False
    )
    sibling_cprs = forms.CharField(
        label=_("Søskende i samme husstand"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("CPR-numre på søskende, som underretningen også handler om – ét pr. linje."),
    )
    received_at = _datetime_field(
        _("Modtaget (dato og klokkeslæt)"), help_text=_("Fristen for vurdering er 24 timer herfra.")
    )
    reporter_type = forms.ChoiceField(
        label=_("Underretter"), choices=Notification.ReporterType.choices, widget=forms.RadioSelect
    )
    reporter_profession = forms.CharField(label=_("Fag (fx lærer, sundhedsplejerske)"), max_length=100, required=False)
    reporter_organisation = forms.CharField(label=_("Arbejdssted"), max_length=150, required=False)
    reporter_name = forms.CharField(label=_("Underretterens navn"), max_length=150, required=False)
    reporter_contact = forms.CharField(label=_("Telefon eller e-mail"), max_length=200, required=False)
    channel = forms.ChoiceField(label=_("Kanal"), choices=[("", _("Vælg kanal"))] + list(Notification.Channel.choices))
    summary = forms.CharField(
        label=_("Bekymringen med underretterens ord"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Bekymringstyper"),
        choices=Notification.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vold og seksuelle overgreb kræver en samtale med barnet."),
    )
    acute = forms.BooleanField(label=_("Akut – barnets sikkerhed kan være i fare nu"), required=False)

    def clean_cpr(self) -> str:
        try:
            return cprlib.compact(self.cleaned_data["cpr"])
        except cprlib.InvalidCpr as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_sibling_cprs(self) -> list[str]:
        found = []
        for line in self.cleaned_data["sibling_cprs"].replace(",", "\n").splitlines():
            if not line.strip():
                continue
            try:
                found.append(cprlib.compact(line))
            except cprlib.InvalidCpr as exc:
                raise forms.ValidationError(_("%(value)s: %(error)s") % {"value": line.strip(), "error": exc}) from exc
        return list(dict.fromkeys(found))

    def clean_received_at(self) -> Any:
        return moment_not_in_future(
            _plausible(self.cleaned_data["received_at"]),
            grace=rules.CLOCK_SKEW,
            messages={validation.DATE_IN_FUTURE: _("Modtagelsestidspunktet ligger i fremtiden.")},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("reporter_type")
        if kind == Notification.ReporterType.PROFESSIONAL:
            if not (data.get("reporter_profession") or data.get("reporter_organisation")):
                self.add_error("reporter_organisation", _("Angiv fag eller arbejdssted for en fagperson."))
            if not data.get("reporter_contact"):
                self.add_error("reporter_contact", _("Angiv, hvordan fagpersonen kan få kvittering."))
        if kind == Notification.ReporterType.ANONYMOUS:
            for name in ("reporter_profession", "reporter_organisation", "reporter_name", "reporter_contact"):
                if data.get(name):
                    self.add_error(name, _("Skal være tomt, når underretningen er anonym."))
        return data


class AssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Udfald"), choices=Notification.Outcome.choices, widget=forms.RadioSelect)
    reasoning = forms.CharField(label=_("Begrundelse"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    assessed_at = _datetime_field(_("Vurderet (dato og klokkeslæt)"))
    reassessment_participant = forms.ModelChoiceField(
        label=_("Ny deltager i genvurderingen"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("En person, der ikke tidligere har arbejdet med sagen (BL § 137, stk. 1)."),
    )
    abuse_exception = forms.ChoiceField(
        label=_("Undtagelse: hvorfor der ikke iværksættes en børnefaglig undersøgelse"),
        choices=[("", _("Ingen undtagelse – der iværksættes en undersøgelse")), *rules.ABUSE_EXCEPTIONS],
        required=False,
    )
    abuse_exception_reason = forms.CharField(
        label=_("Begrundelse for undtagelsen"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["reassessment_participant"].queryset = candidates
            self.fields["reassessment_participant"].label_from_instance = lambda u: (
                f"{u.get_full_name() or u.username} ({u.get_role_display()})"
            )

    def clean_assessed_at(self) -> Any:
        return _plausible(self.cleaned_data["assessed_at"])


class ReceiptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    sent_on = forms.DateField(label=_("Kvittering sendt den"), widget=DateInput)
    feedback = forms.ChoiceField(
        label=_("Hvad fik underretteren at vide?"), choices=Notification.Feedback.choices, widget=forms.RadioSelect
    )


class ChildConversationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = forms.DateField(label=_("Samtalen blev holdt den"), widget=DateInput, required=False)
    omitted_reason = forms.CharField(
        label=_("Eller: begrundelse for at undlade samtalen"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kun hvis barnets modenhed eller sagens karakter taler imod (BL § 137, stk. 4)."),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    original = forms.IntegerField(widget=forms.HiddenInput)


class InvestigationStartForm(forms.Form):
    awareness_date = forms.DateField(
        label=_("Dato, hvor kommunen blev opmærksom på behovet"),
        widget=DateInput,
        help_text=_("Undersøgelsen skal være afsluttet senest 4 måneder efter."),
    )


SUPPORT_CHOICES = [("", _("Ikke taget stilling")), ("yes", _("Ja")), ("no", _("Nej"))]


class InvestigationForm(forms.Form):
    """The draft: every field optional (save at any point); concluding checks the required parts."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    parents_view = forms.CharField(
        label=_("Forældrenes synspunkter"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conversation_on = forms.DateField(label=_("Dato for børnesamtalen"), widget=DateInput, required=False)
    conversation_present = forms.CharField(label=_("Til stede ved samtalen"), max_length=300, required=False)
    child_view = forms.CharField(
        label=_("Barnets egne synspunkter"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    conversation_not_held_reason = forms.CharField(
        label=_("Eller: begrundelse for, at samtalen ikke er holdt"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    conclusion = forms.CharField(
        label=_("Konklusion"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    support_needed = forms.ChoiceField(label=_("Behov for støtte?"), choices=SUPPORT_CHOICES, required=False)
    recommended_measures = forms.CharField(
        label=_("Anbefalede indsatser"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One text field per ICS dimension, grouped by side of the triangle (see ics_groups()).
        for side, _side_label, dims in rules.ICS_SIDES:
            for dim, label in dims:
                self.fields[f"ics__{side}__{dim}"] = forms.CharField(
                    label=label, max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 2})
                )

    def ics_groups(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        return [
            (side, label, [self[f"ics__{side}__{dim}"] for dim, _l in dims]) for side, label, dims in rules.ICS_SIDES
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        ics = {
            f"{side}.{dim}": data.get(f"ics__{side}__{dim}", "")
            for side, _label, dims in rules.ICS_SIDES
            for dim, _l in dims
        }
        support = {"yes": True, "no": False}.get(data.get("support_needed") or "")
        texts = {
            name: data.get(name, "")
            for name in (
                "parents_view",
                "conversation_present",
                "child_view",
                "conversation_not_held_reason",
                "conclusion",
                "recommended_measures",
            )
        }
        return {"ics": ics, "conversation_on": data.get("conversation_on"), "support_needed": support, **texts}

    @staticmethod
    def initial_for(investigation: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": investigation.version,
            "conversation_on": investigation.conversation_on,
            "support_needed": {True: "yes", False: "no"}.get(investigation.support_needed, ""),
        }
        for name in (
            "parents_view",
            "conversation_present",
            "child_view",
            "conversation_not_held_reason",
            "conclusion",
            "recommended_measures",
        ):
            initial[name] = getattr(investigation, name)
        for key, value in (investigation.ics or {}).items():
            initial["ics__" + key.replace(".", "__")] = value
        return initial


# Optional fields that clean() requires for a professional notifier say so, never "(valgfri)" (issue #14).
required_when(
    NotificationForm.base_fields["reporter_organisation"], _("fag eller arbejdssted skal udfyldes for en fagperson")
)
required_when(NotificationForm.base_fields["reporter_contact"], _("skal udfyldes for en fagperson"))
