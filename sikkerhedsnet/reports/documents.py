"""Reports assembled from selectors and rules into `tables.Report`: one object for the page, CSV, XLSX and PDF.

Here: the caseload report and the helpers every report shares (what a chart may draw, secondary suppression
of columns, the interval method's text). Each write-side sub-domain assembles its own report in its
`documents.py` (`business_cases/`, `evaluations/`, `measurements/`, `early_intervention/`); the management
dashboard and placement economics are in `management_documents.py`.

Charts are drawn from the same rows as their tables; when figures are suppressed, the chart marks the
withheld values with the table's sign instead of drawing them (an analyst's chart never shows what the table
hides, nor draws it as 0), and its alt text says so (`chart_alt`).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from sikkerhedsnet.accounts.models import User

from . import charts, selectors
from .suppression import HIDDEN, HIDDEN_SMALL, Hidden, is_hidden, is_small, secondary_suppression
from .tables import (
    COUNT,
    Chart,
    Column,
    Protected,
    Report,
    Section,
    Table,
    Unreleased,
)

NOT_RELEASED = Hidden("–")  # a month not over yet: no bar, a dash at the axis (the table says "not yet released")


def _shown(value: int, suppressed: bool) -> int | Hidden:
    """A count for a chart: marked "<5" (not drawn) when it is suppressed in the table."""
    return HIDDEN_SMALL if suppressed and is_small(value) else value


def chart_alt(alt: str, *series: object) -> str:
    """The chart's alt text, saying when some values are withheld and how they are marked."""
    values = [v for s in series for v in (s if isinstance(s, list | tuple) else [s])]
    if not any(is_hidden(v) for v in values):
        return alt
    return (
        alt
        + " "
        + _(
            'Tal, der er skjult af diskretionshensyn, er ikke tegnet, men markeret med "<5" (1–4) eller ".." '
            "(tilbageholdt) ved aksen; de er ikke 0."
        )
    )


def interval_method() -> str:
    return _(
        "Andele med 95 %-konfidensinterval efter Wilsons score-metode; forskellen mellem grupperne med "
        "Newcombes hybride score-interval (Newcombe 1998, metode 10). Ingen kontinuitetskorrektion."
    )


# --- caseload ------------------------------------------------------------------------------------------------


def caseload_report(user: User, *, suppressed: bool) -> Report:
    load = selectors.caseload_for(user)
    status_text = {"over": _("Over mål"), "under": _("Under mål"), "within": _("Inden for mål")}
    names = [row.user.get_full_name() or row.user.username for row in load.rows]
    rows = [
        [name, row.team_name, row.open_cases, status_text[row.status]]
        for name, row in zip(names, load.rows, strict=True)
    ]
    target = _("Mål: %(min)s–%(max)s åbne sager pr. rådgiver.") % {"min": load.target_min, "max": load.target_max}
    chart = None
    if rows:
        shown = [_shown(row.open_cases, suppressed) for row in load.rows]
        chart = Chart(
            charts.caseload_svg(
                names,
                shown,
                target_min=load.target_min,
                target_max=load.target_max,
                title=_("Åbne sager pr. rådgiver"),
                x_label=_("Åbne sager"),
                target_label=_("Mål"),
            ),
            chart_alt(
                _("Søjlediagram over åbne sager pr. rådgiver med kommunens mål markeret. Tallene står i tabellen."),
                shown,
            ),
        )
    teams = (
        selectors.open_cases_per_team(user)
        if user.role != "team_leader"
        else [t for t in selectors.open_cases_per_team(user) if user.team and t.team == user.team.name]
    )
    return Report(
        title=_("Sagstal"),
        slug="sagstal",
        intro=target,
        sections=[
            Section(
                _("Åbne sager pr. rådgiver"),
                Table(
                    _("Åbne sager pr. rådgiver"),
                    [
                        Column(_("Rådgiver")),
                        Column(_("Team")),
                        Column(_("Åbne sager"), COUNT),
                        Column(_("I forhold til mål")),
                    ],
                    rows,
                ),
                chart,
            ),
            Section(
                _("Sager pr. team"),
                Table(
                    _("Sager pr. team"),
                    [Column(_("Team")), Column(_("Åbne sager"), COUNT), Column(_("Lukkede sager"), COUNT)],
                    [[t.team, t.open_cases, t.closed_cases] for t in teams],
                ),
            ),
        ],
    )


# --- shared by the sub-domains' reports -----------------------------------------------------------------


def _drawn(value: object, suppressed: bool) -> int | Hidden:
    """A table cell for a chart: marked ("<5" or "..") instead of drawn when the table withholds it."""
    if isinstance(value, Unreleased):
        if suppressed:
            return NOT_RELEASED
        value = value.value
    if isinstance(value, Protected):
        return HIDDEN if suppressed else int(value.value)
    return _shown(int(value), suppressed)  # type: ignore[call-overload]


def _protect_columns(rows: list[list[object]]) -> list[list[object]]:
    """Secondary suppression down each count column (after the label column) of rows whose columns sum to a
    total shown elsewhere."""
    if not rows:
        return rows
    for col in range(1, len(rows[0])):
        for index in secondary_suppression([int(row[col]) for row in rows]):  # type: ignore[call-overload]
            rows[index][col] = Protected(rows[index][col])
    return rows


def _protect_if(value: object, protected: bool) -> object:
    return Protected(value) if protected else value


def _share(part: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(100) * part / total).quantize(Decimal("0.1"))
