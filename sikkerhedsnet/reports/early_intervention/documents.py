"""The early-intervention report in the Aarhus template's structure: consultations per year and district,
the children's age bands, wellbeing conversations and the project's economy."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sikkerhedsnet.reports import charts
from sikkerhedsnet.reports.documents import _drawn, _protect_columns, _shown, chart_alt
from sikkerhedsnet.reports.suppression import share_basis
from sikkerhedsnet.reports.tables import (
    COUNT,
    DECIMAL,
    KR,
    NUMBER,
    PERCENT,
    SHARE,
    Chart,
    Column,
    Derived,
    Report,
    Section,
    Table,
)

from . import selectors
from .models import EarlyInterventionProject
from .rules import AGE_BANDS, combined, consultation_figures


def early_intervention_report(
    project: EarlyInterventionProject, first_year: int, last_year: int, *, suppressed: bool
) -> Report:
    years = list(range(first_year, last_year + 1))
    districts = list(project.districts.values_list("name", flat=True))
    figures = consultation_figures(
        selectors.consultation_rows(project, first_year, last_year), districts=districts, years=years
    )
    conversations = selectors.conversations_per_year(project, first_year, last_year)
    year_rows: list[list[object]] = []
    previous = None
    for f in figures:
        year_rows.append(
            [
                f.year,
                f.total,
                Derived(f.growth_percent, (previous, f.total)) if previous is not None else None,
                Derived(f.average_per_district, (f.total,)),
                f.specific_child.part,
                f.specific_child,
                f.aged_0_6,
                conversations.get(f.year, 0),
            ]
        )
        previous = f.total
    specific, young = combined(figures)
    if len(figures) > 1:
        year_rows.append(
            [
                _("%(first)s–%(last)s samlet") % {"first": first_year, "last": last_year},
                # A sum gives away a small year by subtraction: withheld when any year's count is 1–4.
                Derived(specific.total, tuple(f.total for f in figures)),
                None,
                None,
                Derived(specific.part, tuple(f.specific_child.part for f in figures)),
                Derived(
                    specific,
                    (
                        *share_basis(specific.part, specific.total),
                        *(f.total for f in figures),
                        *(f.specific_child.part for f in figures),
                    ),
                ),
                Derived(young, (*share_basis(young.part, young.total), *(f.aged_0_6.part for f in figures))),
                Derived(sum(conversations.values()), tuple(conversations.get(y, 0) for y in years)),
            ]
        )
    year_columns = [
        Column(_("År"), NUMBER),
        Column(_("Henvendelser"), COUNT),
        Column(_("Vækst"), PERCENT),
        Column(_("Gns. pr. distrikt"), DECIMAL),
        Column(_("Om et konkret barn"), COUNT),
        Column(_("Andel om et konkret barn"), SHARE),
        Column(_("Heraf 0–6 år"), SHARE),
        Column(_("Trivselssamtaler"), COUNT),
    ]
    # Each year's column adds up to a total shown in the first table: protect a lone small cell per column.
    district_rows = _protect_columns([[d, *[f.by_district.get(d, 0) for f in figures]] for d in districts])
    age_rows = _protect_columns(
        [[b.replace("-", "–") + " " + _("år"), *[f.by_age_band[b] for f in figures]] for b in AGE_BANDS]
    )
    economy_rows = []
    for year in years:
        economy = selectors.project_economy(project, year)
        if economy is not None:
            economy_rows.append([year, economy.budget, economy.spent, economy.surplus, economy.surplus_share.percent])
    sections = [
        Section(
            _("Henvendelser om sparring"),
            Table(
                _("Henvendelser om sparring pr. år"),
                year_columns,
                year_rows,
                _("Vækst i forhold til året før. »Heraf 0–6 år« er andelen af henvendelserne om et konkret barn."),
            ),
            Chart(
                charts.grouped_bars_svg(
                    [str(f.year) for f in figures],
                    request_series := [
                        (_("Henvendelser"), [_shown(f.total, suppressed) for f in figures]),
                        (_("Om et konkret barn"), [_shown(f.specific_child.part, suppressed) for f in figures]),
                    ],
                    title=_("Henvendelser om sparring pr. år"),
                    y_label=_("Antal"),
                ),
                chart_alt(
                    _("Søjler for henvendelser i alt og om et konkret barn pr. år. Tallene står i tabellen."),
                    *[values for _label, values in request_series],
                ),
            ),
        ),
        Section(
            _("Henvendelser pr. distrikt"),
            Table(
                _("Henvendelser pr. distrikt"),
                [Column(_("Distrikt")), *[Column(str(y), COUNT) for y in years]],
                district_rows,
            ),
            Chart(
                charts.grouped_bars_svg(
                    districts,
                    district_series := [
                        (str(f.year), [_drawn(row[col], suppressed) for row in district_rows])
                        for col, f in enumerate(figures, start=1)
                    ],
                    title=_("Henvendelser pr. distrikt"),
                    y_label=_("Antal"),
                ),
                chart_alt(
                    _("Søjler for henvendelser pr. distrikt og år. Tallene står i tabellen."),
                    *[values for _label, values in district_series],
                ),
            )
            if districts
            else None,
        ),
        Section(
            _("Aldersfordeling"),
            Table(
                _("Henvendelser om et konkret barn efter alder"),
                [Column(_("Alder")), *[Column(str(y), COUNT) for y in years]],
                age_rows,
            ),
        ),
        Section(
            _("Økonomi"),
            Table(
                _("Budget og forbrug (kr.)"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Budget"), KR),
                    Column(_("Forbrug (netto)"), KR),
                    Column(_("Mindreforbrug"), KR),
                    Column(_("Mindreforbrug i %"), PERCENT),
                ],
                economy_rows,
                _("Forbrug = udgifter minus refusioner. Et negativt mindreforbrug er et merforbrug."),
            ),
        ),
    ]
    return Report(
        title=project.name,
        slug=f"tidlig-indsats-{project.pk}",
        intro=_("Periode: %(first)s–%(last)s. Projektleder: %(leader)s.")
        % {"first": first_year, "last": last_year, "leader": project.leader or "–"},
        sections=sections,
    )
