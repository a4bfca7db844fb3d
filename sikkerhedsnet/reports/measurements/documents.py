"""FIT and questionnaire for one child (personal data: not suppressed, exports are logged)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sikkerhedsnet.children.models import Child
from sikkerhedsnet.reports import charts
from sikkerhedsnet.reports.tables import (
    NUMBER,
    Chart,
    Column,
    Report,
    Section,
    Table,
)

from . import selectors
from .models import FitScore, InvolvementResponse


def measurements_report(child: Child) -> Report:
    scores = selectors.fit_scores(child)
    responses = selectors.involvement_responses(child)
    respondent = dict(FitScore.Respondent.choices)
    fit_rows = [[s.session_on.isoformat(), str(respondent[s.respondent]), s.ors, s.srs] for s in scores]
    sections = [
        Section(
            _("FIT: ORS og SRS pr. session"),
            Table(
                _("FIT-målinger"),
                [
                    Column(_("Dato")),
                    Column(_("Hvem")),
                    Column(_("ORS (0–40)"), NUMBER),
                    Column(_("SRS (0–40)"), NUMBER),
                ],
                fit_rows,
                _(
                    "ORS: hvordan det går (klinisk grænse for voksne ca. 25). SRS: hvordan sessionen var (under 36 "
                    "bør drøftes)."
                ),
            ),
            _fit_chart(scores) if scores else None,
        ),
    ]
    who = dict(InvolvementResponse.Respondent.choices)
    sections.append(
        Section(
            _("Spørgeskema om inddragelse"),
            Table(
                _("Besvarelser (1 = helt uenig, 5 = helt enig)"),
                [
                    Column(_("Dato")),
                    Column(_("Hvem")),
                    Column(_("Inddraget"), NUMBER),
                    Column(_("Hørt"), NUMBER),
                    Column(_("Indsatsen har hjulpet"), NUMBER),
                ],
                [[r.answered_on.isoformat(), str(who[r.respondent]), r.involved, r.heard, r.effect] for r in responses],
            ),
            _involvement_chart(responses) if responses else None,
        )
    )
    return Report(
        title=_("Målinger for %(name)s") % {"name": child.full_name}, slug=f"maalinger-{child.pk}", sections=sections
    )


def _fit_chart(scores: list[FitScore]) -> Chart:
    dates = sorted({s.session_on for s in scores})
    labels = [d.strftime("%d.%m.%y") for d in dates]
    series = []
    respondent = dict(FitScore.Respondent.choices)
    for who in dict.fromkeys(s.respondent for s in scores):
        for scale in ("ors", "srs"):
            values = {s.session_on: getattr(s, scale) for s in scores if s.respondent == who}
            if any(v is not None for v in values.values()):
                series.append(
                    (
                        f"{scale.upper()} – {respondent[who]}",
                        [float(values[d]) if values.get(d) is not None else None for d in dates],
                    )
                )
    return Chart(
        charts.lines_svg(labels, series, title=_("FIT over tid"), y_label=_("Score (0–40)"), y_min=0, y_max=40),
        _("Linjer for ORS og SRS pr. respondent over sessionerne. Tallene står i tabellen."),
    )


def _involvement_chart(responses: list[InvolvementResponse]) -> Chart:
    dates = sorted({r.answered_on for r in responses})
    labels = [d.strftime("%d.%m.%y") for d in dates]
    series = []
    for field, label in (("involved", _("Inddraget")), ("heard", _("Hørt")), ("effect", _("Hjulpet"))):
        values = []
        for d in dates:
            on_day = [getattr(r, field) for r in responses if r.answered_on == d]
            values.append(sum(on_day) / len(on_day))
        series.append((label, values))
    return Chart(
        charts.lines_svg(
            labels,
            series,
            title=_("Spørgeskema over tid (gennemsnit pr. dato)"),
            y_label=_("Svar 1–5"),
            y_min=1,
            y_max=5,
        ),
        _("Linjer for gennemsnitligt svar pr. spørgsmål over tid. Besvarelserne står i tabellen."),
    )
