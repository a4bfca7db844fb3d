"""The business case report: forecast, realised against expected, and actual against forecast from the case
data (placements avoided against the baseline). One `tables.Report` for the page, CSV, XLSX and PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from sikkerhedsnet.reports import charts, management_selectors
from sikkerhedsnet.reports import selectors as report_selectors
from sikkerhedsnet.reports.rules.management import placement_year
from sikkerhedsnet.reports.tables import (
    COUNT,
    DECIMAL,
    KR,
    NUMBER,
    Chart,
    Column,
    Report,
    Section,
    Table,
    danish_int,
)

from . import selectors
from .models import BusinessCase
from .rules import actual_against_forecast, incomplete_years, placement_actuals, realised_against_expected


def business_case_report(business_case: BusinessCase, *, today: date) -> Report:
    result = selectors.business_case_result(business_case)
    years = [r.year for r in result.years]
    line_rows = []
    for line in result.lines:
        kind = _("Investering") if line.kind == "investment" else _("Besparelse")
        line_rows.append([line.label, kind, *line.amounts, sum(line.amounts)])
    line_columns = [Column(_("Linje")), Column(_("Type")), *[Column(str(y), KR) for y in years], Column(_("I alt"), KR)]
    year_rows: list[list[object]] = [[r.year, r.investment, r.savings, r.net, r.cumulative] for r in result.years]
    year_rows.append([_("I alt"), result.total_investment, result.total_savings, result.total_net, None])
    summary = _("Første år med netto ≥ 0 (break-even): %(even)s. Tilbagebetalt (akkumuleret ≥ 0): %(payback)s.") % {
        "even": result.first_non_negative_year or _("ikke inden for perioden"),
        "payback": result.payback_year or _("ikke inden for perioden"),
    }
    sections = [
        Section(
            _("Netto og akkumuleret pr. år"),
            Table(
                _("Netto og akkumuleret pr. år (kr.)"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Investering"), KR),
                    Column(_("Besparelse"), KR),
                    Column(_("Netto"), KR),
                    Column(_("Akkumuleret"), KR),
                ],
                year_rows,
                _("Netto = besparelse − investering. Beløb i hele kroner."),
            ),
            Chart(
                charts.net_cumulative_svg(
                    years,
                    [r.net for r in result.years],
                    [r.cumulative for r in result.years],
                    title=_("Netto og akkumuleret pr. år"),
                    net_label=_("Netto"),
                    cumulative_label=_("Akkumuleret"),
                ),
                _(
                    "Søjler for nettoresultatet pr. år og en linje for det akkumulerede resultat. Tallene står i "
                    "tabellen."
                ),
            ),
            summary,
        ),
        Section(_("Investeringer og besparelser"), Table(_("Linjer pr. år (kr.)"), line_columns, line_rows)),
    ]
    outcomes = {o.year: (o.investment, o.savings) for o in business_case.outcomes.all()}
    if outcomes:
        realised = realised_against_expected(result, outcomes)
        sections.append(
            Section(
                _("Realiseret mod forventet"),
                Table(
                    _("Realiseret mod forventet (kr., indtastet scenarie)"),
                    [
                        Column(_("År"), NUMBER),
                        Column(_("Forventet netto"), KR),
                        Column(_("Realiseret investering"), KR),
                        Column(_("Realiseret besparelse"), KR),
                        Column(_("Realiseret netto"), KR),
                        Column(_("Forskel"), KR),
                    ],
                    [
                        [
                            r.year,
                            r.expected_net,
                            r.realised_investment,
                            r.realised_savings,
                            r.realised_net,
                            r.difference,
                        ]
                        for r in realised
                    ],
                    "; ".join(o.note for o in business_case.outcomes.all() if o.note),
                ),
                Chart(
                    charts.grouped_bars_svg(
                        [str(r.year) for r in realised],
                        [
                            (_("Forventet netto"), [r.expected_net for r in realised]),
                            (_("Realiseret netto"), [r.realised_net for r in realised]),
                        ],
                        title=_("Forventet og realiseret netto"),
                        y_label=_("kr."),
                        money=True,
                    ),
                    _("Søjler for forventet og realiseret netto pr. år. Tallene står i tabellen."),
                ),
                _(
                    "Scenarie: de realiserede tal er indtastet fra regnskabet (fx Kalundborgs opgørelse af "
                    "gevinsten), ikke beregnet fra sagernes data. »Faktisk mod prognose« nedenfor er beregnet fra "
                    "sagernes data."
                ),
            )
        )
    sections.extend(_actual_sections(business_case, result, today))
    return Report(
        title=business_case.title,
        slug=f"business-case-{business_case.pk}",
        intro=business_case.description,
        sections=sections,
        data_at=max([business_case.updated_at, *(o.recorded_at for o in business_case.outcomes.all())]),
    )


def actual_baseline(business_case: BusinessCase) -> tuple[Decimal, int, str] | None:
    """(children placed at the baseline, average annual cost per placement, where they come from).

    The baseline the user entered in the business case comes first: it is what the forecast was built on (issue
    #15). Only when none was entered, the case data stand in: the annual average of children placed in the year
    before the case starts and that year's average price per placement (rules.management.placement_year),
    labelled as such; None when neither exists."""
    if business_case.baseline_placed is not None and business_case.average_placement_cost:
        source = _("Udgangspunktet er det, der er indtastet i business casen.")
        return business_case.baseline_placed, business_case.average_placement_cost, source
    year = business_case.first_year - 1
    team_ids = management_selectors.municipality_team_ids(business_case.municipality_id)
    rows = management_selectors.placement_rows(team_ids, date(year, 1, 1), date(year, 12, 31))
    figures = placement_year(rows, year)
    if figures.average_placed and figures.average_price:
        source = _(
            "Der er ikke indtastet et udgangspunkt i business casen, så det er beregnet fra sagernes data: "
            "gennemsnitligt anbragte børn i %(year)s og årets gennemsnitlige pris pr. anbringelse."
        ) % {"year": year}
        return figures.average_placed, figures.average_price, source
    return None


def _actual_sections(business_case: BusinessCase, result, today: date) -> list[Section]:  # type: ignore[no-untyped-def]
    """Actual against forecast from the case data: placements avoided against the baseline, at average cost."""
    start = date(business_case.first_year, 1, 1)
    end = min(today, date(business_case.last_year, 12, 31))
    heading = _("Faktisk mod prognose (sagens data)")
    if end < start:
        return []
    placed = report_selectors.placed_children_by_month(business_case.municipality_id, start, end)
    baseline = actual_baseline(business_case)
    note = None
    if not any(placed.values()):
        note = _("Der er ingen anbringelser registreret i perioden, så der er intet at sammenligne med endnu.")
    elif baseline is None:
        note = _(
            "Der er hverken indtastet et udgangspunkt i business casen eller anbringelser i sagernes data for året "
            "før business casen begynder, så der er intet udgangspunkt at måle undgåede anbringelser fra."
        )
    if note is not None or baseline is None:
        return [Section(heading, Table(heading, [Column(_("Bemærkning"))], [[note]]))]
    baseline_placed, average_cost, source = baseline
    actuals = placement_actuals(
        baseline_placed=baseline_placed, placed_by_month=placed, average_cost_per_year=average_cost
    )
    rows = actual_against_forecast(result, actuals, today=today)
    explanation = _(
        "Undgåede anbringelser = %(baseline)s anbragte børn ved udgangspunktet minus antal anbragte ved hver "
        "måneds udgang; værdisat til %(cost)s kr. pr. anbringelse pr. år. Kun hele år med data sammenlignes med "
        "prognosen. %(source)s"
    ) % {
        "baseline": str(baseline_placed).replace(".", ","),
        "cost": danish_int(average_cost),
        "source": source,
    }
    # Say which year is incomplete (still running, or months without data): it is not compared yet.
    for year, months in incomplete_years(result, actuals, today=today):
        explanation += " " + _(
            "%(year)s er ufuldstændigt (%(months)s måneder med data) og sammenlignes først, når året er slut."
        ) % {"year": year, "months": months}
    monthly = Section(
        _("Anbragte børn pr. måned"),
        Table(
            _("Anbragte børn pr. måned"),
            [
                Column(_("Måned")),
                Column(_("Anbragte børn"), COUNT),
                Column(_("Undgåede anbringelser"), DECIMAL),
                Column(_("Besparelse"), KR),
            ],
            [[m.month.strftime("%Y-%m"), m.placed, m.avoided, m.saving] for m in actuals],
        ),
    )
    if not rows:
        note = _("Der er endnu intet helt år med data at sammenligne med prognosen.") + " " + explanation
        return [Section(heading, Table(heading, [Column(_("Bemærkning"))], [[note]])), monthly]
    return [
        Section(
            heading,
            Table(
                _("Besparelse: prognose og målt (kr.)"),
                [
                    Column(_("År"), NUMBER),
                    Column(_("Måneder med data"), NUMBER),
                    Column(_("Prognose"), KR),
                    Column(_("Målt"), KR),
                    Column(_("Forskel"), KR),
                ],
                [[r.year, r.months, r.forecast_savings, r.actual_savings, r.difference] for r in rows],
                explanation,
            ),
            Chart(
                charts.grouped_bars_svg(
                    [str(r.year) for r in rows],
                    [
                        (_("Prognose"), [r.forecast_savings for r in rows]),
                        (_("Målt"), [r.actual_savings for r in rows]),
                    ],
                    title=_("Besparelse: prognose og målt"),
                    y_label=_("kr."),
                    money=True,
                ),
                _("Søjler for prognosticeret og målt besparelse pr. år. Tallene står i tabellen."),
            ),
            explanation,
        ),
        monthly,
    ]
